#| stacks: current, v4
from transformers import TrainingArguments

# Which of these transformers 4 arguments does the installed version refuse?
old_arguments = {
    "no_cuda": True,
    "warmup_ratio": 0.1,
    "use_mps_device": True,
    "logging_dir": "logs",
    "per_gpu_train_batch_size": 16,
    "push_to_hub_token": "hf_...",
    "include_inputs_for_metrics": True,
    "save_steps": 100,
}
for name, value in old_arguments.items():
    try:
        TrainingArguments(output_dir="out", report_to="none", **{name: value})
        print(f"{name}: still accepted")
    except (TypeError, ValueError) as error:
        print(f"{type(error).__name__}: {error}")
