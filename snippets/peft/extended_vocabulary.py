import warnings

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"

# Training: add tokens, resize the embeddings, and target the embedding layer (wte) too.
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
tokenizer.add_tokens(["<|user|>", "<|assistant|>"])
model = AutoModelForCausalLM.from_pretrained(checkpoint)
model.resize_token_embeddings(len(tokenizer))
peft_model = get_peft_model(model, LoraConfig(target_modules=["wte", "c_attn"], fan_in_fan_out=True))
# ... training ...
peft_model.save_pretrained("my-adapter", save_embedding_layers=True)
tokenizer.save_pretrained("my-adapter")  # the new tokens are needed at inference too
saved = load_file("my-adapter/adapter_model.safetensors")
print({key: tuple(value.shape) for key, value in saved.items() if "lora" not in key})

inputs = tokenizer("<|user|> the model is ready <|assistant|>", return_tensors="pt")
with torch.no_grad():
    before = peft_model(**inputs).logits[0, -1, :4]

# Inference, in this order: tokenizer with the new tokens, base model, resize, adapter.
tokenizer = AutoTokenizer.from_pretrained("my-adapter")
base_model = AutoModelForCausalLM.from_pretrained(checkpoint)
base_model.resize_token_embeddings(len(tokenizer))
loaded = PeftModel.from_pretrained(base_model, "my-adapter")
with torch.no_grad():
    after = loaded(**inputs).logits[0, -1, :4]
print("before saving:", before)
print("after loading:", after)
print("same outputs:", torch.allclose(before, after))
