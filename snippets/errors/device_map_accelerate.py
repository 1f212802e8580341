#| stacks: current, v4
#| timeout: 120
#| isolation: process
#| expect: ValueError
import sys

sys.modules["accelerate"] = None  # hide the installed accelerate: this is a machine without it

from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2", device_map="auto")
