"""The one cache the tools keep between runs: a JSON object in a file under
CACHE_DIR (`.cache/`, never committed) whose entries hold content hashes or
what was computed from the content a hash names.

Two ways to use it, both plain `key -> value` entries:

- "was this verified with these inputs?": the key names the thing (`x.py[cpu]`)
  and the value is the digest of its inputs (`cache.get(name) == digest(...)`);
  a changed input gives another digest, and marking it replaces the old one;
- "what did this produce?": the key is (or contains) a digest of the inputs and
  the value is the result (a command's `--help` output, names found in sources).

A `scope` (for example a digest of the installed versions) is stored with the
entries; a file written under another scope is outdated, not broken, and is
replaced without a note. Without a scope the file is the bare object of entries.

A cache is only ever an optimisation, so a file that cannot be used never
stops a run: a corrupt file or one that holds something else is noted on
stderr and a new cache is started; a directory where the file should be is
noted and left alone (nothing is saved). Saving writes atomically and merges
with what another process saved meanwhile, so parallel runs keep each
other's entries."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scripts.project import CACHE_DIR, write_atomically

__all__ = ["CACHE_DIR", "HashCache", "digest", "tree_digest"]


def digest(*parts: bytes | str) -> str:
    """Hex digest of several inputs, each hashed on its own first, so that
    ("ab", "c") and ("a", "bc") differ."""
    combined = hashlib.sha256()
    for part in parts:
        combined.update(hashlib.sha256(part.encode() if isinstance(part, str) else part).digest())
    return combined.hexdigest()


def tree_digest(root: Path) -> bytes:
    """Raw digest of every file under `root`: their paths and contents."""
    combined = hashlib.sha256()
    for path in sorted(Path(root).rglob("*")):
        if path.is_file():
            combined.update(path.relative_to(root).as_posix().encode())
            combined.update(path.read_bytes())
    return combined.digest()


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


class HashCache:
    """Entries `str -> value` kept in `path` between runs.

    `label` names the cache in notes ("snippet cache"); `value_type` is the
    type every value must have (a file whose values differ is not this cache);
    `scope` is described in the module docstring."""

    def __init__(self, path: Path, *, label: str = "cache", value_type: type | tuple[type, ...] = str, scope: str | None = None):
        self.path = Path(path)
        self.label = label
        self.value_type = value_type
        self.scope = scope
        self.usable = not self.path.is_dir()
        if not self.usable:
            _note(f"{self.path} is a directory, not the {label}; running without a cache (remove it to keep one)")
        self.entries: dict[str, Any] = self._load(quiet=False) if self.usable else {}
        self._saved = dict(self.entries)  # as last read or written: what save() compares with

    # ------------------------------------------------------------ reading

    def _load(self, quiet: bool) -> dict[str, Any]:
        def problem(why: str) -> dict[str, Any]:
            if not quiet:
                _note(f"{self.path} {why}; starting a new one")
            return {}

        try:
            stored = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            return problem(f"is not a readable {self.label} ({error})")
        if self.scope is not None:
            if not isinstance(stored, dict) or set(stored) != {"scope", "entries"}:
                return problem(f"does not hold a {self.label} (expected an object with 'scope' and 'entries')")
            if stored["scope"] != self.scope:
                return {}  # written for other inputs (an upgrade): outdated, nothing to report
            stored = stored["entries"]
        if not isinstance(stored, dict) or not all(isinstance(k, str) and isinstance(v, self.value_type) for k, v in stored.items()):
            return problem(f"does not hold a {self.label} (expected an object of {self._value_name()} values)")
        return stored

    def _value_name(self) -> str:
        types = self.value_type if isinstance(self.value_type, tuple) else (self.value_type,)
        return " or ".join(t.__name__ for t in types)

    # ------------------------------------------------------------ entries

    def get(self, key: str, default: Any = None) -> Any:
        return self.entries.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.entries[key]

    def __setitem__(self, key: str, value: Any) -> None:
        if not isinstance(value, self.value_type):
            raise TypeError(f"{self.label}: a value must be {self._value_name()}, not {type(value).__name__} (key {key!r})")
        self.entries[key] = value

    def __delitem__(self, key: str) -> None:
        del self.entries[key]

    def __contains__(self, key: object) -> bool:
        return key in self.entries

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    # ------------------------------------------------------------ writing

    def save(self) -> None:
        """Write the entries changed or removed since the last read or save,
        on top of what the file holds now (another run may have saved in
        between). A failure to write is noted: the next run works without
        those entries."""
        if not self.usable:
            return
        merged = self._load(quiet=True)
        for key in self._saved.keys() - self.entries.keys():
            merged.pop(key, None)
        merged.update({key: value for key, value in self.entries.items() if self._saved.get(key, _MISSING) != value})
        stored: Any = merged if self.scope is None else {"scope": self.scope, "entries": merged}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(stored, indent=1, sort_keys=True))
        except OSError as error:
            _note(f"could not save the {self.label} {self.path} ({error}); the next run starts without these entries")
            return
        self.entries = merged
        self._saved = dict(merged)


_MISSING = object()
