#| stacks: current, v4
#| expect: ValueError
import warnings

from peft import LoraConfig, get_peft_model
from transformers import AutoModelForSequenceClassification

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
# LoRA on the attention projections, and the layer norms trained as well.
config = LoraConfig(r=8, target_modules=["query", "value", "LayerNorm"], task_type="SEQ_CLS")
model = get_peft_model(model, config)
