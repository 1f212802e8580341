#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

rows = [{"text": "i love this movie", "label": 1}, {"text": "the film was bad", "label": 0}] * 4
# Only the tokenizer's output is kept: the label is lost on the way.
train_dataset = [tokenizer(row["text"]) for row in rows]

args = TrainingArguments(
    output_dir="out", max_steps=2, per_device_train_batch_size=4,
    report_to="none", disable_tqdm=True, dataloader_pin_memory=False,
)
trainer = Trainer(model=model, args=args, train_dataset=train_dataset, processing_class=tokenizer)
trainer.train()
