"""Notebook pages: the chapter notebooks pass their check in every locale (one
test item per notebook page, collected by the runner's pytest plugin:
`docs/training/debugging-pipeline.ipynb[cpu]`), and the check catches what it
is there for (a translation's code drifting from English, an output that
changed, a cell that fails or does not fail as it should), on small notebooks
in temporary folders."""

from __future__ import annotations

import html as htmllib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from scripts.hooks.search_index import read_sections
from scripts.i18n import parity, tracking
from scripts.project import LOCALES, REPO_ROOT
from scripts.runner import notebooks, verify
from scripts.runner.__main__ import main as snippets_main
from scripts.runner.pytest_plugin import Units

NOTEBOOKS = notebooks.all_notebooks()
# Each notebook page's outputs match their recording in every locale: one item
# per page, checked as `python -m scripts.runner check` does (with its cache).
notebook_runs = Units("notebooks")
pytestmark = pytest.mark.usefixtures("private_runner")


def check(notebook: notebooks.Notebook) -> verify.Verdict:
    (verdict,) = verify.check([(notebook, "cpu")], report=lambda line: None)
    return verdict


def record(notebook: notebooks.Notebook) -> verify.Verdict:
    (verdict,) = verify.record([(notebook, "cpu")], report=lambda line: None)
    return verdict


# ------------------------------------------------------- the site's notebooks


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_every_notebook_page_has_every_translation(notebook):
    assert set(notebook.translations()) == set(notebooks.LOCALES)


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_notebook_translations_are_current_and_keep_the_structure(notebook):
    docs = REPO_ROOT / "docs"
    english = notebook.path.relative_to(docs).as_posix()
    for locale in notebooks.LOCALES:
        status = tracking.translation_status(docs, english, locale)
        assert status.state == "current", f"{status.translation} is {status.state}"
        assert parity.check_translation(docs, english, status.translation) == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[n.name for n in NOTEBOOKS])
def test_links_between_pages_in_notebooks_reach_a_section(notebook):
    """mkdocs-jupyter leaves Markdown links as written, so MkDocs cannot check them:
    a link to another page is written as its URL (`../../page/#id`) and checked here."""
    docs = REPO_ROOT / "docs"
    page_dir = notebook.path.relative_to(docs).with_suffix("")  # the page's URL folder
    for path in [notebook.path, *notebook.translations().values()]:
        for cell in notebooks.read_notebook(path).cells:
            if cell.cell_type != "markdown":
                continue
            for target in re.findall(r"\]\(([^)\s]+)\)", cell.source):
                if target.endswith(".ipynb"):  # the download link: the notebook beside its page
                    assert target == path.name, f"{path.name} offers {target} for download"
                    continue
                if target.startswith(("http://", "https://")):
                    continue
                url, _, anchor = target.partition("#")
                page = (docs / page_dir / url).resolve().relative_to(docs.resolve())
                source = docs / f"{page.as_posix().rstrip('/')}.md"
                assert source.exists(), f"{path.name}: {target} is not a page"
                assert f"{{ #{anchor} }}" in source.read_text(encoding="utf-8"), f"{path.name}: {target} has no such section"


# ------------------------------------------------------- the check, in small


