import warnings

import torch
from peft import LoraConfig, get_peft_model
from transformers import AutoModelForSequenceClassification, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, dtype=torch.float16)
peft_model = get_peft_model(model, LoraConfig(task_type="SEQ_CLS"))

# The fix: keep the frozen weights in float16, train in float32.
for param in peft_model.parameters():
    if param.requires_grad:
        param.data = param.data.float()

for name, param in peft_model.named_parameters():
    if "classifier" in name or "layer.1.attention.self.query" in name:
        print(param.dtype, param.requires_grad, name.removeprefix("base_model.model."))

device = "cuda" if torch.cuda.is_available() else "cpu"
peft_model.to(device)
optimizer = torch.optim.AdamW([p for p in peft_model.parameters() if p.requires_grad], lr=1e-3)
scaler = torch.amp.GradScaler(device)
batch = tokenizer(["hello world", "the model is ready"], padding=True, return_tensors="pt").to(device)
labels = torch.tensor([0, 1], device=device)

with torch.autocast(device, dtype=torch.float16):
    loss = peft_model(**batch, labels=labels).loss
scaler.scale(loss).backward()
scaler.step(optimizer)
scaler.update()
print("training step done, loss:", round(loss.item(), 4))
