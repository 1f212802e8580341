"""The contributor's path: "edit this page" links, the contributing guide's
commands and failure messages, and the commit hooks."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.project import LOCALES, TRANSLATION_LOCALES

REPO_ROOT = Path(__file__).resolve().parent.parent
DOCS = REPO_ROOT / "docs"
TRANSLATIONS = TRANSLATION_LOCALES
GUIDES = {locale: DOCS / ("contributing.md" if locale == "en" else f"contributing.{locale}.md") for locale in LOCALES}
WORKFLOWS = REPO_ROOT / ".github" / "workflows"
REPO_URL = "https://github.com/example-org/example-docs"
EDIT_TITLE = {"en": "Edit this page", "zh": "编辑此页", "ko": "이 페이지를 편집"}

# What a copy of the project needs to build the site and run its commands.
PROJECT_PARTS = [
    "mkdocs.yml",
    "requirements.txt",
    "requirements-v4.txt",
    "pyproject.toml",
    "docs",
    "snippets",
    "scripts",
    "overrides",
    ".i18n",
]


def _env(**extra: str) -> dict[str, str]:
    # Unbuffered: stdout and stderr then interleave as they do on a terminal.
    return {**os.environ, "PYTHONUNBUFFERED": "1", "NO_MKDOCS_2_WARNING": "1", **extra}


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=cwd, env=_env(**env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600, check=False
    )


# --- "edit this page" -------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    build = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)], REPO_ROOT, REPO_URL=REPO_URL)
    assert build.returncode == 0, build.stdout
    return out


def _english_sources() -> list[Path]:
    """docs/<page>.md and .ipynb files that are not translations."""
    pages = []
    for path in sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]):
        if path.stem.rpartition(".")[2] not in TRANSLATIONS and ".ipynb_checkpoints" not in path.parts:
            pages.append(path)
    return pages


def _url_dir(source: Path) -> str:
    rel = source.relative_to(DOCS).with_suffix("").as_posix()
    if rel == "index":
        return ""
    return (rel[: -len("/index")] if rel.endswith("/index") else rel) + "/"


def _edit_link(html: str) -> tuple[str, str]:
    tags = re.findall(r"<a\b[^>]*\brel=\"edit\"[^>]*>", html)
    assert len(tags) == 1, tags
    return re.search(r'\bhref="([^"]+)"', tags[0]).group(1), re.search(r'\btitle="([^"]+)"', tags[0]).group(1)


def test_every_page_edits_its_own_source_in_its_own_locale(site):
    sources = _english_sources()
    assert len(sources) > 5
    for english in sources:
        for locale in LOCALES:
            translated = english.with_name(f"{english.stem}.{locale}{english.suffix}")
            source = translated if locale != "en" and translated.exists() else english
            page = site / ("" if locale == "en" else locale) / _url_dir(english) / "index.html"
            href, title = _edit_link(page.read_text(encoding="utf-8"))
            assert href == f"{REPO_URL}/edit/main/docs/{source.relative_to(DOCS).as_posix()}", (locale, english)
            assert title == EDIT_TITLE[locale], (locale, english)


def test_translated_pages_do_not_edit_the_english_file(site):
    for locale in TRANSLATIONS:
        for page in ("", "contributing/"):
            href, _ = _edit_link((site / locale / page / "index.html").read_text(encoding="utf-8"))
            name = "index" if not page else "contributing"
            assert href == f"{REPO_URL}/edit/main/docs/{name}.{locale}.md"


# --- the guide's commands ---------------------------------------------------


def _guide(locale: str) -> str:
    return GUIDES[locale].read_text(encoding="utf-8")


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9-]*):", (REPO_ROOT / "Makefile").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("locale", LOCALES)
def test_every_command_the_guide_gives_exists(locale):
    text = _guide(locale)
    targets = set(re.findall(r"\bmake ([a-z][a-z0-9-]*)", text))
    assert {"install", "serve", "check", "record"} <= targets
    assert targets <= _make_targets()
    commands = set(re.findall(r"python -m (scripts\.[a-z0-9_.]+)(?: ([a-z]+)\b)?", text))
    assert ("scripts.runner", "record") in commands and ("scripts.i18n", "mark") in commands
    for module, verb in sorted(commands):
        result = _run([sys.executable, "-m", module, *([verb] if verb else []), "--help"], REPO_ROOT)
        assert result.returncode == 0, (module, verb, result.stdout)


def _ci_commands() -> list[str]:
    """The commands of the workflows' `run:` steps that run project code."""
    commands = []
    for workflow in sorted(WORKFLOWS.glob("*.yml")):
        for job in yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"].values():
            for step in job.get("steps", []):
                for line in step.get("run", "").splitlines():
                    line = line.strip().replace(".venv/bin/", "")
                    line = re.split(r" 2>&1| \|", line)[0]
                    if re.match(r"(python -m (venv|pip)|pip) ", line):
                        continue  # installing, which the guide's setup section covers
                    if line.startswith(("make ", "python -m ", "pre-commit ")):
                        commands.append(line)
    return commands


