#| expect: ImportError
# Code from a tutorial written for transformers 4: AdamW was removed in 5 (use torch.optim.AdamW).
from transformers import AdamW, AutoModelForSequenceClassification

model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier")
optimizer = AdamW(model.parameters(), lr=5e-5)
