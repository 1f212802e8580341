"""Build the tiny random checkpoints that the snippets load.

    python -m scripts.build_checkpoints

Snippets must run without the Hugging Face hub, so they load these small
stand-ins from snippets/checkpoints/ instead of bert-base-uncased or gpt2.
The weights are random (seeded) and the tokenizers are trained here from
snippets/checkpoints/corpus.txt, so the whole build is offline and repeatable.
"""

import json
import shutil
from pathlib import Path

import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
from transformers import (
    BertConfig,
    BertForSequenceClassification,
    BertModel,
    BertTokenizer,
    GPT2Config,
    GPT2LMHeadModel,
    GPT2Tokenizer,
)
from transformers.utils import logging

logging.disable_progress_bar()  # keep the build log to one line per checkpoint

OUT = Path(__file__).resolve().parent.parent / "snippets" / "checkpoints"
CORPUS = OUT / "corpus.txt"
SEED = 0


def corpus_lines():
    return [line for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]


def bert_tokenizer():
    # Same pipeline as bert-base-uncased: lowercase, split on whitespace and
    # punctuation, WordPiece with "##" continuations. The vocabulary is written
    # out rather than trained (WordPieceTrainer breaks ties in a different order
    # on each run): every corpus word whole, plus single characters so unseen
    # words still split into pieces. [PAD] comes first so its id is 0, as in
    # the real model.
    normalizer = normalizers.BertNormalizer(lowercase=True)
    pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    words = set()
    for line in corpus_lines():
        words.update(w for w, _ in pre_tokenizer.pre_tokenize_str(normalizer.normalize_str(line)))
    chars = sorted({c for w in words for c in w} | set("abcdefghijklmnopqrstuvwxyz0123456789"))
    tokens = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    tokens += chars + ["##" + c for c in chars] + sorted(words - set(chars))
    # BertTokenizer adds the [CLS] ... [SEP] template and saves tokenizer.json.
    return BertTokenizer(vocab={t: i for i, t in enumerate(tokens)}, do_lower_case=True, model_max_length=128)


def gpt2_tokenizer():
    # Byte-level BPE like gpt2: every byte is in the alphabet, so any text encodes.
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=1000,
        show_progress=False,
        special_tokens=["<|endoftext|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(corpus_lines(), trainer)
    model = json.loads(tok.to_str())["model"]
    merges = [tuple(m.split(" ")) if isinstance(m, str) else tuple(m) for m in model["merges"]]
    # Like the real gpt2: <|endoftext|> is bos, eos and unk, and there is no pad token.
    return GPT2Tokenizer(vocab=model["vocab"], merges=merges, model_max_length=128)


def save(name, model, tokenizer):
    path = OUT / name
    shutil.rmtree(path, ignore_errors=True)
    model.save_pretrained(path)  # safetensors by default
    tokenizer.save_pretrained(path)
    size = sum(f.stat().st_size for f in path.iterdir())
    print(f"{name}: {model.__class__.__name__}, {size // 1024} KiB")


def build_bert():
    tokenizer = bert_tokenizer()
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=128,
        pad_token_id=0,
        # Larger than BERT's 0.02 so that a fresh classification head gives
        # logits that differ visibly at 4 decimals (the padding example).
        initializer_range=0.5,
    )
    torch.manual_seed(SEED)
    save("tiny-random-bert", BertModel(config).eval(), tokenizer)
    config.num_labels = 2
    torch.manual_seed(SEED)
    save("tiny-random-bert-classifier", BertForSequenceClassification(config).eval(), tokenizer)


def build_gpt2():
    tokenizer = gpt2_tokenizer()
    eos = tokenizer.convert_tokens_to_ids("<|endoftext|>")
    config = GPT2Config(
        vocab_size=len(tokenizer),
        n_positions=128,
        n_embd=32,
        n_layer=2,
        n_head=2,
        bos_token_id=eos,
        eos_token_id=eos,
    )
    torch.manual_seed(SEED)
    save("tiny-random-gpt2", GPT2LMHeadModel(config).eval(), tokenizer)


if __name__ == "__main__":
    build_bert()
    build_gpt2()
