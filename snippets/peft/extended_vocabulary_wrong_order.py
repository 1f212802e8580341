#| expect: RuntimeError
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
tokenizer.add_tokens(["<|user|>", "<|assistant|>"])
model = AutoModelForCausalLM.from_pretrained(checkpoint)
model.resize_token_embeddings(len(tokenizer))
peft_model = get_peft_model(model, LoraConfig(target_modules=["wte", "c_attn"], fan_in_fan_out=True))
peft_model.save_pretrained("my-adapter", save_embedding_layers=True)

# Wrong: the adapter is loaded into a base model that was not resized first.
base_model = AutoModelForCausalLM.from_pretrained(checkpoint)
loaded = PeftModel.from_pretrained(base_model, "my-adapter")
