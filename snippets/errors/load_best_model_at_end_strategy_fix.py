#| stacks: current, v4
from transformers import TrainingArguments

# Save exactly when you evaluate, so that every evaluated model is on disk to be reloaded.
args = TrainingArguments(
    output_dir="out",
    eval_strategy="epoch",
    save_strategy="epoch",
    save_total_limit=2,  # the best checkpoint is always kept
    load_best_model_at_end=True,
    metric_for_best_model="loss",
    report_to="none",
)
print("eval:", args.eval_strategy.value, "save:", args.save_strategy.value)

# Or save only when the metric improves.
args = TrainingArguments(
    output_dir="out", eval_strategy="epoch", save_strategy="best", metric_for_best_model="loss", report_to="none"
)
print("eval:", args.eval_strategy.value, "save:", args.save_strategy.value)
