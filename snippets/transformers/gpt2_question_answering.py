from transformers import AutoModelForQuestionAnswering

# The pinned transformers has a question-answering head for GPT-2: GPT2ForQuestionAnswering.
model = AutoModelForQuestionAnswering.from_pretrained("checkpoints/tiny-random-gpt2")
print(type(model).__name__)
