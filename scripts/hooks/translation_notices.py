"""MkDocs hook: readers see when a translation is behind its English page.

- A stale translation (its `source_hash` is not the English page's current hash) gets a
  warning in its own language at the top, linking to the English page.
- The coverage table a `!translation-status` line becomes (scripts/hooks/directives.py
  expands it): per page, current / stale / not translated.

Wiring: `hooks: [scripts/hooks/translation_notices.py]` in mkdocs.yml, with
mkdocs-static-i18n (suffix structure) as the `i18n` plugin. State comes from
scripts.i18n.tracking, the same code as `python -m scripts.i18n status`.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

from mkdocs.utils import get_relative_url

from scripts import pages
from scripts.hooks.texts import raw, text
from scripts.i18n import tracking
from scripts.project import DEFAULT_LOCALE, LOCALES


def i18n_languages(config) -> tuple[str, dict[str, str]]:
    """(default locale, {locale: display name}) from mkdocs-static-i18n's configuration."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return DEFAULT_LOCALE, {locale: locale for locale in LOCALES}
    languages = plugin.config.languages
    default = next(lang.locale for lang in languages if lang.default)
    return default, {lang.locale: lang.name or lang.locale for lang in languages}


def english_url(page, default: str) -> str:
    """The same page in the default language, relative to this page's URL."""
    alternate = getattr(page.file, "alternates", {}).get(default)
    target = alternate.url if alternate else page.url.split("/", 1)[-1]
    href = get_relative_url(target, page.url)
    # '' (the home page) comes back as '..'; keep directory URLs ending in '/'.
    return href + "/" if (target == "" or target.endswith("/")) and not href.endswith("/") else href


def with_notice(markdown: str, notice: str) -> str:
    """Put the notice under the page's H1 when it opens the page, else at the very top."""
    lines = markdown.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    headings = pages.parse(markdown, front_matter=False).headings
    # An ATX heading (`# Title`): a setext one's text line is not the whole heading.
    if first is not None and headings and (headings[0].level, headings[0].line) == (1, first + 1) and lines[first].lstrip().startswith("#"):
        return "\n".join(lines[: first + 1] + ["", notice] + lines[first + 1 :])
    return f"{notice}\n{markdown}"


def stale_notice(locale: str, url: str) -> str:
    # The notice's link is raw HTML in texts.yml: a Markdown link to a page URL
    # (not a .md file) is an "unrecognized relative link", which strict
    # validation turns into a build failure.
    return f'!!! warning "{text("stale_title", locale)}"\n\n    {text("stale_notice", locale, url=url)}\n'


def page_title(path: Path) -> str:
    return pages.read(path).title() or path.name


def status_table(
    docs_root: Path,
    all_locales: list[str],
    locales: list[str],
    names: dict[str, str],
    label_locale: str,
    from_page: str,
) -> str:
    """Coverage of `locales`; `all_locales` are needed to tell English pages from translations."""
    labels = {key: raw(f"status_{key}", label_locale) for key in ("page", "current", "stale", "missing", "summary")}
    report = tracking.collect_status(docs_root, tuple(all_locales))
    summary = []
    for locale in locales:
        entries = report.for_locale(locale)
        counts = {state: sum(t.state == state for t in entries) for state in ("current", "stale", "missing")}
        summary.append("- " + labels["summary"].format(language=names.get(locale, locale), total=len(entries), **counts))

    rows = [
        "| " + " | ".join([labels["page"]] + [names.get(locale, locale) for locale in locales]) + " |",
        "|" + " --- |" * (len(locales) + 1),
    ]
    by_page: dict[str, dict[str, tracking.TranslationStatus]] = {}
    for status in report.translations:
        if status.locale in locales:
            by_page.setdefault(status.english, {})[status.locale] = status
    for english, states in by_page.items():
        # One locale shown: title it in that language when the translation exists.
        shown = states[locales[0]] if len(locales) == 1 else None
        title_path = docs_root / (shown.translation if shown and shown.state != "missing" else english)
        # A link to the .md source; static-i18n resolves it to the reader's locale.
        link = posixpath.relpath(english, posixpath.dirname(from_page) or ".")
        title = page_title(title_path).replace("|", r"\|")
        cells = [f"[{title}]({link})"] + [labels[states[locale].state] for locale in locales]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(summary) + "\n\n" + "\n".join(rows) + "\n"


def status_directive(page, config) -> str:
    """What `!translation-status` becomes on this page: every translated locale
    on the English page, the reader's own locale on a translated one."""
    default, names = i18n_languages(config)
    locale = getattr(page.file, "locale", default)
    english = getattr(page.file, "norm_src_uri", page.file.src_uri)
    translated = [lang for lang in names if lang != default]
    build_locale = getattr(page.file, "locale_alternate_of", locale)
    shown = [build_locale] if build_locale != default else translated
    return status_table(Path(config.docs_dir), translated, shown, names, locale, english)


def on_page_markdown(markdown: str, page, config, files) -> str:
    default, _ = i18n_languages(config)
    docs_root = Path(config.docs_dir)
    locale = getattr(page.file, "locale", default)  # the file's language: 'en' for an English fallback
    english = getattr(page.file, "norm_src_uri", page.file.src_uri)

    # Only a real translation can be stale; English and English fallbacks never are.
    if locale == default:
        return markdown
    english_path = docs_root / english
    if not english_path.exists() or tracking.is_opted_out(pages.read(english_path)):
        return markdown  # an orphan or an untracked page: nothing to compare with
    if tracking.translation_status(docs_root, english, locale).state != "stale":
        return markdown
    return with_notice(markdown, stale_notice(locale, english_url(page, default)))
