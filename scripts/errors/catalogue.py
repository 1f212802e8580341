"""Error catalogue and error signatures.

The catalogue is generated, never kept by hand: every page section that shows a
recorded output (a snippet's `name.<device>.out`, or a notebook cell's output)
contributes the errors in it.

- An *error block* is what a reader would paste: an exception line
  (`torch.OutOfMemoryError: CUDA out of memory. ...`) with the lines of its
  message, a Python warning (`path:12: FutureWarning: ...`), a record in the
  libraries' own log format (`[transformers] ... LOAD REPORT ...`, its first
  line) or a CUDA kernel assertion (`... Assertion `t >= 0` failed.`).
- Exceptions and kernel assertions in a recording always become entries,
  explained by the section the output is shown in (the nearest heading above
  the `!snippet` line or the notebook cell).
- Warnings and log records become entries only where the page talks about
  them: they are explained by the sections of the same page whose prose quotes
  at least two consecutive words of them that are not stop words (`LOAD
  REPORT`, `mean_resizing=False`), the most quoted first. A warning that is
  merely printed (a deprecation notice under every example) is not an entry.
- Entries and their sections follow the site's navigation order.

A *signature* is an error block with what varies between readers replaced by
placeholders, the way error trackers group errors: URLs, paths, addresses,
sizes (`1.50 GiB`), class reprs, dotted names (`torch.Size`, parameter names),
class and model names (mixed-case identifiers such as `GPT2LMHeadModel`), and
numbers (shapes, counts, line numbers). Words, lower-case identifiers
(`save_adapter`) and quoted module names stay. Entries with the same signature
are one entry; its sections are ordered for a paste by how many of the paste's
words their own example shares (`cannot import name 'AdamW'` finds the section
that shows `AdamW` before the one that shows `TFAutoModel`).

Matching a paste against an entry compares their words in order (longest
common subsequence, placeholders and stop words left out):

- *precision*: the share of the pasted block's words that the entry explains;
- *recall*: the share of the entry's words the paste contains (a paste of the
  first line only has a low recall, and still matches);
- a block matches when it has at least `min_matched` words in common and a
  precision of at least `min_precision`, or when its first sentence is the
  entry's first sentence and has at least `min_first_sentence` words (`CUDA
  out of memory.` from an older release whose message goes on differently);
- ranking: exceptions and kernel assertions before warnings and log records
  (what a reader pastes is the exception, with the warnings printed above it),
  then `precision * precision_weight + recall * (1 - precision_weight)`.

Every pattern and threshold lives in RULES, which the site publishes with the
entries (assets/error-catalogue.json). The lookup page's script applies the
same rules (docs/assets/javascripts/error-lookup.js); patterns are written in
the subset of regular expressions that Python (re.ASCII) and JavaScript read
alike, and the tests compare both implementations on the same texts."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from scripts.i18n import tracking
from scripts.i18n.tracking import split_page
from scripts.pins import DEFAULT_STACK
from scripts.runner.snippet import DOCS_DIR, SNIPPETS_DIR, SnippetError, load_snippet, read_recording, scan_page

LOCALES = ("en", "zh", "ko")
TRANSLATIONS = ("zh", "ko")

# English stop words (lunr's list, as the site search uses it): left out of
# matching, so that "of" or "the" never make two messages look alike.
STOP_WORDS = (
    "a able about across after all almost also am among an and any are as at be because been but by can cannot "
    "could dear did do does either else ever every for from get got had has have he her hers him his how however i "
    "if in into is it its just least let like likely may me might most must my neither no nor not of off often on "
    "only or other our own rather said say says she should since so some than that the their them then there these "
    "they this tis to too twas us wants was we were what when where which while who whom why will with would yet "
    "you your"
).split()

# Patterns are [source, flags] (substitutions: [source, flags, replacement],
# where \1 in a replacement is group 1); flags "i" = ignore case. Only constructs both
# Python (re.ASCII) and JavaScript read the same way: no lookbehind, no named
# groups, no \s outside a line (lines contain only ASCII spaces after folding).
RULES: dict = {
    "version": 1,
    # Characters folded before anything else: pasted text from web pages,
    # terminals and CJK input methods.
    "folds": [
        ["\\x1b\\[[0-9;?]*[A-Za-z]", "", ""],  # terminal colours
        ["\\r\\n?|[\\u2028\\u2029\\u0085]", "", "\n"],
        ["[\\t\\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\f\\v]", "", " "],
        ["[\\u200b\\ufeff]", "", ""],
        ["[\\u2018\\u2019\\u201b\\u2032]", "", "'"],
        ["[\\u201c\\u201d\\u2033]", "", '"'],
        ["\\uff1a", "", ":"],
        # An exception that does not start its line (`FAILED test_x.py::t - OSError: ...`,
        # `actual error: RuntimeError: ...`, a traceback flattened onto one line) starts one.
        [" (?=[A-Za-z_][A-Za-z0-9_.]*(?:Error|Exception): )", "", "\n"],
    ],
    # Prefixes some tools put before every line (pytest's "E   ", quotes).
    "prefix": ["^(?:E {2,}|> ?)", ""],
    # Lines that belong to no error block and end the one before them.
    "skip": [
        ["Traceback \\(most recent call last\\)", ""],
        ['^File "[^"]*", line [0-9]+', ""],
        ["^File [^ ,]+:[0-9]+(?:, in |$)", ""],  # IPython frames
        ["^Cell In ?\\[[0-9 ]*\\], line [0-9]+", ""],  # Jupyter
        ["^-*> ?[0-9]+ ", ""],  # Jupyter's arrow on the failing line
        ["^During handling of the above exception, another exception occurred:?$", ""],
        ["^The above exception was the direct cause of the following exception:?$", ""],
        ["^[~^ ]*[~^][~^ ]*$", ""],  # carets under a frame's code
        ["^\\.\\.\\.$", ""],  # our recordings' elided frames
        ["^-{5,}$", ""],
    ],
    # A frame line: the indented lines right after it are its source code.
    "frame": ['^(?:File "[^"]*", line [0-9]+|File [^ ,]+:[0-9]+|Cell In ?\\[)', ""],
    # How an error block starts; group 1 is the type (0: none), group 2 the message's first line.
    "headlines": [
        {"kind": "warning", "pattern": ["^(?:[^ ].*?:[0-9]+: )?([A-Za-z_][A-Za-z0-9_.]*Warning): (.*)$", ""], "type": 1, "message": 2},
        {"kind": "assertion", "pattern": ["^(.*Assertion `.*` failed\\.?)$", ""], "type": 0, "message": 1},
        {
            "kind": "exception",
            "pattern": ["^((?:[A-Za-z_][A-Za-z0-9_]*\\.)*[A-Za-z0-9_]*(?:Error|Exception|Exit|Interrupt))(?:: ?(.*))?$", ""],
            "type": 1,
            "message": 2,
        },
        {"kind": "log", "pattern": ["^\\[([a-z][a-z0-9_]*)\\] (.+)$", ""], "type": 1, "message": 2},
    ],
    # Kinds whose block ends at the first indented line (Python prints the
    # warning's source line under it).
    "ends_at_indent": ["warning"],
    # Kinds that are one line: a log record's first line names it (what
    # follows, a table or the program's own output, varies).
    "single_line": ["log", "assertion"],
    # Applied to every message line, in order.
    "substitutions": [
        # A URL or a path starts where a run of the characters it may hold
        # starts (group 1 keeps the character before it): tried from inside
        # such runs as well, each pattern took quadratic time on a long word.
        ["(^|[^A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*://[^ '\"<>()\\[\\]{}`]+", "", "\\1<url>"],
        ["<class '[^']*'>", "", "<class>"],
        # A long enumeration (supported model types, choices): which entries it
        # has depends on the release.
        ["(^|[^A-Za-z0-9_.'\"-])(?:[A-Za-z0-9_.'\"-]+, ){5,}[A-Za-z0-9_.'\"-]+", "", "\\1<list>"],
        ["(^|[^A-Za-z0-9_.+@~<>-])(?:[A-Za-z]:)?[A-Za-z0-9_.+@~<>-]*(?:[\\\\/][A-Za-z0-9_.+@~<>-]+)+[\\\\/]?", "", "\\1<path>"],
        ["\\b0x(?:[0-9a-f]+\\b|<address>)", "i", "<hex>"],
        ["\\b[0-9]+(?:\\.[0-9]+)? ?(?:[KMGTPE]i?B|bytes|B)\\b", "", "<size>"],
        ["\\b[A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*)+\\b", "", "<dotted>"],
        # PyTorch's scalar type names as its C++ messages print them (`got Half and Float`).
        [
            "\\b(?:BFloat16|Float8_[A-Za-z0-9]+|ComplexFloat|ComplexDouble|ComplexHalf|Float|Half|Double|Long|Int|Short|Byte|Char|Bool)\\b",
            "",
            "<dtype>",
        ],
        ["\\b(?=[A-Za-z0-9_]*[a-z])(?=[A-Za-z0-9_]*[A-Z][A-Za-z0-9_]*[A-Z])[A-Za-z_][A-Za-z0-9_]*\\b", "", "<name>"],
        ["\\b[0-9]+(?:x[0-9]+)+\\b", "", "<shape>"],  # `(192721x92 and 103x64)`
        ["[-+]?\\b[0-9]+(?:\\.[0-9]+)*(?:e[-+]?[0-9]+)?\\b", "i", "<num>"],
        [" {2,}", "", " "],
    ],
    "token": ["<[a-z]+>|[A-Za-z0-9_]+(?:'[A-Za-z]+)?", ""],
    "placeholder": ["^<[a-z]+>$", ""],
    "sentence_end": ["[.!?](?= |$)", ""],
    "stop_words": STOP_WORDS,
    "min_token_length": 2,
    "max_paste": 20000,
    "scoring": {"min_matched": 3, "min_precision": 0.85, "min_first_sentence": 3, "precision_weight": 0.75},
    # Warnings and log records: documented where the section quotes this many
    # consecutive words of them that are not stop words.
    "documented_words": 2,
}


def _compile(rule: list[str]) -> re.Pattern[str]:
    return re.compile(rule[0], re.ASCII | (re.IGNORECASE if "i" in rule[1] else 0))


@cache
def _compiled():
    return {
        "folds": [(_compile(rule), rule[2]) for rule in RULES["folds"]],
        "prefix": _compile(RULES["prefix"]),
        "skip": [_compile(rule) for rule in RULES["skip"]],
        "frame": _compile(RULES["frame"]),
        "headlines": [(h["kind"], _compile(h["pattern"]), h["type"], h["message"]) for h in RULES["headlines"]],
        "substitutions": [(_compile(rule), rule[2]) for rule in RULES["substitutions"]],
        "token": _compile(RULES["token"]),
        "placeholder": _compile(RULES["placeholder"]),
        "sentence_end": _compile(RULES["sentence_end"]),
        "stop_words": frozenset(RULES["stop_words"]),
    }


# ---------------------------------------------------------------- signatures


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
    for pattern, replacement in _compiled()["folds"]:
        text = pattern.sub(replacement, text)
    return text


def extract_blocks(text: str) -> list[Block]:
    """The error blocks in a recording or a paste, in order."""
    rules = _compiled()
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
    for pattern, replacement in _compiled()["substitutions"]:
        line = pattern.sub(replacement, line)
    return line.strip(" ")


def words(normalised: str) -> list[str]:
    """Every token of a normalised line, lower case, a run of one placeholder once."""
    rules = _compiled()
    out: list[str] = []
    for token in rules["token"].findall(normalised):
        token = token.lower()
        if out and token == out[-1] and rules["placeholder"].search(token):
            continue
        out.append(token)
    return out


def significant(tokens: list[str]) -> list[str]:
    """The tokens matching compares: no placeholders, stop words or single letters."""
    rules = _compiled()
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
            sentence = _compiled()["sentence_end"].split(normalised, maxsplit=1)[0]
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


# ------------------------------------------------------------------ matching


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


def _as_dict(sig: Signature | dict) -> dict:
    return sig.as_dict() if isinstance(sig, Signature) else sig


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
    # The error a reader pastes is the exception: warnings and log records
    # printed above it come after it (same rule in error-matcher.js).
    # Among entries that explain every pasted word equally, the one whose
    # example shares the paste's own names (`PeftModel`) comes first: a first
    # line that several messages start with says nothing by its recall.
    pasted_words = set(raw_words(text))

    def overlap(entry: dict) -> int:
        return max((len(pasted_words.intersection(s["words"])) for s in entry["sections"]), default=0)

    found.sort(
        key=lambda item: (
            item[1]["kind"] not in ("exception", "assertion"),
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


# ------------------------------------------------------------------- pages

HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*\{[^}]*?#(?P<id>[\w-]+)[^}]*\}[ \t]*$")
FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
DIRECTIVE_LINE = re.compile(r"^[ \t]*!(?:[a-z][\w-]*)\b")


@dataclass
class Heading:
    line: int
    level: int
    id: str
    title: str


@dataclass
class Output:
    """A recorded output a page shows, where it shows it."""

    line: int  # the page line (Markdown) or cell index (notebook) it belongs to
    text: str
    source: str  # "transformers/oom_error.py" or "docs/training/x.ipynb#cell-id"
    device: str
    snippet: str | None  # the snippet's name, when it is one
    stack: str = DEFAULT_STACK  # the library stack that printed it


@dataclass
class PageContent:
    path: Path  # the English source
    headings: list[Heading]
    outputs: list[Output]
    prose: dict[str, list[str]]  # section id -> its prose lines


def _title(text: str) -> str:
    return " ".join(text.replace("`", "").replace("**", "").split())


def page_url(path: Path, docs_dir: Path = DOCS_DIR) -> str:
    rel = path.relative_to(docs_dir).with_suffix("").as_posix()
    if rel == "index" or rel.endswith("/index"):
        return rel[: -len("index")]
    return rel + "/"


def _markdown_structure(text: str) -> tuple[list[Heading], list[tuple[int, str]]]:
    """Headings and prose lines (line number, text) of a Markdown page."""
    page = split_page(text)
    headings, prose = [], []
    fence = None
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        if match := FENCE.match(line):
            fence = match.group("fence")
            continue
        if match := HEADING.match(line):
            headings.append(Heading(number, len(match.group("hashes")), match.group("id"), _title(match.group("text"))))
        if not DIRECTIVE_LINE.match(line):
            prose.append((number, line))
    return headings, prose


def _section_at(headings: list[Heading], line: int) -> Heading | None:
    above = [h for h in headings if h.line <= line]
    return above[-1] if above else None


def _group_prose(headings: list[Heading], prose: list[tuple[int, str]]) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for number, line in prose:
        heading = _section_at(headings, number)
        if heading is not None:
            grouped.setdefault(heading.id, []).append(line)
    return grouped


def read_markdown_page(path: Path, snippets_dir: Path = SNIPPETS_DIR) -> PageContent:
    headings, prose = _markdown_structure(path.read_text(encoding="utf-8"))
    outputs = []
    includes, _ = scan_page(path)
    for include in includes:
        if "code-only" in include.flags:
            continue
        source = snippets_dir / include.snippet_name
        try:
            snippet = load_snippet(source)
        except (OSError, SnippetError):
            continue  # reported by `python -m scripts.runner check`
        # Every stack's wording: a paste from transformers 4 lands on the same section.
        for stack, device in snippet.runs():
            try:
                recording = read_recording(snippet.output_path(device, stack))
            except SnippetError:
                recording = None
            if recording is not None:
                outputs.append(Output(include.line, recording.text, include.snippet_name, device, include.snippet_name, stack))
    return PageContent(path, headings, outputs, _group_prose(headings, prose))


def _cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _output_text(output: dict) -> str:
    kind = output.get("output_type")
    if kind == "stream":
        text = output.get("text", "")
        return "".join(text) if isinstance(text, list) else text
    if kind == "error":
        return f"Traceback (most recent call last):\n  ...\n{output.get('ename', '')}: {output.get('evalue', '')}\n"
    return ""


def read_notebook_page(path: Path, docs_dir: Path = DOCS_DIR) -> PageContent:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    headings: list[Heading] = []
    prose: list[tuple[int, str]] = []
    outputs: list[Output] = []
    line = 0  # a running line number over every cell's lines
    for cell in notebook.get("cells", []):
        source = _cell_source(cell)
        if cell.get("cell_type") == "markdown":
            page_headings, page_prose = _markdown_structure(source)
            headings += [Heading(line + h.line, h.level, h.id, h.title) for h in page_headings]
            prose += [(line + n, text) for n, text in page_prose]
        elif cell.get("cell_type") == "code":
            text = "".join(_output_text(output) for output in cell.get("outputs", []))
            if text:
                name = f"{path.relative_to(docs_dir.parent).as_posix()}#{cell.get('id', '?')}"
                outputs.append(Output(line + 1, text, name, "cpu", None))
        line += source.count("\n") + 2
    return PageContent(path, headings, outputs, _group_prose(headings, prose))


def english_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Every English page (Markdown or notebook): in the site's navigation
    order (mkdocs.yml `nav`), then the pages outside it in path order."""
    pages = [docs_dir / rel for rel in tracking.english_pages(docs_dir, TRANSLATIONS)]
    order = {name: index for index, name in enumerate(_nav_files(docs_dir.parent / "mkdocs.yml"))}
    return sorted(pages, key=lambda p: (order.get(p.relative_to(docs_dir).as_posix(), len(order)), p))


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, whose `!ENV` and `!!python/name` tags need MkDocs."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _nav_files(config: Path) -> list[str]:
    try:
        nav = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader).get("nav") or []
    except (OSError, yaml.YAMLError, AttributeError):
        return []
    found: list[str] = []

    def walk(item) -> None:
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            for value in item.values():
                walk(value)
        elif isinstance(item, list):
            for value in item:
                walk(value)

    walk(nav)
    return found


