import torch
import transformers
from packaging.version import Version
from transformers.utils import check_min_version

print("transformers:", transformers.__version__)
print("torch:", torch.__version__)
print("5.x or newer:", Version(transformers.__version__) >= Version("5.0.0"))

# Raises ImportError, naming both versions, when the installed one is older.
check_min_version("5.0.0")
print("check_min_version passed")
