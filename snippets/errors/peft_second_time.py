#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
config = LoraConfig(r=8, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM")
model = get_peft_model(model, config)

# The same notebook cell, run a second time.
model = get_peft_model(model, config)
model.print_trainable_parameters()
print(type(model.base_model.model).__name__)
