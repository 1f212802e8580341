#| stacks: current, v4
#| expect: ValueError
import json
import shutil

from transformers import AutoModelForCausalLM

# A checkpoint of an architecture newer than the installed transformers. To make
# one offline, the shipped tiny GPT-2 gets a model_type that no release knows.
shutil.copytree("checkpoints/tiny-random-gpt2", "newer-model")
with open("newer-model/config.json") as f:
    config = json.load(f)
config["model_type"] = "gpt9"
with open("newer-model/config.json", "w") as f:
    json.dump(config, f, indent=2)

model = AutoModelForCausalLM.from_pretrained("newer-model")
