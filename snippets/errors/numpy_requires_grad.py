#| stacks: current, v4
#| expect: RuntimeError
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
model.eval()

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
logits = model(**inputs).logits
print("requires_grad:", logits.requires_grad)
predictions = logits.numpy().argmax(axis=-1)  # for scikit-learn's metrics
