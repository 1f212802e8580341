#| stacks: current, v4
from transformers import AutoModelForSequenceClassification, AutoTokenizer, logging

logging.set_verbosity_error()  # hide the report on the new, untrained classification head

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
tokenizer.pad_token = tokenizer.eos_token
# Tell the model too: it looks for the last token that is not padding.
model = AutoModelForSequenceClassification.from_pretrained(
    checkpoint, num_labels=2, pad_token_id=tokenizer.pad_token_id
)

batch = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
print("batch:", tuple(batch["input_ids"].shape), "model.config.pad_token_id:", model.config.pad_token_id)
logits = model(**batch).logits
print("logits:", tuple(logits.shape))

# Each row is classified from its own last real token, as when it runs alone.
alone = model(**tokenizer("a boring film", return_tensors="pt")).logits
print("same as alone:", bool(((logits[1] - alone[0]).abs() < 1e-5).all()))
