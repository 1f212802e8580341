"""MkDocs hook: the error catalogue and the error lookup page.

- After the whole site is built (every locale), the catalogue is generated
  from the pages and the recorded outputs (scripts/errors/catalogue.py) and
  written to `assets/error-catalogue.json`: the matching rules and every entry
  with its sections' URLs and titles in each locale. Static data, no server.
- A `!error-lookup` line (alone on its line) becomes the lookup form: a text
  box and an empty results list, with its words in the page's locale.
  docs/assets/javascripts/error-lookup.js fills the list; it writes pasted
  text only through textContent, never as HTML."""

from __future__ import annotations

import html
import json
import logging
import re
from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.errors import catalogue as cat
from scripts.hooks.texts import TEXTS, text
from scripts.project import is_nested_locale_build

log = logging.getLogger("mkdocs.hooks.error_catalogue")

CATALOGUE_PATH = "assets/error-catalogue.json"
LOOKUP_DIRECTIVE = re.compile(r"^!error-lookup[ \t]*$")
# Words the script needs, with {n} and {link} left for it to fill.
SCRIPT_TEXTS = (
    "lookup_count_one",
    "lookup_count_other",
    "lookup_none",
    "lookup_next",
    "lookup_search",
    "lookup_loading",
    "lookup_failed",
    "lookup_size",
    "lookup_also",
    "lookup_shown",
)


def _raw(key: str, locale: str) -> str:
    entry = TEXTS[key]
    return entry.get(locale, entry["en"])


def lookup_form(locale: str) -> str:
    """The form as one HTML block (no blank line inside, so Markdown leaves it alone)."""
    strings = {key: _raw(key, locale) for key in SCRIPT_TEXTS}
    attribute = html.escape(json.dumps(strings, ensure_ascii=False), quote=True)
    label = html.escape(text("lookup_label", locale))
    placeholder = html.escape(text("lookup_placeholder", locale), quote=True).replace("\n", "&#10;")
    return "\n".join(
        [
            f'<div class="error-lookup" data-texts="{attribute}" data-catalogue="{CATALOGUE_PATH}">',
            f'<label class="error-lookup__label" for="error-lookup-input">{label}</label>',
            '<textarea id="error-lookup-input" class="error-lookup__input" rows="8" spellcheck="false" autocomplete="off"'
            f' autocapitalize="off" placeholder="{placeholder}"></textarea>',
            '<p class="error-lookup__status" role="status" aria-live="polite"></p>',
            '<ol class="error-lookup__results"></ol>',
            f'<noscript><p class="error-lookup__noscript">{html.escape(text("lookup_noscript", locale))}</p></noscript>',
            "</div>",
        ]
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    if "!error-lookup" not in markdown:
        return markdown
    locale = config.theme.get("language", "en")
    out, fence = [], None
    for line in markdown.split("\n"):
        stripped = line.strip()
        if fence:
            fence = None if stripped.startswith(fence) else fence
        elif stripped.startswith(("```", "~~~")):
            fence = stripped[:3]
        elif LOOKUP_DIRECTIVE.match(stripped):
            out.extend(["", lookup_form(locale), ""])
            continue
        out.append(line)
    return "\n".join(out)


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every locale
def on_post_build(config) -> None:
    if is_nested_locale_build(config):
        return  # a nested per-locale build; the site is complete later
    docs = Path(config.docs_dir)
    data = cat.catalogue(docs, docs.parent / "snippets")
    path = Path(config.site_dir) / CATALOGUE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cat.dumps(data), encoding="utf-8")
    log.info("error catalogue: %d entries, %d KiB", len(data["entries"]), path.stat().st_size // 1024)
