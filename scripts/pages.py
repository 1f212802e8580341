"""The one reader of pages: every tool that looks at docs/ (the snippet
catalogue, translation parity and tracking, the error index and catalogue,
the shell-block check, the site hooks) reads a page through `read()` and gets
the same answer.

A Markdown page gives its front matter (read by MkDocs' own
`mkdocs.utils.meta.get_data`; front matter MkDocs would publish as text is a
`FrontMatterError` naming file and line), its headings (level, text, anchor,
line), its fenced blocks, its directives and its prose lines. Line numbers
are those of the file on disk, front matter included, so every message can
say `file:line`.

The structure comes from markdown-it-py, a CommonMark parser, with what
Python-Markdown (the renderer MkDocs uses) does differently: admonitions
(`!!!`, `???`) and content tabs (`===`) hold the lines indented under them,
a heading's `{ #id }` attribute list counts where attr_list applies it (not
after a `{...}` in the text), and indentation alone never makes a
code block (a `!snippet` line indented under a list item is a directive; the
hooks expand directives before Python-Markdown sees the page).

A notebook (`.ipynb`) gives its cells, read once: Markdown cells parsed as
pages are, code cells with their source and their outputs as text. Its
`text` is what a translator translates (see `notebook_text`), and its
headings, directives and prose are those of that text.

Parsed pages are kept by path and content: the ten readers of one build
parse each page once, and share what they get (so nothing may change it)."""

from __future__ import annotations

import html
import importlib
import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import yaml
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder
from markdown.extensions.toc import slugify as toc_slugify
from markdown.extensions.toc import unique
from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from mkdocs.utils.meta import get_data

from scripts.project import MKDOCS_YML

# ---------------------------------------------------------------- directives


@dataclass(frozen=True)
class DirectiveForm:
    """One directive: how it is written, and the pattern a well-formed one matches."""

    form: str  # as an error message shows it
    pattern: re.Pattern


# A directive is `!name ...` alone on its line (not `!!!`, an admonition, nor
# `![...]`, an image), or the error index's marker comment.
ERROR_INDEX_MARKER = "<!-- error-index -->"
DIRECTIVES = {
    "snippet": DirectiveForm(
        '!snippet "path" [code-only|output-only]', re.compile(r'^!snippet\s+"(?P<path>[^"]+)"(?P<flags>(?:\s+[a-z-]+)*)\s*$')
    ),
    "not-runnable": DirectiveForm('!not-runnable "reason"', re.compile(r'^!not-runnable\s+"(?P<reason>[^"]+)"\s*$')),
    "pinned-versions": DirectiveForm("!pinned-versions", re.compile(r"^!pinned-versions[ \t]*$")),
    "error-lookup": DirectiveForm("!error-lookup", re.compile(r"^!error-lookup[ \t]*$")),
    "translation-status": DirectiveForm("!translation-status", re.compile(r"^!translation-status[ \t]*$")),
    "error-index": DirectiveForm(ERROR_INDEX_MARKER, re.compile(rf"^{re.escape(ERROR_INDEX_MARKER)}$")),
}
BANG_DIRECTIVES = [name for name, directive in DIRECTIVES.items() if directive.form.startswith("!")]
# A notebook's text names each code cell on a line of its own (Notebook.text).
CODE_CELL = "code-cell"
DIRECTIVE_LINE = re.compile(r"^(?P<indent>[ \t]*)!(?P<name>[a-z][\w-]*)(?P<args>(?:[ \t].*)?)$")


@dataclass(frozen=True)
class Directive:
    line: int
    name: str  # "snippet", "not-runnable", ..., "error-index" for the marker
    args: str  # what follows the name, as written (stripped)
    indent: str  # the line's indentation: an expansion keeps it
    text: str  # the whole line
    match: re.Match | None  # the form's match (groups: path, flags, reason), None if malformed
    problem: str | None  # why it is not a directive we know, or not well-formed

    @property
    def path(self) -> str | None:
        return self.match.group("path") if self.match and self.name == "snippet" else None

    @property
    def flags(self) -> tuple[str, ...]:
        return tuple(self.match.group("flags").split()) if self.match and self.name == "snippet" else ()

    @property
    def reason(self) -> str | None:
        return self.match.group("reason") if self.match and self.name == "not-runnable" else None