def _translation(path: Path, locale: str) -> Path:
    return path.with_name(f"{path.stem}.{locale}{path.suffix}")


def _titles(path: Path) -> tuple[str | None, dict[str, str]]:
    """A page's title (its H1) and each section id's title."""
    if not path.exists():
        return None, {}
    if path.suffix == ".ipynb":
        headings = read_notebook_page(path, path.parent).headings
    else:
        headings = _markdown_structure(path.read_text(encoding="utf-8"))[0]
    h1 = next((h.title for h in headings if h.level == 1), None)
    return h1, {h.id: h.title for h in headings}


# ---------------------------------------------------------------- catalogue


def quoted(sig: Signature, prose: list[str]) -> tuple[int, int]:
    """How much of a warning some prose quotes: the non-stop words in the
    longest run of consecutive message words that the prose also has, and at
    how many places the prose quotes enough of it."""
    stop = _compiled()["stop_words"]
    placeholder = _compiled()["placeholder"]
    message = [w for line in sig.lines for w in words(line)]
    text = [w for line in prose for w in words(normalise_line(fold(line)))]
    best, places = 0, 0
    for j in range(len(text)):
        longest = 0
        for i in range(len(message)):
            count, k = 0, 0
            while i + k < len(message) and j + k < len(text) and message[i + k] == text[j + k] and not placeholder.search(message[i + k]):
                count += message[i + k] not in stop
                k += 1
            longest = max(longest, count)
        best = max(best, longest)
        places += longest >= RULES["documented_words"]
    return best, places


