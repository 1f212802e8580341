"""MkDocs hook: expands `!snippet "path"` lines into the snippet's code and its
recorded output(s), and `!not-runnable "reason"` into a visible note. Pages of
every locale include the same files, so code and output can never disagree
between translations."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from scripts.hooks.texts import text
from scripts.i18n.tracking import FrontMatterError, normalise_newlines, read_page
from scripts.pins import DEFAULT_STACK, documented_pins
from scripts.runner.compare import classify, same_output
from scripts.runner.snippet import (
    DEVICE_LABELS,
    NOT_RUNNABLE_DIRECTIVE,
    SNIPPET_DIRECTIVE,
    SNIPPETS_DIR,
    SnippetError,
    directive_problem,
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
            read_page(page)
        except FrontMatterError as error:
            problems.append(str(error))
    if problems:
        raise PluginError("\n".join(problems))


def body_offset(source: Path, markdown: str) -> int:
    """Lines before the text MkDocs hands to hooks: it strips the front
    matter (and the blank lines after it)."""
    text = normalise_newlines(source.read_text(encoding="utf-8"))
    body = get_data(text)[0]
    return text[: len(text) - len(body)].count("\n") if text.endswith(body) and markdown.startswith(body[:200]) else 0


def on_page_markdown(markdown: str, page, config, files) -> str:
    locale = config.theme.get("language", "en")
    source = Path(page.file.abs_src_path)
    offset = body_offset(source, markdown)
    out: list[str] = []
    in_fence = None
    for number, line in enumerate(markdown.splitlines(), 1 + offset):
        stripped = line.strip()
        if in_fence:
            if stripped.startswith(in_fence):
                in_fence = None
            out.append(line)
            continue
        if stripped.startswith(("```", "~~~")):
            in_fence = stripped[:3]
            out.append(line)
            continue
        if problem := directive_problem(line):
            raise PluginError(f"{source}:{number}: {problem}")
        if match := SNIPPET_DIRECTIVE.match(line):
            if problem := include_problem(match.group("path")):
                raise PluginError(f"{source}:{number}: {problem}")
            try:
                block = render_snippet(match.group("path"), match.group("flags").split(), locale)
            except SnippetError as error:
                raise PluginError(f"{source}:{number}: {error}") from None
            except FileNotFoundError:
                raise PluginError(f"{source}:{number}: snippet {match.group('path')!r} does not exist in snippets/") from None
            out.extend(match.group("indent") + row if row else "" for row in block)
        elif stripped == "!pinned-versions":
            out.extend(pinned_versions_table(locale))
        elif match := NOT_RUNNABLE_DIRECTIVE.match(line):
            indent = match.group("indent")
            out.append(f'{indent}!!! note "{text("not_runnable_title", locale)}"')
            out.append(f"{indent}    {match.group('reason')}")
            out.append("")
        else:
            out.append(line)
    return "\n".join(out)


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
    return ", ".join(f"{lib} {meta.get(lib, '?')}" for lib in ("transformers", "peft", "torch"))


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
    versions = ", ".join(f"{lib} {meta.get(lib, '?')}" for lib in ("transformers", "peft", "torch"))
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
