"""python -m scripts.runner {check,record,list} [PATH ...]

PATH may be a snippet, a folder of snippets, a recorded output, a page
under docs/ (meaning the snippets it includes), or a notebook page in any
locale (scripts/runner/notebooks.py). No PATH means all snippets and
notebooks. Both kinds run through the same runner (scripts/runner/verify.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.pins import DEFAULT_STACK, STACKS, in_ci, missing_reason, version_mismatches
from scripts.project import REPO_ROOT
from scripts.runner import execute, notebooks, verify
from scripts.runner.snippet import (
    DEVICE_LABELS,
    SNIPPETS_DIR,
    Snippet,
    SnippetError,
    all_snippet_paths,
    includes_by_snippet,
    load_snippet,
    output_parts,
    scan_page,
    validate,
)


def select(paths: list[str]) -> tuple[list[Snippet], list[SnippetError]]:
    """The snippets PATHs mean, and the load errors of those that cannot be
    run (reported together; the others still run)."""
    errors: list[SnippetError] = []
    if not paths:
        found = all_snippet_paths()
    else:
        known = set(all_snippet_paths())
        found = []
        for raw in paths:
            path = Path(raw).resolve()
            if not path.exists():
                raise SystemExit(f"error: {raw}: no such file or folder")
            if path.is_dir():
                candidates = [p for p in known if path in p.parents]
            elif path.suffix == ".md":
                includes, page_errors = scan_page(path)
                errors += page_errors
                candidates = [SNIPPETS_DIR / i.snippet_name for i in includes]
            elif path.suffix == ".out":
                candidates = [path.with_name(output_parts(path)[0] + ".py")]
            else:
                candidates = [path]
            # Anything else (a page or file that is not a snippet) has nothing to run.
            found += [p for p in candidates if p in known]
    chosen: dict[Path, Snippet] = {}
    for snippet_path in sorted(set(found)):
        try:
            chosen[snippet_path] = load_snippet(snippet_path)
        except SnippetError as error:
            errors.append(error)
    return sorted(chosen.values(), key=lambda s: s.name), errors


def _unique(errors: list[SnippetError]) -> list[SnippetError]:
    seen, unique = set(), []
    for error in errors:
        if str(error) not in seen:
            seen.add(str(error))
            unique.append(error)
    return unique


def jobs_for(units: list, device: str | None, stack: str | None = None) -> list[tuple]:
    """(unit, device, stack) for every run the units (snippets, notebooks) declare, narrowed to a device and a stack."""
    return [(u, d, st) for u in units for st, d in u.runs(device, stack)]


def installed_stacks(jobs: list[tuple]) -> tuple[list[tuple], list[str]]:
    """The jobs whose stack is installed, and a line for each declared stack that is not."""
    missing = {stack: reason for stack in dict.fromkeys(j[2] for j in jobs) if (reason := missing_reason(stack))}
    notes = [f"{reason}; its {sum(j[2] == stack for j in jobs)} run(s) are left out" for stack, reason in missing.items()]
    return [j for j in jobs if j[2] not in missing], notes


def summary(verdicts: list[verify.Verdict], errors: int = 0) -> str:
    passed = sum(v.status in ("passed", "unchanged", "recorded") for v in verdicts)
    failed = sum(v.status == "failed" for v in verdicts)
    skipped = sum(v.status == "skipped" for v in verdicts)
    unchanged = sum(v.status == "unchanged" for v in verdicts)
    tail = f" ({unchanged} unchanged since their last verified run)" if unchanged else ""
    bad_input = f", {errors} input error{'s' * (errors != 1)} (listed above)" if errors else ""
    return f"{passed} passed, {failed} failed, {skipped} skipped{bad_input}{tail}"


def warn_versions(jobs) -> None:
    stacks = dict.fromkeys(j[2] for j in jobs) or {DEFAULT_STACK: None}
    problems = [p for stack in stacks if not missing_reason(stack) for p in version_mismatches(stack)]
    problems += verify.recorded_version_warnings(jobs)
    if problems:
        bar = "!" * 72
        files = ", ".join(STACKS[stack].requirements.name for stack in stacks)
        print(f"{bar}\nWARNING: versions differ from the pins in {files}; outputs may change:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        print(bar, file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.runner", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="verb", required=True)
    for verb, text in (
        ("check", "run snippets and compare with their recorded outputs"),
        ("record", "run snippets and rewrite their recorded outputs"),
        ("list", "show every snippet, its devices and the pages that include it"),
    ):
        p = sub.add_parser(verb, help=text, description=text)
        p.add_argument("paths", nargs="*", metavar="PATH")
        p.add_argument("--stack", choices=list(STACKS), help="only this stack (default: every declared stack that is installed)")
        if verb != "list":
            p.add_argument("--device", choices=sorted(DEVICE_LABELS), help="only this device")
            p.add_argument("-j", "--jobs", type=int, help="snippets run at once (default: CPU cores)")
        if verb == "check":
            p.add_argument("--force", action="store_true", help="also run snippets unchanged since their last verified run")
    args = parser.parse_args(argv)

    try:
        snippets, load_errors = select(args.paths)
        device = getattr(args, "device", None)
        notebook_units = [n for n in notebooks.select(args.paths) if n.runs(device, args.stack)]
        problems = validate() if args.verb != "record" else []
    except notebooks.NotebookError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.paths:  # only what concerns the files asked about
        concerned = {Path(p).resolve() for p in args.paths} | {s.path for s in snippets} | {Path(e.path).resolve() for e in load_errors}
        concerned |= {s.output_path(d, st) for s in snippets for d in DEVICE_LABELS for st in STACKS}
        problems = [p for p in problems if Path(p.path).resolve() in concerned]
    problems = _unique(load_errors + problems)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if args.paths and not snippets and not notebook_units and not load_errors:
        print(f"error: {' '.join(args.paths)}: selects no snippet or notebook page", file=sys.stderr)
        return 1

    if args.verb == "list":
        pages = includes_by_snippet()
        for snippet in snippets:
            if args.stack and args.stack not in snippet.stacks:
                continue
            devices = ", ".join(DEVICE_LABELS[d] for d in snippet.devices)
            where = ", ".join(f"{i.page.relative_to(REPO_ROOT).as_posix()}:{i.line}" for i in pages.get(snippet.name, [])) or "no page"
            print(f"snippets/{snippet.name}  [{devices}]  stacks: {', '.join(snippet.stacks)}  {where}")
        for line in notebooks.list_lines(notebook_units):
            print(line)
        return 1 if problems else 0

    jobs = jobs_for([*snippets, *notebook_units], args.device, args.stack)
    if args.stack is None:  # every declared stack that is installed
        jobs, notes = installed_stacks(jobs)
        for note in notes:
            print(f"{'error' if in_ci() else 'note'}: {note}", file=sys.stderr)
        if notes and in_ci():
            problems.append(notes[0])
    warn_versions(jobs)
    try:
        if args.verb == "check":
            verdicts = verify.check(jobs, force=args.force, parallel=args.jobs)
        else:
            verdicts = verify.record(jobs, parallel=args.jobs)
    except KeyboardInterrupt:
        # The snippets that were running have been stopped (execute.run_all).
        print("interrupted: running snippets stopped; recordings already written are kept", file=sys.stderr)
        return execute.INTERRUPTED
    print(summary(verdicts, len(problems)))
    return 1 if problems or any(v.status == "failed" for v in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
