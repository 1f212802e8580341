"""Which English text each translation translates, and whether that is still the current text.

A translation `docs/<path>.<locale>.md` records the English source it was made from as
`source_hash` in its front matter (a notebook, `<path>.<locale>.ipynb`, in its metadata under
`i18n`: see `scripts.pages.notebook_text`): the first 12 hex digits of the sha256 of the English
page's body (front matter removed, line endings normalised). A hash rather than a commit
id survives rebases and squashes, and English front-matter edits (which readers do not
see as text) do not make every translation stale.

`mark` also saves that English body under `.i18n/sources/<hash>.md` (outside docs/, so
the site never publishes it). Files are named by content, so locales translating the same
English text share one, and `status` can diff "what the translator saw" against "now".
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scripts import pages
from scripts.pages import FrontMatterError, Page
from scripts.project import TRANSLATION_LOCALES

DEFAULT_LOCALES = TRANSLATION_LOCALES
HASH_LENGTH = 12
# Pages MkDocs builds: Markdown, and Jupyter notebooks rendered by mkdocs-jupyter.
PAGE_SUFFIXES = (".md", ".ipynb")


def source_hash(english: str | Page) -> str:
    """The hash of an English page's body (its text, or the page read by scripts.pages)."""
    body = (pages.parse(english) if isinstance(english, str) else english).body
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def default_snapshot_dir(docs_root: Path) -> Path:
    return docs_root.parent / ".i18n" / "sources"


def translation_rel(english_rel: str, locale: str) -> str:
    """'guide/intro.md' -> 'guide/intro.zh.md' (mkdocs-static-i18n suffix structure); same for .ipynb."""
    stem, _, extension = english_rel.rpartition(".")
    return f"{stem}.{locale}.{extension}"


def english_rel_of(translation: str, locales=DEFAULT_LOCALES) -> tuple[str, str] | None:
    """'guide/intro.zh.md' -> ('guide/intro.md', 'zh'); None for a file that is not a translation."""
    for locale in locales:
        for extension in PAGE_SUFFIXES:
            suffix = f".{locale}{extension}"
            if translation.endswith(suffix):
                return translation[: -len(suffix)] + extension, locale
    return None


def is_opted_out(page: Page) -> bool:
    """English pages with `translation: none` are not meant to be translated (nothing is tracked)."""
    return str(page.meta.get("translation", "")).strip().lower() == "none"


def markdown_files(docs_root: Path) -> list[str]:
    # MkDocs skips dot-files and dot-folders by default, so they are not pages.
    return sorted(
        path.relative_to(docs_root).as_posix()
        for extension in PAGE_SUFFIXES
        for path in docs_root.rglob(f"*{extension}")
        if not any(part.startswith(".") for part in path.relative_to(docs_root).parts)
    )


def english_pages(docs_root: Path, locales=DEFAULT_LOCALES) -> list[str]:
    return [rel for rel in markdown_files(docs_root) if english_rel_of(rel, locales) is None]


@dataclass
class TranslationStatus:
    english: str  # docs-relative, e.g. 'guide/intro.md'
    locale: str
    translation: str  # docs-relative, e.g. 'guide/intro.zh.md'
    state: str  # 'current', 'stale' or 'missing'
    current_hash: str
    recorded_hash: str | None = None
    # Why a stale page is acceptable for now (front matter `allow_stale`, or --allow-stale);
    # None when it is not allowed. Readers still see the stale notice either way.
    allowed_because: str | None = None


@dataclass
class StatusReport:
    docs_root: Path
    locales: tuple[str, ...]
    translations: list[TranslationStatus] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)  # translations whose English page is gone

    def for_locale(self, locale: str) -> list[TranslationStatus]:
        return [t for t in self.translations if t.locale == locale]

    def failures(self) -> list[TranslationStatus]:
        """What `status --strict` fails on: missing, and stale unless allowed."""
        return [t for t in self.translations if t.state == "missing" or (t.state == "stale" and t.allowed_because is None)]


def _allow_stale_reason(meta: dict) -> str | None:
    value = meta.get("allow_stale")
    if not value:
        return None
    return value if isinstance(value, str) else "allow_stale in front matter"


def translation_status(docs_root: Path, english: str, locale: str, allow_stale: frozenset[str] = frozenset()) -> TranslationStatus:
    """The state of one translation; `allow_stale` holds docs-relative paths (English or translation)."""
    translation = translation_rel(english, locale)
    current = source_hash(pages.read(docs_root / english))
    status = TranslationStatus(english, locale, translation, "missing", current)
    path = docs_root / translation
    if not path.exists():
        return status
    meta = pages.read(path).meta
    recorded = meta.get("source_hash")
    status.recorded_hash = str(recorded) if recorded is not None else None
    status.state = "current" if status.recorded_hash == current else "stale"
    if status.state == "stale":
        status.allowed_because = _allow_stale_reason(meta) or ("--allow-stale" if {english, translation} & allow_stale else None)
    return status


