#| stacks: current, v4
#| expect: RuntimeError
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
hidden = encoder(**inputs).last_hidden_state  # (batch, tokens, hidden)
channels_first = hidden.transpose(1, 2)  # (batch, hidden, tokens), e.g. for a Conv1d
print("shape:", tuple(channels_first.shape), "contiguous:", channels_first.is_contiguous())
flat = channels_first.view(channels_first.size(0), -1)
