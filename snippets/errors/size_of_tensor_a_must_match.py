#| stacks: current, v4
#| expect: RuntimeError
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModel.from_pretrained(checkpoint)

review = "the movie was long and the story was boring but the actors were good . " * 12
inputs = tokenizer(review, return_tensors="pt")  # no truncation: the whole review is kept
print("tokens:", inputs.input_ids.shape[1], "positions the model has:", model.config.max_position_embeddings)
outputs = model(**inputs)
