"""The error catalogue and the error lookup page.

- The catalogue is generated from the pages and the recorded outputs: every
  expected exception a page shows is an entry, nothing is kept by hand.
- A reader's copy of an error (other numbers, sizes, paths, class names,
  wrapped in their own traceback) finds the section that explains it first;
  unrelated errors find nothing.
- The page's script applies the same rules as the Python module: both are run
  on the same texts in headless Chromium and must agree.
- The page works in every locale, and a paste is never interpreted as HTML.
- Every catalogued message is still emitted by the installed libraries.
- Site search finds each catalogued error's page first, in every locale."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest
from conftest import Reader

from scripts.errors import catalogue as cat
from scripts.errors import emitted, matching, rules, signatures
from scripts.project import DEFAULT_LOCALE, DOCS_DIR, LOCALES, MKDOCS_YML, SNIPPETS_DIR
from scripts.runner.snippet import all_pages, load_snippet, read_recording, scan_page

# The site, server, browser and reader fixtures come from conftest.py.

PREFIX = {locale: "" if locale == DEFAULT_LOCALE else f"{locale}/" for locale in LOCALES}
CATALOGUE = cat.catalogue()
ENTRIES = CATALOGUE["entries"]


def _entry_id(entry: dict) -> str:
    first = re.sub(r"[^\w]+", "-", entry["text"].splitlines()[0])[:40].strip("-")
    return f"{entry['id']}-{first}"


# ------------------------------------------------------------ a reader's copy


def _other_number(match: re.Match) -> str:
    text = match.group()
    if "." in text:
        decimals = len(text.split(".")[1])
        return f"{float(text) * 0.37 + 1.3:.{decimals}f}"
    return str(int(text) * 3 + 7)


# Mixed-case identifiers other than the exception type: model and class names.
_CLASS_NAME = re.compile(r"\b(?=\w*[a-z])(?=\w*[A-Z]\w*[A-Z])[A-Za-z_]\w*\b")


def altered(text: str, names: bool = False) -> str:
    """An error as a reader's machine prints it: other numbers and sizes,
    their own paths, a hub mirror, other memory addresses; with `names`,
    other model and class names as well."""
    text = text.replace("<site-packages>", "/home/reader/.venv/lib/python3.12/site-packages")
    text = text.replace("<workdir>", "/home/reader/project").replace("<tmp>", "/tmp/tmpab12cd")
    text = text.replace("0x<address>", "0x7f3a2c1b9d50").replace("<time>", "3.2s")
    text = re.sub(r"checkpoints/[\w.-]+", "my-org/my-model", text)
    text = re.sub(r"https://huggingface\.co(?=['/])", "https://hf-mirror.com", text)
    text = re.sub(r"(?<![\w.])\d+(?:\.\d+)?(?![\w])", _other_number, text)
    if names:
        head, sep, rest = text.partition(": ")
        text = head + sep + _CLASS_NAME.sub(lambda m: "Custom" + str(len(m.group())) + "ForMyTask", rest)
    return text


def as_pasted(entry: dict, example: str, how: str) -> str:
    """The way a reader pastes it: a whole traceback, its first line only, or
    a notebook's coloured traceback; a warning or log record as printed."""
    text = altered(example, names=how == "other-names")
    if entry["kind"] in ("warning", "log", "assertion"):
        if entry["kind"] == "warning":
            return f"/home/reader/.venv/lib/python3.12/site-packages/peft/tuners/lora/model.py:412: {text}\n  warnings.warn(\n"
        return text
    if how == "first-line":
        return text.splitlines()[0]
    if how == "notebook":
        kind = entry["type"].rpartition(".")[2]
        return (
            "\x1b[0;31m---------------------------------------------------------------------------\x1b[0m\n"
            f"\x1b[0;31m{kind}\x1b[0m                          Traceback (most recent call last)\n"
            "Cell \x1b[0;32mIn[7], line 3\x1b[0m\n"
            "\x1b[1;32m----> 3\x1b[0m outputs \x1b[38;5;241m=\x1b[39m model(\x1b[38;5;241m**\x1b[39mbatch)\n\n"
            "File \x1b[0;32m~/miniconda3/lib/python3.11/site-packages/torch/nn/modules/module.py:1751\x1b[0m, "
            "in \x1b[0;36mModule._wrapped_call_impl\x1b[0;34m(self, *args, **kwargs)\x1b[0m\n"
            "\x1b[1;32m   1750\x1b[0m     \x1b[38;5;28;01mreturn\x1b[39;00m \x1b[38;5;28mself\x1b[39m"
            "\x1b[38;5;241m.\x1b[39m_call_impl(\x1b[38;5;241m*\x1b[39margs)\n\n" + re.sub(r"^[\w.]+(?=:)", kind, text, count=1) + "\n"
        )
    return (
        "Traceback (most recent call last):\n"
        '  File "/home/reader/project/train.py", line 87, in <module>\n'
        "    main()\n"
        '  File "/home/reader/.venv/lib/python3.12/site-packages/transformers/trainer.py", line 2245, in train\n'
        "    return inner_training_loop(\n"
        "           ^^^^^^^^^^^^^^^^^^^^\n" + text + "\n"
    )


