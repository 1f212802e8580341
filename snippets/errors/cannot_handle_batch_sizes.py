#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForSequenceClassification, AutoTokenizer, logging

logging.set_verbosity_error()  # hide the report on the new, untrained classification head

checkpoint = "checkpoints/tiny-random-gpt2"  # a decoder-only model, as GPT-2, Llama or Qwen
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
tokenizer.pad_token = tokenizer.eos_token  # the tokenizer can now pad a batch
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)

batch = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
print("batch:", tuple(batch["input_ids"].shape), "model.config.pad_token_id:", model.config.pad_token_id)
logits = model(**batch).logits
