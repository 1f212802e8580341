"""python -m scripts.version_watch [--out FILE] [--device DEVICE] [--stack current|v4]

Runs everything the site documents against whatever transformers, peft and
torch are installed (the weekly workflow first upgrades them past their pins):
every snippet, the notebook chapter, and the error catalogue's check that each
message is still emitted. It writes a Markdown report of what a reader would
notice, real changes first:

1. a table of the documented outputs whose words changed, the outputs that
   changed only within their numeric tolerance, and the errors the libraries
   no longer emit;
2. the diffs of the changed outputs.

What a reader's own run also changes (line numbers inside the libraries, the
installed versions a snippet prints, entries added to a long enumeration) is
counted, not reported as a change (scripts/runner/compare.py classify).
The report also goes to $GITHUB_STEP_SUMMARY when that is set. `--stack v4`
watches the transformers 4 stack instead (its snippets, run in .venv-v4,
against their `.v4.` recordings); the report names the stack.

Exits 0 whatever changed: the report is the product. Only a crash of the
runner itself exits non-zero."""

from __future__ import annotations

import argparse
import datetime
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.pins import DEFAULT_STACK, REPO_ROOT, STACK, STACKS, installed_versions, pinned
from scripts.runner import execute, notebooks, verify
from scripts.runner.compare import classify, diff
from scripts.runner.snippet import DEVICE_LABELS, SnippetError, all_snippet_paths, load_snippet, read_recording

KINDS = {
    "changed": "changed in words",
    "tolerance": "changed within tolerance",
    "failed": "no longer runs as documented",
    "noise": "differs only in what a reader's run also changes",
}


@dataclass
class Finding:
    label: str  # snippets/x.py [CPU], or the notebook's name
    kind: str  # same | noise | tolerance | changed | failed | skipped
    detail: str = ""


def snippet_findings(device: str | None, report=print, stack: str = DEFAULT_STACK) -> list[Finding]:
    jobs = []
    findings: list[Finding] = []
    for path in all_snippet_paths():
        try:
            snippet = load_snippet(path)
        except SnippetError as error:
            findings.append(Finding(str(path), "failed", str(error)))
            continue
        jobs += [(snippet, d, st) for st, d in snippet.runs(device, stack)]
    cache = verify.VerifiedCache()

    def judge(outcome: execute.Outcome) -> None:
        snippet, dev = outcome.unit, outcome.device
        where = DEVICE_LABELS[dev] if stack == DEFAULT_STACK else f"{stack} {DEVICE_LABELS[dev]}"
        label = f"snippets/{snippet.name} [{where}]"
        if outcome.status == "skipped":
            finding = Finding(label, "skipped", outcome.reason)
        elif outcome.status != "ok":
            finding = Finding(label, "failed", f"{outcome.reason}\n{outcome.output.rstrip()}")
        else:
            try:
                recording = read_recording(snippet.output_path(dev, stack))
            except SnippetError as error:
                recording, finding = None, Finding(label, "failed", str(error))
            if recording is None:
                finding = Finding(label, "failed", "no recorded output")
            else:
                now = None if stack == DEFAULT_STACK else {**installed_versions(stack), "stack": stack}
                kind = classify(recording.text, outcome.output, snippet.tolerance, recording.meta, now)
                finding = Finding(label, kind, diff(recording.text, outcome.output, label) if kind != "same" else "")
                if kind != "changed":
                    # What the still-emitted check accepts as "still produced by its snippet".
                    cache.mark(snippet, dev, stack)
        findings.append(finding)
        report(f"{finding.kind:9} {label}")

    execute.run_all(jobs, on_done=judge)
    cache.save()
    return findings


def notebook_findings(report=print) -> list[Finding]:
    findings = []
    jobs = [(notebook, device, stack) for notebook in notebooks.all_notebooks() for stack, device in notebook.runs()]
    for verdict in verify.verdicts("check", jobs, force=True):
        kind = "same" if verdict.status in ("passed", "unchanged") else "changed"
        findings.append(Finding(verdict.unit.name, kind, verdict.message))
        report(f"{kind:9} {verdict.unit.name}")
    return findings


