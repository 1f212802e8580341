from transformers import AutoModelForQuestionAnswering

# Raised "Unrecognized configuration class" in transformers 4.37; GPT-2 has a QA head now.
model = AutoModelForQuestionAnswering.from_pretrained("checkpoints/tiny-random-gpt2")
print(type(model).__name__)
