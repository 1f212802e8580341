from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint, padding_side="left")
model = AutoModelForCausalLM.from_pretrained(checkpoint)
tokenizer.pad_token = tokenizer.eos_token  # GPT-2 has no padding token of its own

prompts = ["hello", "the weather today is"]
batch = tokenizer(prompts, padding=True, return_tensors="pt")
print(batch["input_ids"][0].tolist())  # padding on the left, so every prompt ends at the same column

generated = model.generate(**batch, max_new_tokens=4, do_sample=False, pad_token_id=tokenizer.pad_token_id)
new_tokens = generated[:, batch["input_ids"].shape[1] :]

alone = model.generate(**tokenizer(prompts[:1], return_tensors="pt"), max_new_tokens=4, do_sample=False)
print("batched:", new_tokens[0].tolist())
print("alone:  ", alone[0, -4:].tolist())
