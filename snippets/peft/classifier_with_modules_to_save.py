import warnings

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors.torch import load_file
from transformers import AutoModelForSequenceClassification, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
inputs = tokenizer("hello world", return_tensors="pt")

torch.manual_seed(0)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)
# modules_to_save: the new classifier is trained in full and saved with the adapter
# (task_type="SEQ_CLS" adds it too, for models that call it classifier or score).
peft_model = get_peft_model(model, LoraConfig(target_modules=["query", "value"], modules_to_save=["classifier"]))
# ... training ...
peft_model.save_pretrained("my-adapter")
print("saved classifier weights:", [key for key in load_file("my-adapter/adapter_model.safetensors") if "classifier" in key])
with torch.no_grad():
    before = peft_model(**inputs).logits

# Loading it later: the base model gets a new random classifier (a new session
# starts the random generator in another state; another seed does that here),
# which the saved one then replaces.
torch.manual_seed(1)
base_model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)
loaded = PeftModel.from_pretrained(base_model, "my-adapter")
with torch.no_grad():
    after = loaded(**inputs).logits
print("before saving:", before)
print("after loading:", after)
print("same outputs:", torch.allclose(before, after))
