#| stacks: current, v4
from transformers import AutoModelForCausalLM, Qwen2Config, Qwen2ForCausalLM
from transformers.models.auto.configuration_auto import CONFIG_MAPPING_NAMES

# Before loading: does the installed release know the checkpoint's model_type?
print("knows qwen2:", "qwen2" in CONFIG_MAPPING_NAMES)

# A release that knows the architecture loads it. Here: a tiny random Qwen2
# checkpoint, an architecture that transformers 4.36 did not have yet.
tiny = Qwen2Config(vocab_size=1000, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                   num_attention_heads=2, num_key_value_heads=1)
Qwen2ForCausalLM(tiny).save_pretrained("tiny-qwen2")
model = AutoModelForCausalLM.from_pretrained("tiny-qwen2")
print(type(model).__name__, "loaded")
