"""MkDocs hook: what the site needs per locale beyond mkdocs-static-i18n.

- A page shown in /zh/ or /ko/ without a translation (static-i18n falls back to
  the English file silently) gets a notice in the reader's language.
- The search worker wrapper needs the name of Material's own worker, whose
  file name carries a content hash that changes with Material releases.
- Theme templates (overrides/404.html) get the site's words in the reader's
  language as `site_text(key, locale, **values)` (scripts/hooks/texts.yml),
  and the default locale as `site_default_locale`."""

from __future__ import annotations

import shutil
from pathlib import Path

import material
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority

from scripts.hooks.texts import text
from scripts.project import DEFAULT_LOCALE, is_nested_locale_build


def on_config(config):
    workers = sorted((Path(material.__file__).parent / "templates/assets/javascripts/workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise PluginError(f"expected one Material search worker, found {[w.name for w in workers]}")
    config.extra["material_search_worker"] = workers[0].name
    return config


def on_env(env, config, files):
    env.globals["site_text"] = text
    env.globals["site_default_locale"] = DEFAULT_LOCALE
    return env


def on_page_markdown(markdown: str, page, config, files) -> str:
    reader_locale = config.theme.get("language", DEFAULT_LOCALE)
    file_locale = getattr(page.file, "locale", reader_locale)
    if reader_locale != DEFAULT_LOCALE and file_locale != reader_locale:
        notice = f'!!! info "{text("untranslated_title", reader_locale)}"\n\n    {text("untranslated", reader_locale)}\n\n'
        return _after_title(markdown, notice)
    return markdown


def _after_title(markdown: str, block: str) -> str:
    """Insert below the page's H1 so the title stays first."""
    lines = markdown.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            return "\n".join(lines[: index + 1] + ["", block] + lines[index + 1 :])
    return block + markdown


# mkdocs-static-i18n builds every locale into the same site_dir, so each
# locale's theme templates (404.html, sitemap.xml) overwrite the root ones.
# Before the locale builds start, the English 404 page is kept aside; after
# each locale build its own 404 page moves under /<locale>/; at the end the
# English one is put back.
_english_404: bytes | None = None


@event_priority(100)  # before mkdocs-static-i18n (-100) starts the locale builds
def _keep_english_404(config):
    global _english_404
    if config.plugins.get("i18n") is not None and not is_nested_locale_build(config):
        path = Path(config.site_dir) / "404.html"
        _english_404 = path.read_bytes() if path.exists() else None


@event_priority(-200)  # after mkdocs-static-i18n (-100)
def _place_locale_files(config):
    if config.plugins.get("i18n") is None:
        return
    site = Path(config.site_dir)
    if is_nested_locale_build(config):  # one locale's build has just finished
        locale = config.theme.get("language", DEFAULT_LOCALE)
        if locale != DEFAULT_LOCALE and (site / "404.html").exists():
            (site / locale).mkdir(exist_ok=True)
            shutil.move(site / "404.html", site / locale / "404.html")
        return
    if _english_404 is not None:
        (site / "404.html").write_bytes(_english_404)
    # Material fetches "sitemap.xml" next to every <link rel="alternate">
    # target, and static-i18n points those at the same page in the other
    # locales (/zh/faq/ -> /zh/faq/sitemap.xml). Without a copy there, every
    # page load logs 404s in the reader's console.
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        for page in site.rglob("index.html"):
            if page.parent != site:
                shutil.copyfile(sitemap, page.parent / "sitemap.xml")


on_post_build = CombinedEvent(_keep_english_404, _place_locale_files)
