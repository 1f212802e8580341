#| stacks: current, v4
#| expect: ValueError
from transformers import TrainingArguments

# Evaluate once per epoch and keep the best checkpoint; save_strategy is left at its default, "steps".
args = TrainingArguments(
    output_dir="out",
    eval_strategy="epoch",
    load_best_model_at_end=True,
    metric_for_best_model="loss",
    report_to="none",
)
