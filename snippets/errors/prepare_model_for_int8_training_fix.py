#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model, prepare_model_for_kbit_training
from transformers import AutoModelForCausalLM

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

# In your script, the model loaded with quantization_config=BitsAndBytesConfig(load_in_8bit=True).
model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
model = prepare_model_for_kbit_training(model)  # the replacement, for 8-bit and 4-bit models alike
model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", fan_in_fan_out=True))
model.print_trainable_parameters()
