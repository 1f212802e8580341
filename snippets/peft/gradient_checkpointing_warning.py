from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
# get_peft_model reads model.is_gradient_checkpointing, a name transformers 5 deprecated.
peft_model = get_peft_model(model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True))
print("wrapped:", type(peft_model).__name__)
