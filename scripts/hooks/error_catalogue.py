"""MkDocs hook: the error catalogue and the error lookup page.

- After the whole site is built (every locale), the catalogue is generated
  from the pages and the recorded outputs (scripts/errors/catalogue.py) and
  written to `assets/error-catalogue.json`: the matching rules and every entry
  with its sections' URLs and titles in each locale. Static data, no server.
  Which pages there are, their order and their URLs are MkDocs' own: what
  each locale's build lists in its files and navigation (`on_files`, `on_nav`).
  The error index entries are checked there too: no two may claim one error.
- The lookup form that a `!error-lookup` line becomes (scripts/hooks/directives.py
  expands it): a text box and an empty results list, with its words in the page's locale.
  docs/assets/javascripts/error-lookup.js fills the list; it writes pasted
  text only through textContent, never as HTML."""

from __future__ import annotations

import html
import json
import logging
from pathlib import Path

from mkdocs.plugins import event_priority

from scripts.errors import catalogue as cat
from scripts.errors import index
from scripts.hooks.texts import text, texts_for
from scripts.project import DEFAULT_LOCALE, is_nested_locale_build, write_atomically

log = logging.getLogger("mkdocs.hooks.error_catalogue")

CATALOGUE_PATH = "assets/error-catalogue.json"
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


def lookup_form(locale: str) -> str:
    """The form as one HTML block (no blank line inside, so Markdown leaves it alone)."""
    strings = texts_for(locale, SCRIPT_TEXTS)
    attribute = html.escape(json.dumps(strings, ensure_ascii=False), quote=True)
    label = html.escape(text("lookup_label", locale))
    placeholder = html.escape(text("lookup_placeholder", locale), quote=True).replace("\n", "&#10;")
    return "\n".join(
        [
            f'<div class="error-lookup" data-texts="{attribute}" data-catalogue="{CATALOGUE_PATH}"'
            f' data-locale="{locale}" data-default-locale="{DEFAULT_LOCALE}">',
            f'<label class="error-lookup__label" for="error-lookup-input">{label}</label>',
            '<textarea id="error-lookup-input" class="error-lookup__input" rows="8" spellcheck="false" autocomplete="off"'
            f' autocapitalize="off" placeholder="{placeholder}"></textarea>',
            '<p class="error-lookup__status" role="status" aria-live="polite"></p>',
            '<ol class="error-lookup__results"></ol>',
            f'<noscript><p class="error-lookup__noscript">{html.escape(text("lookup_noscript", locale))}</p></noscript>',
            "</div>",
        ]
    )


# What MkDocs' own build says about the pages, locale by locale: each English
# page's URL and the file shown for it (a translation or the English page).
_urls: dict[str, dict[str, str]] = {}
_sources: dict[str, dict[str, str]] = {}
_nav: list[str] = []


def _english_path(file) -> str:
    # mkdocs-static-i18n gives each file the English page's path it stands for.
    return getattr(file, "norm_src_uri", file.src_uri)


@event_priority(-110)  # after mkdocs-static-i18n (-100) has given the files their locale's URLs
def on_files(files, config):
    locale = config.theme.get("language", DEFAULT_LOCALE)
    if not is_nested_locale_build(config):  # the main build starts a new site
        _urls.clear()
        _sources.clear()
    for file in files.documentation_pages():
        if locale == DEFAULT_LOCALE and getattr(file, "localization", None):
            continue
        _urls.setdefault(_english_path(file), {})[locale] = file.url
        _sources.setdefault(_english_path(file), {})[locale] = file.src_uri
    return files


@event_priority(-110)  # after mkdocs-static-i18n (-100) has reconfigured the navigation
def on_nav(nav, config, files):
    if not is_nested_locale_build(config):
        _nav[:] = [_english_path(page.file) for page in nav.pages]
    return nav


@event_priority(-200)  # after mkdocs-static-i18n (-100) has built every locale
def on_post_build(config) -> None:
    if is_nested_locale_build(config):
        return  # a nested per-locale build; the site is complete later
    docs = Path(config.docs_dir)
    layout = cat.SiteLayout.from_site(docs, _urls, _sources, _nav)
    entries = cat.build(docs, docs.parent / "snippets", layout)
    # No two error index entries may claim the same error.
    for problem in index.signature_clashes(docs, entries):
        log.warning("error index: %s", problem)
    data = cat.publish(entries)
    path = Path(config.site_dir) / CATALOGUE_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, cat.dumps(data))
    log.info("error catalogue: %d entries, %d KiB", len(data["entries"]), path.stat().st_size // 1024)
