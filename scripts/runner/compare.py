"""Normalising what legitimately varies between runs, and comparing outputs with
a numeric tolerance so that a last-digit difference passes and a real change
fails."""

from __future__ import annotations

import difflib
import math
import re
import site
import sys
import sysconfig
import tempfile
from pathlib import Path

from scripts.pins import DEFAULT_STACK, REPO_ROOT, STACK, installed, pinned

# Applied in order. Each replaces something that differs between machines or
# runs but says nothing about the behaviour the page documents.
_SUBSTITUTIONS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b0x[0-9a-fA-F]{6,}\b"), "0x<address>"),
    # Durations printed by Trainer, timeit and friends.
    (re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:s|ms|us|µs|sec|seconds)\b(?!\w)"), "<time>"),
    # Trainer's speed metrics, as numbers or (PrinterCallback) as quoted strings.
    (
        re.compile(r"'(\w*(?:runtime|samples_per_second|steps_per_second|preparation_time))': ('?)[\d.e+-]+\2"),
        r"'\1': \2<time>\2",
    ),
    (re.compile(r"\d+(?:\.\d+)?(?:it/s|s/it)"), "<rate>"),
    (re.compile(r"\[\d\d:\d\d(?::\d\d)?<\d\d:\d\d(?::\d\d)?"), "[<elapsed>"),
    # CUDA's out-of-memory message lists every other process on the card, by
    # pid: the machine's business, not the snippet's.
    (re.compile(r"Process \d+ has [\d.]+ [KMGT]?i?B memory in use\. "), ""),
    # Process ids, as DataLoader's worker errors print them.
    (re.compile(r"\b(pid(?:\(s\))? )\d+(?:, \d+)*"), r"\1<pid>"),
]


def _path_prefixes() -> list[tuple[str, str]]:
    prefixes = []
    for place in {*site.getsitepackages(), site.getusersitepackages(), sysconfig.get_paths()["purelib"]}:
        prefixes.append((str(Path(place)), "<site-packages>"))
    prefixes.append((str(Path(sys.base_prefix) / "lib"), "<python>/lib"))
    prefixes.append((str(REPO_ROOT), "<repo>"))
    # Longest first so a site-packages inside the repo's venv wins over the repo.
    return sorted(prefixes, key=lambda item: -len(item[0]))


_TEMP_PATH = re.compile(re.escape(tempfile.gettempdir()) + r"/[\w.\-]+")
_OTHER_SITE_PACKAGES = re.compile(r"(?:/[\w.\-+]+)+/(?:site|dist)-packages")
_PYTHON_LINE = re.compile(r'(File "<[\w\-]+>[^"]*", line )\d+')


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def normalise(text: str, workdir: str | None = None) -> str:
    """Replace machine- and run-specific parts of a snippet's output."""
    text = _ANSI.sub("", text)  # transformers styles some reports even when not on a terminal
    if workdir:
        text = text.replace(workdir, "<workdir>")
    for prefix, placeholder in _path_prefixes():
        text = text.replace(prefix, placeholder)
    text = _OTHER_SITE_PACKAGES.sub("<site-packages>", text)
    text = _TEMP_PATH.sub("<tmp>", text)
    for pattern, replacement in _SUBSTITUTIONS:
        text = pattern.sub(replacement, text)
    text = _PYTHON_LINE.sub(r"\1<n>", text)
    text = "\n".join(line.rstrip() for line in text.splitlines())
    return text.strip("\n") + "\n" if text.strip() else ""


# ------------------------------------------------ what a reader's run also changes
#
# Recordings keep the real text (readers see what ran); these differences are
# compared away, because a reader's own run of the same program differs in them
# too and they say nothing about the behaviour a page documents:
#
# - the line number inside an installed library that a warning or a frame
#   prints (the library's file name stays: a warning from another module is a
#   change); the snippet's own lines stay significant;
# - the installed version of a library of the stack, where a snippet prints it;
# - entries added to a long enumeration the library prints (supported classes,
#   choices): compared as sets, so an entry that disappears is still a change.

_LIBRARY_LINE = re.compile(r"((?:<site-packages>|<python>/lib)/[\w./+-]+\.py)(:|\", line )\d+")
# Six or more comma-separated names: `AlbertConfig, BartConfig, ...` or `'no', 'steps', ...`.
_ENUMERATION = re.compile(r"(?:'?[A-Za-z_][\w.-]*'?, ){5,}'?[A-Za-z_][\w.-]*'?")


def stack_versions(meta: dict[str, str] | None = None) -> dict[str, str]:
    """Library -> version: from a recording's header (`meta`), falling back to
    the pins for libraries the header does not name; or, without `meta`, what
    is installed now."""
    if meta is None:
        return {name: version for name in STACK if (version := installed(name))}
    stack = meta.get("stack", DEFAULT_STACK)
    pins = pinned() if stack == DEFAULT_STACK else pinned(stack)
    return {name: version for name in STACK if (version := meta.get(name) or pins.get(name.replace("_", "-")))}


