#| stacks: current, v4
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

tokenizer.add_special_tokens({"pad_token": "[PAD]"})
# Grow the embedding matrix (and the tied output layer) to the tokenizer's new size.
model.resize_token_embeddings(len(tokenizer))
print("tokenizer:", len(tokenizer), "embedding rows:", model.get_input_embeddings().num_embeddings)

batch = tokenizer(["the movie", "a good movie was"], padding=True, return_tensors="pt")
logits = model(**batch).logits
print("logits:", tuple(logits.shape))
