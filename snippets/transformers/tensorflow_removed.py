#| expect: ImportError
# Transformers 5 is PyTorch only: the TF* classes are gone.
from transformers import TFAutoModel
