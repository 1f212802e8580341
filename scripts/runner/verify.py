"""check and record: run snippets, compare with or rewrite their recordings,
and remember what was verified so unchanged snippets need not run again."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from scripts.pins import DEFAULT_STACK, REPO_ROOT, documented_pins, installed_versions
from scripts.runner import execute
from scripts.runner.compare import diff, same_output
from scripts.runner.snippet import (
    CHECKPOINTS_DIR,
    DEVICE_LABELS,
    Recording,
    Snippet,
    SnippetError,
    includes_by_snippet,
    read_recording,
)

# Where verified input hashes are kept between runs (not committed).
CACHE_FILE = Path(os.environ.get("SNIPPETS_CACHE", REPO_ROOT / ".cache" / "snippets" / "verified.json"))
RUNNER_FILES = ("child.py", "execute.py", "compare.py", "verify.py")


@dataclass
class Verdict:
    snippet: Snippet
    device: str
    status: str  # passed | failed | skipped | unchanged | recorded
    message: str = ""
    seconds: float = 0.0
    stack: str = DEFAULT_STACK


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def _tree_digest(root: Path) -> bytes:
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.digest()


class VerifiedCache:
    """Input hashes of (snippet, device) pairs whose last check passed."""

    def __init__(self, path: Path = CACHE_FILE):
        self.path = path
        self.usable = not path.is_dir()
        self.entries: dict[str, str] = self._load() if self.usable else {}
        if not self.usable:
            _note(f"{path} is a directory, not the snippet cache; running without a cache (remove it to keep one)")
        self._shared = b"".join(
            [
                _tree_digest(CHECKPOINTS_DIR),
                json.dumps(execute.versions("any")).encode(),
                *((Path(execute.__file__).parent / name).read_bytes() for name in RUNNER_FILES),
            ]
        )

    def _load(self) -> dict[str, str]:
        try:
            entries = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            _note(f"{self.path} is not a readable snippet cache ({error}); starting a new one")
            return {}
        if not isinstance(entries, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
            _note(f"{self.path} does not hold a snippet cache (expected an object of hashes); starting a new one")
            return {}
        return entries

    def key(self, snippet: Snippet, device: str, stack: str = DEFAULT_STACK) -> str:
        recording = snippet.output_path(device, stack)
        recorded = recording.read_bytes() if recording.exists() else b""
        parts = [snippet.path.read_bytes(), recorded, device.encode(), self._shared]
        if stack != DEFAULT_STACK:  # the current stack's keys stay as they were
            parts += [stack.encode(), json.dumps(installed_versions(stack), sort_keys=True).encode()]
        return _digest(*parts)

    def is_verified(self, snippet: Snippet, device: str, stack: str = DEFAULT_STACK) -> bool:
        return self.entries.get(run_id(snippet, device, stack)) == self.key(snippet, device, stack)

    def mark(self, snippet: Snippet, device: str, stack: str = DEFAULT_STACK) -> None:
        self.entries[run_id(snippet, device, stack)] = self.key(snippet, device, stack)

    def save(self) -> None:
        if not self.usable:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(self.path, json.dumps(self.entries, indent=1, sort_keys=True))
        except OSError as error:
            _note(f"could not save the snippet cache {self.path} ({error}); the next run checks these snippets again")


def run_id(snippet: Snippet, device: str, stack: str = DEFAULT_STACK) -> str:
    """`errors/x.py[cpu]` on the current stack, `errors/x.py[v4-cpu]` on v4."""
    return f"{snippet.name}[{device}]" if stack == DEFAULT_STACK else f"{snippet.name}[{stack}-{device}]"


def _where(device: str, stack: str = DEFAULT_STACK) -> str:
    return device if stack == DEFAULT_STACK else f"{stack} {device}"


def _note(message: str) -> None:
    print(f"note: {message}", file=sys.stderr)


def where_included(snippet: Snippet) -> str:
    pages = includes_by_snippet().get(snippet.name, [])
    if not pages:
        return "included by no page"
    return "included by " + ", ".join(f"{i.page.relative_to(REPO_ROOT).as_posix()}:{i.line}" for i in pages)


# A failure log shows this much of the output's start and of its end.
LOG_HEAD = LOG_TAIL = 4000


def _failure(outcome: execute.Outcome) -> str:
    label = f"snippets/{outcome.snippet.name} [{_where(outcome.device, outcome.stack)}]"
    body = head_and_tail(outcome.output.rstrip()) or "(no output)"
    return f"{label}: {outcome.reason}\n{_indent(body)}"


def head_and_tail(text: str, head: int = LOG_HEAD, tail: int = LOG_TAIL) -> str:
    """A long output as its first and last characters, cut at line ends where
    there are any: the start says what ran, the end what went wrong."""
    if len(text) <= head + tail:
        return text
    start, end = text[:head], text[-tail:]
    start = start[: start.rfind("\n")] if "\n" in start else start
    end = end[end.find("\n") + 1 :] if "\n" in end else end
    cut = len(text) - len(start) - len(end)
    return f"{start}\n[... {cut} characters not shown ...]\n{end}"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def check(jobs: list[tuple], *, force: bool = False, parallel: int | None = None, report=print) -> list[Verdict]:
    """Run (snippet, device[, stack]) jobs and compare with their recordings."""
    cache = VerifiedCache()
    verdicts: list[Verdict] = []
    to_run = []
    for job in jobs:
        snippet, device, stack = execute.job_parts(job)
        if not force and execute.missing_reason(stack) is None and cache.is_verified(snippet, device, stack):
            verdicts.append(Verdict(snippet, device, "unchanged", "verified before with the same inputs", stack=stack))
        else:
            to_run.append((snippet, device, stack))

    def judge(outcome: execute.Outcome) -> None:
        snippet, device, stack = outcome.snippet, outcome.device, outcome.stack
        if outcome.status == "skipped":
            verdict = Verdict(snippet, device, "skipped", outcome.reason, stack=stack)
        elif outcome.status != "ok":
            verdict = Verdict(snippet, device, "failed", _failure(outcome), outcome.seconds, stack)
        else:
            label = f"snippets/{snippet.name} [{_where(device, stack)}]"
            try:
                recording = read_recording(snippet.output_path(device, stack))
            except SnippetError as error:
                recording = error
            again = f"python -m scripts.runner record{_stack_flag(stack)} snippets/{snippet.name}"
            if isinstance(recording, SnippetError):
                verdict = Verdict(snippet, device, "failed", f"{label}: {recording}", outcome.seconds, stack)
            elif recording is None:
                verdict = Verdict(
                    snippet,
                    device,
                    "failed",
                    f"{label}: no recorded output ({where_included(snippet)}); run `{again}`",
                    outcome.seconds,
                    stack,
                )
            elif same_output(
                recording.text, outcome.output, snippet.tolerance, recorded_meta=recording.meta, actual_meta=_stack_meta(stack)
            ):
                verdict = Verdict(snippet, device, "passed", seconds=outcome.seconds, stack=stack)
                cache.mark(snippet, device, stack)
            else:
                verdict = Verdict(
                    snippet,
                    device,
                    "failed",
                    f"{label}: output differs from the recording ({where_included(snippet)})\n"
                    + diff(recording.text, outcome.output, label)
                    + f"\n  If the change is intended: {again}",
                    outcome.seconds,
                    stack,
                )
        verdicts.append(verdict)
        report(_line(verdict))

    for verdict in verdicts:
        report(_line(verdict))
    execute.run_all(to_run, parallel, on_done=judge)
    cache.save()
    return verdicts


def _stack_meta(stack: str) -> dict[str, str] | None:
    """What printed a run's output, for the comparison: None for the current stack (what is installed here)."""
    return None if stack == DEFAULT_STACK else {**installed_versions(stack), "stack": stack}


