"""The error catalogue: every error and documented warning our pages show,
built from the pages and their recorded outputs, never kept by hand.

- Every page section that shows a recorded output (a snippet's
  `name.<device>.out`, or a notebook cell's output) contributes the error
  blocks in it (scripts/errors/signatures.py says what a block is).
- Exceptions and kernel assertions in a recording always become entries,
  explained by the section the output is shown in (the nearest heading above
  the `!snippet` line or the notebook cell).
- Warnings and log records become entries only where the page talks about
  them: they are explained by the sections of the same page whose prose quotes
  at least two consecutive words of them that are not stop words (`LOAD
  REPORT`, `mean_resizing=False`), the most quoted first. A warning that is
  merely printed (a deprecation notice under every example) is not an entry.
- Entries with the same signature are one entry. Entries and their sections
  follow the site's navigation order.

Pages are read through the page model (scripts/pages.py). Which pages the
site has, their order and their URL in each locale come from MkDocs: inside a
site build from the build's own files and navigation (the error_catalogue
hook hands them over as a `SiteLayout`), outside one from the MkDocs config,
its file list and mkdocs-static-i18n's own URL rule (`SiteLayout.from_config`).

What the site publishes (assets/error-catalogue.json) is the rules
(scripts/errors/rules.json) and the entries: the page script matches a paste
against them with the same rules (docs/assets/javascripts/error-matcher.js)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from scripts import pages
from scripts.errors.rules import RULES, compiled
from scripts.errors.signatures import Block, Signature, extract_blocks, fold, is_leading, normalise_line, raw_words, signature, words
from scripts.pins import DEFAULT_STACK
from scripts.project import DEFAULT_LOCALE, DOCS_DIR, LOCALES, SNIPPETS_DIR
from scripts.runner.snippet import SnippetError, include_problem, load_snippet, read_recording

PAGE_SUFFIXES = (".md", ".ipynb")

# ------------------------------------------------------------------ the site


@dataclass(frozen=True)
class SiteLayout:
    """The site's English pages (docs-relative), in navigation order then the
    others in path order; each page's URL in every locale, and the file shown
    there (its translation, or the English page where there is none)."""

    docs_dir: Path
    pages: tuple[str, ...]
    urls: dict[str, dict[str, str]]  # page -> locale -> URL, relative to the site's root
    sources: dict[str, dict[str, str]]  # page -> locale -> the docs-relative file shown

    @classmethod
    def from_site(cls, docs_dir: Path, urls: dict, sources: dict, nav: list[str]) -> SiteLayout:
        """From what a build's files and navigation say; `nav`: the pages in navigation order."""
        order = {page: index for index, page in enumerate(nav)}
        ordered = sorted(urls, key=lambda page: (order.get(page, len(order)), PurePosixPath(page).parts))
        # MkDocs writes the home page's URL as "./"; the catalogue's URLs are relative to the site's root.
        relative = {page: {locale: url.removeprefix("./") for locale, url in by_locale.items()} for page, by_locale in urls.items()}
        return cls(Path(docs_dir), tuple(ordered), relative, sources)

    @classmethod
    def from_config(cls, config_file: Path) -> SiteLayout:
        """Outside a build: MkDocs' config and file list, and mkdocs-static-i18n's
        URL for each page in each locale."""
        from mkdocs.config import load_config
        from mkdocs.structure.files import File, Files, get_files
        from mkdocs.structure.nav import get_navigation
        from mkdocs_static_i18n.suffix import create_i18n_file

        class NotebookPage(File):
            """A notebook is a page, as mkdocs-jupyter makes it in a build."""

            def is_documentation_page(self) -> bool:
                return True

        # Neither plugins nor hooks are needed for the layout (mkdocs-jupyter alone takes seconds to import).
        config = load_config(str(config_file), plugins=[], hooks=[])
        english: dict[str, File] = {}
        translations: dict[tuple[str, str], str] = {}
        for file in get_files(config):
            if file.src_uri.endswith(".ipynb"):
                file = NotebookPage(file.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls)
            if not file.is_documentation_page() or not file.src_uri.endswith(PAGE_SUFFIXES):
                continue
            localised = create_i18n_file(file, DEFAULT_LOCALE, DEFAULT_LOCALE, list(LOCALES), config)
            if localised.localization is None:
                english[file.src_uri] = file
            else:
                translations[(localised.norm_src_uri, localised.localization)] = file.src_uri
        urls = {
            page: {locale: create_i18n_file(file, locale, DEFAULT_LOCALE, list(LOCALES), config).url for locale in LOCALES}
            for page, file in english.items()
        }
        sources = {page: {locale: translations.get((page, locale), page) for locale in LOCALES} for page in english}
        nav = get_navigation(Files(list(english.values())), config)
        return cls.from_site(Path(config.docs_dir), urls, sources, [page.file.src_uri for page in nav.pages])


# ------------------------------------------------------------------- pages


@dataclass
class Heading:
    line: int
    level: int
    id: str
    title: str


