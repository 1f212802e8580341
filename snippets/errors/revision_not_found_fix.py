#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
from _hub_stand_in import start

hub = start(repos={"example/tiny-bert": "checkpoints/tiny-random-bert"})

from transformers import AutoModel

# A branch, tag or full commit id that exists in the repository (see its "Files and versions" tab).
model = AutoModel.from_pretrained("example/tiny-bert", revision="main")
print(type(model).__name__, "loaded from revision main")
