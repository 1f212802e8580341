#| stacks: current, v4
#| expect: TypeError
from peft import LoraConfig

# Arguments from a guide written for peft 0.2.
config = LoraConfig(
    r=8,
    lora_alpha=16,
    target_modules=["c_attn"],
    lora_dropout=0.05,
    enable_lora=[True, False, True],
    merge_weights=False,
    task_type="CAUSAL_LM",
)
