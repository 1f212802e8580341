"""Every snippet on the site, run and compared with its recorded output, plus
the consistency of pages and snippets. The snippet runs are collected by the
runner's pytest plugin (scripts/runner/pytest_plugin.py), one item per
snippet, device and stack: `errors/x.py[cpu]` on the current stack,
`errors/x.py[v4-cpu]` on v4 (marked `v4`; skipped with the reason when
.venv-v4 is missing, failed in CI), `faq/y.py[cuda]` (marked `gpu`).
`pytest --record` rewrites their recordings instead."""

from __future__ import annotations

from scripts.runner.pytest_plugin import Units
from scripts.runner.snippet import validate

snippet_runs = Units("snippets")


def test_pages_and_snippets_are_consistent():
    problems = [str(p) for p in validate()]
    assert problems == []
