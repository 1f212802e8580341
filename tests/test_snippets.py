"""Every snippet on the site, run and compared with its recorded output, plus
the consistency of pages and snippets. One test per snippet, device and
stack: `errors/x.py[cpu]` on the current stack, `errors/x.py[v4-cpu]` on v4
(marked `v4`; skipped with the reason when .venv-v4 is missing, failed in CI)."""

from __future__ import annotations

import os

import pytest

from scripts.runner import verify
from scripts.runner.snippet import all_snippet_paths, load_snippet, validate

SNIPPETS = [load_snippet(path) for path in all_snippet_paths()]
JOBS = [(snippet, device, stack) for snippet in SNIPPETS for stack, device in snippet.runs()]


def _param(snippet, device, stack):
    marks = [pytest.mark.gpu] if device == "cuda" else []
    if stack != "current":
        marks.append(getattr(pytest.mark, stack))
    return pytest.param(snippet.name, device, stack, id=verify.run_id(snippet, device, stack), marks=marks)


@pytest.fixture(scope="session")
def verdicts(request):
    """Runs every selected snippet once, in parallel, before the first of
    their tests asserts; each test then reads its own verdict."""
    selected = {
        (item.callspec.params["name"], item.callspec.params["device"], item.callspec.params["stack"])
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_snippet"
    }
    jobs = [(s, d, st) for s, d, st in JOBS if (s.name, d, st) in selected]
    results = verify.check(jobs, force=os.environ.get("SNIPPETS_FORCE") == "1", report=lambda line: None)
    return {(v.snippet.name, v.device, v.stack): v for v in results}


@pytest.mark.parametrize(("name", "device", "stack"), [_param(s, d, st) for s, d, st in JOBS])
def test_snippet(name, device, stack, verdicts):
    verdict = verdicts[(name, device, stack)]
    if verdict.status == "skipped":
        pytest.skip(verdict.message)
    assert verdict.status in ("passed", "unchanged"), verdict.message


def test_pages_and_snippets_are_consistent():
    problems = [str(p) for p in validate()]
    assert problems == []
