import os

from transformers import (
    AutoModelForSequenceClassification,
    AutoTokenizer,
    PrinterCallback,
    Trainer,
    TrainerCallback,
    TrainingArguments,
)

checkpoint = "checkpoints/tiny-random-bert-classifier"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
texts = ["i love this movie", "i hate this movie", "the food was good", "the food was bad"] * 2
train_dataset = [{**tokenizer(text, padding="max_length", max_length=8), "labels": i % 2} for i, text in enumerate(texts)]


class ShowSteps(TrainerCallback):
    """Prints the step training starts from and each optimizer step it then runs."""

    def on_train_begin(self, args, state, control, **kwargs):
        self.steps = []
        print("  starts at global step", state.global_step)

    def on_step_end(self, args, state, control, **kwargs):
        self.steps.append(state.global_step)

    def on_train_end(self, args, state, control, **kwargs):
        print(f"  steps run: {self.steps}, global step at the end: {state.global_step}")


def make_trainer(max_steps):
    args = TrainingArguments(
        output_dir="run",
        per_device_train_batch_size=2,
        max_steps=max_steps,
        save_steps=2,  # a checkpoint-N folder every 2 optimizer steps
        use_cpu=True,
        report_to="none",
        logging_strategy="no",
        disable_tqdm=True,
        seed=0,
    )
    model = AutoModelForSequenceClassification.from_pretrained(checkpoint)
    trainer = Trainer(model=model, args=args, train_dataset=train_dataset, callbacks=[ShowSteps()])
    trainer.remove_callback(PrinterCallback)  # it would print timings, which change on every run
    return trainer


print("first run, max_steps=2:")
make_trainer(max_steps=2).train()  # a first run that ends (or is killed) after step 2
print("saved:", sorted(os.listdir("run")))

print("second run, max_steps=4, resumed:")

# True: continue from the newest checkpoint-N in output_dir (or pass a folder's path).
result = make_trainer(max_steps=4).train(resume_from_checkpoint=True)
print("finished at step", result.global_step)
print("saved:", sorted(os.listdir("run")))
