#| stacks: current, v4
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
hidden = encoder(**inputs).last_hidden_state
channels_first = hidden.transpose(1, 2)
# reshape() copies when a view is impossible (same as .contiguous().view(...)).
flat = channels_first.reshape(channels_first.size(0), -1)
print("flat:", tuple(flat.shape))
