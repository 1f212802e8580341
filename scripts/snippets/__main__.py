"""python -m scripts.snippets {check,record,list} [PATH ...]

PATH may be a snippet, a folder of snippets, a recorded output, a page
under docs/ (meaning the snippets it includes), or a notebook page in any
locale (scripts/snippets/notebooks.py). No PATH means all snippets and
notebooks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.pins import REPO_ROOT, version_mismatches
from scripts.snippets import notebooks, verify
from scripts.snippets.catalog import (
    DEVICE_LABELS,
    SNIPPETS_DIR,
    Snippet,
    SnippetError,
    all_snippet_paths,
    includes_by_snippet,
    load_snippet,
    scan_page,
    validate,
)


def select(paths: list[str]) -> list[Snippet]:
    if not paths:
        return [load_snippet(p) for p in all_snippet_paths()]
    chosen: dict[Path, Snippet] = {}
    known = set(all_snippet_paths())
    for raw in paths:
        path = Path(raw).resolve()
        if not path.exists():
            raise SystemExit(f"error: {raw}: no such file or folder")
        if path.is_dir():
            found = [p for p in known if path in p.parents]
        elif path.suffix == ".md":
            found = [SNIPPETS_DIR / i.snippet_name for i in scan_page(path)[0]]
        elif path.suffix == ".out":
            found = [path.with_name(path.name.rsplit(".", 2)[0] + ".py")]
        else:
            found = [path]
        for snippet_path in found:
            if snippet_path not in known:
                continue  # e.g. a page or file that is not a snippet: nothing to run
            chosen[snippet_path] = load_snippet(snippet_path)
    return sorted(chosen.values(), key=lambda s: s.name)


def jobs_for(snippets: list[Snippet], device: str | None) -> list[tuple[Snippet, str]]:
    return [(s, d) for s in snippets for d in s.devices if device in (None, d)]


def summary(verdicts: list[verify.Verdict]) -> str:
    passed = sum(v.status in ("passed", "unchanged", "recorded") for v in verdicts)
    failed = sum(v.status == "failed" for v in verdicts)
    skipped = sum(v.status == "skipped" for v in verdicts)
    unchanged = sum(v.status == "unchanged" for v in verdicts)
    tail = f" ({unchanged} unchanged since their last verified run)" if unchanged else ""
    return f"{passed} passed, {failed} failed, {skipped} skipped{tail}"


def warn_versions(jobs) -> None:
    problems = version_mismatches() + verify.recorded_version_warnings(jobs)
    if problems:
        bar = "!" * 72
        print(f"{bar}\nWARNING: versions differ from the pins in requirements.txt; outputs may change:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print(bar, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.snippets", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, text in (
        ("check", "run snippets and compare with their recorded outputs"),
        ("record", "run snippets and rewrite their recorded outputs"),
        ("list", "show every snippet, its devices and the pages that include it"),
    ):
        p = sub.add_parser(verb, help=text, description=text)
        p.add_argument("paths", nargs="*", metavar="PATH")
        if verb != "list":
            p.add_argument("--device", choices=sorted(DEVICE_LABELS), help="only this device")
            p.add_argument("-j", "--jobs", type=int, help="snippets run at once (default: CPU cores)")
        if verb == "check":
            p.add_argument("--force", action="store_true", help="also run snippets unchanged since their last verified run")
    args = parser.parse_args(argv)

    try:
        snippets = select(args.paths)
        notebook_units = notebooks.select(args.paths) if getattr(args, "device", None) in (None, "cpu") else []
        problems = validate() if args.verb != "record" else []
        if args.paths:  # only what concerns the files asked about
            concerned = {Path(p).resolve() for p in args.paths} | {s.path for s in snippets}
            concerned |= {s.output_path(d) for s in snippets for d in DEVICE_LABELS}
            problems = [p for p in problems if Path(p.path).resolve() in concerned]
    except (SnippetError, notebooks.NotebookError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)

    if args.verb == "list":
        pages = includes_by_snippet()
        for snippet in snippets:
            devices = ", ".join(DEVICE_LABELS[d] for d in snippet.devices)
            where = ", ".join(f"{i.page.relative_to(REPO_ROOT).as_posix()}:{i.line}" for i in pages.get(snippet.name, [])) or "no page"
            print(f"snippets/{snippet.name}  [{devices}]  {where}")
        for line in notebooks.list_lines(notebook_units):
            print(line)
        return 1 if problems else 0

    jobs = jobs_for(snippets, args.device)
    warn_versions(jobs)
    if args.verb == "check":
        verdicts = verify.check(jobs, force=args.force, parallel=args.jobs)
    else:
        verdicts = verify.record(jobs, parallel=args.jobs)
    verdicts += notebooks.run(args.verb, notebook_units, force=getattr(args, "force", False))
    print(summary(verdicts))
    return 1 if problems or any(v.status == "failed" for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
