"""python -m scripts.errors list|lookup|build|check

list                 every catalogued error and the sections that explain it
lookup [TEXT]        which sections a pasted error leads to (TEXT, or standard input)
build [--out FILE]   write the catalogue the site publishes (default: standard output)
check [--run] [--stack NAME]
                     is every catalogued message still emitted by the installed
                     libraries? --run first runs the snippets of those it cannot
                     find in the sources (`python -m scripts.runner check`).
                     --stack v4 checks the wordings recorded on that stack, in
                     that stack's interpreter (default: current)"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.errors import matching
from scripts.pins import DEFAULT_STACK, STACKS, missing_reason
from scripts.project import REPO_ROOT


def _first_line(entry: dict) -> str:
    line = entry["text"].splitlines()[0]
    return line if len(line) <= 110 else line[:109] + "…"


def _catalogue() -> dict:
    # Built here, in the project's own environment; `check --entries` runs in
    # another stack's interpreter, which has the libraries but not the docs toolchain.
    from scripts.errors import catalogue

    return catalogue.catalogue()


def cmd_list(_args) -> int:
    entries = _catalogue()["entries"]
    for entry in entries:
        print(f"{entry['id']}  {entry['kind']:<9}  {_first_line(entry)}")
        for section in entry["sections"]:
            print(f"            -> {section['en']['url']}  ({section['en']['title']})")
    print(f"{len(entries)} errors", file=sys.stderr)
    return 0


def cmd_lookup(args) -> int:
    # A paste may hold anything (a log cut mid-character, another encoding).
    text = " ".join(args.text) if args.text else sys.stdin.buffer.read().decode("utf-8", errors="replace")
    entries = _catalogue()["entries"]
    results = matching.lookup(text, entries)
    if not results:
        print("nothing matches")
        return 1
    for entry, score in results:
        print(f"{score.score:.3f}  (precision {score.precision:.2f}, recall {score.recall:.2f})  {_first_line(entry)}")
        for section in matching.order_sections(entry, text):
            print(f"        -> {section['en']['url']}")
    return 0


def cmd_build(args) -> int:
    from scripts.errors.catalogue import dumps

    text = dumps(_catalogue())
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def for_stack(entries: list[dict], stack: str) -> list[dict]:
    """The entries a stack's recordings show, each with only that stack's occurrences."""
    chosen = []
    for entry in entries:
        occurrences = [o for o in entry["occurrences"] if o.get("stack", DEFAULT_STACK) == stack]
        if occurrences:
            chosen.append({**entry, "occurrences": occurrences})
    return chosen


def cmd_check(args) -> int:
    if args.entries:  # called by the line below, in the stack's interpreter
        entries = json.loads(Path(args.entries).read_text(encoding="utf-8"))
    else:
        entries = for_stack(_catalogue()["entries"], args.stack)
        if not STACKS[args.stack].is_running:
            if reason := missing_reason(args.stack):
                print(f"error: {reason}", file=sys.stderr)
                return 1
            with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
                json.dump(entries, handle)
            command = [str(STACKS[args.stack].python), "-m", "scripts.errors", "check", "--stack", args.stack, "--entries", handle.name]
            try:
                return subprocess.run(command + ["--run"] * args.run, cwd=REPO_ROOT, check=False).returncode
            finally:
                Path(handle.name).unlink()
    from scripts.errors import emitted

    print(f"stack {args.stack}: {len(entries)} catalogued messages", file=sys.stderr)
    if args.run:
        _run_snippets(entries, emitted, args.stack)
    results = emitted.check(entries)
    for result in results:
        print(("ok   " if result.ok else "FAIL ") + result.describe())
    failed = [r for r in results if not r.ok]
    counts = {status: sum(r.status == status for r in results) for status in ("found", "produced", "not-checkable", "missing")}
    print(", ".join(f"{n} {status}" for status, n in counts.items() if n), file=sys.stderr)
    if failed:
        print(
            f"{len(failed)} documented message(s) are no longer emitted by the installed libraries. Re-record the snippets that show "
            "them (python -m scripts.runner record PATH) and update the sections that quote them.",
            file=sys.stderr,
        )
    return 1 if failed else 0


def _run_snippets(entries: list[dict], emitted, stack: str = DEFAULT_STACK, corpus=None) -> None:
    """Run the snippets of entries the sources do not account for, so that the
    snippet runner's cache can vouch for them. `corpus`: an already loaded
    emitted.Corpus (loading one reads every installed binary)."""
    from scripts.runner import execute, verify
    from scripts.runner.snippet import SNIPPETS_DIR, load_snippet

    corpus = corpus or emitted.Corpus()
    devices = {"cpu"} | ({"cuda"} if execute.cuda_available() else set())
    jobs = {}
    for result in emitted.check(entries, corpus):
        if result.status in ("missing", "not-checkable"):
            for occurrence in result.entry["occurrences"]:
                if occurrence["snippet"] and occurrence["device"] in devices:
                    jobs[(occurrence["snippet"], occurrence["device"])] = None
    if jobs:
        verify.check([(load_snippet(SNIPPETS_DIR / name), device, stack) for name, device in jobs])
        emitted._verified_cache.cache_clear()  # the runs above wrote new cache entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.errors", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="every catalogued error and its sections").set_defaults(handler=cmd_list)
    lookup = commands.add_parser("lookup", help="which sections a pasted error leads to")
    lookup.add_argument("text", nargs="*")
    lookup.set_defaults(handler=cmd_lookup)
    build = commands.add_parser("build", help="write the catalogue as JSON")
    build.add_argument("--out")
    build.set_defaults(handler=cmd_build)
    check = commands.add_parser("check", help="is every catalogued message still emitted?")
    check.add_argument("--run", action="store_true", help="run the snippets of messages not found in the sources")
    check.add_argument("--stack", choices=list(STACKS), default=DEFAULT_STACK, help="whose recorded wordings to check (default: current)")
    check.add_argument("--entries", help=argparse.SUPPRESS)
    check.set_defaults(handler=cmd_check)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