def _stack_flag(stack: str) -> str:
    return "" if stack == DEFAULT_STACK else f" --stack {stack}"


def record(jobs: list[tuple], *, parallel: int | None = None, report=print) -> list[Verdict]:
    """Run and rewrite recordings. Each file is replaced atomically and only
    after its snippet behaved as declared, so an interrupted or failed run
    leaves the previous recording intact."""
    verdicts: list[Verdict] = []

    def keep(outcome: execute.Outcome) -> None:
        snippet, device, stack = outcome.snippet, outcome.device, outcome.stack
        if outcome.status == "skipped":
            verdict = Verdict(snippet, device, "skipped", outcome.reason, stack=stack)
        elif outcome.status != "ok":
            verdict = Verdict(snippet, device, "failed", _failure(outcome) + "\n  (previous recording kept)", outcome.seconds, stack)
        else:
            recording = Recording(outcome.output, execute.versions(device, outcome.gpu, stack))
            write_atomically(snippet.output_path(device, stack), recording.render())
            verdict = Verdict(snippet, device, "recorded", seconds=outcome.seconds, stack=stack)
        verdicts.append(verdict)
        report(_line(verdict))

    parts = [execute.job_parts(job) for job in jobs]
    execute.run_all(parts, parallel, on_done=keep, writes=tuple(s.output_path(d, st) for s, d, st in parts))
    return verdicts


def write_atomically(path: Path, text: str) -> None:
    """Replace path with text in one step. The temporary file has a unique
    name, so two runs writing the same file at once do not collide."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def _line(verdict: Verdict) -> str:
    mark = {"passed": "ok", "unchanged": "ok", "recorded": "ok", "skipped": "SKIP", "failed": "FAIL"}[verdict.status]
    where = DEVICE_LABELS[verdict.device] if verdict.stack == DEFAULT_STACK else f"{verdict.stack} {DEVICE_LABELS[verdict.device]}"
    head = f"{mark:4} snippets/{verdict.snippet.name} [{where}]"
    if verdict.seconds:
        head += f" {verdict.seconds:.1f}s"
    if verdict.status in ("skipped", "unchanged"):
        head += f" ({verdict.message})"
    elif verdict.status == "failed":
        head += "\n" + _indent(verdict.message)
    return head


def version_drift(meta: dict[str, str], device: str) -> list[tuple[str, str, str]]:
    """(library, recorded version, pinned version) for each documented library
    that a recording's header names with another version than the pin of
    the stack it was recorded on."""
    drift = []
    for name, want in documented_pins(meta.get("stack", DEFAULT_STACK)).items():
        have = meta.get(name, "?").split("+")[0]
        # GPU machines carry their own CUDA build of torch; its version is
        # recorded but cannot follow the CPU pin.
        if have != want and not (device == "cuda" and name == "torch"):
            drift.append((name, have, want))
    return drift


def recorded_version_warnings(jobs: list[tuple]) -> list[str]:
    """Recordings made with other versions than the pins."""
    warnings = []
    for job in jobs:
        snippet, device, stack = execute.job_parts(job)
        try:
            recording = read_recording(snippet.output_path(device, stack))
        except SnippetError as error:
            warnings.append(str(error))
            continue
        if recording is None:
            continue
        for name, have, want in version_drift(recording.meta, device):
            warnings.append(f"snippets/{snippet.name} [{_where(device, stack)}] was recorded with {name} {have}, pinned is {want}")
    return warnings