# A library frame as IPython prints it in a notebook's traceback: its line,
# arguments and source listing are the library's internals, its file and
# function stay significant. How many such frames were left out, likewise.
_NOTEBOOK_LIBRARY_FRAME = re.compile(
    r"^(File (?:<site-packages>|<python>/lib)/[\w./+-]+\.py):\d+, in ([\w.<>]+)\(.*\)\n"
    r"(?:[ \t]*(?:-*>[ \t]*)?(?:\d+|\(\.\.\.\))(?: .*)?\n)*",
    re.MULTILINE,
)
_FRAMES_LEFT_OUT = re.compile(r"\[\.\.\. \d+ frames? left out \.\.\.\]")


def comparable(text: str, versions: dict[str, str]) -> str:
    """`text` with library line numbers and stack versions as placeholders."""
    text = _NOTEBOOK_LIBRARY_FRAME.sub(r"\1, in \2\n", text if text.endswith("\n") else text + "\n")
    text = _FRAMES_LEFT_OUT.sub("[... <n> frames left out ...]", text)
    text = _LIBRARY_LINE.sub(r"\1\2<n>", text)
    # Longest first: torch's `2.13.0+cpu` before a bare `2.13.0`.
    for name, version in sorted(versions.items(), key=lambda item: -len(item[1])):
        for form in dict.fromkeys((version, version.split("+")[0])):
            text = re.sub(rf"(?<![\w.]){re.escape(form)}(?![\w.]*\d)", f"<{name} version>", text)
    return text


def _enumerations(text: str) -> tuple[str, list[set[str]]]:
    found: list[set[str]] = []

    def take(match: re.Match) -> str:
        found.append({item.strip().strip("'") for item in match.group().split(",")})
        return "<enumeration>"

    return _ENUMERATION.sub(take, text), found


def classify(
    expected: str, actual: str, tolerance: float, recorded_meta: dict[str, str] | None = None, actual_meta: dict[str, str] | None = None
) -> str:
    """How a new output differs from a recording (or one stack's recording
    from another's, `actual_meta` naming the versions that printed `actual`;
    default: what is installed here): "same" (identical),
    "noise" (only in what a reader's run also changes), "tolerance" (numbers
    within the tolerance) or "changed" (words, layout, a number beyond the
    tolerance, an enumeration entry gone)."""
    if expected == actual:
        return "same"
    expected = comparable(expected, stack_versions(recorded_meta or {}))
    actual = comparable(actual, stack_versions(actual_meta))
    expected, expected_lists = _enumerations(expected)
    actual, actual_lists = _enumerations(actual)
    if len(expected_lists) != len(actual_lists) or any(not old <= new for old, new in zip(expected_lists, actual_lists, strict=True)):
        return "changed"
    if expected == actual:
        return "noise"
    return "tolerance" if _within_tolerance(expected, actual, tolerance) else "changed"


# A float as printed by Python or torch (1.5, -0.0231, 1.2e-05, 3.) but not
# version numbers such as 5.23.0 or dotted paths.
_FLOAT = re.compile(r"(?<![\w.])[-+]?(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.]*\d)")


def _split(text: str) -> tuple[list[str], list[float]]:
    parts, numbers = [], []
    last = 0
    for match in _FLOAT.finditer(text):
        parts.append(text[last : match.start()])
        numbers.append(float(match.group()))
        last = match.end()
    parts.append(text[last:])
    return parts, numbers


def same_output(
    expected: str, actual: str, tolerance: float, recorded_meta: dict[str, str] | None = None, actual_meta: dict[str, str] | None = None
) -> bool:
    """Equal text, except that floats may differ by `tolerance` (absolute) or one
    part in 10^4 (relative), whichever is larger. Integers, words and the
    layout must match exactly. With the recording's header (`recorded_meta`),
    what a reader's own run also changes is compared away too (see classify)."""
    if recorded_meta is not None:
        return classify(expected, actual, tolerance, recorded_meta, actual_meta) != "changed"
    return _within_tolerance(expected, actual, tolerance)


def _within_tolerance(expected: str, actual: str, tolerance: float) -> bool:
    if expected == actual:
        return True
    expected_parts, expected_numbers = _split(expected)
    actual_parts, actual_numbers = _split(actual)
    if expected_parts != actual_parts or len(expected_numbers) != len(actual_numbers):
        return False
    return all(
        math.isclose(a, b, abs_tol=tolerance, rel_tol=1e-4) or (math.isnan(a) and math.isnan(b))
        for a, b in zip(expected_numbers, actual_numbers, strict=True)
    )


def diff(expected: str, actual: str, label: str) -> str:
    lines = difflib.unified_diff(
        expected.splitlines(),
        actual.splitlines(),
        fromfile=f"{label} (recorded)",
        tofile=f"{label} (this run)",
        lineterm="",
    )
    return "\n".join(lines)
