#| stacks: current, v4
#| expect: ValueError
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

prompt = "the movie was long and the actors were good but the story was a little boring so i would not watch it again"
inputs = tokenizer(prompt, return_tensors="pt")
print("prompt tokens:", inputs.input_ids.shape[1])
# max_length counts the prompt too: 20 tokens in all leaves no room to generate.
output = model.generate(**inputs, max_length=20)
