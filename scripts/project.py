"""Facts about the project that every tool needs, each kept once: where its
folders are, which locales the site has (read from mkdocs.yml, the file the
site build itself reads), and how a file is replaced without ever leaving a
half-written one behind."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = REPO_ROOT / "docs"
SNIPPETS_DIR = REPO_ROOT / "snippets"
CHECKPOINTS_DIR = SNIPPETS_DIR / "checkpoints"
MKDOCS_YML = REPO_ROOT / "mkdocs.yml"
CACHE_DIR = REPO_ROOT / ".cache"


class _AnyTagLoader(yaml.SafeLoader):
    """mkdocs.yml uses MkDocs' own tags (`!ENV`); their values do not matter here."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@cache
def _i18n_languages(config: Path = MKDOCS_YML) -> tuple[tuple[str, bool], ...]:
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_AnyTagLoader)
    for plugin in data.get("plugins", []):
        if isinstance(plugin, dict) and "i18n" in plugin:
            languages = plugin["i18n"]["languages"]
            return tuple((language["locale"], bool(language.get("default"))) for language in languages)
    raise ValueError(f"{config}: no i18n plugin with languages")


def locales(config: Path = MKDOCS_YML) -> tuple[str, ...]:
    """Every locale of the site, the default (English) first."""
    found = _i18n_languages(config)
    return tuple(sorted((code for code, _ in found), key=lambda code: code != default_locale(config)))


def default_locale(config: Path = MKDOCS_YML) -> str:
    return next(code for code, default in _i18n_languages(config) if default)


def translation_locales(config: Path = MKDOCS_YML) -> tuple[str, ...]:
    """The locales that translate the default one."""
    return locales(config)[1:]


LOCALES = locales()
DEFAULT_LOCALE = default_locale()
TRANSLATION_LOCALES = translation_locales()


def is_nested_locale_build(config) -> bool:
    """mkdocs-static-i18n builds each further locale inside the main build;
    hooks that act on the finished site skip those inner builds."""
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def write_atomically(path: Path, data: str | bytes) -> None:
    """Replace `path` with `data` in one step: a reader (or an interrupted
    run) sees the old file or the new one, never a part. The temporary file
    has a unique name, so two runs writing the same file do not collide."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_all_atomically(files: dict[Path, str | bytes]) -> None:
    """Write every file to a temporary name first, then move them all into
    place: a failure while writing leaves every old file as it was."""
    temporary: dict[Path, Path] = {}
    try:
        for path, data in files.items():
            fd, name = tempfile.mkstemp(dir=Path(path).parent, prefix=f".{Path(path).name}.", suffix=".tmp")
            temporary[Path(path)] = Path(name)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data.encode("utf-8") if isinstance(data, str) else data)
            os.chmod(name, 0o644)
        for path, tmp in temporary.items():
            os.replace(tmp, path)
    finally:
        for tmp in temporary.values():
            tmp.unlink(missing_ok=True)
