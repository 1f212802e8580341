#| stacks: current, v4
#| expect: ValueError
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")

# A column of reviews read from a CSV file: pandas reads an empty cell as NaN, a float.
reviews = ["i love this movie", float("nan"), "a boring film"]
print("types:", [type(review).__name__ for review in reviews])
input_ids = [tokenizer(review)["input_ids"] for review in reviews]
