"""What exists: snippets, their options, their recorded outputs, and the pages
that include them. Everything here reads files; nothing runs code."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.pins import DEFAULT_STACK, DOCUMENTED, REPO_ROOT, STACKS

SNIPPETS_DIR = REPO_ROOT / "snippets"
DOCS_DIR = REPO_ROOT / "docs"
CHECKPOINTS_DIR = SNIPPETS_DIR / "checkpoints"

DEVICES = ("cpu", "cuda")
DEVICE_LABELS = {"cpu": "CPU", "cuda": "GPU"}
DEFAULT_TIMEOUT = 60.0
DEFAULT_TOLERANCE = 2e-4

OPTION_LINE = re.compile(r"^#\|\s*([a-z][a-z0-9-]*)\s*:\s*(.*?)\s*$")
# An exception type as `#| expect:` names it: ValueError, torch.OutOfMemoryError.
EXCEPTION_NAME = re.compile(r"^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$")
PYTHON_LANGS = {"python", "py", "python3", "pycon"}


class SnippetError(Exception):
    """Bad input, reported as `file:line: message`."""

    def __init__(self, path: Path, line: int, message: str):
        self.path, self.line, self.message = path, line, message
        super().__init__(f"{_rel(path)}:{line}: {message}")


@dataclass
class Snippet:
    path: Path
    devices: tuple[str, ...] = ("cpu",)
    # device or stack -> exception type ("none": it finishes); a stack's
    # entry wins over a device's (`expect: TypeError, v4=none`).
    expect: dict[str, str] = field(default_factory=dict)
    stacks: tuple[str, ...] = (DEFAULT_STACK,)
    not_on: dict[str, str] = field(default_factory=dict)  # stack -> why the snippet cannot run there
    isolation: str = "fork"
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    tolerance: float = DEFAULT_TOLERANCE

    def expected(self, device: str, stack: str = DEFAULT_STACK) -> str | None:
        """The exception the snippet raises on this device and stack, None if it finishes."""
        for key in (stack, device):
            if key in self.expect:
                return None if self.expect[key] == "none" else self.expect[key]
        return None

    def raises_anywhere(self) -> bool:
        return any(self.expected(d, s) for d in self.devices for s in self.stacks)

    @property
    def name(self) -> str:
        """Path relative to snippets/, as pages write it."""
        try:
            return self.path.relative_to(SNIPPETS_DIR).as_posix()
        except ValueError:  # a snippet outside the tree (tests)
            return self.path.name

    def output_path(self, device: str, stack: str = DEFAULT_STACK) -> Path:
        """`name.<device>.out` for the current stack, `name.<stack>.<device>.out` for another."""
        middle = "" if stack == DEFAULT_STACK else f"{stack}."
        return self.path.with_name(f"{self.path.stem}.{middle}{device}.out")

    def runs(self, device: str | None = None, stack: str | None = None) -> list[tuple[str, str]]:
        """(stack, device) pairs it runs as, narrowed to a device and a stack."""
        return [(s, d) for s in self.stacks for d in self.devices if stack in (None, s) and device in (None, d)]

    def source(self) -> str:
        return self.path.read_text(encoding="utf-8")

    def shown_code(self) -> str:
        """The code readers see: the source without its `#|` option lines."""
        lines = self.source().splitlines()
        while lines and OPTION_LINE.match(lines[0]):
            lines.pop(0)
        while lines and not lines[0].strip():
            lines.pop(0)
        return "\n".join(lines).rstrip() + "\n"


def load_snippet(path: Path) -> Snippet:
    path = Path(path).resolve()
    snippet = Snippet(path)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise SnippetError(path, 1, f"is not UTF-8 text ({error.reason} at byte {error.start})") from None
    per_device_expect = 0  # its line
    named: set[str] = set()  # what expect names with `key=`
    not_on_line = 0
    for number, line in enumerate(source.splitlines(), 1):
        match = OPTION_LINE.match(line)
        if not match:
            if line.startswith("#|"):
                raise SnippetError(path, number, f"cannot read option line {line!r}; expected '#| key: value'")
            break
        key, value = match.groups()
        if key == "devices":
            snippet.devices = _devices(path, number, value)
        elif key == "expect":
            snippet.expect = _expect(path, number, value)
            per_device_expect = number if "=" in value else 0
            named = {item.partition("=")[0].strip() for item in value.split(",") if "=" in item}
        elif key == "stacks":
            snippet.stacks = _stacks(path, number, value)
        elif key.startswith("not-on-"):
            name = key.removeprefix("not-on-")
            if name not in STACKS or name == DEFAULT_STACK:
                raise SnippetError(
                    path, number, f"unknown stack {name!r} in {key!r}; known: " + ", ".join(n for n in STACKS if n != DEFAULT_STACK)
                )
            if not value:
                raise SnippetError(path, number, f"{key} needs a reason: '#| {key}: why it cannot run there'")
            snippet.not_on[name] = value
            not_on_line = number
        elif key == "isolation":
            if value not in ("fork", "process"):
                raise SnippetError(path, number, f"isolation must be 'fork' or 'process', not {value!r}")
            snippet.isolation = value
        elif key == "env":
            name, sep, env_value = value.partition("=")
            if not sep or not name.strip():
                raise SnippetError(path, number, f"env must be NAME=value, not {value!r}")
            snippet.env[name.strip()] = env_value.strip()
            snippet.isolation = "process"
        elif key == "timeout":
            snippet.timeout = _number(path, number, key, value)
            if not (math.isfinite(snippet.timeout) and snippet.timeout > 0):
                raise SnippetError(path, number, f"timeout must be a finite number of seconds above 0, not {value!r}")
        elif key == "tolerance":
            # inf is allowed: "any float may differ" (README).
            snippet.tolerance = _number(path, number, key, value)
            if math.isnan(snippet.tolerance) or snippet.tolerance < 0:
                raise SnippetError(path, number, f"tolerance must be a number >= 0 (or inf), not {value!r}")
        else:
            raise SnippetError(path, number, f"unknown option {key!r}")
    undeclared = sorted((named & set(DEVICES)) - set(snippet.devices))
    if undeclared:
        raise SnippetError(path, per_device_expect, f"expect names {', '.join(undeclared)}, which 'devices' does not declare")
    undeclared = sorted(set(snippet.expect) - set(DEVICES) - set(snippet.stacks))
    if undeclared:
        raise SnippetError(path, per_device_expect, f"expect names stack {', '.join(undeclared)}, which 'stacks' does not declare")
    both = sorted(set(snippet.not_on) & set(snippet.stacks))
    if both:
        raise SnippetError(path, not_on_line, f"the snippet declares stack {both[0]} and also says it cannot run there (not-on-{both[0]})")
    return snippet


def _number(path: Path, line: int, key: str, value: str) -> float:
    try:
        return float(value)
    except ValueError:
        raise SnippetError(path, line, f"{key} must be a number, not {value!r}") from None


def _names(path: Path, line: int, value: str, kind: str, known, usage: str, unknown_hint: str) -> tuple[str, ...]:
    """A comma-separated list of names out of `known`, each named once."""
    names = tuple(name.strip() for name in value.split(","))
    if not value.strip() or "" in names:
        raise SnippetError(path, line, f"cannot read {kind}s {value!r}; {usage}")
    unknown = [name for name in names if name not in known]
    if unknown:
        raise SnippetError(path, line, f"unknown {kind} {unknown[0]!r}; {unknown_hint}")
    if len(set(names)) != len(names):
        raise SnippetError(path, line, f"{kind}s lists a {kind} twice in {value!r}")
    return names


def _devices(path: Path, line: int, value: str) -> tuple[str, ...]:
    usage = "use cpu, cuda or 'cpu, cuda'"
    return _names(path, line, value, "device", DEVICES, usage, usage)


def _stacks(path: Path, line: int, value: str) -> tuple[str, ...]:
    known = ", ".join(STACKS)
    return _names(path, line, value, "stack", STACKS, f"use {known} or 'current, v4'", f"known: {known}")


def _expect(path: Path, line: int, value: str) -> dict[str, str]:
    """`ValueError` (everywhere), per device (`cpu=IndexError, cuda=torch.AcceleratorError`),
    per stack (`OSError, v4=HFValidationError`; `TypeError, v4=none`: it finishes on v4)."""
    if "=" not in value:
        if not EXCEPTION_NAME.match(value):
            raise SnippetError(path, line, f"expect must name an exception type (ValueError, torch.OutOfMemoryError), not {value!r}")
        return dict.fromkeys(DEVICES, value)
    expect: dict[str, str] = {}
    default = None
    for index, item in enumerate(value.split(",")):
        key, sep, name = (part.strip() for part in item.partition("="))
        if not sep and index == 0 and EXCEPTION_NAME.match(key) and key != "none":
            default = key
            continue
        if not sep or not (EXCEPTION_NAME.match(name) or name == "none"):
            raise SnippetError(
                path,
                line,
                f"cannot read {item.strip()!r} in expect; write device=ExceptionType or stack=ExceptionType, e.g. cpu=ValueError",
            )
        if key not in DEVICES and key not in STACKS:
            raise SnippetError(path, line, f"expect names unknown device {key!r}; use cpu or cuda, or a stack: " + ", ".join(STACKS))
        if key in expect:
            raise SnippetError(path, line, f"expect names {key} twice")
        expect[key] = name
    if default is not None:
        expect = {**dict.fromkeys((d for d in DEVICES if d not in expect), default), **expect}
    return expect


def all_snippet_paths() -> list[Path]:
    return sorted(p for p in SNIPPETS_DIR.rglob("*.py") if not _is_support_file(p))


def output_parts(path: Path) -> tuple[str, str, str]:
    """(stem, stack, device) a recording's file name says: `x.cpu.out` is
    (x, current, cpu), `x.v4.cpu.out` is (x, v4, cpu)."""
    stem, _, device = path.name[: -len(".out")].rpartition(".")
    base, _, middle = stem.rpartition(".")
    if base and middle in STACKS and middle != DEFAULT_STACK:
        return base, middle, device
    return stem, DEFAULT_STACK, device


def all_output_paths() -> list[Path]:
    return sorted(p for p in SNIPPETS_DIR.rglob("*.out") if not _is_support_file(p))


def _is_support_file(path: Path, relative: bool = False) -> bool:
    rel = path if relative else path.relative_to(SNIPPETS_DIR)
    return rel.parts[0] == "checkpoints" or any(part.startswith((".", "_")) for part in rel.parts)


# ---------------------------------------------------------------- recordings

RECORDED_HEADER = re.compile(r"^#\| recorded: (.*)$")


@dataclass
class Recording:
    """A recorded output: what it printed and what produced it."""

    text: str
    meta: dict[str, str]

    def render(self) -> str:
        header = " ".join(f"{k}={v}" for k, v in self.meta.items())
        return f"#| recorded: {header}\n{self.text}"


def parse_meta(header: str) -> dict[str, str]:
    """`device=cpu transformers=5.23.0 ...`, as a recording's header (or a
    notebook's `recorded` metadata) writes it."""
    return dict(item.split("=", 1) for item in header.split() if "=" in item)


