#| stacks: current, v4
import os

from transformers import TrainingArguments

os.environ["TENSORBOARD_LOGGING_DIR"] = "logs"  # was logging_dir="logs"
args = TrainingArguments(
    output_dir="out",  # overwrite_output_dir is gone: nothing to replace it with
    use_cpu=True,  # was no_cuda=True
    per_device_train_batch_size=16,  # was per_gpu_train_batch_size
    report_to="none",
)
print("device:", args.device, "batch size per device:", args.per_device_train_batch_size)
