"""MkDocs hook: the error index (docs/errors/).

- A `<!-- error-index -->` line on the index page becomes the table of entries,
  grouped by library, with their titles and one-line summaries in the page's
  locale (scripts/errors/index.py reads them from the entry pages).
- Every entry is checked against the entry shape, once per site build; what is
  wrong is logged as a warning with file and line, which fails the strict
  build after every problem has been listed."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from mkdocs.plugins import event_priority  # noqa: E402

from scripts.errors import catalogue as cat  # noqa: E402
from scripts.errors import index  # noqa: E402
from scripts.hooks.texts import TEXTS  # noqa: E402

log = logging.getLogger("mkdocs.hooks.error_index")
MARKER = "<!-- error-index -->"


def _nested(config) -> bool:
    i18n = config.plugins.get("i18n")
    return i18n is not None and getattr(i18n, "building", False)


def on_pre_build(config) -> None:
    if _nested(config):
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
    if _nested(config):
        return
    docs = Path(config.docs_dir)
    for problem in index.signature_clashes(docs, cat.build(docs, docs.parent / "snippets")):
        log.warning("error index: %s", problem)
