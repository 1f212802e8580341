#| stacks: current, v4
import json
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(fan_in_fan_out=True)).save_pretrained("my-adapter")
# What a newer peft release writes: the same config with a key this release does not know.
with open("my-adapter/adapter_config.json") as f:
    config = json.load(f)
config["future_option"] = None
with open("my-adapter/adapter_config.json", "w") as f:
    json.dump(config, f, indent=2)

model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter")
