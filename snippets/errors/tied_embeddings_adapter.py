#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

# GPT-2 ties its output layer (lm_head) to the input embeddings (wte).
model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
config = LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True, modules_to_save=["lm_head"], task_type="CAUSAL_LM")
model = get_peft_model(model, config)

gpt2 = model.base_model.model
trained_head = gpt2.lm_head.modules_to_save["default"].weight
print("trained lm_head shares its weight with wte:", trained_head.data_ptr() == gpt2.transformer.wte.weight.data_ptr())
