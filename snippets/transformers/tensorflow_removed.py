#| expect: ImportError
# Transformers 5 supports PyTorch only: the TF* classes are gone.
from transformers import TFAutoModel

model = TFAutoModel.from_pretrained("google-bert/bert-base-uncased")
