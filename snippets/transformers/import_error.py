#| expect: ImportError
# Common in tutorials written for transformers 4; removed in 5 (use torch.optim.AdamW).
from transformers import AdamW
