"""python -m scripts.version_watch [--out FILE] [--device DEVICE]

Runs every snippet against whatever transformers, peft and torch are installed
(the weekly workflow first upgrades transformers and peft past their pins) and
writes a Markdown report of which documented outputs would change, with diffs.
The report also goes to $GITHUB_STEP_SUMMARY when that is set.

Exits 0 whatever changed: the report is the product. Only a crash of the
runner itself (a bad snippet file, say) exits non-zero."""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from pathlib import Path

from scripts.pins import DOCUMENTED, documented_pins, installed
from scripts.snippets import verify
from scripts.snippets.catalog import DEVICE_LABELS, all_snippet_paths, load_snippet


def run(device: str | None) -> list[verify.Verdict]:
    snippets = [load_snippet(path) for path in all_snippet_paths()]
    jobs = [(s, d) for s in snippets for d in s.devices if device in (None, d)]
    # force: the verified-cache would otherwise skip snippets whose inputs
    # match an earlier passing run, and the point here is new library code.
    return verify.check(jobs, force=True, report=print)


def report(verdicts: list[verify.Verdict]) -> str:
    pins = documented_pins()
    lines = [
        f"# Version watch, {datetime.date.today().isoformat()}",
        "",
        "| library | pinned | tested |",
        "| --- | --- | --- |",
    ]
    for name in DOCUMENTED:
        have = installed(name) or "missing"
        mark = "" if have.split("+")[0] == pins[name] else " (newer)"
        lines.append(f"| {name} | {pins[name]} | {have}{mark} |")
    changed = sorted((v for v in verdicts if v.status == "failed"), key=lambda v: (v.snippet.name, v.device))
    ran = [v for v in verdicts if v.status != "skipped"]
    skipped = len(verdicts) - len(ran)
    lines += [
        "",
        f"**{len(changed)} of {len(ran)} recorded outputs would change.**"
        + (f" ({skipped} skipped: no device for them here.)" if skipped else ""),
    ]
    if not changed:
        lines += ["", "Every documented output is reproduced by these versions."]
    for verdict in changed:
        lines += [
            "",
            f"## snippets/{verdict.snippet.name} [{DEVICE_LABELS[verdict.device]}]",
            "",
            *_fenced(verdict.message),
        ]
    if changed:
        lines += [
            "",
            "To adopt the new versions: raise the pins in requirements.txt, `make install`, `make record`, and review the changed pages.",
        ]
    return "\n".join(lines) + "\n"


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
    text = report(run(args.device))
    args.out.write_text(text, encoding="utf-8")
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    print(f"report written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
