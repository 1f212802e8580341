#| stacks: current, v4
from pathlib import Path

from transformers import AutoModelForSequenceClassification

# Check the folder before loading: from_pretrained reads a path that is not a
# folder as a repository id.
path = Path("checkpoints/tiny-random-bert-classifier").resolve()
if not (path / "config.json").is_file():
    raise SystemExit(f"no model saved in {path}")
model = AutoModelForSequenceClassification.from_pretrained(path)
print(type(model).__name__, "loaded,", model.config.num_labels, "labels")
