"""MkDocs hook: Jupyter notebook pages (mkdocs-jupyter) in every locale.

- mkdocs-static-i18n rebuilds every file object after mkdocs-jupyter has made
  notebooks pages, and to it a `.ipynb` file is an asset: the notebook would be
  published as raw JSON (ultrabug/mkdocs-static-i18n#198). Its file factory is
  wrapped here so that a notebook stays a page, at the path i18n gives it.
- Markdown cells write headings as Markdown pages do, `## Title { #id }`.
  nbconvert does not read attribute lists, so the ids are applied to the
  rendered headings, the table of contents and the page title here: anchors
  are the same in every locale.
- The text of Markdown cells is taken out of nbconvert's cell wrappers. A
  heading nested in a wrapper ends its search section where the wrapper ends,
  so the code and outputs below it (the error messages readers paste into
  the search box) would be found only as "the page", not as the section.
- A stale translated notebook, and an English notebook shown in another
  locale for want of a translation, get the same notices as Markdown pages
  (the Markdown hooks never see a notebook's text)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown as markdown_lib
from mkdocs_jupyter.plugin import NotebookFile
from mkdocs_static_i18n import suffix

from scripts.hooks import translation_notices
from scripts.hooks.texts import text
from scripts.i18n import tracking

NOTEBOOK_SUFFIX = ".ipynb"
_create_i18n_file = suffix.create_i18n_file


def _create_notebook_aware_file(file, current_language, default_language, all_languages, config):
    made = _create_i18n_file(file, current_language, default_language, all_languages, config)
    if not made.src_uri.endswith(NOTEBOOK_SUFFIX) or config.plugins.get("mkdocs-jupyter") is None:
        return made
    page = NotebookFile.__new__(NotebookFile)
    page.file = made
    page.dest_uri, page.url, page.abs_dest_path = made.dest_uri, made.url, made.abs_dest_path
    return page


if getattr(suffix.create_i18n_file, "__name__", "") != _create_notebook_aware_file.__name__:
    suffix.create_i18n_file = _create_notebook_aware_file


def is_notebook_page(page) -> bool:
    return (page.file.src_uri or "").endswith(NOTEBOOK_SUFFIX)


# nbconvert's heading, after mkdocs-jupyter gave it a slug id and a ¶ link.
_HEADING = re.compile(
    r'<h(?P<level>[1-6]) id="[^"]*">(?P<text>.*?)\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*'
    r'(?:<a class="anchor-link" href="[^"]*">[^<]*</a>)?</h(?P=level)>',
    re.S,
)
_TOC_ID = re.compile(r"\s*\{\s*#(?P<id>[\w-]+)\s*\}\s*$")
# nbconvert's (lab template) wrapper around a rendered Markdown cell.
_MARKDOWN_CELL = re.compile(
    r'<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell[^"]*"[^>]*>\s*'
    r'<div class="jp-Cell-inputWrapper"[^>]*>\s*<div class="jp-Collapser[^"]*">\s*</div>\s*'
    r'<div class="jp-InputArea jp-Cell-inputArea">\s*<div class="jp-InputPrompt jp-InputArea-prompt">\s*</div>\s*'
    r'<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput[^"]*"[^>]*>'
    r"(?P<content>.*?)</div>\s*</div>\s*</div>\s*</div>",
    re.S,
)


def _heading(match: re.Match) -> str:
    level, text, anchor = match.group("level"), match.group("text").rstrip(), match.group("id")
    permalink = f'<a class="headerlink" href="#{anchor}" title="Permanent link">&para;</a>' if level != "1" else ""
    return f'<h{level} id="{anchor}">{text}{permalink}</h{level}>'


def _fix_toc(items) -> None:
    for item in items:
        # mkdocs-jupyter's TOC titles come from Markdown, already HTML-escaped.
        match = _TOC_ID.search(html.unescape(item.title))
        if match:
            item.id = match.group("id")
            item.title = _TOC_ID.sub("", item.title)
        _fix_toc(item.children)


def on_page_content(content: str, page, config, files) -> str:
    if not is_notebook_page(page):
        return content
    content = _MARKDOWN_CELL.sub(lambda match: match.group("content"), content)
    content = _HEADING.sub(_heading, content)
    _fix_toc(page.toc)
    if page.title:
        page.title = _TOC_ID.sub("", page.title)
    return _below_title(content, _notice(page, config))


def _notice(page, config) -> str:
    """The notice a Markdown page in the same state would get, as HTML ('' for none)."""
    default, _ = translation_notices.i18n_languages(config)
    reader = config.theme.get("language", default)
    locale = getattr(page.file, "locale", reader)
    if reader != default and locale != reader:  # English shown for want of a translation
        notice = f'!!! info "{text("untranslated_title", reader)}"\n\n    {text("untranslated", reader)}\n'
        return markdown_lib.markdown(notice, extensions=["admonition"])
    if locale == default:
        return ""
    docs_root = Path(config.docs_dir)
    english = getattr(page.file, "norm_src_uri", page.file.src_uri)
    if not (docs_root / english).exists():
        return ""
    if tracking.translation_status(docs_root, english, locale).state != "stale":
        return ""
    notice = translation_notices.stale_notice(locale, translation_notices.english_url(page, default))
    return markdown_lib.markdown(notice, extensions=["admonition"])


def _below_title(content: str, notice: str) -> str:
    """Below the title, as on Markdown pages."""
    if not notice:
        return content
    title_end = content.find("</h1>")
    if title_end < 0:
        return notice + content
    cut = title_end + len("</h1>")
    return content[:cut] + notice + content[cut:]
