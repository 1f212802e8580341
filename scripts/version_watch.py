"""python -m scripts.version_watch [--out FILE] [--device DEVICE]

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
counted, not reported as a change (scripts/snippets/compare.py classify).
The report also goes to $GITHUB_STEP_SUMMARY when that is set.

Exits 0 whatever changed: the report is the product. Only a crash of the
runner itself exits non-zero."""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from scripts.pins import STACK, installed, pinned
from scripts.snippets import execute, notebooks, verify
from scripts.snippets.catalog import DEVICE_LABELS, SnippetError, all_snippet_paths, load_snippet, read_recording
from scripts.snippets.compare import classify, diff

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


def snippet_findings(device: str | None, report=print) -> list[Finding]:
    jobs = []
    findings: list[Finding] = []
    for path in all_snippet_paths():
        try:
            snippet = load_snippet(path)
        except SnippetError as error:
            findings.append(Finding(str(path), "failed", str(error)))
            continue
        jobs += [(snippet, d) for d in snippet.devices if device in (None, d)]
    cache = verify.VerifiedCache()

    def judge(outcome: execute.Outcome) -> None:
        snippet, dev = outcome.snippet, outcome.device
        label = f"snippets/{snippet.name} [{DEVICE_LABELS[dev]}]"
        if outcome.status == "skipped":
            finding = Finding(label, "skipped", outcome.reason)
        elif outcome.status != "ok":
            finding = Finding(label, "failed", f"{outcome.reason}\n{outcome.output.rstrip()}")
        else:
            try:
                recording = read_recording(snippet.output_path(dev))
            except SnippetError as error:
                recording, finding = None, Finding(label, "failed", str(error))
            if recording is None:
                finding = Finding(label, "failed", "no recorded output")
            else:
                kind = classify(recording.text, outcome.output, snippet.tolerance, recording.meta)
                finding = Finding(label, kind, diff(recording.text, outcome.output, label) if kind != "same" else "")
                if kind != "changed":
                    # What the still-emitted check accepts as "still produced by its snippet".
                    cache.mark(snippet, dev)
        findings.append(finding)
        report(f"{finding.kind:9} {label}")

    execute.run_all(jobs, on_done=judge)
    cache.save()
    return findings


def notebook_findings(report=print) -> list[Finding]:
    findings = []
    for notebook in notebooks.all_notebooks():
        verdict = notebooks.check(notebook, force=True)
        kind = "same" if verdict.status in ("passed", "unchanged") else "changed"
        findings.append(Finding(notebook.name, kind, verdict.message))
        report(f"{kind:9} {notebook.name}")
    return findings


def emitted_findings() -> list[Finding]:
    from scripts.errors import catalogue, emitted

    findings = []
    for result in emitted.check(catalogue.catalogue()["entries"]):
        if not result.ok:
            first = result.entry["text"].splitlines()[0]
            findings.append(Finding(first, "gone", result.describe()))
    return findings


def report(findings: list[Finding], errors_gone: list[Finding]) -> str:
    pins = pinned()
    lines = [
        f"# Version watch, {datetime.date.today().isoformat()}",
        "",
        "| library | pinned | tested |",
        "| --- | --- | --- |",
    ]
    for name in STACK:
        want = pins.get(name.replace("_", "-"), "?")
        have = installed(name) or "missing"
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
            "To adopt the new versions: raise the pins in requirements.txt, `make install`, `make record`, and review the changed pages."
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
    args = parser.parse_args(argv)
    findings = snippet_findings(args.device)
    if args.device in (None, "cpu"):
        findings += notebook_findings()
    text = report(findings, emitted_findings())
    args.out.write_text(text, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    print(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
