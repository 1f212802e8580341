"""The words the site's tooling adds to pages, in each locale, read from
scripts/hooks/texts.yml: the one home of the build hooks', theme templates'
and page scripts' words (the templates get `site_text` from
scripts/hooks/site_i18n.py; scripts get theirs from the page the hooks build).

    text("verified", "zh", device="CPU", versions="...")  ->  the sentence, filled in
    texts_for("zh", ["lookup_none", ...])                 ->  {key: template}, for a page script"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import yaml

from scripts.project import DEFAULT_LOCALE, LOCALES

TEXTS_FILE = Path(__file__).with_name("texts.yml")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class TextsError(ValueError):
    """texts.yml does not say what the tools need."""


def _line_of(source: str, key: str) -> int:
    match = re.search(rf"^{re.escape(key)}:", source, re.M)
    return source.count("\n", 0, match.start()) + 1 if match else 1


def load(path: Path = TEXTS_FILE, locales: tuple[str, ...] = LOCALES, default: str = DEFAULT_LOCALE) -> dict[str, dict]:
    """Every entry `{key: {locale: text}}`, checked: each has the default
    locale's text, names only the site's locales, and its texts in every
    locale leave the same {placeholders} to fill. A text is a string, or a
    list of strings (a table header)."""
    source = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(source)
    except yaml.YAMLError as error:
        raise TextsError(f"{path}: not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise TextsError(f"{path}:1: expected a mapping of text keys to their texts per locale")
    for key, entry in data.items():
        where = f"{path}:{_line_of(source, str(key))}: {key}"
        if not isinstance(entry, dict):
            raise TextsError(f"{where}: expected a mapping of locale to text")
        if default not in entry:
            raise TextsError(f"{where}: has no {default!r} text (the one other locales fall back to)")
        unknown = sorted(set(entry) - set(locales))
        if unknown:
            raise TextsError(f"{where}: locale(s) {', '.join(map(str, unknown))} are not the site's ({', '.join(locales)})")
        names = {}
        for locale, value in entry.items():
            parts = value if isinstance(value, list) else [value]
            if not parts or not all(isinstance(part, str) for part in parts):
                raise TextsError(f"{where}: the {locale} text must be a string or a list of strings")
            names[locale] = sorted({name for part in parts for name in PLACEHOLDER.findall(part)})
        expected = names[default]
        for locale, found in names.items():
            if found != expected and entry[locale] != "":
                raise TextsError(f"{where}: the {locale} text fills {found or 'nothing'}, the {default} one {expected or 'nothing'}")
    return data


@cache
def texts() -> dict[str, dict]:
    return load()


def raw(key: str, locale: str):
    """The text for `key` in `locale` (the default locale's when it has none), unfilled."""
    try:
        entry = texts()[key]
    except KeyError:
        raise KeyError(f"no text {key!r} in {TEXTS_FILE}") from None
    value = entry.get(locale, entry[DEFAULT_LOCALE])
    return tuple(value) if isinstance(value, list) else value


def text(key: str, locale: str, **values: str):
    """The text for `key` in `locale`, its {placeholders} filled from `values`."""
    value = raw(key, locale)
    return value.format(**values) if isinstance(value, str) else value


def texts_for(locale: str, keys: Iterable[str]) -> dict[str, str]:
    """Unfilled texts for a page script, which fills in the placeholders itself."""
    return {key: raw(key, locale) for key in keys}


# `TEXTS[key][locale]`, for the callers that index it directly
# (scripts/hooks/error_index.py, scripts/hooks/error_catalogue.py); new code
# calls text(), raw() or texts_for().
TEXTS = {key: {locale: tuple(v) if isinstance(v, list) else v for locale, v in entry.items()} for key, entry in texts().items()}
