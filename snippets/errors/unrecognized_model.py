#| stacks: current, v4
#| expect: ValueError
import json
import shutil

from transformers import AutoModel

# A config.json written by hand or by another tool: the fields are there, the
# "model_type" key that names the architecture is not.
shutil.copytree("checkpoints/tiny-random-bert", "my-model")
with open("my-model/config.json") as f:
    config = json.load(f)
del config["model_type"]
with open("my-model/config.json", "w") as f:
    json.dump(config, f, indent=2)

model = AutoModel.from_pretrained("my-model")
