#| stacks: current, v4
import tokenizers
from transformers import AutoTokenizer

# The fix is a tokenizers release that reads the file's layout:
#     pip install -U tokenizers transformers
# Here: the installed release, and the shipped tokenizer.json in the layout it reads.
print("tokenizers", tokenizers.__version__)
tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-gpt2")
print(tokenizer.tokenize("the movie was great"))
