"""Every snippet on the site, run and compared with its recorded output, plus
the consistency of pages and snippets. One test per snippet and device."""

from __future__ import annotations

import os

import pytest

from scripts.snippets import verify
from scripts.snippets.catalog import all_snippet_paths, load_snippet, validate

JOBS = [(load_snippet(path), device) for path in all_snippet_paths() for device in load_snippet(path).devices]


def _param(snippet, device):
    marks = [pytest.mark.gpu] if device == "cuda" else []
    return pytest.param(snippet.name, device, id=f"{snippet.name}[{device}]", marks=marks)


@pytest.fixture(scope="session")
def verdicts(request):
    """Runs every selected snippet once, in parallel, before the first of
    their tests asserts; each test then reads its own verdict."""
    selected = {
        (item.callspec.params["name"], item.callspec.params["device"])
        for item in request.session.items
        if getattr(item, "originalname", "") == "test_snippet"
    }
    jobs = [(s, d) for s, d in JOBS if (s.name, d) in selected]
    results = verify.check(jobs, force=os.environ.get("SNIPPETS_FORCE") == "1", report=lambda line: None)
    return {(v.snippet.name, v.device): v for v in results}


@pytest.mark.parametrize(("name", "device"), [_param(s, d) for s, d in JOBS])
def test_snippet(name, device, verdicts):
    verdict = verdicts[(name, device)]
    if verdict.status == "skipped":
        pytest.skip(verdict.message)
    assert verdict.status in ("passed", "unchanged"), verdict.message


def test_pages_and_snippets_are_consistent():
    problems = [str(p) for p in validate()]
    assert problems == []
