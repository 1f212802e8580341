"""MkDocs hook: every directive of a page, expanded in one pass over the
directives scripts/pages.py finds (outside code fences, on lines of their own):

- `!snippet "path"` becomes the snippet's code and its recorded output(s), so
  pages of every locale show the same files and code and output can never
  disagree between translations;
- `!not-runnable "reason"` becomes a visible note;
- `!pinned-versions` becomes the table of pinned versions;
- `!error-lookup` becomes the error lookup form (scripts/hooks/error_catalogue.py);
- `<!-- error-index -->` becomes the error index's table of entries
  (scripts/errors/index.py);
- `!translation-status` becomes the translation coverage table
  (scripts/hooks/translation_notices.py).

A directive that is unknown or malformed fails the build with the page's file
and line."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError

from scripts import pages
from scripts.errors import index
from scripts.hooks import translation_notices
from scripts.hooks.error_catalogue import lookup_form
from scripts.hooks.texts import raw, text
from scripts.pins import DEFAULT_STACK, DOCUMENTED, documented_pins
from scripts.project import DEFAULT_LOCALE
from scripts.runner.compare import classify, same_output
from scripts.runner.snippet import (
    DEVICE_LABELS,
    SNIPPETS_DIR,
    SnippetError,
    include_problem,
    load_snippet,
    read_recording,
)

FENCE = "````"


def on_pre_build(config) -> None:
    """Every page's front matter, before any page is built: other hooks read
    the front matter of other pages than the one they build, and MkDocs
    itself publishes broken front matter as text."""
    problems = []
    for page in sorted(Path(config.docs_dir).rglob("*.md")):
        try:
            pages.read(page)
        except pages.FrontMatterError as error:
            problems.append(str(error))
    if problems:
        raise PluginError("\n".join(problems))


def page_of(source: Path | None, markdown: str) -> pages.Page:
    """The page MkDocs hands to hooks, its lines numbered as in the file
    (MkDocs has taken the front matter and the blank lines after it off)."""
    if source is None or not source.is_file():
        return pages.parse(markdown, source, front_matter=False)
    whole = pages.read(source)
    if markdown == whole.markdown and not isinstance(whole, pages.Notebook):
        return whole
    first_line = whole.markdown_line if markdown.startswith(whole.markdown[:200]) else 1
    return pages.parse(markdown, source, first_line=first_line, front_matter=False)


def on_page_markdown(markdown: str, page, config, files) -> str:
    source = Path(page.file.abs_src_path) if getattr(page.file, "abs_src_path", None) else None
    parsed = page_of(source, markdown)
    if not parsed.directives:
        return markdown
    locale = config.theme.get("language", DEFAULT_LOCALE)
    lines = markdown.split("\n")
    at = {directive.line - parsed.markdown_line: directive for directive in parsed.directives}
    out: list[str] = []
    for offset, line in enumerate(lines):
        directive = at.get(offset)
        if directive is None:
            out.append(line)
            continue
        where = f"{source}:{directive.line}"
        if directive.problem:
            raise PluginError(f"{where}: {directive.problem}")
        rows = EXPANSIONS[directive.name](directive, locale, page, config, where)
        out.extend(directive.indent + row if row else "" for row in rows)
    return "\n".join(out)


def _snippet(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    if problem := include_problem(directive.path):
        raise PluginError(f"{where}: {problem}")
    try:
        return render_snippet(directive.path, list(directive.flags), locale)
    except SnippetError as error:
        raise PluginError(f"{where}: {error}") from None
    except FileNotFoundError:
        raise PluginError(f"{where}: snippet {directive.path!r} does not exist in snippets/") from None


def _not_runnable(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    return [f'!!! note "{text("not_runnable_title", locale)}"', f"    {directive.reason}", ""]


def _pinned_versions(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    return pinned_versions_table(locale)


def _error_lookup(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    return ["", *lookup_form(locale).split("\n"), ""]


def _error_index(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    found, _ = index.entries(Path(config.docs_dir))
    texts = {key: raw(f"errors_{key}", locale) for key in ("count", "error", "meaning")}
    return index.table(found, locale, texts).split("\n")


def _translation_status(directive: pages.Directive, locale: str, page, config, where: str) -> list[str]:
    return translation_notices.status_directive(page, config).split("\n")


EXPANSIONS = {
    "snippet": _snippet,
    "not-runnable": _not_runnable,
    "pinned-versions": _pinned_versions,
    "error-lookup": _error_lookup,
    "error-index": _error_index,
    "translation-status": _translation_status,
}
if set(EXPANSIONS) != set(pages.DIRECTIVES):
    raise RuntimeError("scripts/hooks/directives.py expands other directives than scripts/pages.py knows")


def render_snippet(name: str, flags: list[str], locale: str) -> list[str]:
    path = SNIPPETS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(path)
    snippet = load_snippet(path)
    lines: list[str] = []
    if "output-only" not in flags:
        lines += [f'{FENCE}python title="{path.name}"', *snippet.shown_code().splitlines(), FENCE, ""]
        if snippet.env:
            # The environment is part of the example: HF_HUB_OFFLINE=1 is the fix.
            settings = " ".join(f"`{name}={value}`" for name, value in snippet.env.items())
            lines += [text("run_with_env", locale, env=settings), "{ .snippet-env }", ""]
    if "code-only" in flags:
        return lines
    current = _stack_output(snippet, DEFAULT_STACK, name, locale)
    others = [stack for stack in snippet.stacks if stack != DEFAULT_STACK]
    if not others:
        return lines + current
    done = {s: _recordings(snippet, s) for s in snippet.stacks}
    for stack in others:
        if not done[stack]:
            continue  # not recorded on that stack yet: the current output alone
        label, other_label = _version_label(done[DEFAULT_STACK]), _version_label(done[stack])
        if _same_across_stacks(snippet, done[DEFAULT_STACK], done[stack]):
            versions = _all_versions(done[stack])
            current += [text("same_on_versions", locale, current=label, other=versions), "{ .verified-with }", ""]
            continue
        lines += [text("differs_between_versions", locale, current=label, other=other_label), "{ .versions-differ }", ""]
        body = _stack_output(snippet, stack, name, locale)
        raised = {d: snippet.expected(d, DEFAULT_STACK) for d in snippet.devices}
        if any(raised.values()) and not any(snippet.expected(d, stack) for d in snippet.devices):
            # Only the current stack raises: say so, the output shows no error.
            body = [text("no_error_on", locale, version=other_label), "{ .verified-with }", "", *body]
        for tab, rows in ((label, current), (other_label, body)):
            lines += [f'=== "{tab}"', ""] + ["    " + row if row else "" for row in rows]
        return lines
    return lines + current


def _recordings(snippet, stack: str) -> dict:
    found = {device: read_recording(snippet.output_path(device, stack)) for device in snippet.devices}
    return {d: r for d, r in found.items() if r is not None}


def _same_across_stacks(snippet, current: dict, other: dict) -> bool:
    """Same output on both stacks for every device recorded on both: identical,
    or different only in what a reader's run also changes, or within the tolerance."""
    shared = [d for d in current if d in other]
    return all(classify(current[d].text, other[d].text, snippet.tolerance, current[d].meta, other[d].meta) != "changed" for d in shared)


