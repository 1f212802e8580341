"""Is every catalogued message still emitted by the installed libraries?

A release that removes or rewords a message would leave a section that readers
can no longer find by pasting their error. For each catalogue entry this looks
for the message's constant parts (what is left after taking out the parts the
signature replaces with placeholders, quoted values, and line and sentence
breaks) in what is installed:

1. the libraries' Python sources: as written, or spread over string literals
   that Python joins (implicit concatenation across lines, an f-string's
   `{...}` that prints nothing in between);
2. the strings of their compiled extensions and of the Python interpreter
   (`IndexError: Target 5 is out of bounds.` comes from torch's C++,
   `cannot import name` from CPython), a constant part being allowed to span
   literals that C++ passes one after another;
3. failing that, the entry is "still produced by its snippet" when the
   snippet runner's last check of that snippet on this machine passed with
   the installed versions (its cache of verified inputs says so).

The libraries' files come from scripts/library_sources.py. Where each text
was found is kept between runs (`default_cache_file`) until another version is
installed (library_sources.fingerprint) or this module changes: reading the binaries' strings takes
most of a minute, looking a known message up again nothing.

An entry recorded only on a GPU whose text the installed build cannot contain
(torch's CPU wheel has no CUDA code) is reported as not checkable here; the
GPU runner checks it (tests marked `gpu`). Anything else not found fails,
naming the entry, its snippet and its page."""

from __future__ import annotations

import bisect
import mmap
import re
import sys
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from scripts import library_sources
from scripts.cache import CACHE_DIR, HashCache, digest
from scripts.errors.rules import compiled
from scripts.errors.signatures import fold

# Where the messages our pages show come from: the documented libraries, what
# they call into (`nvidia` holds the CUDA runtime of a CUDA build of torch,
# whose error strings torch prints), and the interpreter.
LIBRARIES = ("transformers", "peft", "torch", "huggingface_hub", "accelerate", "safetensors", "tokenizers", "numpy", "nvidia")
MIN_WORDS = 2  # a constant part shorter than this says nothing
COVER = 0.75  # the share of a constant part's words that must be found
_WORD = re.compile(r"[A-Za-z]{2,}")
_SENTINEL = "\x00"
_QUOTED = re.compile(r"(?<![A-Za-z0-9_])(?:'[^']*'|`[^`]*`|\"[^\"]*\")(?![A-Za-z0-9_])")
_RECORDING_PLACEHOLDER = re.compile(r"<[a-z][a-z-]*>")  # <site-packages>, <time>, <address> from compare.normalise
_PRINTABLE = re.compile(rb"[\x20-\x7e]{3,}")
_BREAK = re.compile(r"[.!?:;](?: +|$)| {2,}|\x00+")


def default_cache_file() -> Path:
    """One file per environment (each stack's interpreter checks its own wordings)."""
    return CACHE_DIR / "errors" / f"found-messages-{digest(sys.prefix)[:12]}.json"


def fragments(lines: list[str]) -> list[str]:
    """The constant parts of a message (its lines without the type)."""
    rules = compiled()
    found: list[str] = []
    for line in lines:
        text = fold(line)
        text = _RECORDING_PLACEHOLDER.sub(_SENTINEL, text)
        for pattern, _ in rules["substitutions"][:-1]:  # the last one only squeezes spaces
            text = pattern.sub(_SENTINEL, text)
        text = _QUOTED.sub(_SENTINEL, text)
        for part in _BREAK.split(text):
            part = part.strip(" ,()[]{}'\"`=-")
            if len(_WORD.findall(part)) >= MIN_WORDS and part not in found:
                found.append(part)
    return found


# What may stand between two words of one message in Python source: a space,
# the end of one string literal and the start of the next (implicit
# concatenation across lines), or an f-string's `{...}` that printed nothing.
# One blank per repetition: `[ \t]+` inside the `+` backtracked exponentially on long indentation.
_JOINT = r"""(?:[ \t]|["'][ \t]*\n[ \t]*[rRbBuUfF]{0,2}["']|\{[^{}\n]{0,80}\})+"""


def _across_literals(text: str) -> re.Pattern[str]:
    """`text` as Python source may spell it over several literals."""
    words = [re.escape(word).replace("'", "\\\\?'") for word in text.split(" ")]
    return re.compile(_JOINT.join(words))


@dataclass
class Where:
    how: str  # "source" | "literal" | "binary"
    path: Path


