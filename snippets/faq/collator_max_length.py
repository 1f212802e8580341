from transformers import AutoTokenizer, DataCollatorWithPadding

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-bert")
features = [tokenizer("a short one"), tokenizer("this sentence is a little longer")]

collator = DataCollatorWithPadding(tokenizer=tokenizer, padding=True, max_length=512)
print("padding=True:        ", tuple(collator(features)["input_ids"].shape))

collator = DataCollatorWithPadding(tokenizer=tokenizer, padding="max_length", max_length=16)
print("padding='max_length':", tuple(collator(features)["input_ids"].shape))
