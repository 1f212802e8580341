"""Checks the shell commands and configuration fragments of a page against the
pinned tools, so a block that cannot run on our machines is still not made up.

    python -m scripts.check_shell_blocks [PAGE ...]      (default: every Markdown page in docs/)

For every fenced block in a shell or configuration language (found by
scripts/pages.py, so inside lists, admonitions and tabs too):

- each command's tool must be installed (or be one of UNCHECKED_TOOLS, with the
  reason it cannot be checked here; a path such as `.venv/bin/python` or
  `/tmp/env/bin/pip` is checked as the tool it names); its subcommands must be listed by the tool's
  `--help`, and every flag must appear in the `--help` of the (sub)command it is
  given to (`hf cache rm --help`, `python -m pip install --help`, ...). What comes
  after the script of a launcher (`torchrun`, `accelerate launch`, `python
  script.py`) belongs to that script and is not checked;
- `python -m MODULE` must name an importable module;
- every environment variable the block sets or reads (`export NAME=...`,
  `NAME=value cmd`, `$NAME`, PowerShell's `$env:NAME`, cmd's `set NAME=...`,
  `NAME=value` lines of a dotenv fragment) must be spelled as a string literal
  somewhere in the source of the pinned libraries (LIBRARIES), i.e. be a name
  they can read. Inline code in the prose of the form `NAME=value` is checked
  the same way.

Exit status 1 and one `page:line: message` per problem when anything fails.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from scripts import library_sources, pages
from scripts.cache import HashCache, digest
from scripts.project import CACHE_DIR, DOCS_DIR, REPO_ROOT

SHELL_LANGS = {"bash", "sh", "shell", "console", "zsh", "powershell", "ps1", "pwsh", "bat", "cmd", "batch"}
ENV_FILE_LANGS = {"dotenv", "env"}
LIBRARIES = ("transformers", "huggingface_hub", "torch", "peft", "accelerate")

# Tools a page may use that cannot be checked on a machine without a GPU or
# outside a shell; every other tool must be installed and is checked.
UNCHECKED_TOOLS = {
    "nvidia-smi": "ships with the NVIDIA driver, which our check machines do not have",
    "source": "a shell builtin",
    "cd": "a shell builtin",
    "echo": "a shell builtin",
    "uv": "not part of the pinned toolchain; the FAQ uses only `uv venv` and `uv pip install`, which take pip's arguments",
}
# Launchers: what follows their first positional argument (the script) is the script's own.
LAUNCHERS = {("torchrun",), ("accelerate", "launch"), ("python",)}
# Variables of the shell or the operating system, not of a library.
SYSTEM_VARIABLES = {"HOME", "PATH", "PWD", "USER", "USERPROFILE"}
# Variables of libraries outside the pinned set, with the library that reads them.
OTHER_LIBRARY_VARIABLES = {
    "HF_DATASETS_OFFLINE": "datasets (its config module), which the pinned versions do not include",
    "GIT_LFS_SKIP_SMUDGE": "git-lfs, the git extension that downloads large files (not a Python library)",
}

ENV_NAME = r"[A-Z][A-Z0-9_]*"
POWERSHELL_ENV = re.compile(rf"\$env:(?P<name>{ENV_NAME})\s*=\s*(?P<value>.*)$")
CMD_SET = re.compile(rf"^\s*set\s+(?P<name>{ENV_NAME})=", re.IGNORECASE)
SHELL_REFERENCE = re.compile(rf"\$\{{?(?P<name>{ENV_NAME})\}}?")
ASSIGNMENT = re.compile(rf"^(?P<name>{ENV_NAME})=")
INLINE_ASSIGNMENT = re.compile(rf"(?<!`)`(?P<name>{ENV_NAME})=[^`\s]*`")
OPERATORS = {"&&", "||", ";", "|", "&"}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int  # line of the opening fence
    lang: str
    text: str


@dataclass(frozen=True)
class Finding:
    page: Path
    line: int
    message: str

    def __str__(self) -> str:
        try:
            shown = self.page.resolve().relative_to(REPO_ROOT).as_posix()
        except ValueError:
            shown = str(self.page)
        return f"{shown}:{self.line}: {self.message}"


# ------------------------------------------------------------------ reading pages


def all_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """Every Markdown page MkDocs builds (it skips dot-files and dot-folders).
    Notebook cells hold Python, which the snippet runner checks."""
    return sorted(p for p in docs_dir.rglob("*.md") if not any(part.startswith(".") for part in p.relative_to(docs_dir).parts))


def _page(page: Path, text: str | None) -> pages.Page:
    return pages.read(page) if text is None else pages.parse(text, page)


def extract_blocks(page: Path, text: str | None = None) -> list[Block]:
    """Fenced blocks whose language is a shell or a configuration format."""
    return [
        Block(page, fence.start, fence.language, fence.text.removesuffix("\n"))
        for fence in _page(page, text).fences
        if fence.language in SHELL_LANGS | ENV_FILE_LANGS
    ]


def prose_assignments(page: Path, text: str | None = None) -> list[tuple[int, str]]:
    """`NAME=value` written as inline code outside code blocks: (line, NAME)."""
    return [(line.number, m.group("name")) for line in _page(page, text).prose for m in INLINE_ASSIGNMENT.finditer(line.text)]


# ------------------------------------------------------------ parsing commands


@dataclass
class Command:
    line: int
    words: list[str]


def logical_lines(block: Block):
    """(line number, text) with backslash continuations joined."""
    pending, first = "", None
    for offset, raw in enumerate(block.text.splitlines(), 1):
        first = first or block.line + offset
        if raw.rstrip().endswith("\\"):
            pending += raw.rstrip()[:-1] + " "
            continue
        yield first, pending + raw
        pending, first = "", None
    if pending.strip():
        yield first, pending


def parse_block(block: Block) -> tuple[list[Command], list[tuple[int, str]], list[Finding]]:
    """Commands, environment variable names (with their lines) and parse errors."""
    commands: list[Command] = []
    variables: list[tuple[int, str]] = []
    errors: list[Finding] = []
    for number, line in logical_lines(block):
        if not line.strip() or line.lstrip().startswith(("#", "REM ", "rem ", "::")):
            continue
        if block.lang in ENV_FILE_LANGS:
            name = line.split("=", 1)[0].removeprefix("export ").strip()
            if "=" in line and re.fullmatch(ENV_NAME, name):
                variables.append((number, name))
            else:
                errors.append(Finding(block.page, number, f"cannot read {line.strip()!r} as NAME=value"))
            continue
        if match := POWERSHELL_ENV.search(line):
            variables.append((number, match.group("name")))
            continue
        if match := CMD_SET.match(line):
            variables.append((number, match.group("name")))
            continue
        variables += [(number, m.group("name")) for m in SHELL_REFERENCE.finditer(line)]
        try:
            lexer = shlex.shlex(line, posix=True, punctuation_chars=";&|")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            tokens = list(lexer)
        except ValueError as error:
            errors.append(Finding(block.page, number, f"cannot split {line.strip()!r}: {error}"))
            continue
        words: list[str] = []
        for token in [*tokens, ";"]:
            if token not in OPERATORS:
                words.append(token)
                continue
            if words and words[0] == "export":
                variables += [(number, w.split("=", 1)[0]) for w in words[1:]]
            elif words:
                while words and ASSIGNMENT.match(words[0]):
                    variables.append((number, words.pop(0).split("=", 1)[0]))
                if words:
                    commands.append(Command(number, words))
            words = []
    return commands, variables, errors


# ------------------------------------------------------------------ checking


def tool_path(name: str) -> str | None:
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


HELP_CACHE = CACHE_DIR / "shell_blocks" / "help.json"
TOOL_PACKAGES = ("pip", "huggingface_hub", "transformers", "accelerate", "torch")


@functools.cache
def _tool_versions() -> str:
    return " ".join(f"{name}={_version(name)}" for name in TOOL_PACKAGES)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "none"


@functools.cache
def _help_cache() -> HashCache:
    return HashCache(HELP_CACHE, label="help cache", scope=digest(_tool_versions()))


@functools.cache
def help_text(argv: tuple[str, ...]) -> tuple[int, str]:
    """(exit status, output) of `argv --help`. Successful outputs are kept in
    .cache/ for as long as the installed tool versions stay the same: starting
    accelerate or torchrun takes seconds each time."""
    key = " ".join((Path(argv[0]).name, *argv[1:]))
    cache = _help_cache()
    if key in cache:
        return 0, cache[key]
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1", "TERM": "dumb", "PYTHONWARNINGS": "ignore"}
    try:
        done = subprocess.run([*argv, "--help"], capture_output=True, text=True, timeout=120, env=env, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 1, str(error)
    output = done.stdout + done.stderr
    if done.returncode == 0:
        cache[key] = output
        cache.save()
    return done.returncode, output


def is_subcommand(word: str, parent_help: str) -> bool:
    """Listed as a command by the parent's --help: at the start of a line of the
    commands table (click, typer, pip) or inside argparse's `{a,b,c}`."""
    if word.startswith("-"):
        return False
    word = re.escape(word)
    listed = re.search(rf"^[ \t]+{word}(?:[ \t,]|$)", parent_help, re.MULTILINE)
    alias = re.search(rf"\[alias(?:es)?: (?:[\w-]+, )*{word}(?:, [\w-]+)*\]", parent_help)
    return bool(listed or alias or re.search(rf"[{{,]{word}[,}}]", parent_help))