def write(path: Path, nb) -> Path:
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def tiny_notebooks(folder: Path, *, print_cell: str = "print('hello', 0.5)") -> notebooks.Notebook:
    """An English notebook and its Chinese translation: a print, an expected error, a versions line."""
    cells = {
        "en": ["# Tiny { #tiny }", "## Run it { #run }\n\nPrint something, then fail on purpose."],
        "zh": ["# 小例子 { #tiny }", "## 运行 { #run }\n\n先打印一点东西，再故意让它出错。"],
    }
    for locale, (title, text) in cells.items():
        nb = new_notebook(
            cells=[
                new_markdown_cell(title, id="title"),
                new_markdown_cell("", id="verified", metadata={"tags": [notebooks.VERIFIED_TAG]}),
                new_markdown_cell(text, id="run"),
                new_code_cell(print_cell, id="hello"),
                new_code_cell("def divide():\n    return 1 / 0\n\ndivide()", id="fail", metadata={"tags": [notebooks.RAISES_TAG]}),
            ]
        )
        write(folder / ("tiny.ipynb" if locale == "en" else f"tiny.{locale}.ipynb"), nb)
    return notebooks.Notebook(folder / "tiny.ipynb")


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """Recorded once: record runs a kernel (a few seconds)."""
    folder = tmp_path_factory.mktemp("recorded")
    notebook = tiny_notebooks(folder)
    verdict = record(notebook)
    assert verdict.status == "recorded", verdict.message
    return notebook


def copy_of(recorded: notebooks.Notebook, folder: Path) -> notebooks.Notebook:
    for path in [recorded.path, *recorded.translations().values()]:
        (folder / path.name).write_bytes(path.read_bytes())
    return notebooks.Notebook(folder / recorded.path.name)


def test_record_writes_english_code_outputs_and_versions_into_every_locale(recorded):
    english = notebooks.read_notebook(recorded.path)
    chinese = notebooks.read_notebook(recorded.translation_path("zh"))
    hello, fail = english.cells[3], english.cells[4]
    assert notebooks.output_text(hello.outputs) == "hello 0.5\n"
    # The expected error, trimmed: Python's header, the cell's frame, the frame that raised.
    traceback = notebooks.output_text(fail.outputs)
    assert traceback.startswith("Traceback (most recent call last):\nCell In[2], line 4")
    assert "----> 2     return 1 / 0" in traceback
    assert traceback.rstrip().endswith("ZeroDivisionError: division by zero")
    assert "\x1b[" not in traceback
    assert [c.outputs for c in chinese.cells if c.cell_type == "code"] == [c.outputs for c in english.cells if c.cell_type == "code"]
    assert chinese.cells[2].source.startswith("## 运行")  # translated text kept
    assert english.cells[1].source.startswith("*Verified on CPU with transformers ")
    assert chinese.cells[1].source.startswith("*已在 CPU 上用 transformers ")
    assert english.metadata["snippets"]["recorded"] == chinese.metadata["snippets"]["recorded"]
    assert notebooks.structure_problems(recorded) == []


def test_check_passes_on_a_fresh_recording_then_fails_when_an_output_changed(recorded, tmp_path, capsys):
    notebook = copy_of(recorded, tmp_path)
    assert check(notebook).status == "passed"
    for path in [notebook.path, notebook.translation_path("zh")]:  # a stale recording in both locales
        nb = notebooks.read_notebook(path)
        nb.cells[3].outputs[0].text = "hello 0.75\n"
        write(path, nb)

    assert snippets_main(["check", str(notebook.translation_path("zh"))]) == 1
    report = capsys.readouterr().out
    assert "FAIL tiny.ipynb" in report
    assert "tiny.ipynb cell 3 (id hello, In [1]): output differs from the recording" in report
    assert "-hello 0.75" in report and "+hello 0.5" in report


def test_a_translations_code_cell_may_not_drift_from_english(recorded, tmp_path):
    notebook = copy_of(recorded, tmp_path)
    zh = notebook.translation_path("zh")
    nb = notebooks.read_notebook(zh)
    nb.cells[3].source = "print('你好', 0.5)"
    write(zh, nb)

    problems = notebooks.structure_problems(notebook)
    assert len(problems) == 1
    assert "tiny.zh.ipynb cell 3 (id hello, In [1]): code differs from the English notebook" in problems[0]
    assert "+print('你好', 0.5)" in problems[0]
    verdict = check(notebook)
    assert verdict.status == "failed" and "code differs" in verdict.message

    # English is the one source of code: record copies it back.
    assert record(notebook).status == "recorded"
    assert notebooks.read_notebook(zh).cells[3].source == "print('hello', 0.5)"
    assert notebooks.structure_problems(notebook) == []


