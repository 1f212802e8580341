#| stacks: current, v4
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

prompt = "the movie was long and the actors were good but the story was a little boring so i would not watch it again"
inputs = tokenizer(prompt, return_tensors="pt")
# max_new_tokens counts only the generated tokens, whatever the prompt's length.
output = model.generate(**inputs, max_new_tokens=20)
print("prompt tokens:", inputs.input_ids.shape[1], "generated:", output.shape[1] - inputs.input_ids.shape[1])