HOW = ("traceback", "first-line", "notebook", "other-names")
PASTES = [
    pytest.param(entry, section, how, id=f"{_entry_id(entry)}-{section['id']}-{how}")
    for entry in ENTRIES
    for section in entry["sections"]
    for how in HOW
]


def _leading(entry: dict, text: str) -> set[str]:
    """The URLs of an entry's sections that share the first place for a
    paste: a section whose example has the same words as another's (the same
    `IndexError` shown on two pages) cannot come before it."""
    words = set(signatures.raw_words(text))
    overlap = {s["en"]["url"]: len(words.intersection(s["words"])) for s in entry["sections"]}
    best = max(overlap.values())
    return {url for url, n in overlap.items() if n == best}


@pytest.mark.parametrize(("entry", "section", "how"), PASTES)
def test_a_readers_copy_of_an_error_finds_its_section_first(entry, section, how):
    paste = as_pasted(entry, section["example"], how)
    results = matching.lookup(paste, ENTRIES)
    assert results, f"nothing matches:\n{paste}"
    first, _ = results[0]
    assert any(s["en"]["url"] == section["en"]["url"] for s in first["sections"]), (first["text"], paste)
    urls = matching.lookup_sections(paste, ENTRIES)
    if how != "other-names":  # with other names, the names can no longer tell two examples apart
        assert urls[0] in _leading(first, paste) and section["en"]["url"] in _leading(first, paste), (urls, paste)


UNRELATED = [
    "KeyError: 'input_ids'",
    "FileNotFoundError: [Errno 2] No such file or directory: 'data/train.csv'",
    "KeyError: 'Date'\n  File \"pandas/_libs/hashtable_class_helper.pxi\", line 7088, in pandas._libs.hashtable.PyObjectHashTable.get_item",
    "AttributeError: 'NoneType' object has no attribute 'shape'",
    "ImportError: cannot import name 'soft_unicode' from 'markupsafe' (/usr/lib/python3/dist-packages/markupsafe/__init__.py)",
    "ModuleNotFoundError: No module named 'sentencepiece'",
    # (The size-of-tensor and mat1/mat2 shape errors were here until the error index explained them.)
    "django.core.exceptions.ImproperlyConfigured: Requested setting INSTALLED_APPS, but settings are not configured.",
    "ZeroDivisionError: division by zero",
    "RuntimeError: CUDA error: CUDA driver version is insufficient for CUDA runtime version",
    "IndexError: index 7 is out of bounds for dimension 0 with size 3",
    "ValueError: too many values to unpack (expected 2)",
    'TypeError: can only concatenate str (not "int") to str',
    "json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0)",
    "OSError: [Errno 28] No space left on device",
    "RuntimeError: Found dtype Long but expected Float",
    "UserWarning: To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach()",
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='example.com', port=443): Max retries exceeded with url: /",
    textwrap.dedent(
        """\
        Traceback (most recent call last):
          File "/home/reader/project/train.py", line 40, in <module>
            trainer.train()
          File "/home/reader/.venv/lib/python3.12/site-packages/transformers/trainer.py", line 2245, in train
            return inner_training_loop(
          File "/home/reader/.venv/lib/python3.12/site-packages/transformers/trainer.py", line 3791, in compute_loss
            loss = outputs["loss"]
        KeyError: 'loss'
        """
    ),
    "my fine-tuned model gives bad results after loading",
]


