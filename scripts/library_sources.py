"""The installed libraries' own files, found once for every tool that reads them.

The shell-block checker looks in the libraries' Python source for the
environment variables they read; the still-emitted check looks in their source
and compiled extensions for the messages our pages document. Both go through
this module:

    libs = library_sources.find(("transformers", "torch"))      # [Library, ...]
    library_sources.python_sources(("transformers", "torch"))   # [(path, text), ...]
    library_sources.derived("env-names", names, compute)        # a result, cached by the installed versions

A library is an importable top-level package (`huggingface_hub`, or the
`nvidia` namespace package that a CUDA build of torch brings); its files are
those under its package folder(s). What is computed from them is cached under
CACHE_DIR for as long as the same versions are installed at the same place
(`fingerprint`): the pinned libraries are releases, whose files do not change
without their version changing."""

from __future__ import annotations

import importlib.util
import re
import sys
import sysconfig
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from scripts.cache import CACHE_DIR, HashCache, digest

CACHE_FOLDER = CACHE_DIR / "library_sources"
_LABEL = re.compile(r"[a-z0-9_-]+")


class LibraryMissing(RuntimeError):
    """A library that had to be installed is not."""


@dataclass(frozen=True)
class Library:
    name: str  # the import name: huggingface_hub, not huggingface-hub
    roots: tuple[Path, ...]  # its package folders (several for a namespace package)
    distributions: tuple[tuple[str, str], ...]  # (distribution, version) pairs that install it

    def files(self, pattern: str) -> list[Path]:
        """Its files matching a glob pattern (`*.py`, `*.so*`), in a stable order."""
        return sorted(path for root in self.roots for path in root.rglob(pattern) if path.is_file())

    @property
    def python_files(self) -> list[Path]:
        return self.files("*.py")

    @property
    def binary_files(self) -> list[Path]:
        """Its compiled extensions and the shared libraries it ships."""
        return self.files("*.so*")

    @property
    def version(self) -> str:
        """`4.57.6`, or `nvidia-cublas-cu12=12.8.4.1 ...` for a package several distributions install."""
        if len(self.distributions) == 1:
            return self.distributions[0][1]
        return " ".join(f"{name}={version}" for name, version in self.distributions)


@cache
def _distributions_by_package() -> dict[str, list[str]]:
    return metadata.packages_distributions()


@cache
def find_one(name: str) -> Library | None:
    """The installed library `name`, or None when it is not importable here."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None:
        return None
    if spec.submodule_search_locations:
        roots = tuple(Path(location) for location in spec.submodule_search_locations)
    elif spec.origin:  # a single-module library
        roots = (Path(spec.origin).parent,)
    else:
        return None
    distributions = []
    for distribution in sorted(set(_distributions_by_package().get(name, []))):
        try:
            distributions.append((distribution, metadata.version(distribution)))
        except metadata.PackageNotFoundError:
            continue
    return Library(name, roots, tuple(distributions))


def find(names: Iterable[str], *, required: bool = False) -> list[Library]:
    """The installed libraries among `names`, in their order. With
    `required`, a missing one raises LibraryMissing naming it."""
    found = []
    for name in names:
        library = find_one(name)
        if library is None:
            if required:
                raise LibraryMissing(f"{name} is not installed in {sys.executable}: install requirements.txt first (make install)")
            continue
        found.append(library)
    return found


def interpreter_binaries() -> list[Path]:
    """The Python interpreter's executable and shared library: messages such
    as `cannot import name` come from CPython itself."""
    found = [Path(sys.executable).resolve()]
    libdir, library = sysconfig.get_config_var("LIBDIR"), sysconfig.get_config_var("LDLIBRARY")
    if libdir and library:
        found.append(Path(libdir) / library)
    return [path for path in found if path.is_file()]


@cache
def _python_sources(names: tuple[str, ...], required: bool) -> tuple[tuple[Path, str], ...]:
    out = []
    for library in find(names, required=required):
        for path in library.python_files:
            try:
                out.append((path, path.read_text(encoding="utf-8", errors="replace")))
            except OSError:
                continue  # removed while we read: what is left is still worth searching
    return tuple(out)


def python_sources(names: Iterable[str], *, required: bool = False) -> list[tuple[Path, str]]:
    """(path, text) of every Python file of the libraries, read once per
    process (both scans in one run share the reading)."""
    return list(_python_sources(tuple(names), required))


def fingerprint(names: Iterable[str]) -> str:
    """A digest of what decides the libraries' files: the interpreter's
    version, and for each library where it is installed and which
    distributions at which versions install it (or that it is missing)."""
    parts = [sys.version]
    for name in names:
        library = find_one(name)
        if library is None:
            parts.append(f"{name}: not installed")
        else:
            parts.append(f"{name}: {' '.join(map(str, library.roots))} {library.distributions}")
    return digest(*parts)


def derived(label: str, names: Iterable[str], compute: Callable[[list[Library]], Any], *, value_type: type = list) -> Any:
    """`compute(find(names, required=True))`, kept in CACHE_FOLDER/<label>.json
    until the installed libraries change (their fingerprint). The result must
    be JSON (a list of names, say) of `value_type`."""
    if not _LABEL.fullmatch(label):
        raise ValueError(f"cache label {label!r} must be lower-case letters, digits, '-' or '_' (it names a file)")
    names = tuple(names)
    libraries = find(names, required=True)
    store = HashCache(CACHE_FOLDER / f"{label}.json", label=f"cache of {label}", value_type=value_type, scope=fingerprint(names))
    key = " ".join(names)
    if key not in store:
        store[key] = compute(libraries)
        store.save()
    return store[key]


def forget() -> None:
    """Drop what this process remembers (found libraries, read sources), for
    a caller that installed or removed something while running."""
    find_one.cache_clear()
    _distributions_by_package.cache_clear()
    _python_sources.cache_clear()
