#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

rows = [("i love this movie", 1), ("the film was bad", 0), ("great acting", 1), ("a boring plot", 0)] * 2
dataset = [dict(tokenizer(text), label=label) for text, label in rows]

args = TrainingArguments(
    output_dir="out", num_train_epochs=1, report_to="none",
    disable_tqdm=True, dataloader_pin_memory=False,
)
trainer = Trainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer)
metrics = trainer.evaluate()  # evaluate on what?
