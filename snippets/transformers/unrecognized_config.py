#| expect: ValueError
from transformers import AutoModelForSeq2SeqLM

# GPT-2 is decoder-only: there is no encoder-decoder (seq2seq) GPT-2 class to map its config to.
model = AutoModelForSeq2SeqLM.from_pretrained("checkpoints/tiny-random-gpt2")
