#| stacks: current, v4
#| expect: AttributeError
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModel

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

# AutoModel loads the bare transformer, without the language-model head.
model = AutoModel.from_pretrained("checkpoints/tiny-random-gpt2")
config = LoraConfig(r=8, target_modules=["c_attn"], fan_in_fan_out=True, task_type="CAUSAL_LM")
model = get_peft_model(model, config)