def emitted_findings(stack: str = DEFAULT_STACK) -> list[Finding]:
    from scripts.errors import catalogue, emitted

    findings = []
    if stack != DEFAULT_STACK:  # checked in that stack's interpreter
        command = [sys.executable, "-m", "scripts.errors", "check", "--stack", stack]
        result = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
        failed = [line for line in result.stdout.splitlines() if line.startswith("FAIL ")]
        if result.returncode and not failed:
            failed = [result.stderr.strip() or f"`{' '.join(command[1:])}` exited with {result.returncode}"]
        return [Finding(line.removeprefix("FAIL "), "gone", line) for line in failed]
    for result in emitted.check(catalogue.catalogue()["entries"]):
        if not result.ok:
            first = result.entry["text"].splitlines()[0]
            findings.append(Finding(first, "gone", result.describe()))
    return findings


def report(findings: list[Finding], errors_gone: list[Finding], stack: str = DEFAULT_STACK) -> str:
    pins = pinned() if stack == DEFAULT_STACK else pinned(stack)
    have_all = installed_versions(stack)
    requirements = STACKS[stack].requirements.name
    lines = [
        f"# Version watch, {datetime.date.today().isoformat()}",
        "",
        f"Stack: **{stack}** (pins from `{requirements}`).",
        "",
        "| library | pinned | tested |",
        "| --- | --- | --- |",
    ]
    for name in STACK:
        want = pins.get(name.replace("_", "-"), "?")
        have = have_all.get(name) or "missing"
        mark = "" if have.split("+")[0] == want else " (differs)"
        lines.append(f"| {name} | {want} | {have}{mark} |")
    ran = [f for f in findings if f.kind != "skipped"]
    by_kind = {kind: [f for f in ran if f.kind == kind] for kind in ("changed", "failed", "tolerance", "noise", "same")}
    real = by_kind["changed"] + by_kind["failed"]
    lines += [
        "",
        f"**{len(real)} of {len(ran)} documented outputs changed for readers; "
        f"{len(errors_gone)} documented errors are no longer emitted.**",
        f"{len(by_kind['tolerance'])} changed only within tolerance, {len(by_kind['noise'])} only in line numbers inside "
        f"the libraries, printed versions or added list entries, {len(by_kind['same'])} are identical."
        + (f" {len(findings) - len(ran)} skipped (no device for them here)." if len(findings) != len(ran) else ""),
        "",
    ]
    summary = [(f.label, KINDS[f.kind]) for f in real + by_kind["tolerance"]] + [(f.label, "no longer emitted") for f in errors_gone]
    if summary:
        lines += ["| what | change |", "| --- | --- |", *(f"| {_cell(label)} | {kind} |" for label, kind in summary), ""]
    else:
        lines += ["Every documented output is reproduced by these versions, and every documented error is still emitted.", ""]
    for finding in real + errors_gone + by_kind["tolerance"]:
        lines += [f"## {finding.label}", "", *_fenced(finding.detail), ""]
    if real or errors_gone:
        lines.append(
            f"To adopt the new versions: raise the pins in {requirements}, reinstall, "
            f"`python -m scripts.runner record --stack {stack}`, and review the changed pages."
        )
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _fenced(text: str) -> list[str]:
    """A code block whose fence is longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + "text", text.rstrip(), fence]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.version_watch",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, default=Path("version-watch.md"), help="report file (default: %(default)s)")
    parser.add_argument("--device", choices=sorted(DEVICE_LABELS), help="only this device (default: all that can run)")
    parser.add_argument("--stack", choices=list(STACKS), default=DEFAULT_STACK, help="which stack to watch (default: %(default)s)")
    args = parser.parse_args(argv)
    findings = snippet_findings(args.device, stack=args.stack)
    if args.device in (None, "cpu") and args.stack == DEFAULT_STACK:
        findings += notebook_findings()
    text = report(findings, emitted_findings(args.stack), args.stack)
    args.out.write_text(text, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    print(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
