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

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from scripts.project import REPO_ROOT

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


class PinsError(ValueError):
    """A requirements file line that is not what the pins can be read from."""


# pip's comment: `#` at the start of a line or after whitespace (a URL's
# `#egg=` fragment is not one).
_COMMENT = re.compile(r"(?:^|\s)#.*$")
# Options pip accepts after a requirement on its line (--hash=..., --config-settings ...).
_PER_REQUIREMENT_OPTION = re.compile(r"\s--[a-z].*$", re.S)
# Options that bring in other files: pins there would be invisible here.
_INCLUDES = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """(number of its first line, text) of each requirement, comments taken
    out and pip's backslash continuations joined."""
    out: list[tuple[int, str]] = []
    pending, start = "", 0
    for number, line in enumerate(text.splitlines(), 1):
        line = _COMMENT.sub("", line)
        if not pending:
            start = number
        if line.endswith("\\"):
            pending += line[:-1]
            continue
        line, pending = (pending + line).strip(), ""
        if line:
            out.append((start, line))
    if pending.strip():
        out.append((start, pending.strip()))
    return out


def read_pins(requirements: Path) -> dict[str, str]:
    """Map of normalised package name -> exact (`==`) version in a requirements
    file, read with `packaging` as pip reads it. A requirement without an exact
    version (a tool that may float) or whose environment marker does not hold
    here is not a pin; index options (`--index-url`) are skipped. A line that
    is not a requirement, an include (`-r`, `-c`), and a package pinned twice
    are errors naming the file and line."""
    where = _short(requirements)
    pins: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for number, line in _logical_lines(requirements.read_text(encoding="utf-8")):
        if line.startswith("-"):
            option = re.split(r"[\s=]", line, maxsplit=1)[0]
            if option in _INCLUDES:
                raise PinsError(f"{where}:{number}: {option} is not supported here: list the pins in {where} itself")
            continue
        try:
            requirement = Requirement(_PER_REQUIREMENT_OPTION.sub("", line).strip())
        except InvalidRequirement as error:
            raise PinsError(f"{where}:{number}: not a requirement: {line!r} ({error})") from None
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        exact = [spec.version for spec in requirement.specifier if spec.operator in ("==", "===")]
        if not exact:
            continue
        name = canonicalize_name(requirement.name)
        if name in pins:
            raise PinsError(f"{where}:{number}: {requirement.name} is pinned again (first on line {first_line[name]})")
        pins[name], first_line[name] = exact[0], number
    return pins


@cache
def _pins(requirements: Path) -> dict[str, str]:
    return read_pins(requirements)


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


def _short(path: Path) -> str:
    try:
        return Path(path).relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)
