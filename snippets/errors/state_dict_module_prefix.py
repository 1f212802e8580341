#| stacks: current, v4
#| expect: RuntimeError
import torch


class TextClassifier(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.encoder = torch.nn.Linear(16, 32)
        self.head = torch.nn.Linear(32, 2)

    def forward(self, x):
        return self.head(torch.relu(self.encoder(x)))


# Training wrapped the model in DataParallel (DistributedDataParallel does the same)...
trained = torch.nn.DataParallel(TextClassifier())
torch.save(trained.state_dict(), "model.pt")

# ...and inference loads the file into the plain model.
model = TextClassifier()
state = torch.load("model.pt")
print("saved keys:", list(state)[:2])
model.load_state_dict(state)
