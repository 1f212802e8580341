#| stacks: current, v4
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

inputs = tokenizer("the best movie of the year is", return_tensors="pt")
output = model.generate(**inputs, max_new_tokens=40, do_sample=False)  # say how many tokens to generate
print("prompt:", inputs.input_ids.shape[1], "tokens, generated:", output.shape[1] - inputs.input_ids.shape[1])

# Or set it once, for every later generate() call and in the saved model.
model.generation_config.max_new_tokens = 40
output = model.generate(**inputs, do_sample=False)
print("generated:", output.shape[1] - inputs.input_ids.shape[1])
