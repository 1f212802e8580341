"""MkDocs hook: readers see when a translation is behind its English page.

- A stale translation (its `source_hash` is not the English page's current hash) gets a
  warning in its own language at the top, linking to the English page.
- A `!translation-status` line (alone on its line) becomes the coverage table: per page,
  current / stale / not translated.

Wiring: `hooks: [scripts/hooks/translation_notices.py]` in mkdocs.yml, with
mkdocs-static-i18n (suffix structure) as the `i18n` plugin. State comes from
scripts.i18n.tracking, the same code as `python -m scripts.i18n status`.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.utils import get_relative_url

from scripts.i18n import tracking
from scripts.i18n.parity import HEADING, HEADING_ID, content_lines

STATUS_DIRECTIVE = re.compile(r"^!translation-status[ \t]*$", re.M)

# Written for readers of each language, not translated word for word. The link is raw
# HTML because a Markdown link to a page URL (not a .md file) is an "unrecognized
# relative link", which the site's strict validation turns into a build failure.
STALE_NOTICES = {
    "zh": (
        "译文可能已过时",
        '本页翻译完成后，英文原文又做了修改，这里的内容可能尚未同步。如有出入，请以<a href="{url}">英文原文</a>为准。',
    ),
    "ko": (
        "번역이 최신 내용이 아닐 수 있습니다",
        "이 페이지를 번역한 뒤 영어 원문이 수정되어 일부 내용이 원문과 다를 수 있습니다. "
        '정확한 내용은 <a href="{url}">영어 원문</a>에서 확인해 주세요.',
    ),
}

STATUS_LABELS = {
    "en": {
        "page": "Page",
        "current": "Up to date",
        "stale": "Out of date",
        "missing": "Not translated",
        "summary": ("**{language}**: {current} of {total} pages up to date, {stale} out of date, {missing} not translated."),
    },
    "zh": {
        "page": "页面",
        "current": "已同步",
        "stale": "待更新",
        "missing": "未翻译",
        "summary": "**{language}**：共 {total} 页，{current} 页已同步，{stale} 页待更新，{missing} 页尚未翻译。",
    },
    "ko": {
        "page": "페이지",
        "current": "최신",
        "stale": "업데이트 필요",
        "missing": "미번역",
        "summary": ("**{language}**: 전체 {total}개 페이지 중 {current}개 최신, {stale}개 업데이트 필요, {missing}개 미번역"),
    },
}


def i18n_languages(config) -> tuple[str, dict[str, str]]:
    """(default locale, {locale: display name}) from mkdocs-static-i18n's configuration."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return "en", {"en": "English", **{locale: locale for locale in tracking.DEFAULT_LOCALES}}
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
    if first is not None and re.match(r"^#\s", lines[first]):
        return "\n".join(lines[: first + 1] + ["", notice] + lines[first + 1 :])
    return f"{notice}\n{markdown}"


def stale_notice(locale: str, url: str) -> str:
    title, text = STALE_NOTICES[locale]
    return f'!!! warning "{title}"\n\n    {text.format(url=url)}\n'


def page_title(path: Path) -> str:
    page = tracking.read_page(path)
    if page.meta.get("title"):
        return str(page.meta["title"])
    for _, line in content_lines(tracking.read_text(path)):
        heading = HEADING.match(line)
        if heading and len(heading.group("hashes")) == 1:
            return HEADING_ID.sub("", heading.group("text")).strip()
    return path.name


def status_table(
    docs_root: Path,
    all_locales: list[str],
    locales: list[str],
    names: dict[str, str],
    label_locale: str,
    from_page: str,
) -> str:
    """Coverage of `locales`; `all_locales` are needed to tell English pages from translations."""
    labels = STATUS_LABELS.get(label_locale, STATUS_LABELS["en"])
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


def on_page_markdown(markdown: str, page, config, files) -> str:
    default, names = i18n_languages(config)
    docs_root = Path(config.docs_dir)
    locale = getattr(page.file, "locale", default)  # the file's language: 'en' for an English fallback
    english = getattr(page.file, "norm_src_uri", page.file.src_uri)

    if STATUS_DIRECTIVE.search(markdown):
        translated = [lang for lang in names if lang != default]
        build_locale = getattr(page.file, "locale_alternate_of", locale)
        shown = [build_locale] if build_locale != default else translated
        table = status_table(docs_root, translated, shown, names, locale, english)
        markdown = STATUS_DIRECTIVE.sub(lambda _: table, markdown)

    # Only a real translation can be stale; English and English fallbacks never are.
    if locale == default or locale not in STALE_NOTICES:
        return markdown
    english_path = docs_root / english
    if not english_path.exists() or tracking.is_opted_out(tracking.read_page(english_path)):
        return markdown  # an orphan or an untracked page: nothing to compare with
    if tracking.translation_status(docs_root, english, locale).state != "stale":
        return markdown
    return with_notice(markdown, stale_notice(locale, english_url(page, default)))