def _directive(number: int, line: str, notebook: bool) -> Directive | None:
    if marker := DIRECTIVES["error-index"].pattern.match(line.strip()):
        return Directive(number, "error-index", "", line[: len(line) - len(line.lstrip())], line, marker, None)
    found = DIRECTIVE_LINE.match(line)
    if not found:
        return None
    name, indent, stripped = found.group("name"), found.group("indent"), line.strip()
    args = found.group("args").strip()
    if notebook and name == CODE_CELL:
        return Directive(number, name, args, indent, line, None, None)
    directive = DIRECTIVES.get(name) if name in BANG_DIRECTIVES else None
    if directive is None:
        problem = f"unknown directive '!{name}'; known: " + ", ".join(f"!{known}" for known in BANG_DIRECTIVES)
        return Directive(number, name, args, indent, line, None, problem)
    match = directive.pattern.match(stripped)
    problem = None if match else f"cannot read {stripped!r}; write {directive.form}"
    return Directive(number, name, args, indent, line, match, problem)


# ------------------------------------------------------------------- model


class PageError(ValueError):
    """A page that cannot be read, as `file:line: message` (just `line: message` without a file)."""

    def __init__(self, line: int, message: str, path: Path | None = None):
        self.line, self.message, self.path = line, message, path
        super().__init__(f"{path}:{line}: {message}" if path else f"{line}: {message}")


class FrontMatterError(PageError):
    """Front matter MkDocs would publish as page text: not closed, not YAML, not a mapping."""


@dataclass(frozen=True)
class Heading:
    line: int
    level: int
    text: str  # as written, without its attribute list: "`generate` stops early"
    anchor: str  # the id on the built page: the `{ #id }` given, else the one MkDocs' toc makes
    explicit: bool  # the anchor was written as `{ #id }`


@dataclass(frozen=True)
class Fence:
    start: int  # the opening fence's line
    end: int  # the closing fence's line (the page's, or its container's, last line when never closed)
    info: str  # the info string: 'python title="x.py"'
    language: str  # its first word, lower case: 'python' ('' for none)
    text: str  # the content, without the fence's indentation
    indent: str  # the opening line's indentation
    marker: str  # "```", "~~~~", ...
    containers: tuple[str, ...]  # what holds it, outermost first: "list", "blockquote", "admonition", "tab"


@dataclass(frozen=True)
class Container:
    """An admonition (`!!! note "Title"`, `??? tip`) or a content tab (`=== "Title"`)."""

    line: int
    marker: str  # "!!!", "???", "???+", "===", "===+"
    kind: str  # "admonition" or "tab"
    type: str  # the admonition's type words ("note", "warning inline"); "" for a tab
    title: str | None  # the quoted title, None when not given


@dataclass(frozen=True)
class Line:
    number: int
    text: str
    in_comment: bool = False  # inside an HTML comment (`<!-- ... -->`)


@dataclass
class Page:
    path: Path | None
    text: str  # the whole file, newlines normalised
    meta: dict
    body: str  # the text after the front matter's closing line
    body_line: int  # the file line `body` starts on
    markdown: str  # what MkDocs hands to hooks: `body` without the blank lines before it
    markdown_line: int  # the file line `markdown` starts on
    first_line: int = 1  # the file line `text` starts on
    headings: list[Heading] = field(default_factory=list)
    fences: list[Fence] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)
    containers: list[Container] = field(default_factory=list)
    prose: list[Line] = field(default_factory=list)  # body lines outside fences that are not directives

    @property
    def last_line(self) -> int:
        return self.first_line + self.text.rstrip("\n").count("\n")

    def line(self, number: int) -> str:
        """The text of file line `number` ('' outside the page)."""
        lines = self.text.split("\n")
        index = number - self.first_line
        return lines[index] if 0 <= index < len(lines) else ""

    def line_before(self, number: int) -> int | None:
        """The last non-blank line above file line `number`, None if there is none."""
        for before in range(number - 1, self.first_line - 1, -1):
            if self.line(before).strip():
                return before
        return None

    def directive_at(self, number: int) -> Directive | None:
        return next((d for d in self.directives if d.line == number), None)

    def title(self) -> str | None:
        """The front matter's `title`, else the first H1's text."""
        if self.meta.get("title"):
            return str(self.meta["title"])
        return next((h.text for h in self.headings if h.level == 1), None)


@dataclass(frozen=True)
class Output:
    kind: str  # "stream", "error", "execute_result", "display_data"
    text: str  # the stream's text, the plain-text data, or the traceback's last line
    name: str = ""  # stream: stdout or stderr; error: the exception type
    value: str = ""  # error: the exception's message


