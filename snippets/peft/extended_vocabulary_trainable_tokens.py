import warnings

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

torch.manual_seed(0)
checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
tokenizer.add_tokens(["<|user|>", "<|assistant|>"])
model = AutoModelForCausalLM.from_pretrained(checkpoint)
model.resize_token_embeddings(len(tokenizer))

# Train only the embedding rows of the new tokens, instead of LoRA on the whole embedding.
new_ids = tokenizer.convert_tokens_to_ids(["<|user|>", "<|assistant|>"])
config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, trainable_token_indices={"wte": new_ids})
peft_model = get_peft_model(model, config)
peft_model.print_trainable_parameters()
# ... training ...
peft_model.save_pretrained("my-adapter")  # save_embedding_layers="auto" notices the resize
tokenizer.save_pretrained("my-adapter")

inputs = tokenizer("<|user|> the model is ready <|assistant|>", return_tensors="pt")
with torch.no_grad():
    before = peft_model(**inputs).logits[0, -1, :4]

tokenizer = AutoTokenizer.from_pretrained("my-adapter")
base_model = AutoModelForCausalLM.from_pretrained(checkpoint)
base_model.resize_token_embeddings(len(tokenizer))
loaded = PeftModel.from_pretrained(base_model, "my-adapter")
with torch.no_grad():
    after = loaded(**inputs).logits[0, -1, :4]
print("before saving:", before)
print("after loading:", after)
print("same outputs:", torch.allclose(before, after))
