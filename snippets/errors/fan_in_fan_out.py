#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
model = get_peft_model(model, LoraConfig(r=8, target_modules=["c_attn"], task_type="CAUSAL_LM"))
print("fan_in_fan_out:", model.peft_config["default"].fan_in_fan_out)
