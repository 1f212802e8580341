from importlib.metadata import metadata, requires, version

from packaging.requirements import Requirement

# What the installed transformers declares in its package metadata.
print("transformers", version("transformers"), "needs Python", metadata("transformers")["Requires-Python"])

shown = {"torch", "accelerate", "tokenizers", "huggingface-hub", "safetensors"}
for line in requires("transformers"):
    requirement = Requirement(line)
    if requirement.name not in shown:
        continue
    if requirement.marker is None:
        print(f"  {requirement.name} {requirement.specifier}")
    elif requirement.marker.evaluate({"extra": "torch"}):
        print(f"  {requirement.name} {requirement.specifier}  (installed by the [torch] extra)")
