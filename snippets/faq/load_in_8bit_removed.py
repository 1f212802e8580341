#| expect: TypeError
from transformers import AutoModelForCausalLM

# The transformers 4 shortcut: since transformers 5, pass quantization_config instead.
model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2", load_in_8bit=True)
