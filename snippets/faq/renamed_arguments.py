#| expect: TypeError
import torch
from transformers import AutoModel, TrainingArguments

# Renamed in transformers 5: the old names still work, with a warning.
model = AutoModel.from_pretrained("checkpoints/tiny-random-bert", torch_dtype=torch.bfloat16)
model.gradient_checkpointing_enable()
args = TrainingArguments(output_dir="out", gradient_checkpointing=True, report_to="none")
print(model.dtype, model.is_activation_checkpointing, args.activation_checkpointing)

# Removed: the old name is an error.
args = TrainingArguments(output_dir="out", evaluation_strategy="epoch", report_to="none")