@dataclass
class Output:
    """A recorded output a page shows, where it shows it."""

    line: int  # the page line it belongs to (a notebook: its code cell's line in the notebook's text)
    text: str
    source: str  # "transformers/oom_error.py" or "docs/training/x.ipynb#cell-id"
    device: str
    snippet: str | None  # the snippet's name, when it is one
    stack: str = DEFAULT_STACK  # the library stack that printed it


@dataclass
class PageContent:
    path: Path  # the English source
    headings: list[Heading]
    outputs: list[Output]
    prose: dict[str, list[str]]  # section id -> its prose lines


def _title(text: str) -> str:
    return " ".join(text.replace("`", "").replace("**", "").split())


def _headings(page: pages.Page) -> list[Heading]:
    return [Heading(h.line, h.level, h.anchor, _title(h.text)) for h in page.headings]


def _section_at(headings: list[Heading], line: int) -> Heading | None:
    above = [h for h in headings if h.line <= line]
    return above[-1] if above else None


def _group_prose(headings: list[Heading], page: pages.Page) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for line in page.prose:
        heading = _section_at(headings, line.number)
        if heading is not None:
            grouped.setdefault(heading.id, []).append(line.text)
    return grouped


def _snippet_outputs(page: pages.Page, snippets_dir: Path) -> list[Output]:
    outputs = []
    for directive in page.directives:
        if directive.name != "snippet" or directive.problem or "code-only" in directive.flags or include_problem(directive.path):
            continue  # a broken include is reported by `python -m scripts.runner check`
        try:
            snippet = load_snippet(snippets_dir / directive.path)
        except (OSError, SnippetError):
            continue
        # Every stack's wording: a paste from transformers 4 lands on the same section.
        for stack, device in snippet.runs():
            try:
                recording = read_recording(snippet.output_path(device, stack))
            except SnippetError:
                recording = None
            if recording is not None:
                outputs.append(Output(directive.line, recording.text, directive.path, device, directive.path, stack))
    return outputs


def _cell_output_text(output: pages.Output) -> str:
    if output.kind == "stream":
        return output.text
    if output.kind == "error":
        return f"Traceback (most recent call last):\n  ...\n{output.text}\n"
    return ""


def _notebook_outputs(notebook: pages.Notebook, docs_dir: Path) -> list[Output]:
    """A code cell's outputs, at its `!code-cell` line in the notebook's text."""
    lines = [d.line for d in notebook.directives if d.name == pages.CODE_CELL]
    code_cells = [cell for cell in notebook.cells if cell.kind == "code"]
    name = notebook.path.relative_to(docs_dir.parent).as_posix()
    if len(lines) != len(code_cells):
        raise ValueError(f"{notebook.path}: {len(code_cells)} code cells, but {len(lines)} '!{pages.CODE_CELL}' lines in its text")
    outputs = []
    for line, cell in zip(lines, code_cells, strict=True):
        text = "".join(_cell_output_text(output) for output in cell.outputs)
        if text:
            outputs.append(Output(line, text, f"{name}#{cell.id}", "cpu", None))
    return outputs


def read_page(path: Path, docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR) -> PageContent:
    """A page's sections, the outputs it shows and each section's prose."""
    page = pages.read(path)
    headings = _headings(page)
    if isinstance(page, pages.Notebook):
        outputs = _notebook_outputs(page, docs_dir)
    else:
        outputs = _snippet_outputs(page, snippets_dir)
    return PageContent(Path(path), headings, outputs, _group_prose(headings, page))


def _titles(path: Path) -> tuple[str | None, dict[str, str]]:
    """A page's title (its H1) and each section id's title."""
    if not path.exists():
        return None, {}
    headings = _headings(pages.read(path))
    h1 = next((h.title for h in headings if h.level == 1), None)
    return h1, {h.id: h.title for h in headings}


# ---------------------------------------------------------------- catalogue


def quoted(sig: Signature, prose: list[str]) -> tuple[int, int]:
    """How much of a warning some prose quotes: the non-stop words in the
    longest run of consecutive message words that the prose also has, and at
    how many places the prose quotes enough of it."""
    stop = compiled()["stop_words"]
    placeholder = compiled()["placeholder"]
    message = [w for line in sig.lines for w in words(line)]
    text = [w for line in prose for w in words(normalise_line(fold(line)))]
    best, places = 0, 0
    for j in range(len(text)):
        longest = 0
        for i in range(len(message)):
            count, k = 0, 0
            while i + k < len(message) and j + k < len(text) and message[i + k] == text[j + k] and not placeholder.search(message[i + k]):
                count += message[i + k] not in stop
                k += 1
            longest = max(longest, count)
        best = max(best, longest)
        places += longest >= RULES["documented_words"]
    return best, places


@dataclass
class Entry:
    kind: str
    type: str
    text: str  # the block as the page shows it
    message_lines: list[str]  # its message, without the type
    sig: Signature
    occurrences: list[dict] = field(default_factory=list)
    sections: list[dict] = field(default_factory=list)

    @property
    def id(self) -> str:
        key = "\n".join([self.kind, self.type, *self.sig.lines])
        return hashlib.sha1(key.encode()).hexdigest()[:10]

    def as_dict(self) -> dict:
        return {
            "id": self.id,
            "kind": self.kind,
            "type": self.type,
            "text": self.text,
            "message_lines": self.message_lines,
            "type_token": self.sig.type_token,
            "lines": self.sig.lines,
            "tokens": self.sig.tokens,
            "first": self.sig.first,
            "occurrences": self.occurrences,
            "sections": self.sections,
        }


