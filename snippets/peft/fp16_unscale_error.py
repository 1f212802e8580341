#| expect: ValueError
import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForSequenceClassification, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
# The whole model in float16 ...
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, dtype=torch.float16)
# ... and task_type="SEQ_CLS" makes the classification head trainable (modules_to_save).
peft_model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS"))

for name, param in peft_model.named_parameters():
    if param.requires_grad and ".layer.0." not in name:  # skip layer 0: layer 1 looks the same
        print(param.dtype, name.removeprefix("base_model.model."))

# One step of mixed-precision (AMP) training: autocast plus a gradient scaler,
# which is what Trainer(fp16=True) does on a GPU.
device = "cuda" if torch.cuda.is_available() else "cpu"
peft_model.to(device)
optimizer = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=1e-3)
scaler = torch.amp.GradScaler(device)
batch = tokenizer(["hello world", "the model is ready"], padding=True, return_tensors="pt").to(device)
labels = torch.tensor([0, 1], device=device)

with torch.autocast(device, dtype=torch.float16):
    loss = peft_model(**batch, labels=labels).loss
scaler.scale(loss).backward()
scaler.step(optimizer)  # unscales the gradients first: the float16 head gradients fail here
scaler.update()
