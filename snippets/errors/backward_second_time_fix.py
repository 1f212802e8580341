#| stacks: current, v4
import torch
from transformers import AutoModel, AutoTokenizer

checkpoint = "checkpoints/tiny-random-bert"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
encoder = AutoModel.from_pretrained(checkpoint)
head = torch.nn.Linear(encoder.config.hidden_size, 2)
optimizer = torch.optim.AdamW(head.parameters(), lr=1e-3)

inputs = tokenizer(["i love this movie", "a boring film"], padding=True, return_tensors="pt")
labels = torch.tensor([1, 0])
# The encoder is not trained: compute its features once, without a graph.
with torch.no_grad():
    features = encoder(**inputs).last_hidden_state[:, 0]

for epoch in range(3):
    loss = torch.nn.functional.cross_entropy(head(features), labels)
    loss.backward()
    optimizer.step()
    optimizer.zero_grad()
    print(f"epoch {epoch}: loss {loss.item():.4f}")
