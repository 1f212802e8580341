import warnings

import torch
from peft import LoraConfig, PeftConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
inputs = tokenizer("hello world, the model is ready", return_tensors="pt")

# Train a LoRA adapter for a few steps and save it.
model = AutoModelForCausalLM.from_pretrained(checkpoint)
peft_model = get_peft_model(model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True))
peft_model.train()
optimizer = torch.optim.AdamW(peft_model.parameters(), lr=1e-2)
for _ in range(5):
    peft_model(**inputs, labels=inputs["input_ids"]).loss.backward()
    optimizer.step()
    optimizer.zero_grad()
peft_model.save_pretrained("my-lora-adapter")


def next_token_logits(model):
    with torch.no_grad():
        return model.eval()(**inputs).logits[0, -1, :4]


trained = next_token_logits(peft_model)
print("trained:                    ", trained)

# Right: load the base model the same way as for training, then the adapter.
# The adapter's config names the base model it was trained on.
base_model_name = PeftConfig.from_pretrained("my-lora-adapter").base_model_name_or_path
print("base model of the adapter:  ", base_model_name)
base_model = AutoModelForCausalLM.from_pretrained(base_model_name)
loaded = next_token_logits(PeftModel.from_pretrained(base_model, "my-lora-adapter"))
print("PeftModel.from_pretrained:  ", loaded, torch.allclose(loaded, trained))

# Wrong: get_peft_model creates a new, untrained adapter (lora_B starts at zero),
# so the model behaves like the base model and the saved adapter is never read.
base_model = AutoModelForCausalLM.from_pretrained(checkpoint)
fresh = next_token_logits(get_peft_model(base_model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True)))
print("get_peft_model:             ", fresh, torch.allclose(fresh, trained))
print("base model:                 ", next_token_logits(AutoModelForCausalLM.from_pretrained(checkpoint)))
