import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True)  # GPT-2 uses Conv1D layers

# Default (autocast_adapter_dtype=True): the new LoRA weights are float32.
model = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float16)
peft_model = get_peft_model(model, config)
print(peft_model.base_model.model.transformer.h[0].attn.c_attn.lora_A["default"].weight.dtype)

# autocast_adapter_dtype=False: they keep the model's float16.
model = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=torch.float16)
peft_model = get_peft_model(model, config, autocast_adapter_dtype=False)
print(peft_model.base_model.model.transformer.h[0].attn.c_attn.lora_A["default"].weight.dtype)
