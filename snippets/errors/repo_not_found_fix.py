#| stacks: current, v4
#| timeout: 120
#| env: HF_HOME=hf-home
import os
from pathlib import Path

from _hub_stand_in import start

start()

from transformers import AutoModel

project = Path.cwd()  # the folder that holds checkpoints/
os.makedirs("notebooks")
os.chdir("notebooks")

# An absolute path does not depend on the folder Python was started in.
model_dir = project / "checkpoints" / "tiny-random-bert"
print("is a folder:", model_dir.is_dir())
model = AutoModel.from_pretrained(model_dir)
print(type(model).__name__, "loaded from the local folder")
