"""The runner and the checks survive hostile snippets and bad input: every
bad file is reported as `file:line: what is wrong` and the rest of the run
goes on; snippets run seeded, in a defined environment, and cannot change
files outside their scratch directory or outlive their run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.exceptions import PluginError
from mkdocs.utils.meta import get_data

from scripts import pins
from scripts.errors import catalogue as cat
from scripts.errors import matching, signatures
from scripts.hooks import directives
from scripts.i18n import tracking
from scripts.project import write_atomically
from scripts.runner import execute, verify
from scripts.runner import snippet as snippet_file
from scripts.runner.snippet import SnippetError, load_snippet, read_recording, scan_page

REPO_ROOT = pins.REPO_ROOT


def make(folder: Path, name: str, code: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
    return path


def run(*paths: Path, parallel: int = 2) -> dict[str, execute.Outcome]:
    outcomes = execute.run_all([(load_snippet(p), "cpu") for p in paths], parallel=parallel)
    return {o.unit.path.name: o for o in outcomes}


def cli(project: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "scripts.runner", *args],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **kwargs.pop("env", {})},
        **kwargs,
    )


# A cache of its own, and only the test's own folders watched for changes (conftest.py).
pytestmark = pytest.mark.usefixtures("private_runner")


# ------------------------------------------------------- options and recordings


@pytest.mark.parametrize(
    ("options", "line", "message"),
    [
        ("#| tolerance: -1", 1, "tolerance must be a number >= 0 (or inf), not '-1'"),
        ("#| tolerance: nan", 1, "tolerance must be a number >= 0 (or inf), not 'nan'"),
        ("#| timeout: -5", 1, "timeout must be a finite number of seconds above 0, not '-5'"),
        ("#| timeout: nan", 1, "timeout must be a finite number of seconds above 0, not 'nan'"),
        ("#| timeout: inf", 1, "timeout must be a finite number of seconds above 0, not 'inf'"),
        ("#| timeout: 0", 1, "timeout must be a finite number of seconds above 0, not '0'"),
        ("#| devices: cpu, cpu", 1, "devices lists a device twice in 'cpu, cpu'"),
        ("#| devices: cpu, gpu", 1, "unknown device 'gpu'"),
        ("#| devices: cpu,", 1, "cannot read devices 'cpu,'"),
        ("#| devices: cpu, cuda\n#| expect: cpu=ValueError, oops", 2, "cannot read 'oops' in expect; write device=ExceptionType"),
        ("#| expect: ValueError, oops", 1, "expect must name an exception type"),
        ("#| expect: cpu=", 1, "cannot read 'cpu=' in expect"),
        ("#| expect: tpu=ValueError", 1, "expect names unknown device 'tpu'"),
        ("#| devices: cpu, cuda\n#| expect: cpu=ValueError, cpu=TypeError", 2, "expect names cpu twice"),
        ("#| expect: cuda=ValueError", 1, "expect names cuda, which 'devices' does not declare"),
    ],
)
def test_bad_option_values_name_file_and_line(tmp_path, options, line, message):
    path = make(tmp_path, "bad.py", f"{options}\nprint(1)\n")
    with pytest.raises(SnippetError) as raised:
        load_snippet(path)
    assert str(raised.value).startswith(f"{path}:{line}: {message}")


def test_good_option_values_still_load(tmp_path):
    path = make(tmp_path, "good.py", "#| devices: cpu, cuda\n#| expect: cpu=IndexError, cuda=torch.AcceleratorError\n#| tolerance: inf\n")
    snippet = load_snippet(path)
    assert snippet.expect == {"cpu": "IndexError", "cuda": "torch.AcceleratorError"}
    assert snippet.tolerance == float("inf")
    assert load_snippet(make(tmp_path, "plain.py", "#| expect: torch.OutOfMemoryError\n")).expected("cuda") == "torch.OutOfMemoryError"


GOOD_HEADER = "#| recorded: device=cpu torch=2.13.0+cpu transformers=5.23.0 peft=0.21.2\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "recorded output has no '#| recorded:' header"),
        (b"tensor([1.])\n", "recorded output has no '#| recorded:' header"),
        (b"#| recorded:\nx\n", "recorded output has no '#| recorded:' header"),
        (b"#| recorded: garbage\nx\n", "'#| recorded:' header does not name device, transformers, peft, torch"),
        (b"#| recorded: device=cpu torch=2.13.0\nx\n", "'#| recorded:' header does not name transformers, peft"),
        (GOOD_HEADER.replace("cpu ", "cuda ", 1).encode(), "header says device=cuda, but the file is for cpu"),
        (b"\xff\xfe\x00garbage\x80", "cannot read recorded output"),
    ],
)
def test_a_bad_recording_is_an_error_naming_the_file(tmp_path, content, message):
    out = tmp_path / "x.cpu.out"
    out.write_bytes(content)
    with pytest.raises(SnippetError) as raised:
        read_recording(out)
    assert str(raised.value).startswith(f"{out}:1: ") and message in str(raised.value)


def test_the_site_refuses_a_recording_without_versions(tmp_path, monkeypatch):
    """Never "Verified on CPU with transformers ?" on a page."""
    monkeypatch.setattr(snippet_file, "SNIPPETS_DIR", tmp_path)
    monkeypatch.setattr(directives, "SNIPPETS_DIR", tmp_path)
    make(tmp_path, "topic/x.py", "print(1)\n")
    (tmp_path / "topic/x.cpu.out").write_text("#| recorded: garbage\n1\n")
    page = make(tmp_path, "page.md", '# Page\n\n!snippet "topic/x.py"\n')
    with pytest.raises(PluginError, match=r"page.md:3: .*x.cpu.out:1: '#\| recorded:' header does not name device"):
        build_page(page)
    (tmp_path / "topic/x.cpu.out").write_text(GOOD_HEADER + "1\n")
    assert "transformers 5.23.0, peft 0.21.2, torch 2.13.0+cpu" in build_page(page)


@pytest.mark.parametrize("content", ["[1, 2]", '{"a": 1}', '"text"', "{not json"])
def test_a_corrupted_cache_is_reset_with_a_note(tmp_path, capsys, content):
    path = tmp_path / "cache.json"
    path.write_text(content)
    cache = verify.VerifiedCache(path)
    assert cache.entries == {}
    assert f"note: {path}" in capsys.readouterr().err
    cache.entries["x[cpu]"] = "abc"
    cache.save()
    assert json.loads(path.read_text()) == {"x[cpu]": "abc"}


def test_a_directory_in_place_of_the_cache_is_noted_and_left_alone(tmp_path, capsys):
    path = tmp_path / "cache.json"
    path.mkdir()
    cache = verify.VerifiedCache(path)
    cache.entries["x[cpu]"] = "abc"
    cache.save()
    assert "is a directory" in capsys.readouterr().err
    assert path.is_dir()


def test_concurrent_atomic_writes_do_not_collide(tmp_path):
    target = tmp_path / "x.cpu.out"
    errors = []

    def write(n: int) -> None:
        try:
            write_atomically(target, f"version {n}\n" * 100)
            cache = verify.VerifiedCache(tmp_path / "verified.json")
            cache["n"] = str(n)
            cache.save()
        except Exception as error:  # noqa: BLE001 - collected for the assertion
            errors.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(300)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert target.read_text().startswith("version ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["verified.json", "x.cpu.out"]  # no temporary file left


def test_a_failure_log_shows_the_head_and_tail_of_a_flood(tmp_path):
    snippet = load_snippet(make(tmp_path, "flood.py", "print(1)\n"))
    output = "first line\n" + "x" * 1000 + "\n" + "y\n" * 100_000 + "last line\n"
    message = verify.failure_report(execute.Outcome(snippet, "cpu", "too-much-output", output, "printed more than 256 KiB"))
    assert len(message) < 32_000  # of 200 KiB
    assert "first line" in message and "last line" in message and "characters not shown" in message


def test_check_reports_every_broken_file_and_still_runs_the_good_ones(project_copy):
    home = project_copy / "snippets/home"
    make(home, "bad_tolerance.py", "#| tolerance: -1\nprint(1)\n")
    make(home, "bad_expect.py", "#| expect: cpu=ValueError, oops\nprint(1)\n")
    make(home, "binary.py", "print(1)\n")
    (home / "binary.cpu.out").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    make(home, "garbage.py", "print(2)\n")
    (home / "garbage.cpu.out").write_text("#| recorded: garbage\n2\n")
    make(home, "good.py", "print(3)\n")
    (home / "good.cpu.out").write_text(GOOD_HEADER + "3\n")
    names = ["bad_tolerance", "bad_expect", "binary", "garbage", "good"]
    result = cli(project_copy, "check", *(f"snippets/home/{n}.py" for n in names))
    assert result.returncode == 1
    assert "snippets/home/bad_tolerance.py:1: tolerance must be a number >= 0" in result.stderr
    assert "snippets/home/bad_expect.py:1: cannot read 'oops' in expect" in result.stderr
    assert "snippets/home/binary.cpu.out:1: cannot read recorded output" in result.stderr
    assert "snippets/home/garbage.cpu.out:1: '#| recorded:' header does not name device" in result.stderr
    assert "ok   snippets/home/good.py [CPU]" in result.stdout
    assert "FAIL snippets/home/garbage.py [CPU]" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("1 passed, 2 failed, 0 skipped, ")


@pytest.mark.parametrize("verb", ["check", "record", "list"])
def test_paths_that_select_no_snippet_fail(verb):
    result = cli(REPO_ROOT, verb, "/etc/hostname")
    assert result.returncode == 1
    assert "/etc/hostname: selects no snippet or notebook page" in result.stderr


# ------------------------------------------------------------- pages and inputs


def test_includes_outside_snippets_and_malformed_directives_are_errors(tmp_path):
    page = make(
        tmp_path,
        "page.md",
        """
        ---
        title: A page
        ---
        # A page

        !snippet "../scripts/pins.py"
        !snippet "/etc/hostname"
        !snippet 'home/reading_an_output.py'
        !snipet "home/reading_an_output.py"
        !snippet "checkpoints/tiny-random-bert/config.json"

        ```text
        !snipet "inside a fence is text"
        ```
        !!! note "an admonition"
        ![an image](x.png)
        """,
    )
    includes, errors = scan_page(page)
    assert includes == []
    assert [str(e).removeprefix(f"{page}:") for e in errors] == [
        "6: snippet path '../scripts/pins.py' is outside snippets/; write it relative to snippets/",
        "7: snippet path '/etc/hostname' is outside snippets/; write it relative to snippets/",
        '8: cannot read "!snippet \'home/reading_an_output.py\'"; write !snippet "path" [code-only|output-only]',
        "9: unknown directive '!snipet'; known: !snippet, !not-runnable, !pinned-versions, !error-lookup, !translation-status",
        "10: 'checkpoints/tiny-random-bert/config.json' is not a snippet (a .py file in snippets/, not in checkpoints/ "
        "or a support file starting with _ or .)",
    ]


def build_page(path: Path) -> str:
    """The snippet hook on a page, as MkDocs calls it (front matter removed)."""
    page = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path)))
    config = SimpleNamespace(theme={"language": "en"})
    return directives.on_page_markdown(get_data(path.read_text())[0], page, config, None)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('!snippet "../scripts/pins.py"', "snippet path '../scripts/pins.py' is outside snippets/"),
        ('!snippet "/etc/hostname"', "snippet path '/etc/hostname' is outside snippets/"),
        ("!snippet 'home/reading_an_output.py'", "cannot read \"!snippet 'home/reading_an_output.py'\""),
        ('!snipet "home/reading_an_output.py"', "unknown directive '!snipet'"),
        ('!snippet "home/missing.py"', "snippet 'home/missing.py' does not exist in snippets/"),
    ],
)
def test_the_build_refuses_what_list_refuses_at_the_right_line(tmp_path, line, message):
    page = make(tmp_path, "page.md", f"---\ntitle: A page\nsummary: two lines of front matter\n---\n\n# A page\n\n{line}\n")
    with pytest.raises(PluginError) as raised:
        build_page(page)
    assert str(raised.value).startswith(f"{page}:8: {message}")


def test_broken_front_matter_is_reported_against_its_page_before_the_build(tmp_path):
    make(tmp_path, "good.md", "---\ntitle: fine\n---\n# Good\n")
    make(tmp_path, "broken.zh.md", "---\ntitle: fine\nsource_hash: [oops\n---\n# Broken\n")
    make(tmp_path, "open.md", "---\ntitle: never closed\n# Open\n")
    with pytest.raises(PluginError) as raised:
        directives.on_pre_build(SimpleNamespace(docs_dir=str(tmp_path)))
    assert str(raised.value).splitlines() == [
        f"{tmp_path / 'broken.zh.md'}:4: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        f"{tmp_path / 'open.md'}:1: front matter is never closed: add a '---' line after it",
    ]


def test_marking_a_page_with_unterminated_front_matter_adds_no_second_block(tmp_path):
    docs = tmp_path / "docs"
    make(docs, "page.md", "# Page\n")
    translation = make(docs, "page.zh.md", "---\nsource_hash: abc\n# 页面\n")
    before = translation.read_text()
    with pytest.raises(tracking.FrontMatterError, match=r"page.zh.md:1: front matter is never closed"):
        tracking.mark_current(docs, "page.zh.md", tmp_path / "sources")
    assert translation.read_text() == before


PATHOLOGICAL = {
    "one long word": "a" * 100_000 + "!",
    "dotted": "a." * 50_000,
    "slashes": "a/" * 50_000 + "!",
    "url-like": "a:/" * 30_000,
    "warning-like": "a:1: " * 20_000,
    "camel": "aA" * 50_000,
    "numbers": "1." * 50_000 + "x",
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_lookup_is_linear_on_pathological_pastes(name):
    entries = cat.catalogue()["entries"]
    start = time.monotonic()
    matching.lookup(PATHOLOGICAL[name], entries)
    assert time.monotonic() - start < 1.0  # it took 8.7 s on the first of them


def test_the_path_and_url_rules_still_replace_what_they_did():
    assert signatures.normalise_line("file /home/me/.cache/model.bin is missing") == "file <path> is missing"
    assert signatures.normalise_line("see https://huggingface.co/docs?a=1 or C:\\Users\\me\\x.bin") == "see <url> or <path>"
    assert signatures.normalise_line("'checkpoints/tiny-random-bert' (x=a/b)") == "'<path>' (x=<path>)"


def test_lookup_reads_any_bytes_from_standard_input():
    paste = bytes(range(256)) * 40 + "ValueError: caf\xe9".encode("latin-1")
    result = subprocess.run([sys.executable, "-m", "scripts.errors", "lookup"], cwd=REPO_ROOT, input=paste, capture_output=True)
    assert result.returncode in (0, 1), result.stderr
    assert b"Traceback" not in result.stderr


@pytest.mark.browser
def test_the_page_script_is_linear_and_agrees_on_pathological_pastes(reader):
    reader.open("error-lookup/")
    reader.page.wait_for_function("window.errorLookup && window.errorLookup.ready")
    reader.page.evaluate("window.errorLookup.ready")
    for text in PATHOLOGICAL.values():
        seconds, ids = reader.page.evaluate(
            """t => {
                const catalogue = errorLookup.form.catalogue, matcher = new errorLookup.Matcher(catalogue.rules)
                const start = performance.now(), found = matcher.lookup(t, catalogue.entries)
                return [(performance.now() - start) / 1000, found.map(f => f.entry.id)]
            }""",
            text,
        )
        assert seconds < 1.0
        assert ids == [e["id"] for e, _ in matching.lookup(text, cat.catalogue()["entries"])]


# ------------------------------------------------------------- seeds and environment


def test_unseeded_snippets_print_the_same_in_both_isolations_and_ignore_the_callers_environment(tmp_path, monkeypatch):
    for name, value in {
        "TRANSFORMERS_VERBOSITY": "error",
        "HF_HUB_OFFLINE": "1",
        "PYTHONWARNINGS": "ignore",
        "TORCH_SHOW_CPP_STACKTRACES": "1",
        "CUDA_LAUNCH_BLOCKING": "1",
        "https_proxy": "http://127.0.0.1:9",
    }.items():
        monkeypatch.setenv(name, value)
    code = """
        import os, random, warnings
        import numpy, torch
        import transformers
        print(torch.rand(3), numpy.random.rand(), random.random())
        print({name: os.environ.get(name) for name in ("TRANSFORMERS_VERBOSITY", "HF_HUB_OFFLINE", "PYTHONWARNINGS", "https_proxy")})
        print(transformers.logging.get_verbosity())
        warnings.warn("a documented warning")
    """
    fork = make(tmp_path, "fork.py", code)
    first = make(tmp_path, "first.py", "#| isolation: process\n" + textwrap.dedent(code))
    second = make(tmp_path, "second.py", "#| isolation: process\n" + textwrap.dedent(code))
    outcomes = run(fork, first, second)
    assert {o.status for o in outcomes.values()} == {"ok"}
    lines = {name: o.output.splitlines() for name, o in outcomes.items()}
    assert lines["first.py"][0] == lines["second.py"][0] == lines["fork.py"][0]
    for name in lines:
        assert lines[name][1] == "{'TRANSFORMERS_VERBOSITY': None, 'HF_HUB_OFFLINE': None, 'PYTHONWARNINGS': None, 'https_proxy': None}"
        assert lines[name][2] == "30"  # WARNING, transformers' default
        assert "UserWarning: a documented warning" in outcomes[name].output


def test_snippet_environment_keeps_only_the_basics():
    caller = {"PATH": "/bin", "HOME": "/root", "LC_ALL": "C.UTF-8", "HF_TOKEN": "secret", "TRANSFORMERS_VERBOSITY": "error"}
    env = execute.snippet_environment(caller)
    assert {k: env[k] for k in ("PATH", "HOME", "LC_ALL")} == {"PATH": "/bin", "HOME": "/root", "LC_ALL": "C.UTF-8"}
    assert "HF_TOKEN" not in env and "TRANSFORMERS_VERBOSITY" not in env
    assert env["PYTHONHASHSEED"] == "0" and env["PYTHONPATH"].startswith(str(REPO_ROOT))


# ----------------------------------------------------------------------- sandbox


def test_shipped_checkpoints_and_the_repository_are_out_of_a_snippets_reach(tmp_path, monkeypatch):
    checkpoints = tmp_path / "checkpoints"
    shutil.copytree(REPO_ROOT / "snippets/checkpoints/tiny-random-bert", checkpoints / "tiny-random-bert")
    monkeypatch.setattr(execute, "CHECKPOINTS_DIR", checkpoints)
    shipped = (checkpoints / "tiny-random-bert/config.json").read_bytes()
    through_link = make(
        tmp_path,
        "snippets/through_link.py",
        """
        with open("checkpoints/tiny-random-bert/config.json", "a") as handle:
            handle.write("appended")
        open("checkpoints/new-file.txt", "w").write("x")
        print("wrote into checkpoints/")
        """,
    )
    outside = make(
        tmp_path,
        "snippets/outside.py",
        f"""
        import os
        open(os.path.join(os.path.dirname(__file__), "planted.py"), "w").write("x")
        with open({str(checkpoints / "tiny-random-bert/config.json")!r}, "a") as handle:
            handle.write("appended")
        """,
    )
    outcome = run(through_link)["through_link.py"]
    assert outcome.status == "ok", outcome.reason  # its own copy: harmless
    assert (checkpoints / "tiny-random-bert/config.json").read_bytes() == shipped
    assert not (checkpoints / "new-file.txt").exists()

    outcome = run(outside)["outside.py"]
    assert outcome.status == "failed"
    assert outcome.reason.startswith("files outside its scratch directory changed while it ran: ")
    assert str(checkpoints / "tiny-random-bert/config.json") in outcome.reason
    assert str(outside.parent / "planted.py") in outcome.reason


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_processes_a_snippet_starts_end_with_it(tmp_path):
    daemon = """
        import os, subprocess, sys, time
        daemon = "import os, time; os.setsid(); open('daemon.pid', 'w').write(str(os.getpid())); time.sleep(300)"
        subprocess.Popen([sys.executable, "-c", daemon])
        while not os.path.exists("daemon.pid") or not open("daemon.pid").read():
            time.sleep(0.05)
        print(open("daemon.pid").read())
    """
    fork = make(tmp_path, "fork.py", daemon)
    process = make(tmp_path, "process.py", "#| isolation: process\n" + textwrap.dedent(daemon))
    outcomes = run(fork, process)
    for name, outcome in outcomes.items():
        assert outcome.status == "failed", name
        assert "it left processes running after it ended (killed now): pid " in outcome.reason
        assert not _alive(int(outcome.output.strip())), name


SLOW_SNIPPET = """
    import os, subprocess, sys, time
    open(os.environ["PIDS"], "a").write(f"{os.getpid()}\\n")
    daemon = "import os, time; os.setsid(); open(os.environ['PIDS'], 'a').write(f'{os.getpid()}\\\\n'); time.sleep(300)"
    subprocess.Popen([sys.executable, "-c", daemon])
    time.sleep(300)
