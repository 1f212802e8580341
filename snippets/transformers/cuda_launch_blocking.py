#| devices: cuda
#| env: CUDA_LAUNCH_BLOCKING=1
#| expect: torch.AcceleratorError
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to("cuda")

inputs = tokenizer(["i love this movie"], return_tensors="pt").to("cuda")
labels = torch.tensor([5], device="cuda")  # a label must be 0 or 1 here
# With CUDA_LAUNCH_BLOCKING=1 every kernel finishes before Python goes on,
# so the traceback stops at the line that launched the failing kernel.
outputs = model(**inputs, labels=labels)
print("loss:", outputs.loss.item())
