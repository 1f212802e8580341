#| stacks: current, v4
import numpy as np
from transformers import AutoModelForSequenceClassification, AutoTokenizer, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
rows = [("i love this movie", 1), ("the film was bad", 0), ("great acting", 1), ("a boring plot", 0)] * 2
dataset = [dict(tokenizer(text), label=label) for text, label in rows]


def compute_metrics(eval_pred):
    predictions = np.argmax(eval_pred.predictions, axis=-1)
    return {"accuracy": float((predictions == eval_pred.label_ids).mean())}  # reported as eval_accuracy


args = TrainingArguments(
    output_dir="out", num_train_epochs=1, eval_strategy="epoch", save_strategy="epoch", load_best_model_at_end=True,
    metric_for_best_model="accuracy", report_to="none", disable_tqdm=True, dataloader_pin_memory=False,
)
trainer = Trainer(
    model=model, args=args, train_dataset=dataset[:6], eval_dataset=dataset[6:],
    processing_class=tokenizer, compute_metrics=compute_metrics,
)
trainer.train()
print("best eval_accuracy:", trainer.state.best_metric)
