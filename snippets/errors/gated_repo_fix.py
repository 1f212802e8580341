#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
from _hub_stand_in import start

# The same gated repository; this stand-in grants access to the token below.
start(repos={"example/gated-bert": "checkpoints/tiny-random-bert"}, gated={"example/gated-bert"}, tokens={"hf_example"})

from transformers import AutoModel

# After your access request is approved: log in once (`hf auth login`), set HF_TOKEN, or pass token=.
model = AutoModel.from_pretrained("example/gated-bert", token="hf_example")
print(type(model).__name__, "loaded from", model.name_or_path)