def _section_record(layout: SiteLayout, page: str, heading: Heading) -> dict:
    path = layout.docs_dir / page
    record = {"page": path.relative_to(layout.docs_dir.parent).as_posix(), "id": heading.id}
    english_title, _ = _titles(path)
    for locale in LOCALES:
        page_title, titles = _titles(layout.docs_dir / layout.sources[page][locale])
        record[locale] = {
            "url": f"{layout.urls[page][locale]}#{heading.id}",
            "title": titles.get(heading.id, heading.title),
            "page": page_title or english_title or path.stem,
        }
    return record


def explaining_sections(block: Block, sig: Signature, content: PageContent, shown_in: Heading) -> list[tuple[tuple, Heading]]:
    """Where a page explains an error it shows, each with a sort key. An
    exception or a kernel assertion: the section the output is in. A warning
    or a log record: the sections of the same page that quote it, most quoted
    first; none when the page does not talk about it."""
    if is_leading(block.kind):
        return [((0, 0), shown_in)]
    if block.kind not in ("warning", "log"):
        return []
    found = []
    for heading in content.headings:
        best, places = quoted(sig, content.prose.get(heading.id, []))
        if best >= RULES["documented_words"]:
            found.append(((-best, -places), heading))
    return found


def _layout(docs_dir: Path, layout: SiteLayout | None) -> SiteLayout:
    return layout if layout is not None else SiteLayout.from_config(Path(docs_dir).parent / "mkdocs.yml")


def build(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR, layout: SiteLayout | None = None) -> list[Entry]:
    """Every catalogued error, in the order the site shows them. An entry's
    sections: in the site's order (warnings: the most quoted first).
    `layout`: the site's pages and URLs (default: from `docs_dir`'s mkdocs.yml)."""
    layout = _layout(docs_dir, layout)
    entries: dict[tuple, Entry] = {}
    keys: dict[tuple, dict[str, tuple]] = {}  # entry -> section url -> sort key
    for page_index, page in enumerate(layout.pages):
        path = layout.docs_dir / page
        content = read_page(path, layout.docs_dir, snippets_dir)
        explained: dict[tuple, list[tuple[tuple, Heading]]] = {}
        # (source, kind, type) -> the sections explaining that warning as the
        # current stack prints it: another stack's wording of it goes there too.
        by_source: dict[tuple, list[tuple[tuple, Heading]]] = {}
        for output in content.outputs:
            shown_in = _section_at(content.headings, output.line)
            if shown_in is None:
                continue
            for block in extract_blocks(output.text):
                sig = signature(block)
                key = (block.kind, block.type, tuple(sig.lines))
                if not sig.tokens:
                    continue
                if key not in explained or is_leading(block.kind):
                    explained[key] = explaining_sections(block, sig, content, shown_in)
                    if not explained[key] and output.stack != DEFAULT_STACK:
                        explained[key] = by_source.get((output.source, block.kind, block.type), [])
                    elif explained[key] and output.stack == DEFAULT_STACK:
                        by_source.setdefault((output.source, block.kind, block.type), explained[key])
                if not explained[key]:
                    continue
                entry = entries.setdefault(key, Entry(block.kind, block.type, block.text, list(block.lines), sig))
                occurrence = {
                    "page": path.relative_to(layout.docs_dir.parent).as_posix(),
                    "shown_in": shown_in.id,
                    "source": output.source,
                    "snippet": output.snippet,
                    "device": output.device,
                    "stack": output.stack,
                }
                if occurrence not in entry.occurrences:
                    entry.occurrences.append(occurrence)
                example = raw_words(block.text) if is_leading(block.kind) else []
                for sort_key, heading in explained[key]:
                    section = _section_record(layout, page, heading)
                    url = section["en"]["url"]
                    known = next((s for s in entry.sections if s["en"]["url"] == url), None)
                    if known is None:
                        section["example"] = block.text if example else entry.text
                        section["words"] = []
                        entry.sections.append(section)
                        keys.setdefault(key, {})[url] = (*sort_key, page_index, len(keys.get(key, {})))
                        known = section
                    known["words"] += [w for w in example if w not in known["words"]]
    for key, entry in entries.items():
        entry.sections.sort(key=lambda s: keys[key][s["en"]["url"]])
    return list(entries.values())


def catalogue(docs_dir: Path = DOCS_DIR, snippets_dir: Path = SNIPPETS_DIR, layout: SiteLayout | None = None) -> dict:
    """What the site publishes: the rules and the entries."""
    return publish(build(docs_dir, snippets_dir, layout))


def publish(entries: list[Entry]) -> dict:
    return {"rules": RULES, "entries": [entry.as_dict() for entry in entries]}


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
