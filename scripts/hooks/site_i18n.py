"""MkDocs hook: what the site needs per locale beyond mkdocs-static-i18n.

- A page shown in /zh/ or /ko/ without a translation (static-i18n falls back to
  the English file silently) gets a notice in the reader's language.
- The search worker wrapper needs the name of Material's own worker, whose
  file name carries a content hash that changes with Material releases."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import material  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402

from scripts.hooks.texts import text  # noqa: E402

DEFAULT_LOCALE = "en"


def on_config(config):
    workers = sorted((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"expected one Material search worker, found {[w.name for w in workers]}")
    config.extra["material_search_worker"] = workers[0].name
    return config


def on_page_markdown(markdown: str, page, config, files) -> str:
    reader_locale = config.theme.get("language", DEFAULT_LOCALE)
    file_locale = getattr(page.file, "locale", reader_locale)
    if reader_locale != DEFAULT_LOCALE and file_locale != reader_locale:
        notice = (
            f'!!! info "{text("untranslated_title", reader_locale)}"\n\n'
            f'    {text("untranslated", reader_locale)}\n\n'
        )
        return _after_title(markdown, notice)
    return markdown


def _after_title(markdown: str, block: str) -> str:
    """Insert below the page's H1 so the title stays first."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + ["", block] + lines[index + 1:])
    return block + markdown


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every locale
def on_post_build(config):
    """Material's language switcher fetches <locale>/sitemap.xml to find the
    same page in the other language; static-i18n writes only the root one
    (which lists every locale), so each locale gets a copy."""
    i18n = config.plugins.get("i18n")
    if i18n is None or getattr(i18n, "building", False):
        return
    site = Path(config.site_dir)
    for language in i18n.config.languages:
        if language.default or not (site / language.locale).is_dir():
            continue
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (site / name).exists():
                shutil.copyfile(site / name, site / language.locale / name)