@dataclass
class Cell:
    index: int
    id: str
    kind: str  # "markdown", "code" or "raw"
    source: str
    tags: tuple[str, ...]
    metadata: dict
    outputs: list[Output]
    page: Page | None  # a Markdown cell, parsed as a page (lines count from 1 in the cell)


# Notebook cells a tool writes (scripts/runner/notebooks.py): not translated, not tracked.
GENERATED_CELL_TAG = "verified-with"


@dataclass
class Notebook(Page):
    """A notebook; the Page fields describe `text`, its translator's view."""

    data: dict = field(default_factory=dict)  # the notebook JSON
    cells: list[Cell] = field(default_factory=list)


# ------------------------------------------------------------------- parsing

FRONT_MATTER = re.compile(r"\A(---[ \t]*\n)(.*?\n)?((?:---|\.\.\.)[ \t]*(?:\n|\Z))", re.S)
FRONT_MATTER_OPENING = re.compile(r"\A---[ \t]*(?:\n|\Z)")
# A heading's attribute list (`## Title { #id .class }`) as Python-Markdown's attr_list reads it: its
# pattern, searched in the text after the last code span; applied only when it reads as attributes.
HEADING_ATTRIBUTES = AttrListTreeprocessor.HEADER_RE
CODE_SPAN = re.compile(r"(`+).+?\1")
CONTAINER = re.compile(r"^(?P<marker>!!!|\?\?\?\+?|===(?:\+!?|!\+?)?)[ \t]*(?P<rest>.*?)[ \t]*$")
ADMONITION_REST = re.compile(r'^(?P<type>[\w-]+(?: +[\w-]+)*)(?:[ \t]+"(?P<title>.*)")?$')
TAB_REST = re.compile(r'^"(?P<title>.*)"$')
TAG = re.compile(r"<[^>]+>")
# What holds a fence, as Fence.containers names it.
CONTAINER_NAMES = {"bullet_list": "list", "ordered_list": "list"}


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff")


def split_front_matter(text: str, path: Path | None = None) -> tuple[dict, str, int, str]:
    """(meta, body, body's first line, what MkDocs hands to hooks) of normalised
    text; FrontMatterError (naming path, if given) for front matter that is not
    closed or not a YAML mapping, which MkDocs would publish as page text."""
    markdown, meta = get_data(text)  # MkDocs' own reading, so every tool sees what the build sees
    match = FRONT_MATTER.match(text)
    if not match:
        if FRONT_MATTER_OPENING.match(text):
            raise FrontMatterError(1, "front matter is never closed: add a '---' line after it", path)
        return meta, text, 1, markdown
    if not meta:  # MkDocs found none: say why, with the YAML's own line
        try:
            checked = yaml.safe_load(match.group(2) or "")  # the pure-Python loader words its errors best
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            line = 2 + (mark.line if mark else 0)  # the YAML starts on the file's second line
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise FrontMatterError(line, f"front matter is not valid YAML: {problem}", path) from None
        if checked is not None and not isinstance(checked, dict):
            raise FrontMatterError(2, f"front matter must be 'key: value' lines, not a YAML {type(checked).__name__}", path)
        # MkDocs does not see front matter whose closing line ends the file: the YAML itself then.
        meta = checked or {}
    return meta, text[match.end() :], match.group(0).count("\n") + 1, markdown


