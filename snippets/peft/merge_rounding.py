import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
inputs = tokenizer("hello world, the model is ready", return_tensors="pt")

for dtype in (torch.float32, torch.bfloat16):
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_pretrained(checkpoint, dtype=dtype)
    # init_lora_weights=False starts lora_B at random values instead of zeros: a stand-in for a trained adapter.
    config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, init_lora_weights=False)
    peft_model = get_peft_model(model, config).eval()
    with torch.no_grad():
        separate = peft_model(**inputs).logits.float()
        # merge_and_unload adds lora_B @ lora_A to each weight, then stores the sum in the model's dtype.
        merged = peft_model.merge_and_unload()(**inputs).logits.float()
    print(f"{dtype}: largest logit change after merging: {(merged - separate).abs().max().item():.6f}")
