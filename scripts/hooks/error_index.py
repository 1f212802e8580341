"""MkDocs hook: the error index (docs/errors/).

- The table of entries that the `<!-- error-index -->` line of the index page
  becomes (scripts/hooks/directives.py expands it), grouped by library, with
  their titles and one-line summaries in the page's locale
  (scripts/errors/index.py reads them from the entry pages).
- Every entry is checked against the entry shape, once per site build; what is
  wrong is logged as a warning with file and line, which fails the strict
  build after every problem has been listed. That no two entries claim the
  same error is checked where the catalogue is built (error_catalogue.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from scripts.errors import index
from scripts.project import is_nested_locale_build

log = logging.getLogger("mkdocs.hooks.error_index")


def on_pre_build(config) -> None:
    if is_nested_locale_build(config):
        return
    _, problems = index.entries(Path(config.docs_dir))
    for problem in problems:
        log.warning("error index: %s", problem)
