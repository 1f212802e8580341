#| stacks: current, v4
import warnings

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
# init_lora_weights=False: random adapter weights stand in for trained ones.
config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, init_lora_weights=False)
trained = get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), config)
trained.save_pretrained("my-adapter")

# The same class as in training, so that the weight names match.
model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter")
inputs = torch.tensor([[1, 2, 3]])
with torch.no_grad():
    same = torch.equal(model(input_ids=inputs).logits, trained.eval()(input_ids=inputs).logits)
print("loaded adapter computes what the trained one did:", same)
