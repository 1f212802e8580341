"""Command line for scripts.i18n; see the package docstring for the commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts import i18n
from scripts.i18n import parity, tracking
from scripts.project import DOCS_DIR, REPO_ROOT


def docs_relative(docs_root: Path, raw: str) -> str:
    try:
        return Path(raw).resolve().relative_to(docs_root.resolve()).as_posix()
    except ValueError:
        raise SystemExit(f"error: {raw}: not under {docs_root}") from None


def structure_findings(docs_root: Path, report: tracking.StatusReport, english_pages=None) -> list[parity.Finding]:
    """Heading ids of English pages, and parity of their translations that are not stale.

    A stale translation is compared with English text it does not translate yet, so its
    differences are expected; it is reported as stale (with the diff) instead, and
    checked again when it is updated (`parity PATH`, and `mark` runs it).
    """
    english_pages = sorted({t.english for t in report.translations}) if english_pages is None else english_pages
    findings = []
    for english in english_pages:
        findings += parity.check_english(docs_root, english)
        for status in report.translations:
            if status.english == english and status.state == "current":
                findings += parity.check_translation(docs_root, english, status.translation)
    return findings


def glossary_findings(docs_root: Path, translations, glossary_path: Path) -> list[parity.Finding]:
    """Rejected glossary variants in each named translation (missing ones are skipped)."""
    glossary = parity.load_glossary(glossary_path)
    findings = []
    for rel in translations:
        if (docs_root / rel).exists():
            findings += parity.check_glossary(docs_root, rel, glossary)
    return findings


def indent(text: str, prefix: str = "      ") -> str:
    return "".join(prefix + line for line in text.splitlines(keepends=True))


def cmd_status(args) -> int:
    allowed = frozenset(docs_relative(args.docs, p) for p in args.allow_stale)
    report = tracking.collect_status(args.docs, args.locales, allowed)
    shown = lambda rel: f"{args.docs.name}/{rel}"  # noqa: E731
    for locale in report.locales:
        entries = report.for_locale(locale)
        counts = {state: sum(t.state == state for t in entries) for state in ("current", "stale", "missing")}
        total = len(entries)
        print(f"{locale}: {counts['current']} current, {counts['stale']} stale, {counts['missing']} missing (of {total})")
        for status in entries:
            note = f"  (allowed stale: {status.allowed_because})" if status.allowed_because else ""
            print(f"  {status.state:<8} {shown(status.translation)}{note}")
            if status.state == "stale":
                print(indent(tracking.stale_diff(args.docs, args.snapshots, status)), end="")
    for orphan in report.orphans:
        print(f"orphaned: {shown(orphan)} has no English page")

    findings = structure_findings(args.docs, report)
    if findings:
        print(f"parity: {len(findings)} finding(s)")
        for finding in findings:
            print(finding)

    terms = glossary_findings(args.docs, [t.translation for t in report.translations], args.glossary)
    if terms:
        print(f"glossary: {len(terms)} finding(s) (terms in {shown_path(args.glossary)})")
        for finding in terms:
            print(finding)

    if not args.strict:
        return 0
    failures = report.failures()
    for status in failures:
        print(f"strict: {shown(status.translation)} is {status.state}", file=sys.stderr)
    return 1 if failures or report.orphans or findings or terms else 0


def cmd_parity(args) -> int:
    if args.paths:
        findings = []
        for raw in args.paths:
            rel = docs_relative(args.docs, raw)
            source = tracking.english_rel_of(rel, args.locales)
            if source:  # a translation: check it whatever its state
                findings += parity.check_translation(args.docs, source[0], rel)
            else:  # an English page: its ids and all its existing translations
                findings += parity.check_english(args.docs, rel)
                for locale in args.locales:
                    if (args.docs / tracking.translation_rel(rel, locale)).exists():
                        findings += parity.check_translation(args.docs, rel, tracking.translation_rel(rel, locale))
    else:
        findings = structure_findings(args.docs, tracking.collect_status(args.docs, args.locales))
    for finding in findings:
        print(finding)
    return 1 if findings else 0


def cmd_glossary(args) -> int:
    if args.paths:
        targets = [docs_relative(args.docs, raw) for raw in args.paths]
    else:
        targets = [t.translation for t in tracking.collect_status(args.docs, args.locales).translations]
    findings = glossary_findings(args.docs, targets, args.glossary)
    for finding in findings:
        print(finding)
    return 1 if findings else 0


def shown_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return str(path)


def cmd_mark(args) -> int:
    if args.all_unmarked:
        report = tracking.collect_status(args.docs, args.locales)
        targets = [t.translation for t in report.translations if t.state == "stale" and t.recorded_hash is None]
    elif args.paths:
        targets = [docs_relative(args.docs, raw) for raw in args.paths]
    else:
        raise SystemExit("error: name the translations to mark, or pass --all-unmarked")

    failed = False
    for rel in targets:
        source = tracking.english_rel_of(rel, args.locales)
        if source is None or not (args.docs / rel).exists():
            print(f"error: {args.docs.name}/{rel}: not an existing translation (<page>.<locale>.md)", file=sys.stderr)
            failed = True
            continue
        # Marking claims the translation is complete, so its structure must match first.
        findings = [] if args.force else parity.check_translation(args.docs, source[0], rel)
        if findings:
            for finding in findings:
                print(finding, file=sys.stderr)
            print(f"not marked: {args.docs.name}/{rel} (fix the above, or --force)", file=sys.stderr)
            failed = True
            continue
        hash_ = tracking.mark_current(args.docs, rel, args.snapshots, args.locales)
        print(f"marked {args.docs.name}/{rel} as translating {args.docs.name}/{source[0]} @ {hash_}")
    return 1 if failed else 0


def cmd_prune(args) -> int:
    for path in tracking.unused_snapshots(args.docs, args.snapshots, args.locales):
        path.unlink()
        print(f"removed {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--docs", type=Path, default=DOCS_DIR, help="docs folder (default: %(default)s)")
    common.add_argument("--snapshots", type=Path, help="English snapshots (default: <docs>/../.i18n/sources)")
    common.add_argument("--glossary", type=Path, default=parity.GLOSSARY_PATH, help="preferred and rejected terms (default: %(default)s)")
    common.add_argument("--locales", nargs="+", default=list(tracking.DEFAULT_LOCALES), help="translation locales")

    parser = argparse.ArgumentParser(
        prog="python -m scripts.i18n", description=i18n.__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    status = commands.add_parser("status", parents=[common], help="current / stale / missing translations, with diffs")
    status.add_argument("--strict", action="store_true", help="exit 1 on missing or stale pages, orphans, parity or glossary findings")
    status.add_argument(
        "--allow-stale",
        nargs="+",
        default=[],
        metavar="PATH",
        help="pages allowed to be stale (English or translation)",
    )
    status.set_defaults(run=cmd_status)
    check = commands.add_parser("parity", parents=[common], help="structure parity (default: every page that is not stale)")
    check.add_argument("paths", nargs="*", metavar="PATH")
    check.set_defaults(run=cmd_parity)
    terms = commands.add_parser("glossary", parents=[common], help="rejected terms in translations (default: all of them)")
    terms.add_argument("paths", nargs="*", metavar="PATH")
    terms.set_defaults(run=cmd_glossary)
    mark = commands.add_parser("mark", parents=[common], help="mark translations as translating the current English page")
    mark.add_argument("paths", nargs="*", metavar="PATH")
    mark.add_argument("--all-unmarked", action="store_true", help="every translation without a source_hash yet")
    mark.add_argument("--force", action="store_true", help="mark even if parity finds problems")
    mark.set_defaults(run=cmd_mark)
    prune = commands.add_parser("prune", parents=[common], help="delete snapshots no translation refers to")
    prune.set_defaults(run=cmd_prune)

    args = parser.parse_args(argv)
    args.docs = args.docs.resolve()
    args.snapshots = (args.snapshots or tracking.default_snapshot_dir(args.docs)).resolve()
    args.locales = tuple(args.locales)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
