#| stacks: current, v4
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModel, AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
# Trained and saved on the language model...
trained = get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True))
trained.save_pretrained("my-adapter")

# ...and loaded onto the bare transformer.
model = PeftModel.from_pretrained(AutoModel.from_pretrained(checkpoint), "my-adapter")
