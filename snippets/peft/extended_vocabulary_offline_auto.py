#| env: HF_HUB_OFFLINE=1
#| env: HF_HOME=hf-home
import os
import shutil
import warnings

from huggingface_hub import constants
from peft import LoraConfig, get_peft_model
from safetensors.torch import load_file
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers; see "Warnings you can ignore".
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

# An offline machine whose base model came from the hub cache: the shipped tiny GPT-2,
# stored under a made-up hub id the way a download stores it.
repo = os.path.join(constants.HF_HUB_CACHE, "models--example--tiny-gpt2")
shutil.copytree("checkpoints/tiny-random-gpt2", os.path.join(repo, "snapshots", "0" * 40))
os.makedirs(os.path.join(repo, "refs"))
with open(os.path.join(repo, "refs", "main"), "w") as ref:
    ref.write("0" * 40)

tokenizer = AutoTokenizer.from_pretrained("example/tiny-gpt2")
tokenizer.add_tokens(["<|user|>", "<|assistant|>"])
model = AutoModelForCausalLM.from_pretrained("example/tiny-gpt2")
model.resize_token_embeddings(len(tokenizer), mean_resizing=False)
peft_model = get_peft_model(model, LoraConfig(target_modules=["c_attn"], fan_in_fan_out=True))

# save_embedding_layers="auto" (the default) must compare the vocabulary with the base
# model's config, which it looks up on the hub: offline, it cannot.
peft_model.save_pretrained("auto-adapter")
saved = load_file("auto-adapter/adapter_model.safetensors")
print("embeddings saved with 'auto':", any("wte" in key for key in saved))

peft_model.save_pretrained("explicit-adapter", save_embedding_layers=True)
saved = load_file("explicit-adapter/adapter_model.safetensors")
print("embeddings saved with True:  ", any("wte" in key for key in saved))
