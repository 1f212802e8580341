#| stacks: current, v4
import json
import shutil

from transformers import AutoModel

shutil.copytree("checkpoints/tiny-random-bert", "my-model")
with open("my-model/config.json") as f:
    config = json.load(f)
del config["model_type"]
with open("my-model/config.json", "w") as f:
    json.dump(config, f, indent=2)

# Name the architecture in config.json (the model_type of the model it was saved from).
config["model_type"] = "bert"
with open("my-model/config.json", "w") as f:
    json.dump(config, f, indent=2)

model = AutoModel.from_pretrained("my-model")
print(type(model).__name__, "loaded")
