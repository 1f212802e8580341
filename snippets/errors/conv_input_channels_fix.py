#| stacks: current, v4
import torch
from torch import nn

stem = nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3)

image = torch.rand(28, 28)
pixel_values = image.unsqueeze(0).unsqueeze(0)
# Repeat the gray channel three times (with PIL: Image.open(path).convert("RGB")).
pixel_values = pixel_values.expand(-1, 3, -1, -1)
print("pixel_values:", tuple(pixel_values.shape))
print("features:", tuple(stem(pixel_values).shape))

# An image as (height, width, channels), the layout of PIL and NumPy, needs its channels moved first.
channels_last = torch.rand(1, 28, 28, 3)
print("features:", tuple(stem(channels_last.permute(0, 3, 1, 2)).shape))
