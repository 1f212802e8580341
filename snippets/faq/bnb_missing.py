#| expect: ImportError
from transformers import AutoModelForCausalLM, BitsAndBytesConfig

# The configuration is plain data; the bitsandbytes package is needed when the model loads.
config = BitsAndBytesConfig(load_in_8bit=True)
print(type(config).__name__, "load_in_8bit =", config.load_in_8bit)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2", quantization_config=config)
