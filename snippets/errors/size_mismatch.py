#| stacks: current, v4
#| expect: RuntimeError
from transformers import AutoModelForSequenceClassification

# A checkpoint fine-tuned for 2 labels, loaded for a task with 5.
model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert-classifier", num_labels=5)
