#| not-on-v4: peft 0.17.1 has no `ensure_weight_tying` argument in LoraConfig (TypeError)
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
# ensure_weight_tying=True: the trained copies of lm_head and wte stay one tensor.
config = LoraConfig(
    target_modules=["c_attn"], fan_in_fan_out=True, modules_to_save=["lm_head"], ensure_weight_tying=True, task_type="CAUSAL_LM"
)
model = get_peft_model(model, config)

gpt2 = model.base_model.model
trained_head = gpt2.lm_head.modules_to_save["default"].weight
trained_wte = gpt2.transformer.wte.modules_to_save["default"].weight
print("trained lm_head shares its weight with wte:", trained_head.data_ptr() == trained_wte.data_ptr())
