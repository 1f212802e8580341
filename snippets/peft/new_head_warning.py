from transformers import AutoModelForSequenceClassification

# tiny-random-bert holds only the base model (BertModel), so the classification
# head that AutoModelForSequenceClassification adds on top is created randomly.
model = AutoModelForSequenceClassification.from_pretrained("checkpoints/tiny-random-bert", num_labels=2)
