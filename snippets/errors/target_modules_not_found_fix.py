#| stacks: current, v4
import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM
from transformers.pytorch_utils import Conv1D

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
# The layers LoRA can adapt, under the names this model gives them.
layers = {name.rsplit(".", 1)[-1] for name, module in model.named_modules() if isinstance(module, (torch.nn.Linear, Conv1D))}
print("layer names:", sorted(layers))

# GPT-2's attention projection is `c_attn`, a Conv1D layer (hence fan_in_fan_out=True).
config = LoraConfig(r=8, lora_alpha=16, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM")
model = get_peft_model(model, config)
model.print_trainable_parameters()
