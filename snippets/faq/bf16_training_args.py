#| devices: cpu, cuda
#| expect: cpu=ValueError
from transformers import HfArgumentParser, TrainingArguments

# What `python train.py --output_dir out --bf16` does in a script that parses its
# command line with HfArgumentParser (the example scripts of transformers do).
parser = HfArgumentParser(TrainingArguments)
(args,) = parser.parse_args_into_dataclasses(["--output_dir", "out", "--bf16", "--report_to", "none"])
print("bf16:", args.bf16, "device:", args.device)
