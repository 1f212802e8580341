#| stacks: current, v4
from peft import LoraConfig, TaskType

print("task types:", [task.value for task in TaskType])
# TaskType.SEQ_CLS equals the string "SEQ_CLS"; a misspelt member fails where it is written.
config = LoraConfig(r=8, target_modules=["query", "value"], task_type=TaskType.SEQ_CLS)
print("task_type:", config.task_type)
