#| expect: AttributeError
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
peft_model = get_peft_model(model, LoraConfig(target_modules=["wte", "c_attn"], fan_in_fan_out=True))
# Older docs call save_adapter(); PeftModel has save_pretrained() instead.
peft_model.save_adapter("my-adapter", save_embedding_layers=True)
