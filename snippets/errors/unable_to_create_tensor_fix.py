#| stacks: current, v4
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
reviews = ["i love this movie", "bad", "the actors were great but the story was boring"]

# Pad the shorter texts (and cut any text longer than the model's limit).
batch = tokenizer(reviews, padding=True, truncation=True, return_tensors="pt")
print("input_ids:", tuple(batch["input_ids"].shape))
print("real tokens per row:", batch["attention_mask"].sum(dim=1).tolist())
