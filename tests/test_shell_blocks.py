"""The shell commands and configuration fragments of every page, checked against the
pinned tools (scripts/check_shell_blocks.py), and proof that the check catches made-up
options, subcommands, modules and environment variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import check_shell_blocks as shell_blocks
from scripts.i18n import tracking
from scripts.project import DOCS_DIR

PAGES = shell_blocks.all_pages()
FAQ = [DOCS_DIR / name for name in ("faq.md", "faq.zh.md", "faq.ko.md")]
FAKE_PAGE = Path("fake.md")


def findings_for(block: str, lang: str = "bash", prose: str = "") -> list[str]:
    text = f"# Fake\n\n{prose}\n\n```{lang}\n{block}\n```\n"
    return [finding.message for finding in shell_blocks.check_page(FAKE_PAGE, text)]


PAGES_WITH_BLOCKS = [page for page in PAGES if shell_blocks.extract_blocks(page)]


def test_every_page_is_checked_by_default():
    assert set(FAQ) <= set(PAGES_WITH_BLOCKS)
    assert len(PAGES) > 100 and all(page.suffix == ".md" for page in PAGES)


@pytest.mark.parametrize("page", PAGES_WITH_BLOCKS, ids=lambda page: page.relative_to(DOCS_DIR).as_posix())
def test_page_commands_and_variables_exist(page):
    assert [str(finding) for finding in shell_blocks.check_page(page)] == []


def test_pages_without_blocks_have_no_unread_variables_in_their_prose():
    findings = [str(f) for page in PAGES if page not in PAGES_WITH_BLOCKS for f in shell_blocks.check_page(page)]
    assert findings == []


def test_translations_show_the_same_commands():
    english = [block.text for block in shell_blocks.extract_blocks(FAQ[0])]
    for page in FAQ[1:]:
        assert [block.text for block in shell_blocks.extract_blocks(page)] == english, page.name


def _commands(page: Path) -> list:
    """Each block's commands and variables, without line numbers or comments (translated)."""
    parsed = [shell_blocks.parse_block(block) for block in shell_blocks.extract_blocks(page)]
    return [([c.words for c in commands], [name for _, name in variables]) for commands, variables, _ in parsed]


@pytest.mark.parametrize("english", [p for p in PAGES_WITH_BLOCKS if not tracking.english_rel_of(p.name)], ids=lambda p: p.name)
def test_every_translation_runs_the_commands_of_its_english_page(english):
    for locale in tracking.DEFAULT_LOCALES:
        translation = english.with_name(tracking.translation_rel(english.name, locale))
        if translation.exists():
            assert _commands(translation) == _commands(english), translation.name


def test_a_tool_given_by_its_path_is_checked_as_that_tool():
    assert findings_for(".venv/bin/python -m pip install --index-url https://example.org/simple torch") == []
    assert findings_for("/tmp/env/bin/pip install --no-such-flag x") == ["`pip install` has no option --no-such-flag (not in its --help)"]


def test_a_page_with_broken_front_matter_is_one_finding_with_its_line():
    assert [str(f) for f in shell_blocks.check_page(FAKE_PAGE, "---\ntitle: [\n---\n```bash\nls\n```\n")] == [
        "fake.md:3: front matter is not valid YAML: expected the node content, but found '<stream end>'"
    ]


def test_variables_the_faq_calls_unread_are_unread():
    # docs/faq.md#q-cache-location says the pinned versions no longer read it.
    assert "TRANSFORMERS_CACHE" not in shell_blocks.library_variable_names()
    assert {"HF_HOME", "HF_HUB_CACHE", "HF_HUB_OFFLINE"} <= shell_blocks.library_variable_names()


def test_variables_of_other_libraries_are_listed_with_the_library_that_reads_them():
    # HF_DATASETS_OFFLINE is read by datasets, outside the pinned set; a made-up HF_ name still fails.
    assert "HF_DATASETS_OFFLINE" not in shell_blocks.library_variable_names()
    assert findings_for("HF_DATASETS_OFFLINE=1 python train.py") == []
    assert findings_for("HF_MADE_UP_OFFLINE=1 python train.py") == [
        f"environment variable HF_MADE_UP_OFFLINE is read by none of {', '.join(shell_blocks.LIBRARIES)} (not in their source)"
    ]


def test_a_made_up_flag_fails():
    messages = findings_for("hf cache rm model/gpt2 --dry-run --no-such-flag")
    assert messages == ["`hf cache rm` has no option --no-such-flag (not in its --help)"]


def test_a_made_up_pip_flag_fails():
    messages = findings_for("pip install --upgrade --extra-fast transformers")
    assert messages == ["`pip install` has no option --extra-fast (not in its --help)"]


def test_a_made_up_subcommand_fails():
    assert findings_for("hf cache purge") == ["`hf cache` has no subcommand 'purge' (not in its --help)"]


def test_a_made_up_module_fails():
    expected = "`python -m pytorch_transformers`: no module 'pytorch_transformers' is installed"
    assert findings_for("python -m pytorch_transformers") == [expected]


def test_an_unknown_tool_fails():
    assert findings_for("transformers-cli env") == ["`transformers-cli` is not installed here, and not in UNCHECKED_TOOLS"]


@pytest.mark.parametrize(
    ("block", "lang", "prose"),
    [
        ("export TRANSFORMERS_CACHE=/data/cache", "bash", ""),
        ("TRANSFORMERS_CACHE=/data/cache python train.py", "bash", ""),
        ('$env:TRANSFORMERS_CACHE = "C:\\cache"', "powershell", ""),
        ("TRANSFORMERS_CACHE=/data/cache", "dotenv", ""),
        ("echo $TRANSFORMERS_CACHE", "bash", ""),
        ("hf cache ls", "bash", "Set `TRANSFORMERS_CACHE=/data/cache` first."),
    ],
    ids=["export", "prefix", "powershell", "dotenv", "reference", "inline-prose"],
)
def test_a_variable_no_library_reads_fails(block, lang, prose):
    messages = findings_for(block, lang, prose)
    assert len(messages) == 1 and messages[0].startswith("environment variable TRANSFORMERS_CACHE is read by none of"), messages


def test_real_commands_pass():
    block = "\n".join(
        [
            "HF_HUB_OFFLINE=1 python train.py --fp16",  # a script's own arguments are not checked
            "torchrun --nproc-per-node 2 train.py --bf16",
            "accelerate launch --num_processes 2 --mixed_precision bf16 train.py --lr 3e-5",  # option values skipped
            "pip install -qU transformers",  # combined short flags
            "hf cache ls --revisions  # an alias of `hf cache list`",
            "python -m torch.utils.collect_env",
            "nvidia-smi",
        ]
    )
    assert findings_for(block) == []


def test_script_arguments_after_a_launcher_are_not_flags_of_the_launcher():
    assert findings_for("torchrun --standalone --no-such-launcher-flag train.py") == [
        "`torchrun` has no option --no-such-launcher-flag (not in its --help)"
    ]
    assert findings_for("torchrun --standalone train.py --no-such-launcher-flag") == []