def read_recording(path: Path) -> Recording | None:
    """The recording at path, None if there is none; SnippetError if it is
    not one this runner wrote."""
    if not path.exists():
        return None
    try:
        raw = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise SnippetError(path, 1, f"cannot read recorded output ({error}); re-record it") from None
    first, _, rest = raw.partition("\n")
    match = RECORDED_HEADER.match(first)
    if not match:
        raise SnippetError(path, 1, "recorded output has no '#| recorded:' header; re-record it")
    meta = parse_meta(match.group(1))
    missing = [key for key in ("device", *DOCUMENTED) if not meta.get(key)]
    if missing:
        raise SnippetError(path, 1, f"'#| recorded:' header does not name {', '.join(missing)}; re-record it")
    _, stack, device = output_parts(path)
    if device in DEVICES and meta["device"] != device:
        raise SnippetError(path, 1, f"'#| recorded:' header says device={meta['device']}, but the file is for {device}; re-record it")
    if meta.get("stack", DEFAULT_STACK) != stack:
        raise SnippetError(
            path, 1, f"'#| recorded:' header says stack={meta.get('stack', DEFAULT_STACK)}, but the file is for {stack}; re-record it"
        )
    return Recording(rest, meta)


# ---------------------------------------------------------------------- pages


@dataclass
class Include:
    page: Path
    line: int
    snippet_name: str
    flags: tuple[str, ...]


