#| expect: ValueError
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-gpt2")
print("pad_token:", tokenizer.pad_token)
batch = tokenizer(["hello", "the weather today is"], padding=True, return_tensors="pt")
