#| expect: OSError
import os

from transformers import AutoModel

model = AutoModel.from_pretrained("checkpoints/tiny-random-bert")
model.save_pretrained("saved", variant="fp16")
print(sorted(os.listdir("saved")))

# The variant only names the file: nothing was converted to float16.
reloaded = AutoModel.from_pretrained("saved", variant="fp16")
print("loaded with variant='fp16':", reloaded.dtype)

# Without the variant, from_pretrained looks for model.safetensors.
AutoModel.from_pretrained("saved")
