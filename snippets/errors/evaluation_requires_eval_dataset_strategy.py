#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
dataset = [dict(tokenizer(text), label=label) for text, label in [("i love this movie", 1), ("the film was bad", 0)]]

args = TrainingArguments(output_dir="out", eval_strategy="epoch", report_to="none")
trainer = Trainer(model=model, args=args, train_dataset=dataset, processing_class=tokenizer)
