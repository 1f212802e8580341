#| stacks: current, v4
#| expect: ValueError
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
reviews = ["i love this movie", "bad", "the actors were great but the story was boring"]

# Three texts of different lengths cannot be stacked into one tensor as they are.
batch = tokenizer(reviews, return_tensors="pt")
