#| stacks: current, v4
#| expect: ValueError
from transformers import AutoTokenizer

# A base model's tokenizer: it ships no chat template.
tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-gpt2")
print("chat_template:", tokenizer.chat_template)

messages = [{"role": "user", "content": "what is a good movie"}]
prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