def test_a_translation_must_keep_every_cell(recorded, tmp_path):
    notebook = copy_of(recorded, tmp_path)
    zh = notebook.translation_path("zh")
    nb = notebooks.read_notebook(zh)
    del nb.cells[2]
    write(zh, nb)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}

    assert "its cells differ from the English notebook's" in notebooks.structure_problems(notebook)[0]
    verdict = record(notebook)
    assert verdict.status == "failed" and "nothing written" in verdict.message
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")} == before


def test_a_failing_run_keeps_the_previous_recording(recorded, tmp_path):
    notebook = copy_of(recorded, tmp_path)
    nb = notebooks.read_notebook(notebook.path)
    nb.cells[3].source = "raise RuntimeError('not meant to fail')"
    write(notebook.path, nb)
    before = {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")}

    verdict = record(notebook)
    assert verdict.status == "failed"
    assert "tiny.ipynb cell 3 (id hello, In [1]) raised an exception it is not tagged for" in verdict.message
    assert "RuntimeError: not meant to fail" in verdict.message
    assert "previous recording kept" in verdict.message
    assert {p.name: p.read_bytes() for p in tmp_path.glob("*.ipynb")} == before
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_cell_tagged_to_fail_must_fail(tmp_path):
    notebook = tiny_notebooks(tmp_path)
    nb = notebooks.read_notebook(notebook.path)
    nb.cells[4].source = "1 / 1"
    write(notebook.path, nb)
    with pytest.raises(notebooks.NotebookError, match=r"cell 4 \(id fail, In \[2\]\) is tagged 'raises-exception' but finished"):
        notebooks.execute(notebook)


def test_a_notebook_runs_in_the_snippets_sandbox(tmp_path, monkeypatch):
    """The snippets' environment (not the caller's), and a failure when files outside its scratch directory change."""
    monkeypatch.setenv("TRANSFORMERS_VERBOSITY", "error")
    for folder in ("env", "writes"):
        (tmp_path / folder).mkdir()
    printing = tiny_notebooks(tmp_path / "env", print_cell="import os\nprint(os.environ.get('TRANSFORMERS_VERBOSITY'), os.listdir('.'))")
    fresh, _ = notebooks.execute(printing)
    assert notebooks.output_text(fresh.cells[3].outputs) == "None ['checkpoints']\n"

    planted = tmp_path / "writes" / "planted.txt"
    writing = tiny_notebooks(tmp_path / "writes", print_cell=f"open({str(planted)!r}, 'w').write('x')")
    with pytest.raises(notebooks.NotebookError, match="tiny.ipynb: files outside its scratch directory changed while it ran: .*planted"):
        notebooks.execute(writing)


def test_cells_need_ids_of_their_own(tmp_path):
    notebook = tiny_notebooks(tmp_path)
    data = json.loads(notebook.path.read_text(encoding="utf-8"))
    data["cells"][4]["id"] = "hello"
    notebook.path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(notebooks.NotebookError, match="every cell needs an id of its own"):
        notebook.read()


def test_traceback_keeps_the_cells_frame_and_the_frame_that_raised():
    entries = ["-" * 75, "ValueError   Traceback (most recent call last)", "Cell In[3], line 1\n", "a\n", "b\n", "c\n", "ValueError: x"]
    assert notebooks.trim_traceback(entries) == [
        "Traceback (most recent call last):",
        "Cell In[3], line 1\n",
        "[... 2 frames left out ...]\n",
        "c\n",
        "ValueError: x",
    ]
    assert notebooks.trim_traceback(entries, frames=3) == ["Traceback (most recent call last):", *entries[2:]]


def test_selecting_a_translation_selects_its_notebook(recorded):
    assert notebooks.select([str(recorded.translation_path("zh"))]) == [recorded]
    assert notebooks.select([str(recorded.path.parent)]) == [recorded]


# ------------------------------------------------------- translations of notebooks


def test_notebook_translations_are_tracked_on_their_markdown_cells(recorded, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    notebook = copy_of(recorded, docs)
    assert tracking.english_rel_of("tiny.zh.ipynb") == ("tiny.ipynb", "zh")
    assert tracking.translation_rel("tiny.ipynb", "ko") == "tiny.ko.ipynb"
    assert tracking.translation_status(docs, "tiny.ipynb", "zh").state == "stale"  # never marked
    tracking.mark_current(docs, "tiny.zh.ipynb", tmp_path / "snapshots")
    assert tracking.translation_status(docs, "tiny.ipynb", "zh").state == "current"
    assert json.loads((docs / "tiny.zh.ipynb").read_text(encoding="utf-8"))["metadata"]["i18n"]["source_hash"]
    assert parity.check_translation(docs, "tiny.ipynb", "tiny.zh.ipynb") == []

    # Code is shared and checked by the snippet runner: changing it does not make a translation stale.
    nb = notebooks.read_notebook(notebook.path)
    nb.cells[3].source = "print('hello again')"
    write(notebook.path, nb)
    assert tracking.translation_status(docs, "tiny.ipynb", "zh").state == "current"
    # English prose does.
    nb.cells[2].source += "\n\nOne more sentence."
    write(notebook.path, nb)
    assert tracking.translation_status(docs, "tiny.ipynb", "zh").state == "stale"

    # Parity sees a heading id or a code cell missing from a translation.
    zh = notebooks.read_notebook(docs / "tiny.zh.ipynb")
    zh.cells[2].source = zh.cells[2].source.replace("{ #run }", "{ #yunxing }")
    del zh.cells[4]
    write(docs / "tiny.zh.ipynb", zh)
    findings = [f.message for f in parity.check_translation(docs, "tiny.ipynb", "tiny.zh.ipynb")]
    assert any("section 'run' missing" in f for f in findings)
    assert any("directive '!code-cell fail' missing" in f for f in findings)


# ------------------------------------------------------------- the built pages


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stdout + build.stderr
    return out


@pytest.mark.parametrize("prefix", ["", "zh/", "ko/"])
def test_notebook_pages_render_with_outputs_anchors_and_a_download(site, prefix):
    for notebook in NOTEBOOKS:
        page = notebook.path.relative_to(REPO_ROOT / "docs").with_suffix("").as_posix()
        html = (site / prefix / page / "index.html").read_text(encoding="utf-8")
        source = notebook.path if not prefix else notebook.translation_path(prefix.rstrip("/"))
        nb = notebooks.read_notebook(source)
        # Headings carry the same explicit ids in every locale, without the `{ #id }` text.
        ids = re.findall(r"\{ #([\w-]+) \}", "\n".join(c.source for c in nb.cells if c.cell_type == "markdown"))
        for anchor in ids:
            assert f'id="{anchor}"' in html, (prefix, anchor)
        assert "{ #" not in re.sub(r"<script.*?</script>|<style.*?</style>", "", html, flags=re.S)
        # Every recorded output is on the page (errors included), and the notebook is offered for download.
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                last_line = notebooks.output_text([output]).strip().splitlines()[-1]
                assert htmllib.escape(last_line, quote=False) in html, (prefix, cell.id, last_line)
        assert (site / prefix / page / source.name).read_bytes() == source.read_bytes()
        assert f'href="{source.name}"' in html


def test_search_finds_a_notebook_error_in_its_section(site):
    sections = {}
    for locale in LOCALES:  # one search index per locale
        sections.update({doc["location"]: doc["text"] for doc in read_sections(site, locale)})
    for prefix in ("", "zh/", "ko/"):
        assert "Target 2 is out of bounds." in sections[f"{prefix}training/debugging-pipeline/#check-model"]