def raw_words(text: str) -> list[str]:
    """The words of a message as printed (names and paths included), each
    once: what orders the sections of one entry by their example's likeness
    to a paste."""
    rules = _compiled()
    found: list[str] = []
    for token in rules["token"].findall(fold(text)):
        token = token.lower()
        if len(token) >= RULES["min_token_length"] and token not in rules["stop_words"] and not token.isdigit() and token not in found:
            found.append(token)
    return found


@dataclass
class Entry:
    kind: str
    type: str
    text: str  # the block as the page shows it
    message_lines: list[str]  # its message, without the type
    sig: Signature
    occurrences: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        key = "\n".join([self.kind, self.type, *self.sig.lines])
        return hashlib.sha1(key.encode()).hexdigest()[:10]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "type": self.type,
            "text": self.text,
            "message_lines": self.message_lines,
            "type_token": self.sig.type_token,
            "lines": self.sig.lines,
            "tokens": self.sig.tokens,
            "first": self.sig.first,
            "occurrences": self.occurrences,
            "sections": self.sections,
        }


def _section_record(page: Path, heading: Heading, docs_dir: Path) -> dict:
    record = {"page": page.relative_to(docs_dir.parent).as_posix(), "id": heading.id}
    english_title, _ = _titles(page)
    for locale in LOCALES:
        source = page if locale == "en" else _translation(page, locale)
        page_title, titles = _titles(source)
        prefix = "" if locale == "en" else f"{locale}/"
        record[locale] = {
            "url": f"{prefix}{page_url(page, docs_dir)}#{heading.id}",
            "title": titles.get(heading.id, heading.title),
            "page": page_title or english_title or page.stem,
        }
    return record


