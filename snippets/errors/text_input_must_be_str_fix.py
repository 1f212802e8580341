#| stacks: current, v4
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")

reviews = ["i love this movie", float("nan"), "a boring film"]
# Drop the rows without text (with pandas: df.dropna(subset=["review"])),
# or keep them as empty strings (df["review"].fillna("")).
missing = [i for i, review in enumerate(reviews) if not isinstance(review, str) or not review]
reviews = [review for review in reviews if isinstance(review, str) and review]
print("dropped rows:", missing)

batch = tokenizer(reviews, padding=True, return_tensors="pt")
print("input_ids:", tuple(batch["input_ids"].shape))
