#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
#| expect: OSError
from _hub_stand_in import start

# A stand-in for huggingface.co: the repository has a main branch and no tag "v2.0".
start(repos={"example/tiny-bert": "checkpoints/tiny-random-bert"})

from transformers import AutoModel

model = AutoModel.from_pretrained("example/tiny-bert", revision="v2.0")