class Corpus:
    """What the installed libraries and interpreter contain, loaded lazily.
    Where each text was found (or that it was not) is kept in `cache_file`
    (default: `default_cache_file()`) for as long as the same versions are
    installed at the same place."""

    def __init__(self, libraries: tuple[str, ...] = LIBRARIES, cache_file: Path | None = None):
        self.names = tuple(libraries)
        self.libraries = library_sources.find(self.names)
        self.roots = [root for library in self.libraries for root in library.roots]
        cache_file = default_cache_file() if cache_file is None else cache_file
        # Outdated by another version installed, or by a change to how this module searches.
        scope = digest(library_sources.fingerprint(self.names), Path(__file__).read_bytes())
        self._found = HashCache(cache_file, label="cache of found messages", scope=scope)

    def save(self) -> None:
        self._found.save()

    @cached_property
    def sources(self) -> list[tuple[Path, str]]:
        return library_sources.python_sources(self.names)

    @cached_property
    def _joined(self) -> tuple[str, list[int]]:
        """Every source in one string (one search instead of thousands), and where each starts."""
        starts, offset = [], 0
        for _, text in self.sources:
            starts.append(offset)
            offset += len(text) + 1
        return _SENTINEL.join(text for _, text in self.sources), starts

    @cached_property
    def binaries(self) -> list[Path]:
        return [path for library in self.libraries for path in library.binary_files] + library_sources.interpreter_binaries()

    @cached_property
    def _binary_strings(self) -> tuple[str, list[int]]:
        """The printable strings of every binary in one string, as `strings`
        lists them, and where each binary's start: one fast search per
        message instead of a scan of every binary."""
        parts, starts, offset = [], [], 0
        for path in self.binaries:
            try:
                with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
                    text = _SENTINEL.join(run.decode("ascii") for run in _PRINTABLE.findall(data))
            except (OSError, ValueError):
                text = ""
            starts.append(offset)
            parts.append(text)
            offset += len(text) + 1
        return _SENTINEL.join(parts), starts

    def _find_whole(self, text: str) -> Where | None:
        joined, starts = self._joined
        position = joined.find(text)
        if position >= 0:
            return Where("source", self.sources[bisect.bisect_right(starts, position) - 1][0])
        strings, binary_starts = self._binary_strings
        position = strings.find(text)
        if position >= 0:
            return Where("binary", self.binaries[bisect.bisect_right(binary_starts, position) - 1])
        match = _across_literals(text).search(joined)
        if match:
            return Where("literal", self.sources[bisect.bisect_right(starts, match.start()) - 1][0])
        return None

    def find(self, text: str) -> Where | None:
        if text not in self._found:
            where = self._find_whole(text)
            self._found[text] = f"{where.how}\t{where.path}" if where else ""
        how, _, path = self._found[text].partition("\t")
        return Where(how, Path(path)) if how else None

    def find_fragment(self, fragment: str) -> list[Where] | None:
        """Where a constant part is: whole, or as consecutive pieces of at
        least MIN_WORDS words (C++ passes a message's literals one after
        another) that cover COVER of its words; a word no piece has is taken
        for an interpolated value (`found in directory tf-only`)."""
        whole = self.find(fragment)
        if whole:
            return [whole]
        words = fragment.split(" ")
        found: list[Where] = []
        start = covered = 0
        while start < len(words):
            low, high, best = start + MIN_WORDS, len(words), None
            while low <= high:  # the longest piece from `start` that exists
                middle = (low + high) // 2
                where = self.find(" ".join(words[start:middle]))
                if where:
                    best, low = (middle, where), middle + 1
                else:
                    high = middle - 1
            if best is None:
                start += 1
                continue
            found.append(best[1])
            covered += best[0] - start
            start = best[0]
        return found if covered >= COVER * len(words) else None


@dataclass
class Result:
    entry: dict
    status: str  # found | produced | not-checkable | missing
    detail: str = ""
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("found", "produced", "not-checkable")

    def describe(self) -> str:
        entry = self.entry
        where = ", ".join(sorted({o["source"] for o in entry["occurrences"]}))
        pages = ", ".join(s["en"]["url"] for s in entry["sections"])
        head = f"{entry['id']} {entry['text'].splitlines()[0][:100]}"
        if self.status == "missing":
            parts = "; ".join(repr(m) for m in self.missing)
            return f"{head}\n    not found in the installed libraries: {parts}\n    shown by {where}, explained at {pages}"
        return f"{head}\n    {self.status}: {self.detail}"


def _cuda_build() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.version.cuda is not None


@cache
def _verified_cache():
    """Read once per run: building it hashes the checkpoints and asks every
    stack's interpreter for its versions."""
    from scripts.runner.verify import VerifiedCache

    return VerifiedCache()


def _verified_snippets(entry: dict) -> list[str]:
    from scripts.runner.snippet import SNIPPETS_DIR, load_snippet

    cache = _verified_cache()
    out = []
    for occurrence in entry["occurrences"]:
        if occurrence["snippet"]:
            snippet = load_snippet(SNIPPETS_DIR / occurrence["snippet"])
            stack = occurrence.get("stack", "current")
            if stack in snippet.stacks and cache.is_verified(snippet, occurrence["device"], stack):
                where = occurrence["device"] if stack == "current" else f"{stack} {occurrence['device']}"
                out.append(f"{occurrence['snippet']} on {where}")
    return out


def check_entry(entry: dict, corpus: Corpus, cuda_build: bool | None = None) -> Result:
    cuda_build = _cuda_build() if cuda_build is None else cuda_build
    gpu_only = all(o["device"] == "cuda" for o in entry["occurrences"])
    parts = fragments(entry["message_lines"])
    missing, places = [], set()
    if cuda_build or not gpu_only:
        for fragment in parts:
            where = corpus.find_fragment(fragment)
            if where is None:
                missing.append(fragment)
            else:
                places.update(str(w.path) for w in where)
        if parts and not missing:
            return Result(entry, "found", ", ".join(sorted(_short(p) for p in places)))
    produced = _verified_snippets(entry)
    if produced:
        return Result(entry, "produced", "still produced by " + ", ".join(produced) + " (its last check passed here)")
    if not cuda_build and gpu_only:
        return Result(entry, "not-checkable", "recorded on a GPU only, and the installed torch has no CUDA code; the GPU runner checks it")
    return Result(entry, "missing", missing=missing or ["(no constant part long enough to look for)"])


def _short(path: str) -> str:
    for marker in ("site-packages/", "dist-packages/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return Path(path).name


def check(entries: list[dict], corpus: Corpus | None = None, cuda_build: bool | None = None) -> list[Result]:
    corpus = corpus or Corpus()
    results = [check_entry(entry, corpus, cuda_build) for entry in entries]
    corpus.save()
    return results
