#| stacks: current, v4
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModel.from_pretrained(checkpoint)

review = "the movie was long and the story was boring but the actors were good . " * 12
# Cut the text to the model's limit (tokenizer.model_max_length, 512 for bert-base-uncased).
inputs = tokenizer(review, truncation=True, return_tensors="pt")
outputs = model(**inputs)
print("tokens:", inputs.input_ids.shape[1], "hidden states:", tuple(outputs.last_hidden_state.shape))

# Or keep all of the text: split it into windows that overlap by 16 tokens.
windows = tokenizer(review, truncation=True, max_length=64, stride=16, return_overflowing_tokens=True, padding=True, return_tensors="pt")
windows.pop("overflow_to_sample_mapping")
print("windows:", tuple(model(**windows).last_hidden_state.shape))
