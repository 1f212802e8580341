import accelerate
import peft
import torch
import transformers

for package in (transformers, peft, accelerate, torch):
    print(f"{package.__name__}: {package.__version__}")
