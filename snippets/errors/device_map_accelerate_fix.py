#| stacks: current, v4
# After `pip install accelerate` (here it is installed):
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2", device_map="auto")
print("loaded with device_map='auto', on", model.device)
