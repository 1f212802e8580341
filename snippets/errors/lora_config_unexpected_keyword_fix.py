#| stacks: current, v4
import dataclasses

from peft import LoraConfig

# The arguments this peft accepts; enable_lora and merge_weights are not among them.
accepted = {f.name for f in dataclasses.fields(LoraConfig)}
print("accepts enable_lora:", "enable_lora" in accepted, "| accepts merge_weights:", "merge_weights" in accepted)

config = LoraConfig(r=8, lora_alpha=16, target_modules=["c_attn"], lora_dropout=0.05, task_type="CAUSAL_LM")
print(config.peft_type.value, "r =", config.r, "targets:", config.target_modules)
