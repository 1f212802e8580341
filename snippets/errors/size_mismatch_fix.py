#| stacks: current, v4
from transformers import AutoModelForSequenceClassification

# Keep the encoder, start a new 5-label head: the mismatched layers are
# initialised from scratch (the load report lists them) and must be trained.
model = AutoModelForSequenceClassification.from_pretrained(
    "checkpoints/tiny-random-bert-classifier", num_labels=5, ignore_mismatched_sizes=True
)
print("classifier:", tuple(model.classifier.weight.shape))
