import shutil
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

# What a copy of the project needs to build the site and run snippets.
PROJECT_PARTS = ["mkdocs.yml", "requirements.txt", "docs", "snippets", "scripts", "overrides"]


@pytest.fixture
def project_copy(tmp_path):
    """A private copy of the project, for tests that change pages or snippets."""
    root = tmp_path / "project"
    root.mkdir()
    for part in PROJECT_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        else:
            shutil.copy2(source, root / part)
    return root


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Give each snippet test its own snippet's run time. All snippets run
    together in one session fixture, which would otherwise charge the whole run
    to the first test; pytest-split balances CI shards with these durations
    (`SNIPPETS_FORCE=1 pytest tests/test_snippets.py --store-durations`)."""
    report = (yield).get_result()
    if getattr(item, "originalname", "") != "test_snippet" or report.when not in ("setup", "call"):
        return
    verdict = item.funcargs.get("verdicts", {}).get((item.callspec.params["name"], item.callspec.params["device"]))
    report.duration = verdict.seconds if report.when == "call" and verdict else 0.0


def pytest_collection_modifyitems(config, items):
    """Tests marked `gpu` need a CUDA GPU: without one they are skipped, with
    the reason shown, never passed."""
    import torch

    if torch.cuda.is_available():
        return
    skip = pytest.mark.skip(reason="needs a CUDA GPU; none on this machine")
    for item in items:
        if "gpu" in item.keywords:
            item.add_marker(skip)
