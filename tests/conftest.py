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
