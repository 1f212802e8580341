"""The error catalogue's rules: every pattern and threshold that turns a
recording or a paste into signatures and scores them, kept in one data file,
rules.json beside this module. Python reads it here; the site publishes it
inside the catalogue (assets/error-catalogue.json, key `rules`), where
docs/assets/javascripts/error-matcher.js reads it: the page script has no copy
of its own.

A pattern is `[source, flags]` (a substitution `[source, flags, replacement]`,
`\\1` in a replacement being group 1); flags `"i"` ignores case. Only
constructs that Python (re.ASCII) and JavaScript read the same way: no
lookbehind, no named groups, no `\\s` (after folding, lines hold only ASCII
spaces). `load` refuses the others.

The keys, in the order they apply:

- `folds`: characters folded before anything else, as pasted from web pages,
  terminals and CJK input methods: terminal colours, line ends, exotic spaces,
  zero-width characters, curly quotes, the full-width colon; and an exception
  that does not start its line (`FAILED test_x.py::t - OSError: ...`, a
  traceback flattened onto one line) is made to start one.
- `prefix`: what some tools put before every line (pytest's `E   `, quotes).
- `skip`: lines that belong to no error block and end the one before them:
  traceback headers, Python, IPython and Jupyter frames, Jupyter's arrow on
  the failing line, chained-exception notes, carets under a frame's code, our
  recordings' elided frames (`...`), rules of dashes.
- `frame`: a frame line; the indented lines right after it are its source.
- `headlines`: how an error block starts, tried in order; `type` is the group
  holding the error's type (0: none), `message` the group holding its first line.
- `ends_at_indent`: kinds whose block ends at the first indented line (Python
  prints a warning's source line under it).
- `single_line`: kinds that are one line: a log record's first line names it
  (what follows, a table or the program's own output, varies).
- `leading_kinds`: what a reader pastes as the error itself (exceptions and
  kernel assertions): explained by the section their output is shown in, and
  ranked before warnings and log records printed above them.
- `substitutions`: applied to every message line, in order: URLs and paths
  (each starts where a run of the characters it may hold starts, group 1
  keeping the character before it: tried from inside such runs as well, the
  pattern took quadratic time on a long word), class reprs, long enumerations
  (which entries a list of supported types has depends on the release),
  addresses, sizes, dotted names, PyTorch's scalar type names as its C++
  messages print them (`got Half and Float`), mixed-case names, shapes
  (`192721x92`), numbers, runs of spaces.
- `token`, `placeholder`, `sentence_end`: what a word is, what a placeholder
  is, where a message's first sentence ends.
- `stop_words`: English stop words (lunr's list, as the site search uses it),
  left out of matching so that "of" or "the" never make two messages alike.
- `min_token_length`, `max_paste`: shorter words are ignored; a paste is read
  up to this many characters.
- `scoring`: `min_matched` words in common and a precision of
  `min_precision`, or the same first sentence of `min_first_sentence` words,
  make a match; `precision_weight` weighs precision against recall.
- `documented_words`: a warning or log record is documented where a section
  quotes this many consecutive words of it that are not stop words."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

RULES_PATH = Path(__file__).with_name("rules.json")

PATTERN_KEYS = ("prefix", "frame", "token", "placeholder", "sentence_end")
PATTERN_LIST_KEYS = ("folds", "skip", "substitutions")
REQUIRED_KEYS = (
    "version",
    *PATTERN_LIST_KEYS,
    *PATTERN_KEYS,
    "headlines",
    "ends_at_indent",
    "single_line",
    "leading_kinds",
    "stop_words",
    "min_token_length",
    "max_paste",
    "scoring",
    "documented_words",
)
SCORING_KEYS = ("min_matched", "min_precision", "min_first_sentence", "precision_weight")
# Read differently, or not at all, by one of the two regular expression engines.
_NOT_PORTABLE = re.compile(r"\(\?<[=!]|\(\?P|\(\?<[A-Za-z]|\\s|\\S|\(\?[aiLmsux]")


class RulesError(ValueError):
    """A rules file that cannot be used, with the file and line at fault."""


def _line_of(text: str, fragment: str) -> int:
    position = text.find(fragment)
    return text.count("\n", 0, position) + 1 if position >= 0 else 1


def _check_pattern(rule, where: str, text: str, path: Path, replacement: bool) -> None:
    size = 3 if replacement else 2
    if not (isinstance(rule, list) and len(rule) == size and all(isinstance(part, str) for part in rule)):
        shape = "[source, flags, replacement]" if replacement else "[source, flags]"
        raise RulesError(f"{path}:{_line_of(text, json.dumps(rule))}: {where} must be {shape} (strings), not {rule!r}")
    line = _line_of(text, json.dumps(rule[0]))
    if set(rule[1]) - {"i"}:
        raise RulesError(f"{path}:{line}: {where}: unknown flags {rule[1]!r} (only 'i')")
    if match := _NOT_PORTABLE.search(rule[0]):
        raise RulesError(f"{path}:{line}: {where}: {match.group()!r} is not read alike by Python and JavaScript")
    try:
        compile_pattern(rule)
    except re.error as error:
        raise RulesError(f"{path}:{line}: {where}: {error}") from None


def load(path: Path = RULES_PATH) -> dict:
    """The rules in `path`, checked: every key present, every pattern one both
    engines read alike and Python compiles."""
    text = path.read_text(encoding="utf-8")
    try:
        rules = json.loads(text)
    except json.JSONDecodeError as error:
        raise RulesError(f"{path}:{error.lineno}: not valid JSON: {error.msg}") from None
    if not isinstance(rules, dict):
        raise RulesError(f"{path}:1: the rules must be one JSON object")
    missing = [key for key in REQUIRED_KEYS if key not in rules]
    missing += [f"scoring.{key}" for key in SCORING_KEYS if key not in rules.get("scoring", {})]
    if missing:
        raise RulesError(f"{path}:1: missing {', '.join(missing)}")
    for key in PATTERN_KEYS:
        _check_pattern(rules[key], key, text, path, replacement=False)
    for key in PATTERN_LIST_KEYS:
        for index, rule in enumerate(rules[key]):
            _check_pattern(rule, f"{key}[{index}]", text, path, replacement=key != "skip")
    for index, headline in enumerate(rules["headlines"]):
        where = f"headlines[{index}]"
        if not isinstance(headline, dict) or not {"kind", "pattern", "type", "message"} <= set(headline):
            line = _line_of(text, '"headlines"')
            raise RulesError(f"{path}:{line}: {where} needs kind, pattern, type and message")
        _check_pattern(headline["pattern"], where, text, path, replacement=False)
    return rules


def compile_pattern(rule: list[str]) -> re.Pattern[str]:
    return re.compile(rule[0], re.ASCII | (re.IGNORECASE if "i" in rule[1] else 0))


RULES: dict = load()


@cache
def compiled() -> dict:
    """RULES' patterns compiled, once."""
    return {
        "folds": [(compile_pattern(rule), rule[2]) for rule in RULES["folds"]],
        "prefix": compile_pattern(RULES["prefix"]),
        "skip": [compile_pattern(rule) for rule in RULES["skip"]],
        "frame": compile_pattern(RULES["frame"]),
        "headlines": [(h["kind"], compile_pattern(h["pattern"]), h["type"], h["message"]) for h in RULES["headlines"]],
        "substitutions": [(compile_pattern(rule), rule[2]) for rule in RULES["substitutions"]],
        "token": compile_pattern(RULES["token"]),
        "placeholder": compile_pattern(RULES["placeholder"]),
        "sentence_end": compile_pattern(RULES["sentence_end"]),
        "stop_words": frozenset(RULES["stop_words"]),
        "leading_kinds": frozenset(RULES["leading_kinds"]),
    }
