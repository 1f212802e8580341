#| stacks: current, v4
#| expect: NotImplementedError
from accelerate import init_empty_weights
from transformers import AutoConfig, AutoModelForSequenceClassification

checkpoint = "checkpoints/tiny-random-bert-classifier"
config = AutoConfig.from_pretrained(checkpoint)
with init_empty_weights():  # builds the layers without allocating their weights
    model = AutoModelForSequenceClassification.from_config(config)
print("weights on:", model.classifier.weight.device)

model = model.to("cpu")
