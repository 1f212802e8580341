#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
#| expect: OSError
import os

from _hub_stand_in import start

start()  # a stand-in for huggingface.co: it has no repository of that name

from transformers import AutoModel

# The model is in ./checkpoints/tiny-random-bert, but the script starts in a subfolder
# (as a notebook in notebooks/ does): the relative path is not a folder there.
os.makedirs("notebooks")
os.chdir("notebooks")
model = AutoModel.from_pretrained("checkpoints/tiny-random-bert")