def _container_rule(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Admonitions and content tabs as Python-Markdown reads them: the marker
    line, then every line indented four more spaces (or blank) under it."""
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    found = CONTAINER.match(state.src[begin : state.eMarks[start]])
    if not found:
        return False
    marker, rest = found.group("marker"), found.group("rest")
    shape = (TAB_REST if marker.startswith("=") else ADMONITION_REST).match(rest)
    if not shape:
        return False
    if silent:
        return True
    inner = state.sCount[start] + 4
    last = start  # the last line that belongs to it
    line = start + 1
    while line < end:
        blank = state.bMarks[line] + state.tShift[line] >= state.eMarks[line]
        if not blank and state.sCount[line] < inner:
            break
        if not blank:
            last = line
        line += 1
    kind = "tab" if marker.startswith("=") else "admonition"
    token = state.push("container_open", "div", 1)
    token.markup, token.info, token.map = marker, rest, [start, last + 1]
    token.meta = {"kind": kind, "type": "" if kind == "tab" else shape.group("type"), "title": shape.group("title")}
    old_indent, old_max, old_parent = state.blkIndent, state.lineMax, state.parentType
    state.blkIndent, state.lineMax, state.parentType = inner, last + 1, "container"
    state.md.block.tokenize(state, start + 1, last + 1)
    state.blkIndent, state.lineMax, state.parentType = old_indent, old_max, old_parent
    state.push("container_close", "div", -1)
    state.line = last + 1
    return True


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark")
    # Indentation makes no code block here: see the module docstring.
    md.disable("code")
    # Only the block structure is read; a heading's text is rendered on its own when its id is made.
    md.disable("inline")
    md.block.ruler.before("fence", "container", _container_rule, {"alt": ["paragraph", "reference", "blockquote", "list"]})
    return md


class _YamlWithNames(yaml.SafeLoader):
    """Reads mkdocs.yml: `!!python/name:` is imported (a slugify function), `!ENV` is left out."""


def _python_name(loader, suffix, node):
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_YamlWithNames.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_YamlWithNames.add_multi_constructor("!", lambda loader, suffix, node: None)


@cache
def _toc_slugify(config: Path = MKDOCS_YML):
    """(slugify, separator) of the toc extension as mkdocs.yml configures it."""
    data = yaml.load(config.read_text(encoding="utf-8"), Loader=_YamlWithNames) or {}
    for extension in data.get("markdown_extensions") or []:
        if isinstance(extension, dict) and "toc" in extension:
            options = extension["toc"] or {}
            return options.get("slugify") or toc_slugify, options.get("separator", "-")
    return toc_slugify, "-"


def _heading_attributes(inline: str) -> tuple[str, str | None]:
    """(the heading's text without its attribute list, the id the list gives or None)."""
    after_code = max((span.end() for span in CODE_SPAN.finditer(inline)), default=0)
    found = HEADING_ATTRIBUTES.search(inline, after_code)
    if not found:
        return inline.strip(), None
    attributes, remainder = get_attrs_and_remainder(found.group(1))
    if remainder:  # attr_list leaves it as text: `{...} ... { #id }`
        return inline.strip(), None
    anchor = next((value for key, value in attributes if key == "id"), None)
    return inline[: found.start()].rstrip("#").strip(), anchor


@cache
def _inline_renderer() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _visible_text(inline_markdown: str) -> str:
    """A heading's text as the toc reads it: rendered, without tags, entities decoded."""
    rendered = _inline_renderer().renderInline(inline_markdown)
    return html.unescape(TAG.sub("", rendered)).strip()


def parse(text: str, path: Path | None = None, *, first_line: int = 1, front_matter: bool = True, notebook: bool = False) -> Page:
    """The page in `text`; `first_line` is the file line `text` starts on
    (a hook's Markdown, whose front matter MkDocs has taken off)."""
    return _parse(normalise_newlines(text), None if path is None else Path(path), first_line, front_matter, notebook)


@lru_cache(maxsize=4096)  # every page of the site in every locale, with room for `mkdocs serve` edits
def _parse(text: str, path: Path | None, first_line: int, front_matter: bool, notebook: bool) -> Page:
    meta, body, body_line, markdown = split_front_matter(text, path) if front_matter else ({}, text, 1, text)
    body_line += first_line - 1
    markdown_line = first_line + text[: len(text) - len(markdown)].count("\n") if text.endswith(markdown) else body_line
    page = Page(path, text, meta, body, body_line, markdown, markdown_line, first_line)
    _read_structure(page, body, body_line, notebook)
    return page


def _read_structure(page: Page, body: str, body_line: int, notebook: bool) -> None:
    tokens = _parser().parse(body)
    lines = body.split("\n")
    in_fence: set[int] = set()  # body indexes of fence lines
    open_containers: list[str] = []
    slugify, separator = _toc_slugify()
    explicit_ids = set()
    pending: list[tuple[int, int, str, str | None]] = []  # (line, level, text, id)
    for index, token in enumerate(tokens):
        if token.type.endswith("_open") and token.type not in ("heading_open", "paragraph_open"):
            kind = token.type.removesuffix("_open")
            open_containers.append(token.meta["kind"] if kind == "container" else CONTAINER_NAMES.get(kind, kind))
            if kind == "container":
                page.containers.append(
                    Container(body_line + token.map[0], token.markup, token.meta["kind"], token.meta["type"], token.meta["title"])
                )
        elif token.type.endswith("_close") and token.type not in ("heading_close", "paragraph_close"):
            open_containers.pop()
        elif token.type == "fence":
            start, stop = token.map  # body indexes; stop is one past the block (its closing line included)
            opening = lines[start]
            info = token.info.strip()
            language = info.lstrip("{").strip(" .").split()[:1]
            page.fences.append(
                Fence(
                    start=body_line + start,
                    end=body_line + stop - 1,
                    info=info,
                    language=language[0].lower() if language else "",
                    text=token.content,
                    indent=opening[: len(opening) - len(opening.lstrip())],
                    marker=token.markup,
                    containers=tuple(c for c in open_containers if c != "list_item"),
                )
            )
            in_fence.update(range(start, stop))
        elif token.type == "heading_open":
            visible, anchor = _heading_attributes(tokens[index + 1].content)
            if anchor:
                explicit_ids.add(anchor)
            pending.append((body_line + token.map[0], int(token.tag[1]), visible, anchor))
    # Ids MkDocs' toc gives headings without one: unique among every id on the page.
    used = set(explicit_ids)
    for line, level, visible, anchor in pending:
        if anchor is None:
            made = unique(slugify(_visible_text(visible), separator), used)  # `id`, then `id_1`, ... as the toc does
            used.add(made)
            page.headings.append(Heading(line, level, visible, made, False))
        else:
            page.headings.append(Heading(line, level, visible, anchor, True))
    in_comment = False
    for offset, line in enumerate(lines):
        if offset in in_fence:
            continue
        number = body_line + offset
        commented = in_comment or line.lstrip().startswith("<!--")
        if not in_comment and line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
        elif in_comment:
            in_comment = "-->" not in line
        if directive := _directive(number, line, notebook):
            page.directives.append(directive)
            if directive.name != "error-index":
                continue
        page.prose.append(Line(number, line, commented))


# ------------------------------------------------------------------ notebooks


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def _outputs(cell: dict) -> list[Output]:
    outputs = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type", "")
        if kind == "stream":
            outputs.append(Output(kind, _joined(output.get("text")), output.get("name", "")))
        elif kind == "error":
            name, value = output.get("ename", ""), output.get("evalue", "")
            outputs.append(Output(kind, f"{name}: {value}", name, value))
        elif kind in ("execute_result", "display_data"):
            outputs.append(Output(kind, _joined(output.get("data", {}).get("text/plain"))))
    return outputs


def notebook_text(data: dict) -> str:
    """What a translator translates in a notebook, as Markdown: its `metadata.i18n` as front
    matter, then every Markdown cell after a `<!-- cell: id -->` line, and a `!code-cell id` line
    per code cell. Code is shared by every locale (scripts/runner/notebooks.py checks that), so
    a code change alone does not make a translation stale; a code cell added, removed or moved
    does, and parity reports it. Line numbers in findings count lines of this text."""
    parts = []
    for cell in data.get("cells", []):
        source = _joined(cell.get("source", "")).strip("\n")
        if cell.get("cell_type") == "code":
            parts.append(f"!{CODE_CELL} {cell.get('id', '?')}")
        elif cell.get("cell_type") == "markdown" and GENERATED_CELL_TAG not in cell.get("metadata", {}).get("tags", []):
            parts.append(f"<!-- cell: {cell.get('id', '?')} -->\n{source}")
    meta = data.get("metadata", {}).get("i18n") or {}
    front = f"---\n{yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)}---\n" if meta else ""
    return front + "\n\n".join(parts) + "\n"


@lru_cache(maxsize=64)
def _parse_notebook(raw: str, path: Path) -> Notebook:
    try:
        data = json.loads(raw)
    except ValueError as error:
        line = getattr(error, "lineno", 1)
        raise PageError(line, f"is not a notebook (not JSON: {getattr(error, 'msg', error)})", path) from None
    view = parse(notebook_text(data), path, notebook=True)
    cells = []
    for index, cell in enumerate(data.get("cells", [])):
        kind, source = cell.get("cell_type", ""), _joined(cell.get("source", ""))
        metadata = cell.get("metadata", {}) or {}
        cells.append(
            Cell(
                index,
                str(cell.get("id", "?")),
                kind,
                source,
                tuple(metadata.get("tags", []) or ()),
                metadata,
                _outputs(cell),
                parse(source, path, front_matter=False) if kind == "markdown" else None,
            )
        )
    fields = {name: getattr(view, name) for name in Page.__dataclass_fields__}
    return Notebook(**fields, data=data, cells=cells)


# ---------------------------------------------------------------------- read


def read(path: Path) -> Page:
    """The page at `path`: a Notebook for `.ipynb`, else a Markdown Page.
    Parsed once for each content the file has had."""
    path = Path(path)
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        return _parse_notebook(raw, path)
    return parse(raw, path)
