#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
config = LoraConfig(r=8, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM")
model = get_peft_model(model, config)

# To start again with another config, take the adapter out first.
base_model = model.unload()
model = get_peft_model(base_model, LoraConfig(r=16, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM"))
model.print_trainable_parameters()
print(type(model.base_model.model).__name__, "| base model:", model.peft_config["default"].base_model_name_or_path)