"""


@pytest.mark.parametrize("how", ["ctrl-c", "ctrl-c-seen-by-worker-only", "kill"])
def test_an_interrupted_or_killed_record_stops_its_snippets_and_leaves_no_scratch(project_copy, tmp_path, how):
    pids = tmp_path / "pids.txt"
    make(project_copy / "snippets/home", "slow.py", f"#| env: PIDS={pids}\n#| timeout: 600\n" + textwrap.dedent(SLOW_SNIPPET))
    temp = tmp_path / "tmp"
    temp.mkdir()
    main = subprocess.Popen(
        [sys.executable, "-m", "scripts.runner", "record", "snippets/home/slow.py"],
        cwd=project_copy,
        env={**os.environ, "TMPDIR": str(temp)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(pids.read_text().split() if pids.exists() else []) < 2:
        time.sleep(0.1)
    started = [int(pid) for pid in pids.read_text().split()]
    assert len(started) == 2 and all(_alive(pid) for pid in started)
    if how.startswith("ctrl-c"):
        if how == "ctrl-c":
            os.killpg(main.pid, signal.SIGINT)
        else:  # the run is interrupted all the same, not reported as a crash
            children = Path(f"/proc/{main.pid}/task/{main.pid}/children").read_text().split()
            assert len(children) == 1, children  # the warm worker
            os.kill(int(children[0]), signal.SIGINT)
        stdout, stderr = main.communicate(timeout=60)
        assert main.returncode == 130, stdout + stderr
        assert "interrupted: running snippets stopped" in stderr
    else:
        os.kill(main.pid, signal.SIGKILL)
        main.communicate(timeout=60)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (any(_alive(pid) for pid in started) or list(temp.iterdir())):
        time.sleep(0.1)
    assert not [pid for pid in started if _alive(pid)]
    assert list(temp.iterdir()) == []
    assert not (project_copy / "snippets/home/slow.cpu.out").exists()
