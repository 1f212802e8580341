#| env: https_proxy=http://127.0.0.1:9
#| env: HF_HUB_OFFLINE=0
#| env: HF_HOME=hf-home
#| env: HF_HUB_CACHE=hf-home/hub
#| expect: OSError
#| timeout: 120
from transformers import AutoModel

model = AutoModel.from_pretrained("google-bert/bert-base-uncased")