def explaining_sections(block: Block, sig: Signature, content: PageContent, shown_in: Heading) -> list[tuple[tuple, Heading]]:
    """Where a page explains an error it shows, each with a sort key. An
    exception or a kernel assertion: the section the output is in. A warning
    or a log record: the sections of the same page that quote it, most quoted
    first; none when the page does not talk about it."""
    if block.kind in ("exception", "assertion"):
        return [((0, 0), shown_in)]
    if block.kind not in ("warning", "log"):
        return []
    found = []
    for heading in content.headings:
        best, places = quoted(sig, content.prose.get(heading.id, []))
        if best >= RULES["documented_words"]:
            found.append(((-best, -places), heading))
    return found


def build(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> list[Entry]:
    """Every catalogued error, in the order the site shows them. An entry's
    sections: in the site's order (warnings: the most quoted first)."""
    entries: dict[tuple, Entry] = {}
    keys: dict[tuple, dict[str, tuple]] = {}  # entry -> section url -> sort key
    for page_index, page in enumerate(english_pages(docs_dir)):
        content = read_notebook_page(page, docs_dir) if page.suffix == ".ipynb" else read_markdown_page(page, snippets_dir)
        explained: dict[tuple, list[tuple[tuple, Heading]]] = {}
        # (source, kind, type) -> the sections explaining that warning as the
        # current stack prints it: another stack's wording of it goes there too.
        by_source: dict[tuple, list[tuple[tuple, Heading]]] = {}
        for output in content.outputs:
            shown_in = _section_at(content.headings, output.line)
            if shown_in is None:
                continue
            for block in extract_blocks(output.text):
                sig = signature(block)
                key = (block.kind, block.type, tuple(sig.lines))
                if not sig.tokens:
                    continue
                if key not in explained or block.kind in ("exception", "assertion"):
                    explained[key] = explaining_sections(block, sig, content, shown_in)
                    if not explained[key] and output.stack != DEFAULT_STACK:
                        explained[key] = by_source.get((output.source, block.kind, block.type), [])
                    elif explained[key] and output.stack == DEFAULT_STACK:
                        by_source.setdefault((output.source, block.kind, block.type), explained[key])
                if not explained[key]:
                    continue
                entry = entries.setdefault(key, Entry(block.kind, block.type, block.text, list(block.lines), sig))
                occurrence = {
                    "page": page.relative_to(docs_dir.parent).as_posix(),
                    "shown_in": shown_in.id,
                    "source": output.source,
                    "snippet": output.snippet,
                    "device": output.device,
                    "stack": output.stack,
                }
                if occurrence not in entry.occurrences:
                    entry.occurrences.append(occurrence)
                example = raw_words(block.text) if block.kind in ("exception", "assertion") else []
                for sort_key, heading in explained[key]:
                    section = _section_record(page, heading, docs_dir)
                    url = section["en"]["url"]
                    known = next((s for s in entry.sections if s["en"]["url"] == url), None)
                    if known is None:
                        section["example"] = block.text if example else entry.text
                        section["words"] = []
                        entry.sections.append(section)
                        keys.setdefault(key, {})[url] = (*sort_key, page_index, len(keys.get(key, {})))
                        known = section
                    known["words"] += [w for w in example if w not in known["words"]]
    for key, entry in entries.items():
        entry.sections.sort(key=lambda s: keys[key][s["en"]["url"]])
    return list(entries.values())


def catalogue(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> dict:
    """What the site publishes: the rules and the entries."""
    entries = build(docs_dir, snippets_dir)
    return {"rules": RULES, "entries": [entry.as_dict() for entry in entries]}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
