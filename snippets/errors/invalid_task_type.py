#| stacks: current, v4
#| expect: ValueError
from peft import LoraConfig

config = LoraConfig(r=8, target_modules=["query", "value"], task_type="SEQUENCE_CLASSIFICATION")
