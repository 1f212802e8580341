#| stacks: current, v4
#| expect: safetensors.SafetensorError
import shutil

from transformers import AutoModel

# A repository cloned with git but without git-lfs: the weight file is the small
# text pointer that stands for it, not the weights.
shutil.copytree("checkpoints/tiny-random-bert", "cloned-bert")
with open("cloned-bert/model.safetensors", "w") as f:
    f.write(
        "version https://git-lfs.github.com/spec/v1\n"
        "oid sha256:4d2bcbd5a2b6de4cf1d3c5ad6a9b8f5e0f13b1c9b3e1f0ad4f8c6e2d7a9b1c3e\n"
        "size 283224\n"
    )

model = AutoModel.from_pretrained("cloned-bert")
