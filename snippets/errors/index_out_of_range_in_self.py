#| stacks: current, v4
#| expect: IndexError
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

# A new token gets the next free id, one past the end of the model's embedding matrix.
tokenizer.add_special_tokens({"pad_token": "[PAD]"})
print("tokenizer:", len(tokenizer), "embedding rows:", model.get_input_embeddings().num_embeddings)

batch = tokenizer(["the movie", "a good movie was"], padding=True, return_tensors="pt")
logits = model(**batch).logits
