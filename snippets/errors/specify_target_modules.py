#| stacks: current, v4
#| expect: ValueError
import torch
from peft import LoraConfig, get_peft_model


class Classifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(16, 32)
        self.head = torch.nn.Linear(32, 2)

    def forward(self, x):
        return self.head(torch.relu(self.hidden(x)))


model = get_peft_model(Classifier(), LoraConfig(r=4))
