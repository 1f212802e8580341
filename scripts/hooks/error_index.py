"""MkDocs hook: the error index (docs/errors/).

- A `<!-- error-index -->` line on the index page becomes the table of entries,
  grouped by library, with their titles and one-line summaries in the page's
  locale (scripts/errors/index.py reads them from the entry pages).
- Every entry is checked against the entry shape, once per site build; what is
  wrong is logged as a warning with file and line, which fails the strict
  build after every problem has been listed."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.errors import catalogue as cat
from scripts.errors import index
from scripts.hooks.texts import TEXTS
from scripts.project import is_nested_locale_build

log = logging.getLogger("mkdocs.hooks.error_index")
MARKER = "<!-- error-index -->"


def on_pre_build(config) -> None:
    if is_nested_locale_build(config):
        return
    _, problems = index.entries(Path(config.docs_dir))
    for problem in problems:
        log.warning("error index: %s", problem)


def on_page_markdown(markdown: str, page, config, files) -> str:
    if MARKER not in markdown:
        return markdown
    locale = config.theme.get("language", "en")
    found, _ = index.entries(Path(config.docs_dir))
    texts = {key: TEXTS[f"errors_{key}"].get(locale, TEXTS[f"errors_{key}"]["en"]) for key in ("count", "error", "meaning")}
    return markdown.replace(MARKER, index.table(found, locale, texts))


@event_priority(-150)  # after every locale is built, before the catalogue is written
def on_post_build(config) -> None:
    if is_nested_locale_build(config):
        return
    docs = Path(config.docs_dir)
    for problem in index.signature_clashes(docs, cat.build(docs, docs.parent / "snippets")):
        log.warning("error index: %s", problem)
