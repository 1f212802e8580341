"""Matching a paste against the catalogue's entries.

A paste and an entry are compared by their words in order (longest common
subsequence, placeholders and stop words left out):

- *precision*: the share of the pasted block's words that the entry explains;
- *recall*: the share of the entry's words the paste contains (a paste of the
  first line only has a low recall, and still matches);
- a block matches when it has at least `min_matched` words in common and a
  precision of at least `min_precision`, or when its first sentence is the
  entry's first sentence and has at least `min_first_sentence` words (`CUDA
  out of memory.` from an older release whose message goes on differently);
- ranking: the leading kinds (exceptions and kernel assertions) before
  warnings and log records (what a reader pastes is the exception, with the
  warnings printed above it), then precision, then how many of the paste's
  own words (`PeftModel`) the entry's examples share, then
  `precision * precision_weight + recall * (1 - precision_weight)`.

An entry's sections are ordered for a paste by how many of the paste's words
their own example shares (`cannot import name 'AdamW'` finds the section that
shows `AdamW` before the one that shows `TFAutoModel`).

Thresholds come from the rules (scripts/errors/rules.json); each function here
has a twin in docs/assets/javascripts/error-matcher.js, and the tests run both
on the same texts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache

from scripts.errors.rules import RULES
from scripts.errors.signatures import Signature, analyse, is_leading, raw_words


def lcs(a: list[str], b: list[str]) -> int:
    """Length of the longest common subsequence."""
    if not a or not b:
        return 0
    previous = [0] * (len(b) + 1)
    for x in a:
        current = [0]
        for j, y in enumerate(b):
            current.append(previous[j] + 1 if x == y else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


@dataclass
class Score:
    matched: bool
    score: float
    precision: float
    recall: float

    def as_dict(self) -> dict:
        return {"matched": self.matched, "score": self.score, "precision": self.precision, "recall": self.recall}


def _as_dict(sig: Signature | dict) -> dict:
    return sig.as_dict() if isinstance(sig, Signature) else sig


def score(paste: Signature | dict, entry: Signature | dict) -> Score:
    paste, entry = _as_dict(paste), _as_dict(entry)
    rules = RULES["scoring"]
    p, e = paste["tokens"], entry["tokens"]
    common = lcs(p, e)
    precision = common / len(p) if p else 0.0
    recall = common / len(e) if e else 0.0
    by_words = common >= min(rules["min_matched"], len(e)) and precision >= rules["min_precision"]
    by_first = len(entry["first"]) >= rules["min_first_sentence"] and paste["first"] == entry["first"]
    matched = bool(e) and (by_words or by_first)
    value = precision * rules["precision_weight"] + recall * (1 - rules["precision_weight"]) if matched else 0.0
    return Score(matched, value, precision, recall)


@cache
def _bag(tokens: tuple[str, ...]) -> Counter:
    return Counter(tokens)


def could_match(paste: Signature | dict, entry: Signature | dict) -> bool:
    """False when `score` cannot find a match: the words the two share (an
    upper bound of their common subsequence) are too few and the first
    sentences differ. Lets a lookup skip most of a large catalogue cheaply."""
    paste, entry = _as_dict(paste), _as_dict(entry)
    rules = RULES["scoring"]
    p, e = paste["tokens"], entry["tokens"]
    if not p or not e:
        return False
    if len(entry["first"]) >= rules["min_first_sentence"] and paste["first"] == entry["first"]:
        return True
    shared = sum((_bag(tuple(p)) & _bag(tuple(e))).values())
    return shared >= min(rules["min_matched"], len(e)) and shared / len(p) >= rules["min_precision"]


def lookup(text: str, entries: list[dict]) -> list[tuple[dict, Score]]:
    """Entries matching any error block of `text`, best first (ties: catalogue order)."""
    pasted = analyse(text)
    found = []
    for index, entry in enumerate(entries):
        best = max((score(sig, entry) for sig in pasted if could_match(sig, entry)), key=lambda s: s.score, default=None)
        if best is not None and best.matched:
            found.append((index, entry, best))
    # Among entries that explain every pasted word equally, the one whose
    # example shares the paste's own names comes first: a first line that
    # several messages start with says nothing by its recall.
    pasted_words = set(raw_words(text))

    def overlap(entry: dict) -> int:
        return max((len(pasted_words.intersection(s["words"])) for s in entry["sections"]), default=0)

    found.sort(
        key=lambda item: (
            not is_leading(item[1]["kind"]),
            -int(item[2].precision * 100 + 0.5),  # the same integer the page script computes
            -overlap(item[1]),
            -item[2].score,
            item[0],
        )
    )
    return [(entry, best) for _, entry, best in found]


def order_sections(entry: dict, text: str) -> list[dict]:
    """An entry's sections, the one whose example is most like the paste
    first (`cannot import name 'AdamW'` before `... 'TFAutoModel'`); ties keep
    the catalogue's order."""
    pasted = set(raw_words(text))
    overlap = [len(pasted.intersection(section["words"])) for section in entry["sections"]]
    order = sorted(range(len(overlap)), key=lambda i: (-overlap[i], i))
    return [entry["sections"][i] for i in order]


def lookup_sections(text: str, entries: list[dict], locale: str = "en") -> list[str]:
    """The URLs of the sections a paste leads to, best first, each once."""
    urls: list[str] = []
    for entry, _ in lookup(text, entries):
        for section in order_sections(entry, text):
            url = section[locale]["url"]
            if url not in urls:
                urls.append(url)
    return urls
