"""check and record: run snippets, compare with or rewrite their recordings,
and remember what was verified so unchanged snippets need not run again."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from scripts.pins import REPO_ROOT, documented_pins
from scripts.snippets import execute
from scripts.snippets.catalog import (
    CHECKPOINTS_DIR,
    DEVICE_LABELS,
    Recording,
    Snippet,
    SnippetError,
    includes_by_snippet,
    read_recording,
)
from scripts.snippets.compare import diff, same_output

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
        try:
            self.entries: dict[str, str] = json.loads(path.read_text())
        except (OSError, ValueError):
            self.entries = {}
        self._shared = b"".join(
            [
                _tree_digest(CHECKPOINTS_DIR),
                json.dumps(execute.versions("any")).encode(),
                *((Path(execute.__file__).parent / name).read_bytes() for name in RUNNER_FILES),
            ]
        )

    def key(self, snippet: Snippet, device: str) -> str:
        recording = snippet.output_path(device)
        recorded = recording.read_bytes() if recording.exists() else b""
        return _digest(snippet.path.read_bytes(), recorded, device.encode(), self._shared)

    def is_verified(self, snippet: Snippet, device: str) -> bool:
        return self.entries.get(f"{snippet.name}[{device}]") == self.key(snippet, device)

    def mark(self, snippet: Snippet, device: str) -> None:
        self.entries[f"{snippet.name}[{device}]"] = self.key(snippet, device)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


def where_included(snippet: Snippet) -> str:
    pages = includes_by_snippet().get(snippet.name, [])
    if not pages:
        return "included by no page"
    return "included by " + ", ".join(f"{i.page.relative_to(REPO_ROOT).as_posix()}:{i.line}" for i in pages)


def _failure(outcome: execute.Outcome) -> str:
    label = f"snippets/{outcome.snippet.name} [{outcome.device}]"
    body = outcome.output.rstrip() or "(no output)"
    return f"{label}: {outcome.reason}\n{_indent(body)}"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def check(jobs: list[tuple[Snippet, str]], *, force: bool = False, parallel: int | None = None, report=print) -> list[Verdict]:
    cache = VerifiedCache()
    verdicts: list[Verdict] = []
    to_run = []
    for snippet, device in jobs:
        if not force and cache.is_verified(snippet, device):
            verdicts.append(Verdict(snippet, device, "unchanged", "verified before with the same inputs"))
        else:
            to_run.append((snippet, device))

    def judge(outcome: execute.Outcome) -> None:
        snippet, device = outcome.snippet, outcome.device
        if outcome.status == "skipped":
            verdict = Verdict(snippet, device, "skipped", outcome.reason)
        elif outcome.status != "ok":
            verdict = Verdict(snippet, device, "failed", _failure(outcome), outcome.seconds)
        else:
            recording = read_recording(snippet.output_path(device))
            label = f"snippets/{snippet.name} [{device}]"
            if recording is None:
                verdict = Verdict(
                    snippet,
                    device,
                    "failed",
                    f"{label}: no recorded output ({where_included(snippet)}); run "
                    f"`python -m scripts.snippets record snippets/{snippet.name}`",
                    outcome.seconds,
                )
            elif same_output(recording.text, outcome.output, snippet.tolerance):
                verdict = Verdict(snippet, device, "passed", seconds=outcome.seconds)
                cache.mark(snippet, device)
            else:
                verdict = Verdict(
                    snippet,
                    device,
                    "failed",
                    f"{label}: output differs from the recording ({where_included(snippet)})\n"
                    + diff(recording.text, outcome.output, label)
                    + f"\n  If the change is intended: python -m scripts.snippets record snippets/{snippet.name}",
                    outcome.seconds,
                )
        verdicts.append(verdict)
        report(_line(verdict))

    for verdict in verdicts:
        report(_line(verdict))
    execute.run_all(to_run, parallel, on_done=judge)
    cache.save()
    return verdicts


def record(jobs: list[tuple[Snippet, str]], *, parallel: int | None = None, report=print) -> list[Verdict]:
    """Run and rewrite recordings. Each file is replaced atomically and only
    after its snippet behaved as declared, so an interrupted or failed run
    leaves the previous recording intact."""
    verdicts: list[Verdict] = []

    def keep(outcome: execute.Outcome) -> None:
        snippet, device = outcome.snippet, outcome.device
        if outcome.status == "skipped":
            verdict = Verdict(snippet, device, "skipped", outcome.reason)
        elif outcome.status != "ok":
            verdict = Verdict(snippet, device, "failed", _failure(outcome) + "\n  (previous recording kept)", outcome.seconds)
        else:
            recording = Recording(outcome.output, execute.versions(device, outcome.gpu))
            write_atomically(snippet.output_path(device), recording.render())
            verdict = Verdict(snippet, device, "recorded", seconds=outcome.seconds)
        verdicts.append(verdict)
        report(_line(verdict))

    execute.run_all(jobs, parallel, on_done=keep)
    return verdicts


def write_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _line(verdict: Verdict) -> str:
    mark = {"passed": "ok", "unchanged": "ok", "recorded": "ok", "skipped": "SKIP", "failed": "FAIL"}[verdict.status]
    head = f"{mark:4} snippets/{verdict.snippet.name} [{DEVICE_LABELS[verdict.device]}]"
    if verdict.seconds:
        head += f" {verdict.seconds:.1f}s"
    if verdict.status in ("skipped", "unchanged"):
        head += f" ({verdict.message})"
    elif verdict.status == "failed":
        head += "\n" + _indent(verdict.message)
    return head


def version_drift(meta: dict[str, str], device: str) -> list[tuple[str, str, str]]:
    """(library, recorded version, pinned version) for each documented library
    that a recording's header names with another version than the pin."""
    drift = []
    for name, want in documented_pins().items():
        have = meta.get(name, "?").split("+")[0]
        # GPU machines carry their own CUDA build of torch; its version is
        # recorded but cannot follow the CPU pin.
        if have != want and not (device == "cuda" and name == "torch"):
            drift.append((name, have, want))
    return drift


def recorded_version_warnings(jobs: list[tuple[Snippet, str]]) -> list[str]:
    """Recordings made with other versions than the pins."""
    warnings = []
    for snippet, device in jobs:
        try:
            recording = read_recording(snippet.output_path(device))
        except SnippetError as error:
            warnings.append(str(error))
            continue
        if recording is None:
            continue
        for name, have, want in version_drift(recording.meta, device):
            warnings.append(f"snippets/{snippet.name} [{device}] was recorded with {name} {have}, pinned is {want}")
    return warnings