@pytest.mark.parametrize("paste", UNRELATED, ids=[p.splitlines()[-1].split(":")[0][:30] for p in UNRELATED])
def test_an_unrelated_error_matches_nothing(paste):
    assert matching.lookup(paste, ENTRIES) == []


# ------------------------------------------------------------- signatures


@pytest.mark.parametrize(
    ("line", "normalised"),
    [
        (
            "Tried to allocate 1.50 GiB. GPU 1 has a total capacity of 23.65 GiB",
            "Tried to allocate <size>. GPU <num> has a total capacity of <size>",
        ),
        ("(/opt/conda/lib/python3.12/site-packages/transformers/__init__.py)", "(<path>)"),
        (r"(C:\Users\me\venv\Lib\site-packages\transformers\__init__.py)", "(<path>)"),
        ("<class 'transformers.models.llama.configuration_llama.LlamaConfig'>", "<class>"),
        ("copying a param with shape torch.Size([8, 1002])", "copying a param with shape <dotted>([<num>, <num>])"),
        ("'GPT2LMHeadModel' object has no attribute 'save_adapter'", "'<name>' object has no attribute 'save_adapter'"),
        ("at 0x7f3a2c1b9d50 and 0x<address>", "at <hex> and <hex>"),
        ("connect to 'https://hf-mirror.com' to load", "connect to '<url>' to load"),
        ("Attempting to unscale FP16 gradients.", "Attempting to unscale FP16 gradients."),
    ],
)
def test_what_varies_becomes_a_placeholder(line, normalised):
    assert signatures.normalise_line(line) == normalised


def test_blocks_follow_the_shapes_errors_are_printed_in():
    text = textwrap.dedent(
        """\
        some output of the program
        /x/modeling_utils.py:3303: FutureWarning: `a` is deprecated.
          warnings.warn(
        [transformers] BertModel LOAD REPORT from: bert
        Key | Status
        /pytorch/aten/src/ATen/native/cuda/Loss.cu:245: k: block: [0,0,0], thread: [1,0,0] Assertion `t >= 0` failed.
        Traceback (most recent call last):
          File "x.py", line 1, in <module>
            f()
        RuntimeError: Error(s) in loading state_dict for PeftModel:
        \tsize mismatch for a.weight: copying a param with shape torch.Size([2]) from checkpoint.
        \tsize mismatch for b.weight: copying a param with shape torch.Size([3]) from checkpoint.
        """
    )
    blocks = signatures.extract_blocks(text)
    assert [(b.kind, b.type) for b in blocks] == [
        ("warning", "FutureWarning"),
        ("log", "transformers"),
        ("assertion", ""),
        ("exception", "RuntimeError"),
    ]
    assert blocks[0].lines == ["`a` is deprecated."]  # the source line under a warning is not part of it
    assert blocks[1].lines == ["BertModel LOAD REPORT from: bert"]  # a log record is its first line
    sig = signatures.signature(blocks[3])
    assert len(sig.lines) == 2  # the repeated size-mismatch line counts once
    assert sig.tokens[:4] == ["runtimeerror", "error", "loading", "state_dict"]
    # A paste with no recognisable first line is matched as a whole.
    assert [b.kind for b in signatures.extract_blocks("CUDA out of memory. Tried to allocate 2 GiB")] == ["fragment"]


