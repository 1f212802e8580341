#| stacks: current, v4
import torch
from torch.nn.modules.utils import consume_prefix_in_state_dict_if_present


class TextClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(16, 32)
        self.head = torch.nn.Linear(32, 2)

    def forward(self, x):
        return self.head(torch.relu(self.encoder(x)))


trained = torch.nn.DataParallel(TextClassifier())
torch.save(trained.state_dict(), "model.pt")  # better: trained.module.state_dict()

model = TextClassifier()
state = torch.load("model.pt")
consume_prefix_in_state_dict_if_present(state, "module.")  # strips the prefix in place
print("keys now:", list(state)[:2])
print(model.load_state_dict(state))
