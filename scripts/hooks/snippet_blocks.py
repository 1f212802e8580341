"""MkDocs hook: expands `!snippet "path"` lines into the snippet's code and its
recorded output(s), and `!not-runnable "reason"` into a visible note. Pages of
every locale include the same files, so code and output can never disagree
between translations."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from mkdocs.exceptions import PluginError  # noqa: E402

from scripts.hooks.texts import text  # noqa: E402
from scripts.pins import documented_pins  # noqa: E402
from scripts.snippets.catalog import (  # noqa: E402
    DEVICE_LABELS,
    NOT_RUNNABLE_DIRECTIVE,
    SNIPPET_DIRECTIVE,
    SNIPPETS_DIR,
    SnippetError,
    load_snippet,
    read_recording,
)
from scripts.snippets.compare import same_output  # noqa: E402

FENCE = "````"


def on_page_markdown(markdown: str, page, config, files) -> str:
    locale = config.theme.get("language", "en")
    source = Path(page.file.abs_src_path)
    out: list[str] = []
    in_fence = None
    for number, line in enumerate(markdown.splitlines(), 1):
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
        if match := SNIPPET_DIRECTIVE.match(line):
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
    recordings = {device: read_recording(snippet.output_path(device)) for device in snippet.devices}
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
