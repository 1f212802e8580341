#| stacks: current, v4
#| expect: OSError, v4=HFValidationError
from transformers import AutoModelForSequenceClassification

# The fine-tuned model was saved on another machine (or a Drive that is not
# mounted here): this absolute path does not exist on this one.
model = AutoModelForSequenceClassification.from_pretrained("/content/drive/MyDrive/bert-finetuned")
