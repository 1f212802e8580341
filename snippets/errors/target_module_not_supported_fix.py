#| stacks: current, v4
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForSequenceClassification

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
# LoRA for the linear layers; layers LoRA cannot adapt are trained in full through modules_to_save.
config = LoraConfig(r=8, target_modules=["query", "value"], modules_to_save=["LayerNorm"], task_type="SEQ_CLS")
model = get_peft_model(model, config)
model.print_trainable_parameters()
print(type(model.base_model.model.bert.encoder.layer[0].attention.output.LayerNorm).__name__)
