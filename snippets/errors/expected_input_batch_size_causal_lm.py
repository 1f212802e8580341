#| stacks: current, v4
import torch
from transformers import AutoModelForCausalLM, AutoTokenizer

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForCausalLM.from_pretrained(checkpoint)

question, answer = "what is a good movie ?", "the one with the great actors"
prompt_ids = tokenizer(question).input_ids
answer_ids = tokenizer(" " + answer).input_ids + [tokenizer.eos_token_id]
# One sequence, question then answer; labels are the same ids, with -100 where no loss is wanted.
input_ids = torch.tensor([prompt_ids + answer_ids])
labels = torch.tensor([[-100] * len(prompt_ids) + answer_ids])
print("input_ids:", tuple(input_ids.shape), "labels:", tuple(labels.shape))
loss = model(input_ids=input_ids, labels=labels).loss
print("loss:", round(loss.item(), 4))
