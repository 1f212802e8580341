#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

inputs = tokenizer("the best movie of the year is", return_tensors="pt")
# max_tokens is the name other APIs use; generate() does not know it.
output = model.generate(**inputs, max_tokens=10, do_sample=False)