def test_a_shortened_or_retyped_message_still_matches_by_its_first_sentence():
    oom = next((e for e in ENTRIES if e["type"].endswith("OutOfMemoryError")), None)
    if oom is None:
        pytest.skip("no CUDA out-of-memory error is recorded yet")
    older = (
        "torch.cuda.OutOfMemoryError: CUDA out of memory. Tried to allocate 20.00 MiB (GPU 0; 7.79 GiB total capacity; "
        "5.60 GiB already allocated; 17.56 MiB free; 5.64 GiB reserved in total by PyTorch)"
    )
    assert matching.lookup(older, ENTRIES)[0][0]["id"] == oom["id"]
    assert matching.lookup("CUDA out of memory. Tried to allocate 4.00 GiB", ENTRIES)[0][0]["id"] == oom["id"]


# ------------------------------------------------------------- generation


def _shown_exceptions():
    """(page, section id, snippet, device, exception type): every expected
    exception a page shows, found without the catalogue's code."""
    shown = []
    for page in all_pages():
        if re.search(r"\.(zh|ko)\.md$", page.name):
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        includes, _ = scan_page(page)
        for include in includes:
            if "code-only" in include.flags:
                continue
            snippet = load_snippet(SNIPPETS_DIR / include.snippet_name)
            heading = next(
                re.search(r"\{[^}]*#([\w-]+)", line).group(1)
                for line in reversed(lines[: include.line])
                if line.startswith("#") and re.search(r"\{[^}]*#([\w-]+)", line)
            )
            for device in snippet.devices:
                recording = read_recording(snippet.output_path(device))
                if snippet.expected(device) and recording is not None:
                    # After the traceback's frames (indented), the first unindented line is the exception.
                    tail = recording.text.rsplit("Traceback (most recent call last):\n", 1)[1].splitlines()
                    kind = next(line for line in tail if line and not line.startswith(" ")).split(":")[0]
                    shown.append((page, heading, include.snippet_name, device, kind))
    return shown


def test_every_exception_a_page_shows_is_in_the_catalogue_under_its_section():
    urls = cat.SiteLayout.from_config(MKDOCS_YML).urls
    missing = []
    for page, heading, snippet, device, kind in _shown_exceptions():
        url = urls[page.relative_to(DOCS_DIR).as_posix()]["en"] + "#" + heading
        if not any(
            e["type"] == kind
            and any(s["en"]["url"] == url for s in e["sections"])
            and any(o["snippet"] == snippet for o in e["occurrences"])
            for e in ENTRIES
        ):
            missing.append(f"{snippet}[{device}] {kind} -> {url}")
    assert missing == []


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")


@pytest.fixture
def tiny_project(tmp_path):
    """Two pages, a translation and three snippets: what a writer adds."""
    _write(tmp_path / "mkdocs.yml", "site_name: x\nnav:\n  - Second: b.md\n  - First: a.md\n")
    _write(
        tmp_path / "docs/a.md",
        """\
        # Page A { #page-a }

        ## Missing weights { #missing }

        Without a classifier the load report lists the new weights.

        !snippet "t/warns.py"

        ## Harmless { #harmless }

        !snippet "t/quiet.py"
        """,
    )
    _write(
        tmp_path / "docs/a.zh.md",
        """\
        # 页面 A { #page-a }

        ## 缺少权重 { #missing }

        !snippet "t/warns.py"

        ## 无害 { #harmless }

        !snippet "t/quiet.py"
        """,
    )
    _write(
        tmp_path / "docs/b.md",
        """\
        # Page B { #page-b }

        ## Bad label { #bad-label }

        !snippet "t/fails.py"
        !snippet "t/fails.py" code-only
        """,
    )
    header = "#| recorded: device=cpu transformers=5.23.0 peft=0.21.2 torch=2.13.0+cpu\n"
    _write(tmp_path / "snippets/t/warns.py", "print(1)\n")
    _write(
        tmp_path / "snippets/t/warns.cpu.out",
        header
        + "[transformers] BertModel LOAD REPORT from: x\n<site-packages>/x.py:1: FutureWarning: `old` is deprecated.\n  warnings.warn(\n",
    )
    _write(tmp_path / "snippets/t/quiet.py", "print(1)\n")
    _write(
        tmp_path / "snippets/t/quiet.cpu.out",
        header + "<site-packages>/x.py:1: FutureWarning: `old` is deprecated.\n  warnings.warn(\nok\n",
    )
    _write(
        tmp_path / "snippets/t/fails.py",
        "#| devices: cpu, cuda\n#| expect: cpu=IndexError, cuda=torch.AcceleratorError\nraise IndexError\n",
    )
    _write(
        tmp_path / "snippets/t/fails.cpu.out",
        header + "Traceback (most recent call last):\n  ...\nIndexError: Target 5 is out of bounds.\n",
    )
    return tmp_path


