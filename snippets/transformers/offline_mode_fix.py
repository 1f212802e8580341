#| env: HF_HUB_OFFLINE=1
from huggingface_hub import constants
from transformers import AutoModel, AutoTokenizer

print("HF_HUB_OFFLINE:", constants.HF_HUB_OFFLINE)

# A local folder loads without any request to the hub.
path = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(path)
model = AutoModel.from_pretrained(path)
print(type(tokenizer).__name__, type(model).__name__)

# local_files_only=True does the same for a single call, whatever the environment says.
model = AutoModel.from_pretrained(path, local_files_only=True)
print(model.config.model_type, model.config.hidden_size)
