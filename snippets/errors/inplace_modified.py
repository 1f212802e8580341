#| stacks: current, v4
#| expect: RuntimeError
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
probs = model(**inputs).logits.softmax(dim=-1)
probs[:, 0] *= 0.5  # reweight class 0 in place: softmax needs its output for backward
loss = -probs[:, 1].log().mean()
loss.backward()