def test_the_catalogue_is_generated_from_whatever_pages_and_recordings_exist(tiny_project):
    entries = cat.catalogue(tiny_project / "docs", tiny_project / "snippets")["entries"]
    found = {(e["kind"], e["type"]): e for e in entries}
    # The GPU recording does not exist yet: only the CPU exception is there, once (code-only shows no output).
    assert set(found) == {("exception", "IndexError"), ("log", "transformers")}
    error = found[("exception", "IndexError")]
    assert [s["en"]["url"] for s in error["sections"]] == ["b/#bad-label"]
    assert error["occurrences"] == [
        {"page": "docs/b.md", "shown_in": "bad-label", "source": "t/fails.py", "snippet": "t/fails.py", "device": "cpu", "stack": "current"}
    ]
    # A warning is an entry where the page talks about it; one nobody mentions is not.
    report = found[("log", "transformers")]
    section = report["sections"][0]
    assert section["en"] == {"url": "a/#missing", "title": "Missing weights", "page": "Page A"}
    assert section["zh"] == {"url": "zh/a/#missing", "title": "缺少权重", "page": "页面 A"}
    # No Korean page: the English title, as the site shows the English page there.
    assert section["ko"] == {"url": "ko/a/#missing", "title": "Missing weights", "page": "Page A"}
    # Entries follow the navigation: b.md comes first in mkdocs.yml.
    assert entries[0]["type"] == "IndexError"
    # A new recording is a new entry, with no list to update.
    gpu = "Traceback (most recent call last):\n  ...\ntorch.AcceleratorError: CUDA error: device-side assert triggered\n"
    _write(tiny_project / "snippets/t/fails.cuda.out", "#| recorded: device=cuda transformers=5.23.0 peft=0.21.2 torch=2.13.0\n" + gpu)
    entries = cat.catalogue(tiny_project / "docs", tiny_project / "snippets")["entries"]
    assert any(e["type"] == "torch.AcceleratorError" and e["sections"][0]["en"]["url"] == "b/#bad-label" for e in entries)


def test_the_site_layout_is_mkdocs_own(tmp_path):
    """Pages, their order and their URLs come from MkDocs' config and files
    and mkdocs-static-i18n's URLs: the home page, a notebook, a translation,
    a page outside the navigation."""
    _write(tmp_path / "mkdocs.yml", "site_name: x\nnav:\n  - Home: index.md\n  - Book: nb.ipynb\n  - A: a.md\n")
    for name in ("index.md", "a.md", "a.zh.md", "errors/b.md"):
        _write(tmp_path / "docs" / name, "# T { #t }\n")
    _write(tmp_path / "docs/nb.ipynb", '{"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}')
    layout = cat.SiteLayout.from_config(tmp_path / "mkdocs.yml")
    assert layout.pages == ("index.md", "nb.ipynb", "a.md", "errors/b.md")
    assert layout.urls["index.md"] == {"en": "", "zh": "zh/", "ko": "ko/"}
    assert layout.urls["nb.ipynb"] == {"en": "nb/", "zh": "zh/nb/", "ko": "ko/nb/"}
    assert layout.urls["errors/b.md"]["ko"] == "ko/errors/b/"
    assert layout.sources["a.md"] == {"en": "a.md", "zh": "a.zh.md", "ko": "a.md"}