# What --help prints after an option that takes a value: NAME, <name>, {a,b}, [a|b], TEXT, INTEGER.
METAVAR = re.compile(r"[ =](?:[A-Z][A-Z0-9_]*\b|<[^>]+>|\{[^}]+\}|\[[^\]]+\])")


def takes_value(flag: str, help_output: str) -> bool:
    for match in re.finditer(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", help_output):
        if METAVAR.match(help_output, match.end()):
            return True
    return False


def expects_subcommand(help_output: str) -> bool:
    """The usage line asks for a command at this level (`COMMAND`, `<command>`)."""
    usage = next((line for line in help_output.splitlines() if line.strip().lower().startswith("usage:")), "")
    return re.search(r"\bCOMMAND\b|<command>", usage) is not None


def flag_names(word: str) -> list[str]:
    name = word.split("=", 1)[0]
    if re.fullmatch(r"-[A-Za-z]{2,}", name):  # -qU: two short flags
        return [f"-{c}" for c in name[1:]]
    return [name]


def flag_in_help(flag: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text) is not None


def check_command(page: Path, command: Command) -> list[Finding]:
    words = list(command.words)
    written = words.pop(0)
    # `.venv/bin/python`, `/tmp/env/bin/pip`: the tool a path names, checked as installed here.
    tool = Path(written).name if "/" in written else written
    where = lambda message: Finding(page, command.line, message)  # noqa: E731
    if tool in UNCHECKED_TOOLS:
        return []
    if tool in ("python", "python3") and words[:1] == ["-m"] and len(words) > 1:
        module = words[1]
        if _find_module(module) is None:
            return [where(f"`python -m {module}`: no module {module!r} is installed")]
        base, label, key, rest = (sys.executable, "-m", module), f"python -m {module}", ("python", "-m"), words[2:]
    elif tool in ("python", "python3"):
        base, label, key, rest = (sys.executable,), "python", ("python",), words
    else:
        found = tool_path(tool)
        if found is None:
            return [where(f"`{tool}` is not installed here, and not in UNCHECKED_TOOLS")]
        base, label, key, rest = (found,), tool, (tool,), words

    if not any(word.startswith("-") for word in rest) and key[-1] == "-m":
        return []  # `python -m module` with no options: that the module exists is the check
    code, text = help_text(base)
    if code != 0:
        return [where(f"`{label} --help` failed: {text.strip()[:200]}")]
    findings: list[Finding] = []
    path: tuple[str, ...] = ()
    positional = False  # after a positional argument (a package, a repo id) no word is a subcommand
    value_next = False
    for word in rest:
        if value_next:  # the value of the option before it
            value_next = False
            continue
        if word.startswith("-") and word != "-":
            flags = flag_names(word)
            findings += [
                where(f"`{' '.join((label, *path))}` has no option {flag} (not in its --help)")
                for flag in flags
                if not flag_in_help(flag, text)
            ]
            value_next = "=" not in word and takes_value(flags[-1], text)
            continue
        elif not positional and is_subcommand(word, text):
            path += (word,)
            code, text = help_text(base + path)
            if code != 0:
                return [*findings, where(f"`{' '.join((label, *path))} --help` failed: {text.strip()[:200]}")]
        elif key + path in LAUNCHERS:
            break  # the launched script: the words after it are its own arguments
        elif not positional and expects_subcommand(text):
            return [*findings, where(f"`{' '.join((label, *path))}` has no subcommand {word!r} (not in its --help)")]
        else:
            positional = True
    return findings


def _find_module(name: str) -> Path | None:
    """The file of module `name`, found without importing it (importing
    torch.utils to look for torch.utils.collect_env would take seconds)."""
    top, *parts = name.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None:
        return None
    if not parts:
        return Path(spec.origin) if spec.origin else Path(top)
    for location in spec.submodule_search_locations or []:
        folder = Path(location).joinpath(*parts[:-1])
        for candidate in (folder / parts[-1] / "__init__.py", folder / f"{parts[-1]}.py"):
            if candidate.is_file():
                return candidate
    return None


_LITERAL = re.compile(rb"""["']([A-Z][A-Z0-9_]{2,})["']""")


def _variable_names(libraries) -> list[str]:
    return sorted({m.decode() for library in libraries for path in library.python_files for m in _LITERAL.findall(path.read_bytes())})


@functools.cache
def library_variable_names() -> frozenset[str]:
    """Upper-case names spelled as string literals in the pinned libraries' source
    (kept in .cache/ until their versions change)."""
    return frozenset(library_sources.derived("variable-names", LIBRARIES, _variable_names))


def check_variable(page: Path, line: int, name: str) -> list[Finding]:
    if name in SYSTEM_VARIABLES or name in OTHER_LIBRARY_VARIABLES or name in library_variable_names():
        return []
    return [Finding(page, line, f"environment variable {name} is read by none of {', '.join(LIBRARIES)} (not in their source)")]


def check_page(page: Path, text: str | None = None) -> list[Finding]:
    try:
        _page(page, text)
    except pages.FrontMatterError as error:
        return [Finding(page, error.line, error.message)]
    findings: list[Finding] = []
    for block in extract_blocks(page, text):
        commands, variables, errors = parse_block(block)
        findings += errors
        for command in commands:
            findings += check_command(page, command)
        for line, name in variables:
            findings += check_variable(page, line, name)
    for line, name in prose_assignments(page, text):
        findings += check_variable(page, line, name)
    return findings


def _readable(page: Path) -> bool:
    try:
        pages.read(page)
    except pages.FrontMatterError:
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_shell_blocks", description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to check (default: every Markdown page in docs/)")
    args = parser.parse_args(argv)
    checked = args.pages or all_pages()
    findings = [finding for page in checked for finding in check_page(page)]
    for finding in findings:
        print(finding)
    blocks = sum(len(extract_blocks(page)) for page in checked if _readable(page))
    print(f"{blocks} shell/config blocks in {len(checked)} pages: {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
