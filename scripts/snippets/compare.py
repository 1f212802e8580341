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

from scripts.pins import REPO_ROOT

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


def same_output(expected: str, actual: str, tolerance: float) -> bool:
    """Equal text, except that floats may differ by `tolerance` (absolute) or one
    part in 10^4 (relative), whichever is larger. Integers, words and the
    layout must match exactly."""
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
