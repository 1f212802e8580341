#| stacks: current, v4
#| expect: TypeError, v4=none
from transformers import TrainingArguments

# Arguments as many transformers 4 tutorials write them.
args = TrainingArguments(
    output_dir="out",
    overwrite_output_dir=True,
    no_cuda=True,
    logging_dir="logs",
    per_gpu_train_batch_size=16,
    report_to="none",
)
