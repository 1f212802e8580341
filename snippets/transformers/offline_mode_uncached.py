#| env: HF_HUB_OFFLINE=1
#| env: HF_HOME=hf-home
#| env: HF_HUB_CACHE=hf-home/hub
#| expect: OSError
from transformers import AutoModel

model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
