"""How the snippet runner behaves: isolation, faults, comparison, recording."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from scripts import pins
from scripts.runner import execute, verify
from scripts.runner.compare import normalise, same_output
from scripts.runner.snippet import SnippetError, load_snippet, read_recording


def make(tmp_path: Path, name: str, code: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
    return path


def run(*paths: Path) -> dict[str, execute.Outcome]:
    outcomes = execute.run_all([(load_snippet(p), "cpu") for p in paths], parallel=2)
    return {o.unit.path.name: o for o in outcomes}


# A cache of its own, and only the test's own folders watched for changes (conftest.py).
pytestmark = pytest.mark.usefixtures("private_runner")


# ---------------------------------------------------------------- comparison


def test_normalise_replaces_what_varies_between_machines(tmp_path):
    site_packages = next(p for p in sys.path if p.endswith("site-packages"))
    text = (
        f"<object at 0x7f3a2b1c9d40> in {site_packages}/torch/nn/functional.py\n"
        f"wrote /tmp/snippet-abc123/work/out.bin in 1.53s\n"
        "{'train_runtime': 2.1043, 'train_samples_per_second': 3.8, 'train_loss': 0.6931}\n"
        "{'eval_runtime': '0.008', 'eval_model_preparation_time': '0.0012', 'eval_loss': '1.09'}\n"
    )
    assert normalise(text) == (
        "<object at 0x<address>> in <site-packages>/torch/nn/functional.py\n"
        "wrote <tmp>/work/out.bin in <time>\n"
        "{'train_runtime': <time>, 'train_samples_per_second': <time>, 'train_loss': 0.6931}\n"
        "{'eval_runtime': '<time>', 'eval_model_preparation_time': '<time>', 'eval_loss': '1.09'}\n"
    )


def test_an_oom_message_from_another_card_matches_only_with_tolerance_inf():
    ours = (
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1024.00 GiB. GPU 0 has a total capacity of 79.18 GiB "
        "of which 77.52 GiB is free. Process 477 has 14.00 MiB memory in use. Including non-PyTorch memory, this process has "
        "518.00 MiB memory in use. Process 485 has 20.00 MiB memory in use. Of the allocated memory 0 bytes is allocated by PyTorch\n"
    )
    theirs = (
        "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1024.00 GiB. GPU 0 has a total capacity of 23.65 GiB "
        "of which 22.80 GiB is free. Including non-PyTorch memory, this process has 402.00 MiB memory in use. Of the allocated "
        "memory 0 bytes is allocated by PyTorch\n"
    )
    # Other processes on the card, listed by pid, are not the snippet's output.
    assert "Process" not in normalise(ours)
    assert same_output(normalise(ours), normalise(theirs), tolerance=float("inf"))
    assert not same_output(normalise(ours), normalise(theirs), tolerance=2e-4)
    assert not same_output(normalise(ours), normalise(theirs).replace("CUDA out of memory", "CUDA error"), tolerance=float("inf"))


def test_last_digit_differences_pass_and_real_changes_fail():
    recorded = "tensor([[ 0.0082, -0.2307],\n        [ 0.1317, -0.1683]])\n"
    assert same_output(recorded, recorded.replace("0.1317", "0.1318"), tolerance=2e-4)
    assert not same_output(recorded, recorded.replace("0.1317", "0.1417"), tolerance=2e-4)
    assert not same_output(recorded, recorded.replace("tensor", "Tensor"), tolerance=2e-4)
    # Integers (shapes, token ids, counts) must match exactly.
    assert not same_output("torch.Size([2, 6])\n", "torch.Size([2, 7])\n", tolerance=2e-4)
    # Version numbers are words, not floats.
    assert not same_output("transformers 5.23.0\n", "transformers 5.23.1\n", tolerance=2e-4)


# ------------------------------------------------------------------ running


def test_output_warnings_and_expected_exception_are_recorded_in_order(tmp_path):
    path = make(
        tmp_path,
        "warns.py",
        """
        #| expect: ValueError
        import warnings
        import transformers
        print("before")
        warnings.warn("this is documented")
        transformers.logging.get_logger("transformers").warning("logged by transformers")
        raise ValueError("Unrecognized thing 42")
    """,
    )
    outcome = run(path)["warns.py"]
    assert outcome.status == "ok", outcome.reason
    lines = outcome.output.splitlines()
    assert lines[0] == "before"
    assert "warns.py:5: UserWarning: this is documented" in lines[1]
    assert "logged by transformers" in outcome.output
    assert outcome.output.endswith(
        'Traceback (most recent call last):\n  File "warns.py", line 7, in <module>\n'
        '    raise ValueError("Unrecognized thing 42")\nValueError: Unrecognized thing 42\n'
    )


def test_an_expected_exception_keeps_the_snippets_frames_and_folds_the_librarys(tmp_path):
    path = make(
        tmp_path,
        "frames.py",
        """
        #| expect: json.JSONDecodeError
        import json
        def parse(text):
            return json.loads(text)
        parse("{")
    """,
    )
    outcome = run(path)["frames.py"]
    assert outcome.status == "ok", outcome.reason
    assert outcome.output == (
        "Traceback (most recent call last):\n"
        '  File "frames.py", line 5, in <module>\n'
        '    parse("{")\n'
        '  File "frames.py", line 4, in parse\n'
        "    return json.loads(text)\n"
        "  ...\n"
        "json.decoder.JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)\n"
    )


def test_unexpected_and_missing_exceptions_fail(tmp_path):
    unexpected = make(tmp_path, "unexpected.py", "raise KeyError('nope')\n")
    wrong = make(tmp_path, "wrong.py", "#| expect: ValueError\nraise TypeError('other')\n")
    missing = make(tmp_path, "missing.py", "#| expect: ValueError\nprint('fine')\n")
    outcomes = run(unexpected, wrong, missing)
    assert outcomes["unexpected.py"].status == "failed"
    assert "KeyError" in outcomes["unexpected.py"].reason
    assert "KeyError: 'nope'" in outcomes["unexpected.py"].output  # the full traceback, for the reader of the log
    assert outcomes["wrong.py"].status == "failed" and "TypeError" in outcomes["wrong.py"].reason
    assert outcomes["missing.py"].status == "failed" and "without it" in outcomes["missing.py"].reason


def test_snippets_are_isolated_from_each_other(tmp_path):
    first = make(
        tmp_path,
        "first.py",
        """
        import os, torch
        open("left-behind.txt", "w").write("x")
        os.environ["LEAK"] = "1"
        torch.manual_seed(123)
        import json; json.LEAKED = True
        print(torch.rand(1))
    """,
    )
    second = make(
        tmp_path,
        "second.py",
        """
        import os, json, torch
        print(os.path.exists("left-behind.txt"), os.environ.get("LEAK"), hasattr(json, "LEAKED"))
        print(torch.rand(1))
        print(sorted(os.listdir(".")))
    """,
    )
    outcomes = execute.run_all([(load_snippet(first), "cpu"), (load_snippet(second), "cpu")], parallel=1)
    by_name = {o.unit.path.name: o for o in outcomes}
    lines = by_name["second.py"].output.splitlines()
    assert lines[0] == "False None False"
    assert lines[2] == "['checkpoints']"
    # Every snippet starts from seed 0, whatever ran before it.
    again = run(make(tmp_path, "third.py", "import torch\nprint(torch.rand(1))\n"))["third.py"]
    assert again.output.splitlines()[0] == lines[1]


def test_hang_flood_crash_and_exit_are_reported_and_the_run_goes_on(tmp_path):
    hang = make(tmp_path, "hang.py", "#| timeout: 2\nwhile True:\n    pass\n")
    flood = make(tmp_path, "flood.py", "while True:\n    print('x' * 1000)\n")
    segfault = make(tmp_path, "segfault.py", "import ctypes\nctypes.string_at(0)\n")
    abort = make(tmp_path, "abort.py", "import os\nos.abort()\n")
    leaves = make(tmp_path, "leaves.py", "import sys\nsys.exit(3)\n")
    fine = make(tmp_path, "fine.py", "print('still here')\n")
    outcomes = run(hang, flood, segfault, abort, leaves, fine)
    assert outcomes["hang.py"].status == "timeout"
    assert outcomes["flood.py"].status == "too-much-output"
    assert len(outcomes["flood.py"].output) <= execute.MAX_OUTPUT_BYTES + 100
    assert outcomes["flood.py"].output.endswith("[output cut at 256 KiB]\n")
    assert outcomes["segfault.py"].status == "crashed" and "SIGSEGV" in outcomes["segfault.py"].reason
    assert outcomes["abort.py"].status == "crashed" and "SIGABRT" in outcomes["abort.py"].reason
    assert outcomes["leaves.py"].status == "failed" and "sys.exit(3)" in outcomes["leaves.py"].reason
    assert outcomes["fine.py"].status == "ok" and outcomes["fine.py"].output == "still here\n"


def test_process_isolation_sees_environment_at_import_time(tmp_path):
    path = make(
        tmp_path,
        "offline.py",
        """
        #| env: HF_HUB_OFFLINE=1
        import huggingface_hub.constants
        print(huggingface_hub.constants.HF_HUB_OFFLINE)
    """,
    )
    snippet = load_snippet(path)
    assert snippet.isolation == "process"
    assert run(path)["offline.py"].output == "True\n"


def test_cuda_snippets_are_skipped_with_a_reason_without_a_gpu(tmp_path, monkeypatch):
    monkeypatch.setattr(execute, "cuda_available", lambda: False)
    path = make(tmp_path, "gpu.py", "#| devices: cuda\nimport torch\nprint(torch.ones(1, device='cuda'))\n")
    (outcome,) = execute.run_all([(load_snippet(path), "cuda")])
    assert outcome.status == "skipped"
    assert "CUDA" in outcome.reason


def test_bad_option_lines_name_file_and_line(tmp_path):
    path = make(tmp_path, "bad.py", "#| devices: cpu\n#| devics: cuda\nprint(1)\n")
    with pytest.raises(SnippetError, match=r"bad.py:2: unknown option 'devics'"):
        load_snippet(path)


# -------------------------------------------------------- check and record


def test_record_then_check_then_skip_unchanged_then_detect_change(tmp_path):
    path = make(tmp_path, "numbers.py", "import torch\nprint(torch.tensor([0.5, 1.25]) * 2)\n")
    jobs = [(load_snippet(path), "cpu")]
    (recorded,) = verify.record(jobs, report=lambda line: None)
    assert recorded.status == "recorded"
    recording = read_recording(path.with_name("numbers.cpu.out"))
    assert recording.text == "tensor([1.0000, 2.5000])\n"
    assert recording.meta["device"] == "cpu"
    assert recording.meta["transformers"] == pins.installed("transformers")

    assert [v.status for v in verify.check(jobs, report=lambda line: None)] == ["passed"]
    assert [v.status for v in verify.check(jobs, report=lambda line: None)] == ["unchanged"]
    assert [v.status for v in verify.check(jobs, force=True, report=lambda line: None)] == ["passed"]

    path.write_text(path.read_text().replace("* 2", "* 3"))
    (changed,) = verify.check([(load_snippet(path), "cpu")], report=lambda line: None)
    assert changed.status == "failed"
    assert "-tensor([1.0000, 2.5000])" in changed.message
    assert "+tensor([1.5000, 3.7500])" in changed.message


def test_a_failed_or_interrupted_record_keeps_the_previous_recording(tmp_path, monkeypatch):
    path = make(tmp_path, "stable.py", "print('first version')\n")
    jobs = [(load_snippet(path), "cpu")]
    verify.record(jobs, report=lambda line: None)
    out = path.with_name("stable.cpu.out")
    before = out.read_text()

    path.write_text("raise RuntimeError('broken edit')\n")
    (verdict,) = verify.record([(load_snippet(path), "cpu")], report=lambda line: None)
    assert verdict.status == "failed" and "previous recording kept" in verdict.message
    assert out.read_text() == before

    # Interrupted while writing: the half-written file is never the recording.
    path.write_text("print('second version')\n")

    def interrupted_replace(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted_replace)
    with pytest.raises(KeyboardInterrupt):
        verify.record([(load_snippet(path), "cpu")], report=lambda line: None)
    assert out.read_text() == before


def test_version_mismatch_is_reported(monkeypatch):
    monkeypatch.setattr(pins, "pinned", lambda: {"transformers": "0.0.1", "peft": "0.21.2", "torch": "2.13.0"})
    problems = pins.version_mismatches()
    assert any("transformers" in p and "0.0.1 is pinned" in p for p in problems)


# ------------------------------------------------- the contributor's loop


def cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.runner", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_changed_number_fails_check_names_pages_and_record_updates_all_locales(project_copy):
    snippet = project_copy / "snippets/home/reading_an_output.py"
    snippet.write_text(snippet.read_text().replace("torch.randn(2, 3)", "torch.randn(2, 3) * 10"))

    checked = cli(project_copy, "check", "snippets/home/reading_an_output.py")
    assert checked.returncode == 1
    assert "snippets/home/reading_an_output.py [cpu]: output differs" in checked.stdout
    for page in ("docs/index.md", "docs/index.zh.md", "docs/index.ko.md"):
        assert page in checked.stdout
    assert "(recorded)" in checked.stdout and "(this run)" in checked.stdout

    recorded = cli(project_copy, "record", "snippets/home/reading_an_output.py")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    new_output = read_recording(project_copy / "snippets/home/reading_an_output.cpu.out").text
    assert cli(project_copy, "check", "snippets/home/reading_an_output.py").returncode == 0

    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        cwd=project_copy,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    first_line = new_output.splitlines()[0]
    for html in ("site/index.html", "site/zh/index.html", "site/ko/index.html"):
        text = (project_copy / html).read_text()
        assert first_line.split("[[")[1][:7] in text, html


def test_bad_input_is_reported_with_file_and_line(project_copy):
    page = project_copy / "docs/faq.md"
    page.write_text(page.read_text() + '\n!snippet "nowhere/missing.py"\n\n```python\nprint("unchecked")\n```\n')
    (project_copy / "snippets/home/orphan.py").write_text("print(1)\n")
    (project_copy / "snippets/home/ghost.cpu.out").write_text("#| recorded: device=cpu\nboo\n")
    result = cli(project_copy, "list")
    assert result.returncode == 1
    lines = page.read_text().splitlines()
    missing_line = lines.index('!snippet "nowhere/missing.py"') + 1
    block_line = len(lines) - lines[::-1].index("```python")  # the block added above, the page's last
    assert f"docs/faq.md:{missing_line}: includes snippet 'nowhere/missing.py', which does not exist" in result.stderr
    assert f"docs/faq.md:{block_line}: Python block is not a snippet" in result.stderr
    assert "snippets/home/orphan.py:1: snippet is included by no page" in result.stderr
    assert "snippets/home/ghost.cpu.out:1: recorded output has no snippet" in result.stderr


# ------------------------------------------------------------ pytest's view


def test_pytest_runs_each_snippet_as_an_item_and_records_through_the_runner(project_copy):
    """The plugin's items report the runner's verdicts; `--record` is `record`."""
    tests = project_copy / "tests"
    tests.mkdir()
    (tests / "conftest.py").write_text('pytest_plugins = ["scripts.runner.pytest_plugin"]\n')
    (tests / "test_units.py").write_text('from scripts.runner.pytest_plugin import Units\n\nsnippet_runs = Units("snippets")\n')
    snippet = project_copy / "snippets/home/reading_an_output.py"
    snippet.write_text(snippet.read_text().replace("torch.randn(2, 3)", "torch.randn(2, 3) * 10"))
    (project_copy / "snippets/home/broken.py").write_text("#| devics: cpu\nprint(1)\n")

    def pytest_run(*args: str) -> subprocess.CompletedProcess:
        command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "tests/test_units.py", *args]
        return subprocess.run(command, cwd=project_copy, capture_output=True, text=True)

    checked = pytest_run("-k", "reading_an_output or broken")
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert "FAILED tests/test_units.py::home/reading_an_output.py[cpu]" in checked.stdout
    assert "snippets/home/reading_an_output.py [cpu]: output differs from the recording" in checked.stdout
    assert "FAILED tests/test_units.py::home/broken.py" in checked.stdout
    assert "snippets/home/broken.py:1: unknown option 'devics'" in checked.stdout

    recorded = pytest_run("--record", "-k", "reading_an_output")
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    assert "PASSED tests/test_units.py::home/reading_an_output.py[cpu]" in recorded.stdout
    (project_copy / "snippets/home/broken.py").unlink()
    assert cli(project_copy, "check", "snippets/home/reading_an_output.py").returncode == 0
