#| stacks: current, v4
#| expect: RuntimeError
import warnings

from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

# Hides one FutureWarning that peft itself triggers (PEFT troubleshooting: "Warnings you can ignore").
warnings.filterwarnings("ignore", message="`is_gradient_checkpointing` is deprecated", category=FutureWarning)

checkpoint = "checkpoints/tiny-random-gpt2"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
# An adapter saved by an earlier training run.
lora = get_peft_model(AutoModelForCausalLM.from_pretrained(checkpoint), LoraConfig(task_type="CAUSAL_LM", fan_in_fan_out=True))
lora.save_pretrained("my-adapter")

# Later: load the adapter to train it some more.
model = PeftModel.from_pretrained(AutoModelForCausalLM.from_pretrained(checkpoint), "my-adapter")
model.train()
batch = tokenizer(["the cat sat on the mat"], return_tensors="pt")
loss = model(**batch, labels=batch["input_ids"]).loss
loss.backward()
