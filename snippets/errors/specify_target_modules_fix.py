#| stacks: current, v4
import torch
from peft import LoraConfig, get_peft_model


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(16, 32)
        self.head = torch.nn.Linear(32, 2)

    def forward(self, x):
        return self.head(torch.relu(self.hidden(x)))


print([name for name, module in Classifier().named_modules() if isinstance(module, torch.nn.Linear)])
# Name the layers to adapt; modules_to_save trains the output layer in full.
model = get_peft_model(Classifier(), LoraConfig(r=4, target_modules=["hidden"], modules_to_save=["head"]))
model.print_trainable_parameters()
print(model(torch.randn(3, 16)).shape)
