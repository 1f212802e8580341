"""Checks the shell commands and configuration fragments of a page against the
pinned tools, so a block that cannot run on our machines is still not made up.

    python -m scripts.check_shell_blocks [PAGE ...]      (default: docs/faq.md and its translations)

For every fenced block in a shell or configuration language:

- each command's tool must be installed (or be one of UNCHECKED_TOOLS, with the
  reason it cannot be checked here); its subcommands must be listed by the tool's
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
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from scripts.pins import REPO_ROOT

DOCS_DIR = REPO_ROOT / "docs"
DEFAULT_PAGES = ("faq.md", "faq.zh.md", "faq.ko.md")

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
}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\n]*)$")
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


def extract_blocks(page: Path, text: str | None = None) -> list[Block]:
    """Fenced blocks whose language is a shell or a configuration format."""
    lines = (page.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks, fence, start, lang, indent, body = [], None, 0, "", "", []
    for number, line in enumerate(lines, 1):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                if lang in SHELL_LANGS | ENV_FILE_LANGS:
                    blocks.append(Block(page, start, lang, "\n".join(body)))
                fence = None
            else:
                body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip())
            continue
        if match := FENCE.match(line):
            fence, start, indent, body = match.group("fence"), number, match.group("indent"), []
            info = match.group("info").strip().lstrip("{").strip(" .").split()
            lang = info[0].lower() if info else ""
    return blocks


def prose_assignments(page: Path, text: str | None = None) -> list[tuple[int, str]]:
    """`NAME=value` written as inline code outside code blocks: (line, NAME)."""
    found, fence = [], None
    for number, line in enumerate((page.read_text(encoding="utf-8") if text is None else text).splitlines(), 1):
        if fence:
            fence = None if line.strip().startswith(fence) else fence
            continue
        if match := FENCE.match(line):
            fence = match.group("fence")
            continue
        found += [(number, m.group("name")) for m in INLINE_ASSIGNMENT.finditer(line)]
    return found


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


HELP_CACHE = REPO_ROOT / ".cache" / "shell_blocks" / "help.json"
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
def _help_cache() -> dict[str, str]:
    try:
        stored = json.loads(HELP_CACHE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stored.get("outputs", {}) if stored.get("versions") == _tool_versions() else {}


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
        try:
            HELP_CACHE.parent.mkdir(parents=True, exist_ok=True)
            temporary = HELP_CACHE.with_suffix(f".{os.getpid()}.tmp")
            temporary.write_text(json.dumps({"versions": _tool_versions(), "outputs": cache}, indent=1), encoding="utf-8")
            temporary.replace(HELP_CACHE)
        except OSError:
            pass  # a read-only checkout: no cache, same results
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
    tool = words.pop(0)
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


@functools.lru_cache(maxsize=1)
def library_variable_names() -> frozenset[str]:
    """Upper-case names spelled as string literals in the pinned libraries' source."""
    literal = re.compile(rb"""["']([A-Z][A-Z0-9_]{2,})["']""")
    names: set[str] = set()
    for package in LIBRARIES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            raise RuntimeError(f"{package} is not installed: install requirements.txt first")
        for source in Path(spec.origin).parent.rglob("*.py"):
            names.update(match.decode() for match in literal.findall(source.read_bytes()))
    return frozenset(names)


def check_variable(page: Path, line: int, name: str) -> list[Finding]:
    if name in SYSTEM_VARIABLES or name in OTHER_LIBRARY_VARIABLES or name in library_variable_names():
        return []
    return [Finding(page, line, f"environment variable {name} is read by none of {', '.join(LIBRARIES)} (not in their source)")]


def check_page(page: Path, text: str | None = None) -> list[Finding]:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.check_shell_blocks", description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", type=Path, help="pages to check (default: docs/faq.md and its translations)")
    args = parser.parse_args(argv)
    pages = args.pages or [DOCS_DIR / name for name in DEFAULT_PAGES]
    findings = [finding for page in pages for finding in check_page(page)]
    for finding in findings:
        print(finding)
    blocks = sum(len(extract_blocks(page)) for page in pages)
    print(f"{blocks} shell/config blocks in {len(pages)} pages: {len(findings)} problems", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
