#| stacks: current, v4
#| expect: ValueError
import json
import shutil

from transformers import AutoModel

# A checkpoint whose architecture lives in its own Python file, as on many hub
# repositories: config.json names a model type that transformers does not have
# and maps the Auto classes to the classes in modeling_pooled_bert.py.
shutil.copytree("checkpoints/tiny-random-bert", "pooled-bert")
with open("pooled-bert/modeling_pooled_bert.py", "w") as f:
    f.write(
        "from transformers import BertConfig, BertModel\n\n\n"
        "class PooledBertConfig(BertConfig):\n"
        "    model_type = 'pooled-bert'\n\n\n"
        "class PooledBertModel(BertModel):\n"
        "    config_class = PooledBertConfig\n\n"
        "    def forward(self, *args, **kwargs):\n"
        "        return super().forward(*args, **kwargs).last_hidden_state.mean(dim=1)\n"
    )
with open("pooled-bert/config.json") as f:
    config = json.load(f)
config["model_type"] = "pooled-bert"
config["auto_map"] = {
    "AutoConfig": "modeling_pooled_bert.PooledBertConfig",
    "AutoModel": "modeling_pooled_bert.PooledBertModel",
}
with open("pooled-bert/config.json", "w") as f:
    json.dump(config, f, indent=2)

model = AutoModel.from_pretrained("pooled-bert")