def include_problem(name: str) -> str | None:
    """Why `!snippet "name"` cannot include a snippet, or None if it can
    (existence aside): pages may only show snippets from snippets/."""
    path = Path(name)
    if path.is_absolute() or ".." in path.parts:
        return f"snippet path {name!r} is outside snippets/; write it relative to snippets/"
    resolved = (SNIPPETS_DIR / path).resolve()
    if SNIPPETS_DIR.resolve() not in resolved.parents:
        return f"snippet path {name!r} is outside snippets/"
    if resolved.suffix != ".py" or _is_support_file(resolved.relative_to(SNIPPETS_DIR.resolve()), relative=True):
        return f"{name!r} is not a snippet (a .py file in snippets/, not in checkpoints/ or a support file starting with _ or .)"
    return None


def scan_page(page: Path) -> tuple[list[Include], list[SnippetError]]:
    """Find the snippet includes of a page, and Python blocks that are neither
    included from snippets/ nor marked `!not-runnable`, and malformed directives."""
    # Imported here: the snippet worker of another stack loads this module
    # without the docs toolchain the page reader needs.
    from scripts import pages

    try:
        parsed = pages.read(page)
    except pages.FrontMatterError as error:
        return [], [SnippetError(page, error.line, error.message)]
    includes, errors = [], []
    for fence in parsed.fences:
        before = parsed.line_before(fence.start)
        marked = before is not None and (directive := parsed.directive_at(before)) is not None and directive.reason is not None
        if fence.language in PYTHON_LANGS and not marked:
            errors.append(
                SnippetError(
                    page,
                    fence.start,
                    "Python block is not a snippet: move the code to snippets/ and include it with "
                    '!snippet "path", or mark it with !not-runnable "reason" on the line before',
                )
            )
    for directive in parsed.directives:
        if directive.problem:
            errors.append(SnippetError(page, directive.line, directive.problem))
        elif directive.name == "snippet":
            bad = [f for f in directive.flags if f not in ("code-only", "output-only")]
            if bad:
                errors.append(SnippetError(page, directive.line, f"unknown snippet flag {bad[0]!r}"))
            if problem := include_problem(directive.path):
                errors.append(SnippetError(page, directive.line, problem))
            else:
                includes.append(Include(page, directive.line, directive.path, directive.flags))
    errors.sort(key=lambda error: error.line)
    return includes, errors


