#| stacks: current, v4
#| expect: RuntimeError
import torch
from torch import nn

# The first layer of an image model trained on RGB images: 3 input channels.
stem = nn.Conv2d(in_channels=3, out_channels=16, kernel_size=3)

image = torch.rand(28, 28)  # a grayscale image, height x width
pixel_values = image.unsqueeze(0).unsqueeze(0)  # add the batch and channel dimensions
print("pixel_values:", tuple(pixel_values.shape), "stem.weight:", tuple(stem.weight.shape))
features = stem(pixel_values)