def test_the_page_script_keeps_no_copy_of_the_rules():
    """error-matcher.js applies the rules the catalogue carries: none of
    their patterns, stop words or kinds is written into it."""
    script = (DOCS_DIR / "assets/javascripts/error-matcher.js").read_text(encoding="utf-8")
    rules = CATALOGUE["rules"]
    patterns = [rules[key][0] for key in ("prefix", "frame", "token", "placeholder", "sentence_end")]
    patterns += [rule[0] for key in ("folds", "skip", "substitutions") for rule in rules[key]]
    patterns += [headline["pattern"][0] for headline in rules["headlines"]]
    assert [p for p in patterns if p in script] == []
    assert [k for k in rules["leading_kinds"] + rules["ends_at_indent"] + rules["single_line"] if f'"{k}"' in script] == ["log"]
    assert [w for w in ("because", "however", "neither") if f'"{w}"' in script] == []
    assert "0.85" not in script and "20000" not in script


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('"version": 1,', '"version": 1,,', "not valid JSON"),
        ('["<class \'[^\']*\'>", "", "<class>"]', '["(?<=x)<class>", "", "<class>"]', "substitutions[1]: '(?<=' is not read alike"),
        (r'"[\\u200b\\ufeff]", "", ""', r'"[\\u200b\\ufeff", "", ""', "folds[3]: unterminated character set"),
        (r'["^\\.\\.\\.$", ""]', r'["^\\.\\.\\.$", "g"]', "skip[8]: unknown flags 'g'"),
        ('"token": ["<[a-z]+>|[A-Za-z0-9_]+(?:\'[A-Za-z]+)?", ""]', '"token": "<[a-z]+>"', "token must be [source, flags]"),
        ('"min_precision": 0.85, ', "", "missing scoring.min_precision"),
        ('  "leading_kinds": ["exception", "assertion"],\n', "", "missing leading_kinds"),
    ],
    ids=["json", "lookbehind", "bad-pattern", "flags", "shape", "threshold", "key"],
)
def test_bad_rules_are_reported_with_file_and_line(tmp_path, old, new, expected):
    text = rules.RULES_PATH.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    changed = text.replace(old, new)
    # The line of the change; a missing key is reported on the file's first line.
    line = text[: text.index(old)].count("\n") + 1 if new else 1
    path = tmp_path / "rules.json"
    path.write_text(changed, encoding="utf-8")
    with pytest.raises(rules.RulesError) as raised:
        rules.load(path)
    assert str(raised.value).startswith(f"{path}:{line}: "), str(raised.value)
    assert expected in str(raised.value)


def test_the_rules_file_is_what_python_applies_and_the_site_publishes():
    assert rules.load() == rules.RULES == CATALOGUE["rules"]


# ------------------------------------------------------------ still emitted


@pytest.fixture(scope="module")
def corpus():
    corpus = emitted.Corpus()
    yield corpus
    corpus.save()  # what the tests looked up, for the next run


def test_every_catalogued_message_is_still_emitted_by_the_installed_libraries(corpus):
    from scripts.errors.__main__ import _run_snippets, for_stack

    entries = for_stack(ENTRIES, "current")  # the v4 stack's are checked in its own interpreter
    results = emitted.check(entries, corpus)
    # What the sources cannot show (a message assembled at run time) counts when
    # its snippet still produces it here, as `python -m scripts.errors check --run` does.
    unfound = [r.entry for r in results if not r.ok]
    if unfound:
        _run_snippets(unfound, emitted, "current", corpus)
        results = emitted.check(unfound, corpus)
    failures = [r.describe() for r in results if not r.ok]
    assert failures == [], "\n".join(failures)


