#| stacks: current, v4
from transformers import AutoTokenizer

tokenizer = AutoTokenizer.from_pretrained("checkpoints/tiny-random-gpt2")
# Give the tokenizer a template (a Jinja string), or load a chat/instruct model that has one.
tokenizer.chat_template = (
    "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}assistant:{% endif %}"
)
tokenizer.save_pretrained("my-tokenizer")  # the template is saved with the tokenizer

messages = [{"role": "user", "content": "what is a good movie"}]
prompt = tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
print(repr(prompt))
print("reloaded template set:", AutoTokenizer.from_pretrained("my-tokenizer").chat_template is not None)
