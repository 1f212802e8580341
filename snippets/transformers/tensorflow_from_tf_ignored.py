#| expect: OSError
from pathlib import Path

from transformers import AutoConfig, AutoModel

# A folder as TensorFlow's save_pretrained left it: config.json and tf_model.h5 only.
AutoConfig.from_pretrained("checkpoints/tiny-random-bert").save_pretrained("tf-only")
Path("tf-only/tf_model.h5").write_bytes(b"")  # stands in for the TensorFlow weights
print(sorted(p.name for p in Path("tf-only").iterdir()))

# from_tf=True is accepted but ignored: only PyTorch weights are looked for.
model = AutoModel.from_pretrained("tf-only", from_tf=True)