def test_a_reworded_message_is_caught(corpus):
    entry = next(e for e in ENTRIES if e["kind"] == "exception" and all(o["device"] == "cpu" for o in e["occurrences"]))
    occurrence = {"page": "docs/x.md", "shown_in": "x", "source": "x.py", "snippet": None, "device": "cpu"}
    reworded = dict(
        entry, message_lines=["Attempted to rescale the FP12 gradient tensors, which cannot happen twice."], occurrences=[occurrence]
    )
    result = emitted.check_entry(reworded, corpus, cuda_build=False)
    assert result.status == "missing" and not result.ok
    assert "Attempted to rescale the FP12 gradient tensors" in result.describe()


@pytest.mark.gpu
def test_gpu_only_messages_are_found_in_the_cuda_build(corpus):
    gpu_only = [e for e in ENTRIES if all(o["device"] == "cuda" for o in e["occurrences"])]
    results = emitted.check(gpu_only, corpus, cuda_build=True)
    failures = [r.describe() for r in results if r.status not in ("found", "produced")]
    assert failures == [], "\n".join(failures)


# ------------------------------------------------------------------ browser


def _corpus_of_texts() -> list[str]:
    texts = [e["text"] for e in ENTRIES] + UNRELATED
    texts += [as_pasted(e, s["example"], how) for e in ENTRIES for s in e["sections"][:1] for how in HOW]
    texts += [
        "",
        "   \n\t\n",
        "ValueError:",
        "KeyboardInterrupt",
        "E       torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00\u00a0GiB\r\nE       more",
        "> OSError: We couldn\u2019t connect to \u2018https://hf-mirror.com\u2019 to load the files",
        "数据加载时报错：ValueError：Attempting to unscale FP16 gradients。",
        "<script>alert(1)</script>\nValueError: <img src=x onerror=alert(2)>",
        "x" * 30000 + "\nIndexError: Target 3 is out of bounds.",
    ]
    return texts


def _open_lookup(reader, locale: str) -> None:
    reader.open(PREFIX[locale] + "error-lookup/")
    reader.page.wait_for_function("window.errorLookup && window.errorLookup.ready")
    assert reader.page.evaluate("window.errorLookup.ready.then(c => c !== null)"), "the catalogue did not load"


@pytest.mark.browser
def test_the_published_catalogue_is_the_one_python_generates(site):
    published = (site / "assets/error-catalogue.json").read_text(encoding="utf-8")
    assert published == cat.dumps(CATALOGUE)


@pytest.mark.browser
def test_the_page_script_and_python_agree_on_every_text(reader):
    _open_lookup(reader, "en")
    texts = _corpus_of_texts()
    page = reader.page
    in_browser = page.evaluate(
        "texts => texts.map(t => ({analyse: errorLookup.analyse(t), lookup: errorLookup.lookup(t), words: errorLookup.rawWords(t),"
        " sections: errorLookup.sections(t, 'en')}))",
        texts,
    )
    for text, js in zip(texts, in_browser, strict=True):
        assert js["analyse"] == [s.as_dict() for s in signatures.analyse(text)], text
        python = [{"id": e["id"], "score": s.as_dict()} for e, s in matching.lookup(text, ENTRIES)]
        assert [r["id"] for r in js["lookup"]] == [r["id"] for r in python], text
        for a, b in zip(js["lookup"], python, strict=True):
            assert a["score"] == pytest.approx(b["score"], abs=1e-12), text
        assert js["words"] == signatures.raw_words(text), text
        assert js["sections"] == matching.lookup_sections(text, ENTRIES), text