def collect_status(docs_root: Path, locales=DEFAULT_LOCALES, allow_stale: frozenset[str] = frozenset()) -> StatusReport:
    report = StatusReport(docs_root, tuple(locales))
    tracked = set()
    for english in english_pages(docs_root, locales):
        if is_opted_out(pages.read(docs_root / english)):
            continue
        tracked.add(english)
        for locale in locales:
            report.translations.append(translation_status(docs_root, english, locale, allow_stale))
    for rel in markdown_files(docs_root):
        source = english_rel_of(rel, locales)
        if source and not (docs_root / source[0]).exists():
            report.orphans.append(rel)
    return report


def snapshot_path(snapshot_dir: Path, hash_: str) -> Path:
    return snapshot_dir / f"{hash_}.md"


def stale_diff(docs_root: Path, snapshot_dir: Path, status: TranslationStatus) -> str:
    """Unified diff of the English body from what the translation was marked against to now."""
    label = f"{docs_root.name}/{status.english}"
    if status.recorded_hash is None:
        command = f"python -m scripts.i18n mark {docs_root.name}/{status.translation}"
        return f"(no source_hash: never marked; run `{command}` once it matches the English page)\n"
    snapshot = snapshot_path(snapshot_dir, status.recorded_hash)
    if not snapshot.exists():
        return f"(no snapshot {snapshot.name} in {snapshot_dir}; cannot show what changed)\n"
    before = snapshot.read_text(encoding="utf-8").splitlines(keepends=True)
    now = pages.read(docs_root / status.english).body.splitlines(keepends=True)
    diff = difflib.unified_diff(
        before, now, f"{label} @ {status.recorded_hash} (translated)", f"{label} @ {status.current_hash} (now)", n=2
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in diff)


def set_front_matter_key(text: str, key: str, value: str | None) -> str:
    """Set (or with value None, remove) one top-level scalar key, leaving every other line as it was."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.splitlines(keepends=True)
    key_line = re.compile(rf"^{re.escape(key)}[ \t]*:")
    has_front_matter = bool(lines) and lines[0].rstrip("\r\n").rstrip() == "---"
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "...")), None) if has_front_matter else None
    new_line = None if value is None else f"{key}: {value}{newline}"
    if has_front_matter and end is None:
        raise FrontMatterError(1, "front matter is never closed: add a '---' line after it")
    if end is None:
        return text if new_line is None else f"---{newline}{new_line}---{newline}{text}"
    for i in range(1, end):
        if key_line.match(lines[i]):
            lines[i : i + 1] = [] if new_line is None else [new_line]
            return "".join(lines)
    if new_line is not None:
        lines.insert(end, new_line)
    return "".join(lines)


def mark_current(docs_root: Path, translation: str, snapshot_dir: Path, locales=DEFAULT_LOCALES) -> str:
    """Record that `translation` now translates the current English page; returns the hash.

    Also drops `allow_stale`: that permission was for the old English text, and leaving it
    would silently excuse the next time the page falls behind.
    """
    source = english_rel_of(translation, locales)
    if source is None:
        raise ValueError(f"{translation}: not a translation (expected <page>.<{'|'.join(locales)}>.md)")
    english_path = docs_root / source[0]
    if not english_path.exists():
        raise ValueError(f"{translation}: its English page {source[0]} does not exist")
    english_page = pages.read(english_path)
    hash_ = source_hash(english_page)

    snapshot = snapshot_path(snapshot_dir, hash_)
    if not snapshot.exists():
        snapshot.parent.mkdir(parents=True, exist_ok=True)
        snapshot.write_text(english_page.body, encoding="utf-8")

    path = docs_root / translation
    if path.suffix == ".ipynb":
        _mark_notebook(path, hash_)
        return hash_
    # newline="" keeps the file's own line endings when reading and writing back.
    with path.open(encoding="utf-8", newline="") as handle:
        text = handle.read()
    # Quote a hash YAML would read as a number (all digits: 12 of them happen ~0.4% of the time).
    value = hash_ if isinstance(yaml.safe_load(f"x: {hash_}")["x"], str) else f'"{hash_}"'
    try:
        updated = set_front_matter_key(set_front_matter_key(text, "source_hash", value), "allow_stale", None)
    except FrontMatterError as error:
        raise FrontMatterError(error.line, error.message, path) from None
    if updated != text:
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(updated)
    return hash_


def _mark_notebook(path: Path, hash_: str) -> None:
    """The notebook form of the front matter edit: `metadata.i18n.source_hash`, no `allow_stale`."""
    notebook = copy.deepcopy(pages.read(path).data)  # the model's copy is shared by every reader
    meta = notebook.setdefault("metadata", {}).setdefault("i18n", {})
    meta["source_hash"] = hash_
    meta.pop("allow_stale", None)
    # The layout nbformat writes, so that marking changes one line.
    path.write_text(json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def unused_snapshots(docs_root: Path, snapshot_dir: Path, locales=DEFAULT_LOCALES) -> list[Path]:
    """Snapshots no translation points at any more (safe to delete)."""
    if not snapshot_dir.is_dir():
        return []
    used = {str(pages.read(docs_root / rel).meta.get("source_hash")) for rel in markdown_files(docs_root) if english_rel_of(rel, locales)}
    return sorted(p for p in snapshot_dir.glob("*.md") if p.stem not in used)
