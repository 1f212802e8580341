#| expect: ModuleNotFoundError
import transformers
from packaging.version import Version

installed = transformers.__version__
print("installed:", installed)
print("as strings:  ", installed, ">= 5.3.0 ->", installed >= "5.3.0")  # compares character by character
print("as versions: ", installed, ">= 5.3.0 ->", Version(installed) >= Version("5.3.0"))

# A fallback to the package's name before 2019 only fails differently.
from pytorch_transformers import BertTokenizer  # noqa: E402

tokenizer = BertTokenizer.from_pretrained("checkpoints/tiny-random-bert")
