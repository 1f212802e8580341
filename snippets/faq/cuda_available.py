#| devices: cpu, cuda
import torch

print("torch:", torch.__version__)  # "+cpu" at the end: a build without CUDA
print("built with CUDA:", torch.version.cuda)  # None for a CPU-only build
print("CUDA available:", torch.cuda.is_available())
if torch.cuda.is_available():
    print("GPU:", torch.cuda.get_device_name(0))
    print("bfloat16 supported:", torch.cuda.is_bf16_supported())
