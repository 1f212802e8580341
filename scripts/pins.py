"""The pinned versions, read from requirements.txt (the one place they live)."""

from __future__ import annotations

import re
from functools import cache
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO_ROOT / "requirements.txt"

# The libraries whose behaviour the site documents, in the order pages show them.
DOCUMENTED = ("transformers", "peft", "torch")
# Every library whose code a snippet's output can come from: the documented
# ones and what they are pinned with. Their installed versions, where a
# snippet prints them, are not a change in behaviour (scripts/snippets/compare.py).
STACK = (*DOCUMENTED, "huggingface_hub", "tokenizers", "safetensors", "accelerate", "numpy")

_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s#;]+)")


@cache
def pinned() -> dict[str, str]:
    """Map of normalised package name -> pinned version."""
    pins = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if match:
            pins[_normalise(match.group(1))] = match.group(2)
    return pins


def installed(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def documented_pins() -> dict[str, str]:
    return {name: pinned()[name] for name in DOCUMENTED}


def version_mismatches() -> list[str]:
    """Human-readable lines for each documented library whose installed version
    differs from its pin. A local build tag (torch's `+cpu`) is not a mismatch."""
    problems = []
    for name, want in documented_pins().items():
        have = installed(name)
        if have is None:
            problems.append(f"{name} is not installed (pinned: {want})")
        elif have.split("+")[0] != want:
            problems.append(f"{name} {have} is installed, but {want} is pinned")
    return problems


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()
