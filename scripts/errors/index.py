"""The error index: one page per error under docs/errors/, each the single
home of one error message (a family of wordings of one message is one entry).

An entry page, in order:

    ---
    library: transformers            # one of LIBRARIES
    kind: warning                     # only for a warning: its reproducer prints it, raises nothing
    summary: One line: what it means.   (translated in each locale's page)
    reports:                          # public threads where readers report it
      - https://github.com/huggingface/transformers/issues/12345
    ---
    # OSError: You are trying to access a gated repo { #gated-repo }

    !snippet "errors/gated_repo.py"      <- the reproducer: a snippet with `expect:`
    ...
    ## Fix { #fix }
    !snippet "errors/gated_repo_fix.py"  <- runs clean and prints evidence
    ## Causes { #causes }               (optional)
    ## Other versions { #versions }     (optional)

`problems()` checks every entry against that shape and against each other
(two entries must not claim the same error signature); the site build and the
tests report what it finds as `file:line: what is wrong`. The index page's
table (`table()`) is built from the entries' front matter and titles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts import pages
from scripts.project import LOCALES, REPO_ROOT
from scripts.runner.snippet import SNIPPETS_DIR, SnippetError, load_snippet

ENTRY_DIR = "errors"
INDEX_PAGE = "index.md"
# The order of the index page's groups.
LIBRARIES = ("huggingface_hub", "transformers", "peft", "accelerate", "torch")


@dataclass
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{_rel(self.path)}:{self.line}: {self.message}"


@dataclass
class Entry:
    path: Path  # the English page
    slug: str
    anchor: str
    library: str
    reports: list[str]
    reproducer: str | None  # snippet name, e.g. errors/gated_repo.py
    kind: str = "error"  # or "warning": the reproducer prints it and raises nothing
    fixes: list[str] = field(default_factory=list)
    titles: dict[str, str] = field(default_factory=dict)  # locale -> H1 text
    summaries: dict[str, str] = field(default_factory=dict)  # locale -> one line

    def url(self) -> str:
        return f"{self.slug}.md"


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def _read(path: Path) -> tuple[pages.Page | None, Problem | None]:
    try:
        return pages.read(path), None
    except pages.FrontMatterError as error:
        return None, Problem(path, error.line, error.message)
    except UnicodeDecodeError as error:
        return None, Problem(path, 1, f"is not UTF-8 text ({error.reason} at byte {error.start})")


def _structure(page: pages.Page) -> tuple[list[tuple[int, int, str, str | None]], list[tuple[int, str]]]:
    """Headings (line, level, title, explicit anchor) and well-formed !snippet lines (line, name)."""
    headings = [(h.line, h.level, h.text, h.anchor if h.explicit else None) for h in page.headings]
    snippets = [(d.line, d.path) for d in page.directives if d.name == "snippet" and d.match]
    return headings, snippets


def entry_pages(docs_dir: Path) -> list[Path]:
    folder = docs_dir / ENTRY_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.md") if p.name != INDEX_PAGE and p.suffixes == [".md"])


def _translation(path: Path, locale: str) -> Path:
    return path if locale == "en" else path.with_name(f"{path.stem}.{locale}.md")


def read_entry(path: Path, snippets_dir: Path = SNIPPETS_DIR) -> tuple[Entry | None, list[Problem]]:
    problems: list[Problem] = []
    page, problem = _read(path)
    if problem:
        return None, [problem]
    meta = page.meta
    library = meta.get("library")
    if library not in LIBRARIES:
        problems.append(Problem(path, 1, f"front matter 'library' must be one of {', '.join(LIBRARIES)}, not {library!r}"))
    reports = meta.get("reports") or []
    if not isinstance(reports, list) or not reports or not all(isinstance(r, str) and r.startswith("https://") for r in reports):
        problems.append(Problem(path, 1, "front matter 'reports' must list one or more https:// threads that report this error"))
        reports = []
    headings, snippets = _structure(page)
    h1 = next((h for h in headings if h[1] == 1), None)
    if h1 is None or not h1[3]:
        problems.append(Problem(path, h1[0] if h1 else page.body_line, "an entry starts with a '# <error> { #anchor }' heading"))
        return None, problems
    first_h2 = next((h[0] for h in headings if h[1] == 2), None)
    fix = next((h for h in headings if h[1] == 2 and h[3] == "fix"), None)
    reproducers = [s for s in snippets if s[0] > h1[0] and (first_h2 is None or s[0] < first_h2)]
    entry = Entry(path, path.stem, h1[3], str(library), list(reports), None, "warning" if meta.get("kind") == "warning" else "error")
    if not reproducers:
        problems.append(Problem(path, h1[0], "no reproducer: the first section needs a !snippet whose snippet has `#| expect:`"))
    else:
        line, name = reproducers[0]
        snippet = _load(snippets_dir, name, path, line, problems)
        if snippet is None:
            pass
        elif meta.get("kind") == "warning":
            # A warning is not raised: its reproducer runs to the end and prints it.
            if not _prints(snippet, _message_words(h1[2])):
                problems.append(Problem(path, line, f"the reproducer {name} does not print the warning this entry is about"))
        elif not any(snippet.expected(d) for d in snippet.devices):
            problems.append(Problem(path, line, f"the reproducer {name} does not declare the error it raises (`#| expect:`)"))
        entry.reproducer = name
    if fix is None:
        problems.append(Problem(path, first_h2 or h1[0], "no '## Fix { #fix }' section"))
    else:
        next_h2 = next((h[0] for h in headings if h[1] == 2 and h[0] > fix[0]), None)
        for line, name in snippets:
            if line > fix[0] and (next_h2 is None or line < next_h2):
                snippet = _load(snippets_dir, name, path, line, problems)
                if snippet is not None and any(snippet.expected(d) for d in snippet.devices):
                    problems.append(Problem(path, line, f"the fix {name} is expected to raise: a fix must run clean"))
                entry.fixes.append(name)
        if not entry.fixes:
            problems.append(Problem(path, fix[0], "the Fix section shows no !snippet that runs the fixed program"))
    for locale in LOCALES:
        page = _translation(path, locale)
        if not page.exists():
            continue  # the site shows the English page with its "not translated yet" notice
        translated, page_problem = _read(page)
        if page_problem:
            problems.append(page_problem)
            continue
        summary = translated.meta.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            problems.append(Problem(page, 1, "front matter needs a one-line 'summary' (what the error means)"))
        else:
            entry.summaries[locale] = " ".join(summary.split())
        title = next((h.text for h in translated.headings if h.level == 1), None)
        if title:
            entry.titles[locale] = title
    return entry, problems


def _message_words(title: str) -> list[str]:
    """The first words of a title's message, without its `Type:` and backticks."""
    message = title.split(": ", 1)[-1].replace("`", "")
    return re.findall(r"[A-Za-z_]{2,}", message)[:5]


