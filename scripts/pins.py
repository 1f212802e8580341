"""The library stacks and their pinned versions: the one place that knows them.

A stack is a requirements file and the interpreter it is installed into.
`current` is requirements.txt in .venv (the interpreter running the tools);
`v4` is requirements-v4.txt in .venv-v4 (the last transformers 4 release).
Snippets declare the stacks they run on (`#| stacks: current, v4`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = REPO_ROOT / "requirements.txt"

# The libraries whose behaviour the site documents, in the order pages show them.
DOCUMENTED = ("transformers", "peft", "torch")
# Every library whose code a snippet's output can come from: the documented
# ones and what they are pinned with. Their installed versions, where a
# snippet prints them, are not a change in behaviour (scripts/runner/compare.py).
STACK = (*DOCUMENTED, "huggingface_hub", "tokenizers", "safetensors", "accelerate", "numpy")


@dataclass(frozen=True)
class Stack:
    name: str
    requirements: Path
    venv: str  # folder beside the repository's files, as the Makefile names it
    make: str  # the command that builds it

    @property
    def python(self) -> Path:
        """Its interpreter. SNIPPETS_PYTHON_<NAME> points at another one (a
        copy of the project in a test, an environment kept elsewhere)."""
        override = os.environ.get(f"SNIPPETS_PYTHON_{self.name.upper()}")
        if override:
            return Path(override)
        if self.name == DEFAULT_STACK:
            return Path(sys.executable)
        return REPO_ROOT / self.venv / "bin" / "python"

    @property
    def is_running(self) -> bool:
        """Is it the interpreter this process runs in?"""
        return os.path.abspath(self.python) == os.path.abspath(sys.executable)


DEFAULT_STACK = "current"
STACKS = {
    "current": Stack("current", REQUIREMENTS, ".venv", "make install"),
    "v4": Stack("v4", REPO_ROOT / "requirements-v4.txt", ".venv-v4", "make venv-v4"),
}


def stack(name: str = DEFAULT_STACK) -> Stack:
    return STACKS[name]


@cache
def _pins(requirements: Path) -> dict[str, str]:
    from packaging.requirements import InvalidRequirement, Requirement

    pins = {}
    for line in requirements.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        try:
            requirement = Requirement(line)
        except InvalidRequirement:
            continue
        exact = [spec.version for spec in requirement.specifier if spec.operator == "=="]
        if exact:
            pins[_normalise(requirement.name)] = exact[0]
    return pins


def pinned(stack_name: str = DEFAULT_STACK) -> dict[str, str]:
    """Map of normalised package name -> pinned version, for a stack."""
    return dict(_pins(STACKS[stack_name].requirements))


def installed(name: str) -> str | None:
    """The version installed in this interpreter."""
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def missing_reason(stack_name: str) -> str | None:
    """Why a stack cannot run here (its interpreter is missing), or None."""
    python = STACKS[stack_name].python
    if os.access(python, os.X_OK):
        return None
    return f"the {stack_name} stack is not installed ({_short(python)} is missing); run `{STACKS[stack_name].make}`"


def in_ci() -> bool:
    """CI (GitHub sets CI=true): a missing stack fails instead of being skipped."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


@cache
def installed_versions(stack_name: str = DEFAULT_STACK) -> dict[str, str]:
    """Library -> version installed in a stack's interpreter, for every
    library of STACK that is there. Empty when the stack is missing."""
    if STACKS[stack_name].is_running:
        return {name: version for name in STACK if (version := installed(name))}
    if missing_reason(stack_name):
        return {}
    probe = (
        "import json, importlib.metadata as m\n"
        "def v(n):\n"
        "    try: return m.version(n)\n"
        "    except m.PackageNotFoundError: return None\n"
        f"print(json.dumps({{n: v(n) for n in {list(STACK)!r}}}))"
    )
    result = subprocess.run([str(STACKS[stack_name].python), "-I", "-c", probe], capture_output=True, text=True, check=False)
    try:
        found = json.loads(result.stdout)
    except ValueError:
        return {}
    return {name: version for name, version in found.items() if version}


def documented_pins(stack_name: str = DEFAULT_STACK) -> dict[str, str]:
    pins = pinned() if stack_name == DEFAULT_STACK else pinned(stack_name)
    return {name: pins[name] for name in DOCUMENTED}


def version_mismatches(stack_name: str = DEFAULT_STACK) -> list[str]:
    """Human-readable lines for each documented library whose installed version
    differs from its pin. A local build tag (torch's `+cpu`) is not a mismatch."""
    problems = []
    have_all = installed_versions(stack_name) if stack_name != DEFAULT_STACK else None
    where = "" if stack_name == DEFAULT_STACK else f" in the {stack_name} stack"
    for name, want in documented_pins(stack_name).items():
        have = installed(name) if have_all is None else have_all.get(name)
        if have is None:
            problems.append(f"{name} is not installed{where} (pinned: {want})")
        elif have.split("+")[0] != want:
            problems.append(f"{name} {have} is installed{where}, but {want} is pinned")
    return problems


def _normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _short(path: Path) -> str:
    try:
        return Path(path).relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)
