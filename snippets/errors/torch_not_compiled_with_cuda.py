#| stacks: current, v4
#| expect: AssertionError
import torch
from transformers import AutoModelForSequenceClassification

print("torch:", torch.__version__, "built with CUDA:", torch.version.cuda)
model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
model = model.to("cuda")
