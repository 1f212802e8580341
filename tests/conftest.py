import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from scripts.project import REPO_ROOT
from scripts.runner import execute

# Snippets and notebook pages as test items (tests/test_snippets.py, tests/test_notebooks.py).
pytest_plugins = ["scripts.runner.pytest_plugin"]


# What a copy of the project needs to build the site and run snippets.
PROJECT_PARTS = ["mkdocs.yml", "requirements.txt", "requirements-v4.txt", "docs", "snippets", "scripts", "overrides"]


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


@pytest.fixture
def private_runner(tmp_path, monkeypatch):
    """The snippet runner as a test of it needs it: a cache of its own, and
    only the test's own folders watched for changed files (people edit this
    checkout's pages and snippets while tests run)."""
    monkeypatch.setenv("SNIPPETS_CACHE", str(tmp_path / "cache" / "verified.json"))
    protected = execute.protected_roots
    monkeypatch.setattr(execute, "protected_roots", lambda jobs: [r for r in protected(jobs) if not r[0].startswith(str(REPO_ROOT))])


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


# ------------------------------------------------------------- the built site
# Shared by every test module that looks at the site: one build and one
# browser per session (Playwright's sync API allows a single instance).


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The site, built strictly with no network at all where the kernel lets
    us take it away (a network namespace with nothing in it)."""
    out = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)]
    if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], check=False).returncode == 0:
        command = ["unshare", "-n", *command]
    build = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert build.returncode == 0, build.stdout + build.stderr
    return out


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}/"
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def browser():
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    assert Path(chromium).exists(), "Debian's chromium is needed for the browser tests: run `make browser`"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-sync",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        yield instance
        instance.close()


class Reader:
    """A browser tab that remembers console errors and requests to other hosts."""

    def __init__(self, browser, base: str):
        self.base = base
        self.page = browser.new_page()
        self.console_errors: list[str] = []
        self.foreign_requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))
        self.page.on("request", self._request)
        self.page.on("response", lambda r: r.status >= 400 and self.console_errors.append(f"HTTP {r.status} {r.url}"))

    def _request(self, request):
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.foreign_requests.append(request.url)

    def open(self, path: str) -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def search(self, query: str) -> list[str]:
        """Type a query as a reader would; return the result links, best first."""
        box = self.page.locator("input.md-search__input")
        # Clear the last query's results first, so they cannot pass for this one's.
        box.fill("")
        box.dispatch_event("keyup")
        self.page.wait_for_function("document.querySelectorAll('.md-search-result__list li').length === 0")
        box.fill(query)
        # Material reads the query on keyup (a pasted query arrives the same way).
        box.dispatch_event("keyup")
        try:
            self.page.wait_for_selector(".md-search-result__list li", timeout=5000)
        except Exception:  # noqa: BLE001 - no result is a valid answer
            return []
        links = self.page.eval_on_selector_all(".md-search-result__list li > a", "els => els.map(e => e.href)")
        return [re.sub(r"\?h=[^#]*", "", link).removeprefix(self.base) for link in links]


@pytest.fixture
def reader(browser, server):
    tab = Reader(browser, server)
    yield tab
    tab.page.close()
    assert tab.console_errors == [], "console errors"
    assert tab.foreign_requests == [], "requests to other hosts"
