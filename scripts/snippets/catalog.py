"""What exists: snippets, their options, their recorded outputs, and the pages
that include them. Everything here reads files; nothing runs code."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from scripts.pins import REPO_ROOT

SNIPPETS_DIR = REPO_ROOT / "snippets"
DOCS_DIR = REPO_ROOT / "docs"
CHECKPOINTS_DIR = SNIPPETS_DIR / "checkpoints"

DEVICES = ("cpu", "cuda")
DEVICE_LABELS = {"cpu": "CPU", "cuda": "GPU"}
DEFAULT_TIMEOUT = 60.0
DEFAULT_TOLERANCE = 2e-4

OPTION_LINE = re.compile(r"^#\|\s*([a-z-]+)\s*:\s*(.*?)\s*$")
# `!snippet "path" [code-only|output-only]` on a line of its own.
SNIPPET_DIRECTIVE = re.compile(r'^(?P<indent>[ \t]*)!snippet\s+"(?P<path>[^"]+)"(?P<flags>(?:\s+[a-z-]+)*)\s*$')
NOT_RUNNABLE_DIRECTIVE = re.compile(r'^(?P<indent>[ \t]*)!not-runnable\s+"(?P<reason>[^"]+)"\s*$')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\n]*)$")
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
    expect: dict[str, str] = field(default_factory=dict)  # device -> exception type
    isolation: str = "fork"
    env: dict[str, str] = field(default_factory=dict)
    timeout: float = DEFAULT_TIMEOUT
    tolerance: float = DEFAULT_TOLERANCE

    def expected(self, device: str) -> str | None:
        return self.expect.get(device)

    @property
    def name(self) -> str:
        """Path relative to snippets/, as pages write it."""
        try:
            return self.path.relative_to(SNIPPETS_DIR).as_posix()
        except ValueError:  # a snippet outside the tree (tests)
            return self.path.name

    def output_path(self, device: str) -> Path:
        return self.path.with_name(f"{self.path.stem}.{device}.out")

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
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = OPTION_LINE.match(line)
        if not match:
            if line.startswith("#|"):
                raise SnippetError(path, number, f"cannot read option line {line!r}; expected '#| key: value'")
            break
        key, value = match.groups()
        if key == "devices":
            devices = tuple(d.strip() for d in value.split(",") if d.strip())
            unknown = [d for d in devices if d not in DEVICES]
            if unknown or not devices:
                raise SnippetError(path, number, f"unknown device {unknown or value!r}; use cpu, cuda or 'cpu, cuda'")
            snippet.devices = devices
        elif key == "expect":
            # "ValueError", or per device: "cpu=IndexError, cuda=torch.AcceleratorError"
            if "=" in value:
                pairs = [item.split("=", 1) for item in value.split(",")]
                snippet.expect = {d.strip(): e.strip() for d, e in pairs}
                if not set(snippet.expect) <= set(DEVICES):
                    raise SnippetError(path, number, f"expect names unknown devices in {value!r}")
            else:
                snippet.expect = dict.fromkeys(DEVICES, value)
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
        elif key in ("timeout", "tolerance"):
            try:
                setattr(snippet, key, float(value))
            except ValueError:
                raise SnippetError(path, number, f"{key} must be a number, not {value!r}") from None
        else:
            raise SnippetError(path, number, f"unknown option {key!r}")
    return snippet


def all_snippet_paths() -> list[Path]:
    return sorted(p for p in SNIPPETS_DIR.rglob("*.py") if not _is_support_file(p))


def all_output_paths() -> list[Path]:
    return sorted(p for p in SNIPPETS_DIR.rglob("*.out") if not _is_support_file(p))


def _is_support_file(path: Path) -> bool:
    rel = path.relative_to(SNIPPETS_DIR)
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
    if not path.exists():
        return None
    raw = path.read_text(encoding="utf-8")
    first, _, rest = raw.partition("\n")
    match = RECORDED_HEADER.match(first)
    if not match:
        raise SnippetError(path, 1, "recorded output has no '#| recorded:' header; re-record it")
    return Recording(rest, parse_meta(match.group(1)))


# ---------------------------------------------------------------------- pages


@dataclass
class Include:
    page: Path
    line: int
    snippet_name: str
    flags: tuple[str, ...]


def scan_page(page: Path) -> tuple[list[Include], list[SnippetError]]:
    """Find the snippet includes of a page, and Python blocks that are neither
    included from snippets/ nor marked `!not-runnable`."""
    includes, errors = [], []
    lines = page.read_text(encoding="utf-8").splitlines()
    fence = None
    previous = ""
    for number, line in enumerate(lines, 1):
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group("fence")
            lang = match.group("info").strip().lstrip("{").strip(" .").split()[0:1]
            if lang and lang[0].lower() in PYTHON_LANGS and not NOT_RUNNABLE_DIRECTIVE.match(previous):
                errors.append(
                    SnippetError(
                        page,
                        number,
                        "Python block is not a snippet: move the code to snippets/ and include it with "
                        '!snippet "path", or mark it with !not-runnable "reason" on the line before',
                    )
                )
        elif directive := SNIPPET_DIRECTIVE.match(line):
            flags = tuple(directive.group("flags").split())
            bad = [f for f in flags if f not in ("code-only", "output-only")]
            if bad:
                errors.append(SnippetError(page, number, f"unknown snippet flag {bad[0]!r}"))
            includes.append(Include(page, number, directive.group("path"), flags))
        if line.strip():
            previous = line
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
    names = set()
    for path in all_snippet_paths():
        try:
            snippet = load_snippet(path)
        except SnippetError as error:
            errors.append(error)
            continue
        names.add(snippet.name)
    included: dict[str, list[Include]] = {}
    for page in all_pages():
        page_includes, page_errors = scan_page(page)
        errors.extend(page_errors)
        for include in page_includes:
            included.setdefault(include.snippet_name, []).append(include)
            if include.snippet_name not in names:
                errors.append(
                    SnippetError(page, include.line, f"includes snippet {include.snippet_name!r}, which does not exist in snippets/")
                )
    for name in sorted(names - set(included)):
        errors.append(SnippetError(SNIPPETS_DIR / name, 1, "snippet is included by no page in docs/"))
    for out in all_output_paths():
        stem, _, device = out.name[: -len(".out")].rpartition(".")
        source = out.with_name(f"{stem}.py")
        if device not in DEVICES or not source.exists():
            errors.append(SnippetError(out, 1, f"recorded output has no snippet (expected {_rel(source)})"))
        elif device not in load_snippet(source).devices:
            errors.append(SnippetError(out, 1, f"recorded for {device}, but the snippet does not declare that device"))
    return errors


def _rel(path: Path) -> str:
    try:
        return Path(path).resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)
