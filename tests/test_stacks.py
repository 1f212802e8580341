"""Two library stacks: `current` (requirements.txt, .venv) and `v4`
(requirements-v4.txt, .venv-v4). Snippets declare the stacks they run on,
recordings are per (stack, device), pages and the error catalogue show both."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scripts import pins
from scripts.errors import catalogue as cat
from scripts.errors import matching
from scripts.errors.__main__ import for_stack
from scripts.hooks.directives import render_snippet
from scripts.runner import execute, verify
from scripts.runner.compare import classify
from scripts.runner.snippet import SNIPPETS_DIR, SnippetError, load_snippet, output_parts, read_recording


def make(folder: Path, name: str, code: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def private_runner_outside_ci(private_runner, monkeypatch):
    """A cache of its own and only the test's folders watched (conftest.py), as on a contributor's machine."""
    monkeypatch.delenv("CI", raising=False)
    pins.installed_versions.cache_clear()
    yield
    pins.installed_versions.cache_clear()


def fake_v4(tmp_path: Path, monkeypatch) -> Path:
    """A v4 interpreter that is this one, started through a wrapper that marks
    its processes: what the snippet prints proves which interpreter ran it."""
    wrapper = tmp_path / "v4-python"
    wrapper.write_text(f'#!/bin/sh\nexport STACK_MARK=v4-interpreter\nexec "{sys.executable}" "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("SNIPPETS_PYTHON_V4", str(wrapper))
    pins.installed_versions.cache_clear()
    return wrapper


# ------------------------------------------------------------- the stacks


def test_the_stacks_and_their_pins_come_from_their_requirements_files():
    assert set(pins.STACKS) == {"current", "v4"}
    assert pins.STACKS["v4"].requirements.name == "requirements-v4.txt"
    assert pins.pinned("v4")["transformers"].startswith("4.57.")
    assert pins.pinned("current")["transformers"].startswith("5.")
    assert pins.pinned("v4")["torch"] == pins.pinned("current")["torch"]
    assert pins.STACKS["current"].python == Path(sys.executable)
    assert pins.STACKS["v4"].python == pins.REPO_ROOT / ".venv-v4" / "bin" / "python"


# ---------------------------------------------------------- declaring stacks


@pytest.mark.parametrize(
    ("options", "line", "message"),
    [
        ("#| stacks: current, v5", 1, "unknown stack 'v5'; known: current, v4"),
        ("#| timeout: 5\n#| stacks: current,", 2, "cannot read stacks 'current,'"),
        ("#| stacks: v4, v4", 1, "stacks lists a stack twice"),
        ("#| expect: OSError, v4=HFValidationError", 1, "expect names stack v4, which 'stacks' does not declare"),
        ("#| stacks: current, v4\n#| expect: OSError, v5=TypeError", 2, "expect names unknown device 'v5'"),
        ("#| not-on-v5: too old", 1, "unknown stack 'v5' in 'not-on-v5'"),
        ("#| not-on-v4:", 1, "not-on-v4 needs a reason"),
        ("#| stacks: current, v4\n#| not-on-v4: removed API", 2, "the snippet declares stack v4 and also says it cannot run there"),
    ],
)
def test_bad_stack_options_name_file_and_line(tmp_path, options, line, message):
    path = make(tmp_path, "bad.py", options + "\nprint(1)\n")
    with pytest.raises(SnippetError) as error:
        load_snippet(path)
    assert f"bad.py:{line}: {message}" in str(error.value)


def test_expect_per_stack_and_raises_on_current_only(tmp_path):
    both = load_snippet(make(tmp_path, "a.py", "#| stacks: current, v4\n#| expect: OSError, v4=HFValidationError\n"))
    assert both.expected("cpu") == "OSError"
    assert both.expected("cpu", "v4") == "HFValidationError"
    current_only = load_snippet(make(tmp_path, "b.py", "#| stacks: current, v4\n#| expect: TypeError, v4=none\n"))
    assert current_only.expected("cpu") == "TypeError"
    assert current_only.expected("cpu", "v4") is None
    devices = load_snippet(make(tmp_path, "c.py", "#| devices: cpu, cuda\n#| expect: cpu=IndexError, cuda=torch.AcceleratorError\n"))
    assert (devices.expected("cpu"), devices.expected("cuda")) == ("IndexError", "torch.AcceleratorError")
    assert load_snippet(make(tmp_path, "d.py", "print(1)\n")).stacks == ("current",)
    reason = load_snippet(make(tmp_path, "e.py", "#| not-on-v4: LoraConfig has no such argument in peft 0.17\n"))
    assert reason.stacks == ("current",) and "peft 0.17" in reason.not_on["v4"]


def test_recordings_are_named_per_stack_and_device(tmp_path):
    snippet = load_snippet(make(tmp_path, "x.py", "#| stacks: current, v4\nprint(1)\n"))
    assert snippet.output_path("cpu").name == "x.cpu.out"
    assert snippet.output_path("cpu", "v4").name == "x.v4.cpu.out"
    assert output_parts(tmp_path / "x.v4.cpu.out") == ("x", "v4", "cpu")
    assert output_parts(tmp_path / "x.cpu.out") == ("x", "current", "cpu")
    assert snippet.runs() == [("current", "cpu"), ("v4", "cpu")]


def test_a_v4_recording_must_say_so_in_its_header(tmp_path):
    out = tmp_path / "x.v4.cpu.out"
    out.write_text("#| recorded: device=cpu transformers=5.24.0 peft=0.21.2 torch=2.13.0\nhi\n")
    with pytest.raises(SnippetError, match=r"x\.v4\.cpu\.out:1: '#\| recorded:' header says stack=current, but the file is for v4"):
        read_recording(out)


def cli(project: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.runner", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**{k: v for k, v in os.environ.items() if k != "CI"}, "NO_MKDOCS_2_WARNING": "1", **env},
    )


def test_a_recording_for_an_undeclared_stack_is_an_error_naming_the_file(project_copy):
    source = project_copy / "snippets/home/reading_an_output.py"
    assert "v4" not in load_snippet(source).stacks
    stray = project_copy / "snippets/home/reading_an_output.v4.cpu.out"
    stray.write_text("#| recorded: device=cpu stack=v4 transformers=4.57.6 peft=0.17.1 torch=2.13.0+cpu\nx\n")
    result = cli(project_copy, "list", "snippets/home/reading_an_output.py")
    assert result.returncode == 1
    assert (
        "snippets/home/reading_an_output.v4.cpu.out:1: recorded for stack v4, but the snippet does not declare that stack" in result.stderr
    )


# ------------------------------------------------------- a missing environment


def test_a_missing_stack_is_skipped_with_its_reason_locally_and_fails_in_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("SNIPPETS_PYTHON_V4", str(tmp_path / "nowhere" / "python"))
    snippet = load_snippet(make(tmp_path, "x.py", "#| stacks: current, v4\nprint(1)\n"))
    (outcome,) = execute.run_all([(snippet, "cpu", "v4")])
    assert outcome.status == "skipped"
    assert "the v4 stack is not installed" in outcome.reason and "nowhere/python is missing" in outcome.reason
    assert "make venv-v4" in outcome.reason
    monkeypatch.setenv("CI", "true")
    (outcome,) = execute.run_all([(snippet, "cpu", "v4")])
    assert outcome.status == "failed" and "required in CI" in outcome.reason
    (verdict,) = verify.check([(snippet, "cpu", "v4")], report=lambda line: None)
    assert verdict.status == "failed"


def test_the_cli_skips_a_missing_stack_visibly_and_fails_in_ci(project_copy, tmp_path):
    snippet = project_copy / "snippets/errors/backward_second_time.py"
    missing = str(tmp_path / "no-venv" / "python")
    local = cli(project_copy, "check", "--stack", "v4", "snippets/errors/backward_second_time.py", SNIPPETS_PYTHON_V4=missing)
    assert local.returncode == 0, local.stdout + local.stderr
    assert "SKIP snippets/errors/backward_second_time.py [v4 CPU] (the v4 stack is not installed" in local.stdout
    ci = cli(project_copy, "check", "--stack", "v4", str(snippet), SNIPPETS_PYTHON_V4=missing, CI="true")
    assert ci.returncode == 1
    assert "FAIL snippets/errors/backward_second_time.py [v4 CPU]" in ci.stdout
    # No --stack: the stacks that are installed run, the missing one is named.
    default = cli(project_copy, "list", "--stack", "v4", SNIPPETS_PYTHON_V4=missing)
    assert default.returncode == 0
    assert "snippets/errors/backward_second_time.py  [CPU]  stacks: current, v4" in default.stdout
    assert "snippets/home/reading_an_output.py" not in default.stdout


# ------------------------------------------------------ running on a stack


def test_each_stack_runs_in_its_own_interpreter_and_records_its_own_file(tmp_path, monkeypatch):
    fake_v4(tmp_path, monkeypatch)
    path = make(
        tmp_path,
        "which.py",
        """
        #| stacks: current, v4
        #| expect: KeyError, v4=none
        import os
        mark = os.environ.get("STACK_MARK", "current-interpreter")
        print(mark)
        if mark == "current-interpreter":
            raise KeyError("only here")
        """,
    )
    snippet = load_snippet(path)
    verdicts = verify.record([(snippet, "cpu", stack) for stack in snippet.stacks], report=lambda line: None)
    assert sorted((v.stack, v.status) for v in verdicts) == [("current", "recorded"), ("v4", "recorded")], [v.message for v in verdicts]
    current = read_recording(tmp_path / "which.cpu.out")
    v4 = read_recording(tmp_path / "which.v4.cpu.out")
    assert current.text.startswith("current-interpreter\n") and "KeyError: 'only here'" in current.text
    assert v4.text == "v4-interpreter\n"
    assert "stack" not in current.meta and v4.meta["stack"] == "v4"
    checked = verify.check([(snippet, "cpu", stack) for stack in snippet.stacks], report=lambda line: None)
    assert {v.status for v in checked} == {"passed"}
    # The cache keeps the stacks apart: a change to one stack's recording reruns that one only.
    (tmp_path / "which.v4.cpu.out").write_text(v4.render().replace("v4-interpreter", "something else"))
    again = {v.stack: v for v in verify.check([(snippet, "cpu", s) for s in snippet.stacks], report=lambda line: None)}
    assert again["current"].status == "unchanged"
    assert again["v4"].status == "failed" and "something else" in again["v4"].message


def collected(*args: str) -> list[str]:
    """The test ids pytest collects from tests/test_snippets.py with these options."""
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/test_snippets.py", "--collect-only", "-q", "-p", "no:cacheprovider", *args],
        cwd=pins.REPO_ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return [line.split("::", 1)[1] for line in result.stdout.splitlines() if line.startswith("tests/test_snippets.py::")]


def test_pytest_ids_keep_the_current_form_and_mark_v4():
    ids = collected()
    assert "errors/backward_second_time.py[cpu]" in ids
    assert "errors/backward_second_time.py[v4-cpu]" in ids
    assert not any(i.startswith("home/") and "[v4-" in i for i in ids)
    assert sum("[v4-" in i for i in ids) >= 40
    # The v4 runs carry the `v4` marker, and only they do.
    v4 = collected("-m", "v4")
    assert "errors/backward_second_time.py[v4-cpu]" in v4
    assert v4 == [i for i in ids if "[v4-" in i]


# -------------------------------------------------------------- comparison


def test_a_version_number_alone_is_not_a_difference_between_stacks():
    current = {"device": "cpu", "transformers": "5.24.0", "peft": "0.21.2", "torch": "2.13.0+cpu"}
    v4 = {"device": "cpu", "stack": "v4", "transformers": "4.57.6", "peft": "0.17.1", "torch": "2.13.0+cpu"}
    assert classify("transformers 5.24.0\n", "transformers 4.57.6\n", 2e-4, current, v4) == "noise"
    assert classify("accepted\n", "refused\n", 2e-4, current, v4) == "changed"


# ------------------------------------------------------------------- pages


def test_a_page_shows_version_tabs_where_the_output_differs():
    rows = render_snippet("errors/training_arguments_unexpected_keyword.py", [], "en")
    text = "\n".join(rows)
    assert '=== "transformers 5.24"' in text and '=== "transformers 4.57"' in text
    assert "The output differs between transformers 5.24 and transformers 4.57" in text
    v4_tab = text.split('=== "transformers 4.57"', 1)[1]
    assert "transformers 4.57 runs this program without raising an error." in v4_tab
    assert "TypeError" not in v4_tab.split("````", 3)[1]  # the v4 output itself
    zh = "\n".join(render_snippet("errors/training_arguments_unexpected_keyword.py", [], "zh"))
    assert "输出不同" in zh


def test_a_page_shows_one_output_where_both_stacks_print_the_same():
    text = "\n".join(render_snippet("errors/backward_second_time.py", [], "en"))
    assert '=== "transformers' not in text
    assert text.count("```` text") + text.count("````text title=") == 1
    assert "transformers 4.57.6, peft 0.17.1, torch 2.13.0+cpu prints the same output as transformers 5.24" in text


# ------------------------------------------------------- the error catalogue


def test_a_transformers_4_wording_lands_on_the_same_section():
    entries = cat.catalogue()["entries"]
    v4_paste = (
        "huggingface_hub.errors.HFValidationError: Repo id must be in the form 'repo_name' or "
        "'namespace/repo_name': '/content/drive/MyDrive/bert-finetuned'. Use `repo_type` argument if needed."
    )
    current_entry = next(
        e for e in entries if any(o["snippet"] == "errors/repo_id_form.py" and o["stack"] == "current" for o in e["occurrences"])
    )
    (best, _), *_ = matching.lookup(v4_paste, entries)
    assert [o["stack"] for o in best["occurrences"]] == ["v4"]
    assert best["id"] != current_entry["id"]
    assert best["sections"][0]["en"]["url"] == current_entry["sections"][0]["en"]["url"]


def test_the_still_emitted_check_takes_one_stacks_occurrences():
    entries = [
        {
            "id": "a",
            "occurrences": [{"snippet": "x.py", "device": "cpu", "stack": "current"}, {"snippet": "x.py", "device": "cpu", "stack": "v4"}],
        },
        {"id": "b", "occurrences": [{"snippet": "y.py", "device": "cpu", "stack": "current"}]},
    ]
    assert [(e["id"], len(e["occurrences"])) for e in for_stack(entries, "v4")] == [("a", 1)]
    assert [e["id"] for e in for_stack(entries, "current")] == ["a", "b"]


def test_the_still_emitted_check_of_a_missing_stack_says_what_to_run(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "scripts.errors", "check", "--stack", "v4"],
        cwd=pins.REPO_ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "SNIPPETS_PYTHON_V4": str(tmp_path / "none")},
    )
    assert result.returncode == 1
    assert "the v4 stack is not installed" in result.stderr and "make venv-v4" in result.stderr


def test_every_v4_recording_belongs_to_a_snippet_that_declares_v4():
    for out in SNIPPETS_DIR.rglob("*.v4.*.out"):
        stem, stack, device = output_parts(out)
        snippet = load_snippet(out.with_name(stem + ".py"))
        assert stack in snippet.stacks and device in snippet.devices, out


def test_the_version_watch_report_names_its_stack():
    from scripts import version_watch

    text = version_watch.report([version_watch.Finding("snippets/errors/x.py [v4 CPU]", "same")], [], "v4")
    assert "Stack: **v4** (pins from `requirements-v4.txt`)" in text
    assert "| transformers | 4.57.6 |" in text
    assert "record --stack v4" not in text  # nothing changed: no instructions
    current = version_watch.report([], [], "current")
    assert "Stack: **current** (pins from `requirements.txt`)" in current