def _prints(snippet, words: list[str]) -> bool:
    for device in snippet.devices:
        recording = snippet.output_path(device)
        if recording.exists():
            printed = re.findall(r"[A-Za-z_]{2,}", recording.read_text(encoding="utf-8", errors="replace").replace("`", ""))
            if any(printed[i : i + len(words)] == words for i in range(len(printed))):
                return True
    return False


def _load(snippets_dir: Path, name: str, page: Path, line: int, problems: list[Problem]):
    path = snippets_dir / name
    if not path.is_file():
        problems.append(Problem(page, line, f"snippets/{name} does not exist"))
        return None
    try:
        return load_snippet(path)
    except SnippetError as error:
        problems.append(Problem(page, line, str(error)))
        return None


def entries(docs_dir: Path, snippets_dir: Path = SNIPPETS_DIR) -> tuple[list[Entry], list[Problem]]:
    found, problems = [], []
    for path in entry_pages(docs_dir):
        entry, page_problems = read_entry(path, snippets_dir)
        problems += page_problems
        if entry is not None:
            found.append(entry)
    return found, problems


def signature_clashes(docs_dir: Path, catalogue_entries: list) -> list[Problem]:
    """Two entry pages whose reproducers show the same error: each error has one home."""
    found, _ = entries(docs_dir)
    reproducer = {e.path.relative_to(docs_dir.parent).as_posix(): e.reproducer for e in found}
    problems = []
    for entry in catalogue_entries:
        homes = sorted({o["page"] for o in entry.occurrences if o["page"] in reproducer and o.get("snippet") == reproducer[o["page"]]})
        for page in homes[1:]:
            first = entry.text.splitlines()[0][:80]
            problems.append(Problem(docs_dir.parent / page, 1, f"claims the same error as {homes[0]}: {first}"))
    return problems


def _first_words(title: str, limit: int = 72) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def table(found: list[Entry], locale: str, texts: dict[str, str]) -> str:
    """The index page's Markdown: a count, then one table per library."""
    lines = [texts["count"].format(n=len(found)), ""]
    for library in LIBRARIES:
        group = sorted((e for e in found if e.library == library), key=lambda e: e.titles.get("en", e.slug).lower())
        if not group:
            continue
        lines += [f"## {library} {{ #lib-{library.replace('_', '-')} }}", "", f"| {texts['error']} | {texts['meaning']} |", "| --- | --- |"]
        for entry in group:
            title = entry.titles.get(locale) or entry.titles.get("en", entry.slug)
            summary = entry.summaries.get(locale) or entry.summaries.get("en", "")
            label = _first_words(title).replace("|", "\\|").replace("`", "")
            lines.append(f"| [`{label}`]({entry.url()}) | {summary.replace('|', chr(92) + '|')} |")
        lines.append("")
    return "\n".join(lines)
