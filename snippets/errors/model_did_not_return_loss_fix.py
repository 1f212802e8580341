#| stacks: current, v4
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

rows = [{"text": "i love this movie", "label": 1}, {"text": "the film was bad", "label": 0}] * 4
# Keep the label next to the tokens, under the name the model's forward() takes: labels.
train_dataset = [dict(tokenizer(row["text"]), labels=row["label"]) for row in rows]
print("keys:", list(train_dataset[0]))

args = TrainingArguments(
    output_dir="out", max_steps=2, per_device_train_batch_size=4,
    report_to="none", disable_tqdm=True, dataloader_pin_memory=False,
)
trainer = Trainer(model=model, args=args, train_dataset=train_dataset, processing_class=tokenizer)
result = trainer.train()
print("steps:", result.global_step, "training loss:", round(result.training_loss, 4))
