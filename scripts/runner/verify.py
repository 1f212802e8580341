"""check and record: the one runner for every kind of unit. A unit is a
snippet (run by the warm worker, scripts/runner/execute.py) or a notebook page
(run by nbclient in the same sandbox, scripts/runner/notebooks.py). Each run
of a unit on a device and stack gets one Verdict; check compares the run with
its recording, record rewrites the recording, and the cache remembers what
was verified so unchanged runs need not happen again.

`verdicts()` yields each verdict as its run ends: the CLI prints them
(`check`, `record`), the pytest plugin reports each as a test item's result
(scripts/runner/pytest_plugin.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from scripts.cache import HashCache, digest, tree_digest
from scripts.pins import DEFAULT_STACK, documented_pins, installed_versions
from scripts.project import CACHE_DIR, CHECKPOINTS_DIR, REPO_ROOT, write_all_atomically, write_atomically
from scripts.runner import execute, notebooks
from scripts.runner.compare import diff, same_output
from scripts.runner.notebooks import Notebook, NotebookError
from scripts.runner.snippet import DEVICE_LABELS, Recording, Snippet, SnippetError, includes_by_snippet, read_recording

# The runner's own sources: a change to any of them runs every unit again.
RUNNER_FILES = ("child.py", "execute.py", "compare.py", "verify.py")
NOTEBOOK_RUNNER_FILES = ("notebooks.py",)


def cache_file() -> Path:
    """Where verified input hashes are kept between runs (not committed);
    $SNIPPETS_CACHE points elsewhere (a test's own folder, a benchmark)."""
    return Path(os.environ.get("SNIPPETS_CACHE") or CACHE_DIR / "snippets" / "verified.json")


@dataclass
class Verdict:
    unit: Any  # a Snippet or a Notebook
    device: str
    status: str  # passed | failed | skipped | unchanged | recorded
    message: str = ""
    seconds: float = 0.0
    stack: str = DEFAULT_STACK

    @property
    def run_id(self) -> str:
        return run_id(self.unit, self.device, self.stack)


def run_id(unit, device: str, stack: str = DEFAULT_STACK) -> str:
    """`errors/x.py[cpu]` on the current stack, `errors/x.py[v4-cpu]` on v4,
    `docs/training/debugging-pipeline.ipynb[cpu]` for a notebook page."""
    return f"{unit.name}[{device}]" if stack == DEFAULT_STACK else f"{unit.name}[{stack}-{device}]"


class VerifiedCache(HashCache):
    """Input hashes of the runs whose last check passed, by run_id."""

    def __init__(self, path: Path | None = None):
        super().__init__(cache_file() if path is None else path, label="snippet cache")

    @cached_property
    def _shared(self) -> bytes:
        """What every run depends on: the checkpoints, the versions, the runner."""
        runner = Path(execute.__file__).parent
        return b"".join(
            [
                tree_digest(CHECKPOINTS_DIR),
                json.dumps(execute.versions("any")).encode(),
                *((runner / name).read_bytes() for name in RUNNER_FILES),
            ]
        )

    def key(self, unit, device: str, stack: str = DEFAULT_STACK) -> str:
        if isinstance(unit, Notebook):
            runner = Path(notebooks.__file__).parent
            return digest(unit.path.read_bytes(), *((runner / name).read_bytes() for name in NOTEBOOK_RUNNER_FILES), self._shared)
        recording = unit.output_path(device, stack)
        recorded = recording.read_bytes() if recording.exists() else b""
        parts = [unit.path.read_bytes(), recorded, device.encode(), self._shared]
        if stack != DEFAULT_STACK:  # the current stack's keys stay as they were
            parts += [stack.encode(), json.dumps(installed_versions(stack), sort_keys=True).encode()]
        return digest(*parts)

    def is_verified(self, unit, device: str, stack: str = DEFAULT_STACK) -> bool:
        return self.get(run_id(unit, device, stack)) == self.key(unit, device, stack)

    def mark(self, unit, device: str, stack: str = DEFAULT_STACK) -> None:
        self[run_id(unit, device, stack)] = self.key(unit, device, stack)


def label(unit, device: str, stack: str = DEFAULT_STACK) -> str:
    """How a run is named in reports: `snippets/x.py [CPU]`, `snippets/x.py [v4 CPU]`,
    `docs/page.ipynb [CPU, 3 locales]`."""
    if isinstance(unit, Notebook):
        return unit.label(device)
    where = DEVICE_LABELS[device] if stack == DEFAULT_STACK else f"{stack} {DEVICE_LABELS[device]}"
    return f"snippets/{unit.name} [{where}]"


def record_command(unit, stack: str = DEFAULT_STACK) -> str:
    if isinstance(unit, Notebook):
        return f"python -m scripts.runner record {unit.name}"
    return f"python -m scripts.runner record{'' if stack == DEFAULT_STACK else f' --stack {stack}'} snippets/{unit.name}"


def _where(device: str, stack: str = DEFAULT_STACK) -> str:
    return device if stack == DEFAULT_STACK else f"{stack} {device}"


def where_included(snippet: Snippet) -> str:
    pages = includes_by_snippet().get(snippet.name, [])
    if not pages:
        return "included by no page"
    return "included by " + ", ".join(f"{i.page.relative_to(REPO_ROOT).as_posix()}:{i.line}" for i in pages)


# A failure log shows this much of the output's start and of its end.
LOG_HEAD = LOG_TAIL = 4000


def failure_report(outcome: execute.Outcome) -> str:
    """What went wrong in a run, with the head and tail of what it printed."""
    if isinstance(outcome.unit, Notebook):  # the reason names the cell and shows its output
        return outcome.reason
    label = f"snippets/{outcome.unit.name} [{_where(outcome.device, outcome.stack)}]"
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


# ------------------------------------------------------------------ running


def _outcomes(jobs: list[tuple[Any, str, str]], parallel: int | None, writes: tuple[Path, ...] = ()) -> Iterator[execute.Outcome]:
    """Every job's outcome as it arrives: snippets in the warm worker, several
    at a time, then notebook pages one after the other (each has its own kernel)."""
    yield from execute.outcomes([job for job in jobs if not isinstance(job[0], Notebook)], parallel, writes)
    for notebook, device, stack in (job for job in jobs if isinstance(job[0], Notebook)):
        yield notebooks.run(notebook, device, stack)


def verdicts(verb: str, jobs: Iterable[tuple], *, force: bool = False, parallel: int | None = None) -> Iterator[Verdict]:
    """`check` or `record` every (unit, device[, stack]) job, yielding each
    verdict as soon as it is known. Closing the iterator early stops the runs
    still going; what was verified until then stays in the cache."""
    parts = [execute.job_parts(job) for job in jobs]
    if verb == "record":
        writes = tuple(s.output_path(d, st) for s, d, st in parts if isinstance(s, Snippet))
        # Closed explicitly: an exception here (an interrupt) stops the runs at once.
        with closing(_outcomes(parts, parallel, writes)) as running:
            for outcome in running:
                yield _recorded(outcome)
        return
    if verb != "check":
        raise ValueError(f"unknown verb {verb!r}; check or record")
    cache = VerifiedCache()
    try:
        to_run, before_run = [], {}
        for unit, device, stack in parts:
            problems = []
            if isinstance(unit, Notebook):
                try:
                    problems = notebooks.structure_problems(unit)
                except NotebookError as error:
                    yield Verdict(unit, device, "failed", str(error), stack=stack)
                    continue
            before_run[run_id(unit, device, stack)] = problems
            if not force and not problems and execute.missing_reason(stack) is None and cache.is_verified(unit, device, stack):
                yield Verdict(unit, device, "unchanged", "verified before with the same inputs", stack=stack)
            else:
                to_run.append((unit, device, stack))
        with closing(_outcomes(to_run, parallel)) as running:
            for outcome in running:
                verdict = _judged(outcome, before_run[run_id(outcome.unit, outcome.device, outcome.stack)])
                if verdict.status == "passed":
                    cache.mark(outcome.unit, outcome.device, outcome.stack)
                yield verdict
    finally:
        cache.save()


def _judged(outcome: execute.Outcome, problems: list[str]) -> Verdict:
    """A run compared with its recording; `problems`: found before it ran."""
    unit, device, stack = outcome.unit, outcome.device, outcome.stack

    def verdict(status: str, message: str = "") -> Verdict:
        return Verdict(unit, device, status, message, outcome.seconds, stack)

    if outcome.status == "skipped":
        return Verdict(unit, device, "skipped", outcome.reason, stack=stack)
    if outcome.status != "ok":
        return verdict("failed", "\n".join([*problems, failure_report(outcome)]))
    if isinstance(unit, Notebook):
        problems = problems + notebooks.output_problems(unit, unit.read(), notebooks.reads(outcome.output))
        return verdict("failed", "\n".join(problems)) if problems else verdict("passed")
    label = f"snippets/{unit.name} [{_where(device, stack)}]"
    try:
        recording = read_recording(unit.output_path(device, stack))
    except SnippetError as error:
        return verdict("failed", f"{label}: {error}")
    again = record_command(unit, stack)
    if recording is None:
        return verdict("failed", f"{label}: no recorded output ({where_included(unit)}); run `{again}`")
    if same_output(recording.text, outcome.output, unit.tolerance, recorded_meta=recording.meta, actual_meta=_stack_meta(stack)):
        return verdict("passed")
    return verdict(
        "failed",
        f"{label}: output differs from the recording ({where_included(unit)})\n"
        + diff(recording.text, outcome.output, label)
        + f"\n  If the change is intended: {again}",
    )


def _recorded(outcome: execute.Outcome) -> Verdict:
    """Rewrite a run's recording. Files are replaced atomically and only after
    the run behaved as declared, so a failed or interrupted run leaves the
    previous recording intact."""
    unit, device, stack = outcome.unit, outcome.device, outcome.stack
    if outcome.status == "skipped":
        return Verdict(unit, device, "skipped", outcome.reason, stack=stack)
    if outcome.status != "ok":
        return Verdict(unit, device, "failed", failure_report(outcome) + "\n  (previous recording kept)", outcome.seconds, stack)
    if isinstance(unit, Notebook):
        try:
            write_all_atomically(notebooks.recorded_files(unit, notebooks.reads(outcome.output)))
        except NotebookError as error:
            return Verdict(unit, device, "failed", f"{error}\n(previous recording kept)", outcome.seconds, stack)
    else:
        recording = Recording(outcome.output, execute.versions(device, outcome.gpu, stack))
        write_atomically(unit.output_path(device, stack), recording.render())
    return Verdict(unit, device, "recorded", seconds=outcome.seconds, stack=stack)


def _stack_meta(stack: str) -> dict[str, str] | None:
    """What printed a run's output, for the comparison: None for the current stack (what is installed here)."""
    return None if stack == DEFAULT_STACK else {**installed_versions(stack), "stack": stack}


def check(jobs: list[tuple], *, force: bool = False, parallel: int | None = None, report=print) -> list[Verdict]:
    """Run (unit, device[, stack]) jobs and compare with their recordings."""
    return _reported(verdicts("check", jobs, force=force, parallel=parallel), report)


def record(jobs: list[tuple], *, parallel: int | None = None, report=print) -> list[Verdict]:
    """Run (unit, device[, stack]) jobs and rewrite their recordings."""
    return _reported(verdicts("record", jobs, parallel=parallel), report)


def _reported(found: Iterator[Verdict], report) -> list[Verdict]:
    done = []
    for verdict in found:
        done.append(verdict)
        report(line(verdict))
    return done


def line(verdict: Verdict) -> str:
    """A verdict as the CLI prints it: `ok   snippets/x.py [CPU] 0.4s`."""
    mark = {"passed": "ok", "unchanged": "ok", "recorded": "ok", "skipped": "SKIP", "failed": "FAIL"}[verdict.status]
    head = f"{mark:4} {label(verdict.unit, verdict.device, verdict.stack)}"
    if verdict.seconds:
        head += f" {verdict.seconds:.1f}s"
    if verdict.status in ("skipped", "unchanged"):
        head += f" ({verdict.message})"
    elif verdict.status == "failed":
        head += "\n" + _indent(verdict.message)
    return head


# ------------------------------------------------------------ recorded versions


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
        unit, device, stack = execute.job_parts(job)
        if isinstance(unit, Notebook):
            meta = unit.recorded_meta()
        else:
            try:
                recording = read_recording(unit.output_path(device, stack))
            except SnippetError as error:
                warnings.append(str(error))
                continue
            meta = recording.meta if recording else {}
        if not meta:
            continue
        where = unit.name if isinstance(unit, Notebook) else f"snippets/{unit.name} [{_where(device, stack)}]"
        for name, have, want in version_drift(meta, device):
            warnings.append(f"{where} was recorded with {name} {have}, pinned is {want}")
    return warnings
