#| stacks: current, v4
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

rows = [("i love this movie", 1), ("the film was bad", 0), ("great acting", 1), ("a boring plot", 0)] * 2
dataset = [dict(tokenizer(text), label=label) for text, label in rows]
# Hold out part of the data for evaluation (with 🤗 Datasets: dataset.train_test_split(test_size=0.25)).
train_dataset, eval_dataset = dataset[:6], dataset[6:]

args = TrainingArguments(
    output_dir="out", num_train_epochs=1, eval_strategy="epoch",
    report_to="none", disable_tqdm=True, dataloader_pin_memory=False,
)
trainer = Trainer(model=model, args=args, train_dataset=train_dataset, eval_dataset=eval_dataset, processing_class=tokenizer)
trainer.train()
metrics = trainer.evaluate()
print("eval_loss:", round(metrics["eval_loss"], 4))
