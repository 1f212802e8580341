#| stacks: current, v4
import dataclasses
import json
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(fan_in_fan_out=True)).save_pretrained("my-adapter")
with open("my-adapter/adapter_config.json") as f:
    config = json.load(f)
config["future_option"] = None

# Which keys this peft does not know, and whether the adapter uses them.
unknown = {key: value for key, value in config.items() if key not in {f.name for f in dataclasses.fields(LoraConfig)}}
print("unknown keys:", unknown)
if all(value in (None, False, [], {}) for value in unknown.values()):
    # Unused features: dropping them changes nothing. Otherwise upgrade peft.
    for key in unknown:
        del config[key]
    with open("my-adapter/adapter_config.json", "w") as f:
        json.dump(config, f, indent=2)

model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter")
print("loaded:", type(model.peft_config["default"]).__name__, "r =", model.peft_config["default"].r)
