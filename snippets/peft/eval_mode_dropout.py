import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)
config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, lora_dropout=0.1)
peft_model = get_peft_model(model, config)
inputs = tokenizer("hello world", return_tensors="pt")


def next_token_logits():
    with torch.no_grad():
        return peft_model(**inputs).logits[0, -1, :4]


# Training mode (where a training loop leaves the model): dropout is active,
# so the same input gives different outputs every time.
peft_model.train()
print("train mode:", next_token_logits())
print("train mode:", next_token_logits())

# Evaluation mode: dropout is off and the outputs repeat.
peft_model.eval()
print("eval mode: ", next_token_logits())
print("eval mode: ", next_token_logits())
