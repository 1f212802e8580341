#| devices: cpu, cuda
import torch
from transformers import AutoModelForSequenceClassification, AutoTokenizer, PrinterCallback, Trainer, TrainingArguments

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint)

# A tiny in-memory dataset: a list of dicts is enough for Trainer.
texts = ["i love this movie", "i hate this movie", "the food was good", "the food was bad"] * 4
train_dataset = [{**tokenizer(text, padding="max_length", max_length=8), "labels": i % 2} for i, text in enumerate(texts)]

args = TrainingArguments(
    output_dir="out",
    per_device_train_batch_size=2,  # fewer examples on the GPU at once...
    gradient_accumulation_steps=4,  # ...but gradients summed over 4 batches before each step
    activation_checkpointing=True,  # recompute activations in backward instead of storing them
    bf16=True,  # 16-bit activations (Ampere or newer GPU, or a CPU)
    use_cpu=not torch.cuda.is_available(),  # bf16 on CPU must be asked for explicitly
    max_steps=2,
    report_to="none",
    logging_strategy="no",
    save_strategy="no",
    disable_tqdm=True,
    seed=0,
)
print("effective batch size:", args.per_device_train_batch_size * args.gradient_accumulation_steps * args.world_size)

trainer = Trainer(model=model, args=args, train_dataset=train_dataset)
trainer.remove_callback(PrinterCallback)  # it would print timings, which change on every run
result = trainer.train()
print("optimizer steps:", result.global_step)
