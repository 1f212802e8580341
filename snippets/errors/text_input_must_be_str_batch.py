#| stacks: current, v4
#| expect: TypeError
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")

reviews = ["i love this movie", float("nan"), "a boring film"]
batch = tokenizer(reviews, padding=True)  # the whole column at once
