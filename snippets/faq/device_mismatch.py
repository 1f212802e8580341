#| devices: cuda
#| expect: RuntimeError
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint).to("cuda")

inputs = tokenizer(["i love this movie"], return_tensors="pt")  # still on the CPU
print("model:", model.device, "inputs:", inputs["input_ids"].device)
logits = model(**inputs).logits