@pytest.mark.parametrize("locale", LOCALES)
def test_every_ci_command_is_named_in_the_guide(locale):
    text = _guide(locale)
    commands = _ci_commands()
    assert any("--splits 4" in c for c in commands), commands
    for command in commands:
        if command.startswith("make "):
            for target in command.split()[1:]:
                assert f"make {target}" in text, (locale, command)
        elif command.startswith("pre-commit "):
            assert "pre-commit run --all-files" in text, (locale, command)
        else:
            assert command.replace('"$GROUP"', "1") in text, (locale, command)


# --- the guide's failure messages are what the commands print ---------------

NEW_SNIPPET = """\
import torch

scores = torch.tensor([[0.5, 0.5, 0.1]])
print(scores.argmax(dim=-1))
"""
NEW_SECTION = """
## Ties in argmax { #argmax-ties }

When two scores are equal, `argmax` returns the first of them:

!snippet "faq/argmax_ties.py"
"""
HALF_TRANSLATED_SECTION = """
## argmax 遇到并列最大值 { #argmax-tie }

两个分数相等时，`argmax` 返回靠前的那个。
"""


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for part in PROJECT_PARTS:
        source = REPO_ROOT / part
        if source.is_dir():
            shutil.copytree(source, root / part, ignore=shutil.ignore_patterns("__pycache__", ".cache", ".ipynb_checkpoints"))
        elif source.exists():
            shutil.copy2(source, root / part)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _comparable(text: str) -> str:
    """What may differ between the guide and a run: seconds, page line numbers, counts."""
    text = re.sub(r"(\[(?:CPU|GPU)\]) \d+\.\ds", r"\1 <s>", text)
    text = re.sub(r"(docs/[\w./-]+\.md):\d+", r"\1:<n>", text)
    text = re.sub(r"^\d+ pages, \d+ broken", "<n> pages, <n> broken", text, flags=re.M)
    return re.sub(r"Aborted with \d+ warnings", "Aborted with <n> warnings", text)


def _assert_in_guides(output: str, whole: bool = True) -> None:
    """The output appears in every locale's guide: as one block, or line by line."""
    shown = _comparable(output.strip("\n"))
    for locale in LOCALES:
        guide = _comparable(_guide(locale))
        if whole:
            assert shown in guide, f"{GUIDES[locale].name} does not show this output:\n{output}"
        else:
            for line in shown.splitlines():
                assert line in guide, f"{GUIDES[locale].name} does not show this line: {line}"


def _check(copy: Path, *paths: str) -> str:
    result = _run([sys.executable, "-m", "scripts.runner", "check", *paths], copy, SNIPPETS_CACHE=str(copy / "verified.json"))
    assert result.returncode == 1, result.stdout
    return result.stdout


def test_guide_shows_a_changed_output_as_check_prints_it(copy):
    _edit(copy / "snippets/home/reading_an_output.py", "torch.manual_seed(0)", "torch.manual_seed(1)")
    _assert_in_guides(_check(copy, "snippets/home/reading_an_output.py"))


def test_guide_shows_an_unexpected_exception_as_check_prints_it(copy):
    _edit(copy / "snippets/home/reading_an_output.py", "softmax(dim=-1)", "softmax(dim=2)")
    _assert_in_guides(_check(copy, "snippets/home/reading_an_output.py"))


def test_guide_shows_a_missing_expected_exception_as_check_prints_it(copy):
    _edit(
        copy / "snippets/transformers/import_error.py",
        "from transformers import AdamW, AutoModelForSequenceClassification",
        "from torch.optim import AdamW\nfrom transformers import AutoModelForSequenceClassification",
    )
    _assert_in_guides(_check(copy, "snippets/transformers/import_error.py"))