def _paste(reader, text: str) -> None:
    """Paste into the form and wait until the results are those of this paste."""
    page = reader.page
    page.fill("#error-lookup-input", text)  # the form is busy from this input event until it has rendered
    page.wait_for_selector(".error-lookup:not([aria-busy])", state="attached")


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_each_error_on_our_pages_finds_its_section_first_in_the_page(reader, locale):
    _open_lookup(reader, locale)
    page = reader.page
    wrong = []
    for entry in ENTRIES:
        for section in entry["sections"]:
            paste = as_pasted(entry, section["example"], "traceback")
            _paste(reader, paste)
            links = page.eval_on_selector_all(
                ".error-lookup__result .error-lookup__heading a", "els => els.map(e => [e.href, e.textContent])"
            )
            leading = [s for s in entry["sections"] if s["en"]["url"] in _leading(entry, paste)]
            # The first link goes to the section in the reader's language, under its title there.
            expected = [[reader.base + s[locale]["url"], s[locale]["title"]] for s in leading]
            if not links or links[0] not in expected:
                wrong.append(f"{section['en']['url']}: {links[:2]}")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_a_paste_is_never_interpreted_as_html(reader, locale):
    _open_lookup(reader, locale)
    page = reader.page
    page.on("dialog", lambda dialog: (setattr(page, "_dialog_seen", True), dialog.dismiss()))
    hostile = '<script>window.__pasted = 1</script><img src=x onerror="window.__pasted = 2">\n'
    hostile += "ValueError: <b>bold</b> <svg onload=alert(1)></svg>"
    _paste(reader, hostile)
    assert page.evaluate("window.__pasted") is None
    assert not getattr(page, "_dialog_seen", False)
    assert page.locator(".error-lookup img, .error-lookup svg, .error-lookup b, .error-lookup__results script").count() == 0
    # Nothing matched: the reader is told so, with a way on.
    assert page.locator(".error-lookup__status a[href='#no-match']").count() == 1
    assert page.locator(".error-lookup__results li").count() == 0


@pytest.mark.browser
def test_nothing_matched_offers_the_site_search(reader):
    _open_lookup(reader, "zh")
    page = reader.page
    _paste(reader, "Traceback (most recent call last):\n  File \"x.py\", line 1\nKeyError: 'labels'")
    page.click(".error-lookup__search")
    page.wait_for_function("document.querySelector('input.md-search__input').value.length > 0")
    assert page.input_value("input.md-search__input") == "KeyError: 'labels'"
    assert page.evaluate("document.getElementById('__search').checked")


SEARCHES = [pytest.param(entry, locale, id=f"{_entry_id(entry)}-{locale}") for entry in ENTRIES for locale in LOCALES]


@pytest.fixture(scope="module")
def search_tabs(browser, server):
    """One tab per locale, opened once: each query clears the last one first."""
    tabs: dict[str, Reader] = {}

    def tab(locale: str) -> Reader:
        if locale not in tabs:
            tabs[locale] = Reader(browser, server)
            tabs[locale].open(PREFIX[locale])
        return tabs[locale]

    yield tab
    for reader_tab in tabs.values():
        reader_tab.page.close()
        assert reader_tab.console_errors == [], "console errors"
        assert reader_tab.foreign_requests == [], "requests to other hosts"


def _search(tab: Reader, query: str) -> list[str]:
    return tab.search(query)  # clears the previous query's results first


@pytest.mark.browser
@pytest.mark.parametrize(("entry", "locale"), SEARCHES)
def test_search_finds_the_page_of_each_catalogued_error(search_tabs, entry, locale):
    """The page that explains an error comes first, or second where another
    page discusses the same message too (a FAQ answer and a PEFT section, say).
    The transformers troubleshooting page's exceptions must come first: that
    page exists for them."""
    query = altered(entry["text"].splitlines()[0])
    results = _search(search_tabs(locale), query)
    pages = {s[locale]["url"].split("#")[0] for s in entry["sections"]}
    assert results, f"no result for {query!r} on /{PREFIX[locale]}"
    ranked = list(dict.fromkeys(r.split("#")[0] for r in results))
    if entry["kind"] == "exception" and any(page.endswith("transformers/troubleshooting/") for page in pages):
        assert ranked[0] in pages, results[:5]
    else:
        assert pages & set(ranked[:2]), results[:5]
