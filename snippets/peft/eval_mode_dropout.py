import warnings

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"  # dropout 0.1, as in gpt2
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
inputs = tokenizer("hello world", return_tensors="pt")


def next_token_logits(model):
    with torch.no_grad():
        return model(**inputs).logits[0, -1, :4]


def active_dropout(model):
    layers = [module for module in model.modules() if isinstance(module, torch.nn.Dropout)]
    return f"{sum(layer.training for layer in layers)} of {len(layers)} dropout layers active"


model = AutoModelForCausalLM.from_pretrained(checkpoint)
peft_model = get_peft_model(model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, lora_dropout=0.1))

# A training loop (Trainer too) puts the whole model in training mode and leaves it there.
peft_model.train()
optimizer = torch.optim.AdamW(peft_model.parameters(), lr=1e-2)
peft_model(**inputs, labels=inputs["input_ids"]).loss.backward()
optimizer.step()
print("after training:", active_dropout(peft_model))
print(next_token_logits(peft_model))
print(next_token_logits(peft_model))

peft_model.eval()
print("after .eval():", active_dropout(peft_model))
print(next_token_logits(peft_model))
print(next_token_logits(peft_model))

# PeftModel.from_pretrained calls .eval() itself, unless the adapter is loaded to be trained further.
peft_model.save_pretrained("my-adapter")
loaded = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter")
print("PeftModel.from_pretrained:", active_dropout(loaded))
loaded = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter", is_trainable=True)
print("with is_trainable=True:", active_dropout(loaded))
print(next_token_logits(loaded))
print(next_token_logits(loaded))
