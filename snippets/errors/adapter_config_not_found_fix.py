#| stacks: current, v4
import warnings
from pathlib import Path

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
trained = get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(fan_in_fan_out=True))
trained.save_pretrained("./outputs/checkpoint-500")

# Point at the folder that holds adapter_config.json.
print("adapters:", [str(p.parent) for p in Path("./outputs").rglob("adapter_config.json")])
model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "./outputs/checkpoint-500")
print("loaded adapter:", model.active_adapter, "from", model.peft_config["default"].base_model_name_or_path)
