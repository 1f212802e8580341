"""Error blocks and their signatures.

- An *error block* is what a reader would paste: an exception line
  (`torch.OutOfMemoryError: CUDA out of memory. ...`) with the lines of its
  message, a Python warning (`path:12: FutureWarning: ...`), a record in the
  libraries' own log format (`[transformers] ... LOAD REPORT ...`, its first
  line) or a CUDA kernel assertion (`... Assertion `t >= 0` failed.`).
- A *signature* is an error block with what varies between readers replaced by
  placeholders, the way error trackers group errors: URLs, paths, addresses,
  sizes (`1.50 GiB`), class reprs, dotted names (`torch.Size`, parameter
  names), class and model names (mixed-case identifiers such as
  `GPT2LMHeadModel`), and numbers (shapes, counts, line numbers). Words,
  lower-case identifiers (`save_adapter`) and quoted module names stay.

Every pattern comes from the rules (scripts/errors/rules.json); each function
here has a twin in docs/assets/javascripts/error-matcher.js, and the tests run
both on the same texts."""

from __future__ import annotations

from dataclasses import dataclass

from scripts.errors.rules import RULES, compiled


@dataclass
class Block:
    """An error as printed: its kind, its type and the lines of its message."""

    kind: str  # exception | warning | log | assertion | fragment (a paste with no recognisable first line)
    type: str  # "torch.OutOfMemoryError", "FutureWarning", "transformers" (a logger), or ""
    lines: list[str]

    @property
    def headline(self) -> str:
        first = self.lines[0] if self.lines else ""
        if self.kind == "log":
            return f"[{self.type}] {first}"
        return f"{self.type}: {first}" if self.type and first else self.type or first

    @property
    def text(self) -> str:
        return "\n".join([self.headline, *self.lines[1:]])


@dataclass
class Signature:
    kind: str
    type: str
    type_token: str
    headline: str  # the block's first line, as printed
    lines: list[str]  # normalised message lines, repeated lines once
    tokens: list[str]  # what matching compares: the type, then the message's words
    first: list[str]  # the words of the message's first sentence

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "type": self.type,
            "type_token": self.type_token,
            "headline": self.headline,
            "lines": self.lines,
            "tokens": self.tokens,
            "first": self.first,
        }


def fold(text: str) -> str:
    for pattern, replacement in compiled()["folds"]:
        text = pattern.sub(replacement, text)
    return text


def extract_blocks(text: str) -> list[Block]:
    """The error blocks in a recording or a paste, in order."""
    rules = compiled()
    text = fold(text[: RULES["max_paste"]])
    blocks: list[Block] = []
    fragment: list[str] = []
    current: Block | None = None
    after_frame = False
    for raw in text.split("\n"):
        line = rules["prefix"].sub("", raw.rstrip(" "), count=1)
        stripped = line.strip(" ")
        if any(pattern.search(stripped) for pattern in rules["skip"]):
            current = None
            after_frame = rules["frame"].search(stripped) is not None
            continue
        indented = line[:1] == " "
        if after_frame and indented:
            continue  # a frame's source line
        after_frame = False
        if not stripped:
            current = None
            continue
        for kind, pattern, type_group, message_group in rules["headlines"]:
            match = pattern.search(stripped)
            if match:
                current = Block(kind, match.group(type_group) if type_group else "", [match.group(message_group) or ""])
                blocks.append(current)
                if kind in RULES["single_line"]:
                    current = None
                break
        else:
            if current is not None:
                if indented and current.kind in RULES["ends_at_indent"]:
                    current = None
                else:
                    current.lines.append(stripped)
            else:
                fragment.append(stripped)
    if not blocks and fragment:
        blocks.append(Block("fragment", "", fragment))
    return blocks


def normalise_line(line: str) -> str:
    for pattern, replacement in compiled()["substitutions"]:
        line = pattern.sub(replacement, line)
    return line.strip(" ")


def words(normalised: str) -> list[str]:
    """Every token of a normalised line, lower case, a run of one placeholder once."""
    rules = compiled()
    out: list[str] = []
    for token in rules["token"].findall(normalised):
        token = token.lower()
        if out and token == out[-1] and rules["placeholder"].search(token):
            continue
        out.append(token)
    return out


def significant(tokens: list[str]) -> list[str]:
    """The tokens matching compares: no placeholders, stop words or single letters."""
    rules = compiled()
    return [
        t for t in tokens if len(t) >= RULES["min_token_length"] and t not in rules["stop_words"] and not rules["placeholder"].search(t)
    ]


def type_token(kind: str, type_: str) -> str:
    if not type_:
        return ""
    if kind == "log":
        return f"[{type_.lower()}]"
    return type_.rpartition(".")[2].lower()


def signature(block: Block) -> Signature:
    lines: list[str] = []
    seen: set[tuple[str, ...]] = set()
    first: list[str] = []
    for index, line in enumerate(block.lines):
        normalised = normalise_line(line)
        key = tuple(words(normalised))
        if index == 0:
            sentence = compiled()["sentence_end"].split(normalised, maxsplit=1)[0]
            first = significant(words(sentence))
        if not key or key in seen:
            continue
        seen.add(key)
        lines.append(normalised)
    token = type_token(block.kind, block.type)
    tokens = ([token] if token else []) + [t for line in lines for t in significant(words(line))]
    return Signature(block.kind, block.type, token, block.headline, lines, tokens, first)


def analyse(text: str) -> list[Signature]:
    """The signatures of the distinct error blocks in a text."""
    out: list[Signature] = []
    seen: set[tuple] = set()
    for block in extract_blocks(text):
        sig = signature(block)
        key = (sig.kind, sig.type_token, tuple(sig.tokens))
        if sig.tokens and key not in seen:
            seen.add(key)
            out.append(sig)
    return out


def raw_words(text: str) -> list[str]:
    """The words of a message as printed (names and paths included), each
    once: what orders the sections of one entry by their example's likeness
    to a paste."""
    rules = compiled()
    found: list[str] = []
    for token in rules["token"].findall(fold(text)):
        token = token.lower()
        if len(token) >= RULES["min_token_length"] and token not in rules["stop_words"] and not token.isdigit() and token not in found:
            found.append(token)
    return found


def is_leading(kind: str) -> bool:
    """An exception or a kernel assertion: what a reader pastes as the error
    itself, before any warning printed above it."""
    return kind in compiled()["leading_kinds"]