def test_guide_shows_a_new_unrecorded_snippet_as_check_prints_it(copy):
    (copy / "snippets/faq/argmax_ties.py").write_text(NEW_SNIPPET, encoding="utf-8")
    _assert_in_guides(_check(copy, "snippets/faq/argmax_ties.py"))


def test_guide_shows_translation_failures_as_the_i18n_commands_print_them(copy):
    _append(copy / "docs/index.md", NEW_SECTION)
    _append(copy / "docs/index.zh.md", HALF_TRANSLATED_SECTION)
    mark = _run([sys.executable, "-m", "scripts.i18n", "mark", "docs/index.zh.md"], copy)
    assert mark.returncode == 1, mark.stdout
    _assert_in_guides(mark.stdout)
    status = _run([sys.executable, "-m", "scripts.i18n", "status", "--strict"], copy)
    assert status.returncode == 1, status.stdout
    stale = [line for line in status.stdout.splitlines() if line.startswith("strict: docs/index.")]
    assert len(stale) == 2, status.stdout
    _assert_in_guides("\n".join(stale))


def test_guide_shows_build_and_link_failures_as_they_are_printed(copy):
    _append(copy / "docs/index.md", "\nSee [reading an output](#reading-output).\n")
    strict = _run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(copy / "strict")], copy)
    assert strict.returncode == 1, strict.stdout
    shown = [line for line in strict.stdout.splitlines() if "#reading-output" in line or line.startswith("Aborted")]
    _assert_in_guides("\n".join(shown), whole=False)

    _edit(copy / "docs/index.md", "See [reading an output](#reading-output).", 'See the <a href="faq/#argmax">FAQ</a>.')
    build = _run([sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", "site"], copy)
    assert build.returncode == 0, build.stdout
    links = _run([sys.executable, "-m", "scripts.check_links", "site"], copy)
    assert links.returncode == 1, links.stdout
    shown = [line for line in links.stdout.splitlines() if "#argmax" in line or " pages, " in line]
    _assert_in_guides("\n".join(shown), whole=False)


# --- commit hooks -----------------------------------------------------------


def _hooks() -> dict[str, dict]:
    config = yaml.safe_load((REPO_ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_pre_commit_config_is_valid_and_its_tools_are_installed():
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert pre_commit.is_file(), "pre-commit is pinned in requirements.txt: run `make install`"
    result = _run([str(pre_commit), "validate-config", ".pre-commit-config.yaml"], REPO_ROOT)
    assert result.returncode == 0, result.stdout
    hooks = _hooks()
    assert {"ruff-check", "ruff-format", "trailing-whitespace", "end-of-file-fixer", "snippets"} <= set(hooks)
    for hook in hooks.values():
        program = hook["entry"].split()[0]
        assert program.startswith(".venv/bin/"), hook["id"]  # the environment `make install` creates
        assert (Path(sys.executable).parent / program.removeprefix(".venv/bin/")).is_file(), hook["id"]


def test_snippet_hook_takes_snippets_recordings_and_pages(tmp_path):
    hook = _hooks()["snippets"]
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    chosen = lambda path: bool(files.search(path)) and not exclude.search(path)  # noqa: E731
    for path in (
        "snippets/home/reading_an_output.py",
        "snippets/home/reading_an_output.cpu.out",
        "docs/index.zh.md",
        "docs/training/debugging-pipeline.ko.ipynb",
    ):
        assert chosen(path), path
    for path in ("snippets/checkpoints/README.md", "snippets/checkpoints/tiny-random-bert/config.json", "README.md", "scripts/pins.py"):
        assert not chosen(path), path

    # What pre-commit runs for a commit touching a page, a recording, a snippet
    # and a page without snippets: each snippet once, nothing else.
    command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
    touched = [
        "docs/index.md",
        "snippets/home/reading_an_output.cpu.out",
        "snippets/home/reading_an_output.py",
        "docs/translation-status.md",
    ]
    result = _run([*command, *touched], REPO_ROOT, SNIPPETS_CACHE=str(tmp_path / "verified.json"))
    assert result.returncode == 0, result.stdout
    ran = re.findall(r"^(?:ok|FAIL|SKIP) +(snippets/\S+)", result.stdout, re.M)
    assert sorted(ran) == sorted(set(ran)) and "snippets/home/reading_an_output.py" in ran, result.stdout
