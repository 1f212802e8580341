"""The error index (docs/errors/): every entry has the shape readers rely on,
bad entries are reported with file and line, and real pastes from public
threads (tests/data/real_pastes/*.yml) land on their entry first."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from scripts.errors import catalogue as cat
from scripts.errors import index, matching, signatures
from scripts.project import DOCS_DIR, SNIPPETS_DIR

ENTRIES, PROBLEMS = index.entries(DOCS_DIR)
CATALOGUE = cat.catalogue()["entries"]
PASTES_DIR = Path(__file__).parent / "data" / "real_pastes"


def _real_pastes() -> list:
    cases = []
    for path in sorted(PASTES_DIR.glob("*.yml")):
        for number, case in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or []):
            cases.append(pytest.param(case, id=f"{path.stem}-{number}-{case['entry']}"))
    return cases


REAL_PASTES = _real_pastes()


def test_every_entry_has_the_entry_shape():
    assert ENTRIES, "docs/errors/ has no entries"
    assert [str(p) for p in PROBLEMS] == []


def test_no_two_entries_claim_the_same_error():
    assert [str(p) for p in index.signature_clashes(DOCS_DIR, cat.build())] == []


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.slug for e in ENTRIES])
def test_each_entry_is_found_first_from_its_own_error(entry):
    """The reproducer's recorded error, pasted as a reader would (last line,
    whole output with the traceback), leads to the entry's page first."""
    snippet = SNIPPETS_DIR / entry.reproducer
    recorded = snippet.with_suffix(".cpu.out")
    if not recorded.exists():
        recorded = snippet.with_suffix(".cuda.out")
    text = recorded.read_text(encoding="utf-8").split("\n", 1)[1]
    blocks = signatures.extract_blocks(text)
    if entry.kind == "warning":
        title = entry.titles["en"].split(": ", 1)[-1].replace("`", "")
        error = next(b for b in blocks if b.kind == "warning" and title[:30] in b.text.replace("`", ""))
    else:
        error = next(b for b in blocks if b.kind in ("exception", "assertion"))
    url = f"errors/{entry.slug}/#{entry.anchor}"
    for paste in (error.text, text, error.text.splitlines()[0]):
        found = matching.lookup_sections(paste, CATALOGUE)
        assert found and found[0] == url, (paste, found[:3])


@pytest.mark.parametrize("case", REAL_PASTES)
def test_a_real_paste_from_a_public_thread_finds_its_entry_first(case):
    found = matching.lookup_sections(case["paste"], CATALOGUE)
    slug = case["entry"]
    assert found, f"nothing matched the paste from {case['thread']}"
    assert found[0].startswith(f"errors/{slug}/"), (case["thread"], found[:3])


def test_there_are_real_pastes_for_the_index():
    assert len(REAL_PASTES) >= 30  # real tracebacks from public threads, as pasted there


# ----------------------------------------------------------------- bad input


def _entry(tmp: Path, name: str, text: str) -> Path:
    path = tmp / "docs" / "errors" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _snippet(tmp: Path, name: str, text: str) -> None:
    path = tmp / "snippets" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


GOOD = """---
library: torch
summary: What it means.
reports:
  - https://github.com/pytorch/pytorch/issues/1
---
# ValueError: boom { #boom }

!snippet "errors/boom.py"

## Fix { #fix }

!snippet "errors/boom_fix.py"
"""


@pytest.fixture
def tiny(tmp_path):
    _snippet(tmp_path, "errors/boom.py", "#| expect: ValueError\nraise ValueError('boom')\n")
    _snippet(tmp_path, "errors/boom_fix.py", "print('fine')\n")
    return tmp_path


def _problems(tmp: Path) -> list[str]:
    return [str(p).split("docs/errors/")[-1] for p in index.entries(tmp / "docs", tmp / "snippets")[1]]


def test_a_well_formed_entry_has_no_problems(tiny):
    _entry(tiny, "boom.md", GOOD)
    assert _problems(tiny) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda t: t.replace('!snippet "errors/boom.py"\n', ""), "boom.md:7: no reproducer"),
        (lambda t: t.replace("errors/boom.py", "errors/boom_fix.py", 1), "boom.md:9: the reproducer errors/boom_fix.py does not declare"),
        (lambda t: t.replace("errors/boom_fix.py", "errors/boom.py"), "boom.md:13: the fix errors/boom.py is expected to raise"),
        (lambda t: t.replace("## Fix { #fix }", "## Repair { #repair }"), "no '## Fix { #fix }' section"),
        (lambda t: t.replace("library: torch", "library: pandas"), "boom.md:1: front matter 'library' must be one of"),
        (lambda t: t.replace("  - https://github.com/pytorch/pytorch/issues/1\n", ""), "boom.md:1: front matter 'reports'"),
        (lambda t: t.replace("errors/boom_fix.py", "errors/missing.py"), "boom.md:13: snippets/errors/missing.py does not exist"),
        (lambda t: t.replace("---\n# ValueError", "# ValueError", 1), "boom.md:1: front matter is never closed"),
    ],
)
def test_a_broken_entry_is_reported_with_file_and_line(tiny, change, expected):
    _entry(tiny, "boom.md", change(GOOD))
    problems = _problems(tiny)
    assert any(expected in p for p in problems), problems


def test_one_broken_entry_does_not_hide_the_others(tiny):
    _entry(tiny, "a.md", GOOD.replace("library: torch", "library: pandas"))
    _entry(tiny, "b.md", GOOD.replace("errors/boom_fix.py", "errors/missing.py"))
    _entry(tiny, "c.md", GOOD)
    problems = _problems(tiny)
    assert any(p.startswith("a.md:1:") for p in problems) and any(p.startswith("b.md:13:") for p in problems)
    assert not any(p.startswith("c.md") for p in problems)
    assert [e.slug for e in index.entries(tiny / "docs", tiny / "snippets")[0]] == ["a", "b", "c"]


def test_a_translation_without_a_summary_is_reported(tiny):
    _entry(tiny, "boom.md", GOOD)
    _entry(tiny, "boom.zh.md", "---\nsource_hash: x\n---\n# ValueError: boom { #boom }\n")
    assert any(p.startswith("boom.zh.md:1: front matter needs a one-line 'summary'") for p in _problems(tiny))


def test_the_index_table_lists_entries_by_library_in_the_locale(tiny):
    _entry(tiny, "boom.md", GOOD)
    _entry(tiny, "boom.ko.md", "---\nsummary: 뜻.\n---\n# ValueError: boom { #boom }\n")
    found, _ = index.entries(tiny / "docs", tiny / "snippets")
    table = index.table(found, "ko", {"count": "{n} errors", "error": "E", "meaning": "M"})
    assert "1 errors" in table and "## torch" in table
    assert "| [`ValueError: boom`](boom.md) | 뜻. |" in table


def test_a_warning_entry_needs_a_reproducer_that_prints_the_warning(tiny):
    warning = GOOD.replace("library: torch", "library: torch\nkind: warning").replace("ValueError: boom", "UserWarning: the sky is falling")
    _snippet(tiny, "errors/boom.py", "import warnings\nwarnings.warn('the sky is falling')\n")
    (tiny / "snippets/errors/boom.cpu.out").write_text("#| recorded: device=cpu\n<workdir>/boom.py:2: UserWarning: the sky is falling\n")
    _entry(tiny, "boom.md", warning)
    assert _problems(tiny) == []
    (tiny / "snippets/errors/boom.cpu.out").write_text("#| recorded: device=cpu\nnothing\n")
    assert any("does not print the warning" in p for p in _problems(tiny))