def all_pages() -> list[Path]:
    return sorted(p for p in DOCS_DIR.rglob("*.md") if ".i18n" not in p.parts)


def includes_by_snippet() -> dict[str, list[Include]]:
    found: dict[str, list[Include]] = {}
    for page in all_pages():
        for include in scan_page(page)[0]:
            found.setdefault(include.snippet_name, []).append(include)
    return found


def validate() -> list[SnippetError]:
    """Every problem with snippets and pages that needs no code to run."""
    errors: list[SnippetError] = []
    loaded: dict[str, Snippet] = {}
    broken = set()  # reported already; pages that include them are not wrong
    for path in all_snippet_paths():
        try:
            snippet = load_snippet(path)
        except SnippetError as error:
            errors.append(error)
            broken.add(path.relative_to(SNIPPETS_DIR).as_posix())
            continue
        loaded[snippet.name] = snippet
    included: dict[str, list[Include]] = {}
    for page in all_pages():
        page_includes, page_errors = scan_page(page)
        errors.extend(page_errors)
        for include in page_includes:
            included.setdefault(include.snippet_name, []).append(include)
            if include.snippet_name not in loaded and include.snippet_name not in broken:
                errors.append(
                    SnippetError(page, include.line, f"includes snippet {include.snippet_name!r}, which does not exist in snippets/")
                )
    for name in sorted(set(loaded) - set(included)):
        errors.append(SnippetError(SNIPPETS_DIR / name, 1, "snippet is included by no page in docs/"))
    for out in all_output_paths():
        stem, stack, device = output_parts(out)
        source = out.with_name(f"{stem}.py")
        snippet = loaded.get(source.relative_to(SNIPPETS_DIR).as_posix())
        if device not in DEVICES or not source.exists():
            errors.append(SnippetError(out, 1, f"recorded output has no snippet (expected {_rel(source)})"))
        elif snippet is not None and device not in snippet.devices:
            errors.append(SnippetError(out, 1, f"recorded for {device}, but the snippet does not declare that device"))
        elif snippet is not None and stack not in snippet.stacks:
            errors.append(
                SnippetError(
                    out,
                    1,
                    f"recorded for stack {stack}, but the snippet does not declare that stack (add it to '#| stacks:' or remove the file)",
                )
            )
        else:
            try:
                read_recording(out)
            except SnippetError as error:
                errors.append(error)
    return errors


def _rel(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)
