import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)
peft_model = get_peft_model(model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True))
inputs = tokenizer("the model is", return_tensors="pt")


def generate(**kwargs):
    output = peft_model.generate(**inputs, max_new_tokens=6, pad_token_id=tokenizer.eos_token_id, **kwargs)
    return output[0, inputs["input_ids"].shape[1] :].tolist()  # the new token ids


# Sampling draws random tokens: two calls give two different texts.
print("sampling:      ", generate(do_sample=True), generate(do_sample=True))

# The same seed before each call gives the same text.
torch.manual_seed(42)
first = generate(do_sample=True)
torch.manual_seed(42)
second = generate(do_sample=True)
print("sampling, seed:", first, second)

# Greedy decoding (do_sample=False) involves no randomness at all.
print("greedy:        ", generate(do_sample=False), generate(do_sample=False))
