#| stacks: current, v4
#| expect: ImportError
from peft import LoraConfig, get_peft_model, prepare_model_for_int8_training
from transformers import AutoModelForCausalLM

model = AutoModelForCausalLM.from_pretrained("checkpoints/tiny-random-gpt2")
model = prepare_model_for_int8_training(model)
model = get_peft_model(model, LoraConfig(task_type="CAUSAL_LM", fan_in_fan_out=True))
