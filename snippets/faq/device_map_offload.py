#| devices: cuda
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
# max_memory caps what each device may hold: here GPU 0 gets room for only part of the model.
model = AutoModelForCausalLM.from_pretrained(checkpoint, device_map="auto", max_memory={0: "200KB", "cpu": "1GB"})
for module, device in model.hf_device_map.items():
    print(f"{module:<18} -> {device}")

# Inputs go where the embeddings are; hooks move the offloaded weights and the activations as needed.
inputs = tokenizer(["hello"], return_tensors="pt").to(model.device)
with torch.inference_mode():
    print("logits on:", model(**inputs).logits.device)
