#| stacks: current, v4
import shutil
from pathlib import Path

from transformers import AutoModel

shutil.copytree("checkpoints/tiny-random-bert", "cloned-bert")
weights = Path("cloned-bert/model.safetensors")

# A pointer file is a few lines of text that start with this line; real weights are binary.
head = weights.read_bytes()[:40]
print("is an LFS pointer:", head.startswith(b"version https://git-lfs"), f"({weights.stat().st_size} bytes)")
# Here the file is complete. For a pointer: `git lfs install && git lfs pull` in the clone,
# or download with `hf download org/name --local-dir cloned-bert`.
model = AutoModel.from_pretrained("cloned-bert")
print(type(model).__name__, "loaded")