def _version_label(recordings: dict) -> str:
    """`transformers 5.24`, from a recording's header."""
    version = next(iter(recordings.values())).meta.get("transformers", "?") if recordings else "?"
    return "transformers " + ".".join(version.split(".")[:2])


def _all_versions(recordings: dict) -> str:
    meta = next(iter(recordings.values())).meta
    return ", ".join(f"{lib} {meta.get(lib, '?')}" for lib in DOCUMENTED)


def _stack_output(snippet, stack: str, name: str, locale: str) -> list[str]:
    """One stack's output block(s): one output, or CPU/GPU tabs when they differ."""
    lines: list[str] = []
    recordings = {device: read_recording(snippet.output_path(device, stack)) for device in snippet.devices}
    done = {d: r for d, r in recordings.items() if r is not None}
    title = text("output", locale)
    if len(snippet.devices) == 1 or (len(done) == 2 and same_output(done["cpu"].text, done["cuda"].text, snippet.tolerance)):
        device, recording = next(iter(done.items()), (snippet.devices[0], None))
        lines += _output(recording, device, title, name, locale)
        if len(done) == 2:
            lines += [text("same_on_all", locale), "{ .verified-with }", ""]
        return lines
    # Outputs differ between devices, or one is not recorded yet: tabs.
    for device in snippet.devices:
        lines.append(f'=== "{DEVICE_LABELS[device]}"')
        lines.append("")
        if device == "cuda" and done.get(device) is None:
            body = [f'!!! info "{text("gpu_pending_title", locale)}"', "", "    " + text("gpu_pending", locale), ""]
        else:
            body = _output(done.get(device), device, title, name, locale)
        lines += ["    " + row if row else "" for row in body]
    return lines


def _output(recording, device: str, title: str, name: str, locale: str) -> list[str]:
    if recording is None:
        return [f'!!! warning "{title}"', "", "    " + text("not_recorded", locale, path=f"snippets/{name}"), ""]
    meta = recording.meta
    versions = ", ".join(f"{lib} {meta.get(lib, '?')}" for lib in DOCUMENTED)
    where = DEVICE_LABELS[device] + (f" ({meta['gpu'].replace('_', ' ')})" if meta.get("gpu") else "")
    return [
        f'{FENCE}text title="{title}"',
        *recording.text.rstrip("\n").splitlines(),
        FENCE,
        "",
        text("verified", locale, device=where, versions=versions),
        "{ .verified-with }",
        "",
    ]


def pinned_versions_table(locale: str) -> list[str]:
    """The versions every recorded output is checked against, from requirements.txt."""
    header = text("versions_header", locale)
    rows = [f"| {header[0]} | {header[1]} |", "| --- | --- |"]
    rows += [f"| `{name}` | `{version}` |" for name, version in documented_pins().items()]
    return rows + [""]
