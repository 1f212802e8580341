#| stacks: current, v4
#| expect: ValueError
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
# Trainer(output_dir="./outputs") saves each checkpoint in a subfolder.
trained = get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(fan_in_fan_out=True))
trained.save_pretrained("./outputs/checkpoint-500")

model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "./outputs")
