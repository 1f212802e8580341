"""The page model (scripts/pages.py): what every tool reads of a page, checked
on small pages written here and, for heading anchors, against the built site."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.utils.meta import get_data

from scripts import pages
from scripts.check_links import parse as parse_html
from scripts.hooks import directives
from scripts.hooks.texts import text
from scripts.project import DEFAULT_LOCALE, DOCS_DIR, TRANSLATION_LOCALES


def page(text: str) -> pages.Page:
    return pages.parse(textwrap.dedent(text).lstrip("\n"))


def fences(text: str) -> list[tuple[int, int, str, str, tuple[str, ...]]]:
    return [(f.start, f.end, f.language, f.text, f.containers) for f in page(text).fences]


# ---------------------------------------------------------------- fences


def test_fences_with_tildes_and_longer_backtick_runs_close_only_on_their_own_marker():
    found = page(
        """
        ````markdown
        ```python
        print("shown as text")
        ```
        ````

        ~~~bash
        ```
        echo inside
        ~~~
        """
    ).fences
    assert [(f.start, f.end, f.marker, f.language) for f in found] == [(1, 5, "````", "markdown"), (7, 10, "~~~", "bash")]
    assert found[0].text == '```python\nprint("shown as text")\n```\n'
    assert found[1].text == "```\necho inside\n"


def test_the_info_string_gives_the_language_in_both_notations():
    found = page(
        """
        ```python title="x.py"
        a = 1
        ```

        ``` { .Bash .no-copy }
        ls
        ```

        ```
        plain
        ```
        """
    ).fences
    assert [(f.language, f.info) for f in found] == [("python", 'python title="x.py"'), ("bash", "{ .Bash .no-copy }"), ("", "")]


def test_fences_inside_lists_admonitions_and_tabs_lose_their_indentation():
    assert fences(
        """
        1. First:

            ```bash
            pip install x
            ```

        !!! tip "A tip"

            ```python
            print(1)
            ```

        === "CPU"

            ```text
            tensor([1])
            ```

            !!! note

                ```console
                $ nested
                ```
        """
    ) == [
        (3, 5, "bash", "pip install x\n", ("list",)),
        (9, 11, "python", "print(1)\n", ("admonition",)),
        (15, 17, "text", "tensor([1])\n", ("tab",)),
        (21, 23, "console", "$ nested\n", ("tab", "admonition")),
    ]


def test_an_admonition_ends_at_the_first_line_indented_less_than_its_body():
    parsed = page(
        """
        !!! warning "Careful"
            Inside.

        Outside.
        """
    )
    assert [(c.line, c.kind, c.type, c.title) for c in parsed.containers] == [(1, "admonition", "warning", "Careful")]
    assert [line.text for line in parsed.prose if line.text.strip()] == ['!!! warning "Careful"', "    Inside.", "Outside."]


def test_a_fence_never_closed_runs_to_the_end_of_the_page():
    assert fences('# T\n\n```bash\necho 1\n!snippet "x.py"\n') == [(3, 5, "bash", 'echo 1\n!snippet "x.py"\n', ())]


# -------------------------------------------------------------- directives


def test_directives_are_found_outside_fences_only():
    parsed = page(
        """
        # Page

        !snippet "topic/a.py" code-only

        ```markdown
        !snippet "topic/inside.py"
        !error-lookup
        <!-- error-index -->
        ```

        ~~~~text
        !not-runnable "inside a tilde fence"
        ~~~~

        - item

            !not-runnable "needs a GPU"
        <!-- error-index -->
        !pinned-versions
        """
    )
    found = [(d.line, d.name) for d in parsed.directives]
    assert found == [(3, "snippet"), (17, "not-runnable"), (18, "error-index"), (19, "pinned-versions")]
    snippet, not_runnable = parsed.directives[:2]
    assert (snippet.path, snippet.flags, snippet.indent) == ("topic/a.py", ("code-only",), "")
    assert (not_runnable.reason, not_runnable.indent) == ("needs a GPU", "    ")
    assert all(d.problem is None for d in parsed.directives)


def test_unknown_and_malformed_directives_say_what_is_wrong():
    parsed = page("!snipet \"a.py\"\n\n!snippet 'a.py'\n\n!!! note\n\n![image](x.png)\n")
    assert [(d.line, d.problem) for d in parsed.directives] == [
        (1, "unknown directive '!snipet'; known: !snippet, !not-runnable, !pinned-versions, !error-lookup, !translation-status"),
        (3, 'cannot read "!snippet \'a.py\'"; write !snippet "path" [code-only|output-only]'),
    ]


def test_directive_lines_are_not_prose_and_fence_lines_are_neither():
    parsed = page('Text.\n\n!snippet "a.py"\n\n```bash\nls\n```\n<!-- a\ncomment -->\n')
    assert [(line.number, line.text, line.in_comment) for line in parsed.prose if line.text] == [
        (1, "Text.", False),
        (8, "<!-- a", True),
        (9, "comment -->", True),
    ]


# ---------------------------------------------------------------- headings


def test_headings_take_the_explicit_id_or_the_one_the_toc_gives():
    parsed = page(
        """
        # Page title

        ## Padding { #padding-mask }

        ## `generate()` stops early

        ## Padding

        ## Padding

        ### Closing hashes ###
        """
    )
    assert [(h.line, h.level, h.text, h.anchor, h.explicit) for h in parsed.headings] == [
        (1, 1, "Page title", "page-title", False),
        (3, 2, "Padding", "padding-mask", True),
        (5, 2, "`generate()` stops early", "generate-stops-early", False),
        (7, 2, "Padding", "padding", False),
        (9, 2, "Padding", "padding_1", False),
        (11, 3, "Closing hashes", "closing-hashes", False),
    ]


def test_an_attribute_list_applies_only_where_python_markdown_applies_it():
    parsed = page(
        """
        # Target modules {...} not found { #not-found }

        ## Target modules `{...}` not found { #in-code }

        ## Target modules \\{...\\} not found {: #escaped .wide }
        """
    )
    assert [(h.text, h.anchor, h.explicit) for h in parsed.headings] == [
        # attr_list's pattern starts at the first brace and does not read as attributes: all of it is text.
        ("Target modules {...} not found { #not-found }", "target-modules-not-found-not-found", False),
        ("Target modules `{...}` not found", "in-code", True),
        ("Target modules \\{...\\} not found", "escaped", True),
    ]


def test_a_heading_inside_a_fence_is_not_a_heading():
    assert [h.text for h in page("# Real\n\n```bash\n# a comment\n```\n").headings] == ["Real"]


def _built(site: Path, source: Path) -> Path:
    """The built HTML of a page in docs/ (directory URLs, static-i18n's suffix layout)."""
    rel = source.relative_to(DOCS_DIR).as_posix()
    locale = next((code for code in TRANSLATION_LOCALES if rel.endswith((f".{code}.md", f".{code}.ipynb"))), DEFAULT_LOCALE)
    stem = rel.rsplit(".", 2 if locale != DEFAULT_LOCALE else 1)[0]
    folder = "" if stem == "index" else stem.removesuffix("/index").removesuffix("index")
    prefix = "" if locale == DEFAULT_LOCALE else f"{locale}/"
    return site / prefix / folder / "index.html" if folder else site / prefix / "index.html"


SOURCES = sorted(p for p in DOCS_DIR.rglob("*") if p.suffix in (".md", ".ipynb") and ".i18n" not in p.parts)


def test_every_heading_anchor_is_an_id_on_the_built_page(site):
    missing = []
    for source in SOURCES:
        ids = parse_html(_built(site, source)).ids
        # A notebook's headings without an id get mkdocs-jupyter's, not the toc's: only explicit ones are compared.
        headings = [h for h in pages.read(source).headings if h.explicit or source.suffix == ".md"]
        missing += [f"{source.relative_to(DOCS_DIR)}:{h.line}: #{h.anchor}" for h in headings if h.anchor not in ids]
    assert missing == []
    assert len(SOURCES) > 100


# ------------------------------------------------------------ front matter


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_front_matter_is_read_as_mkdocs_reads_it_and_lines_count_from_the_file(tmp_path):
    parsed = pages.read(write(tmp_path / "a.md", '---\ntitle: A\nsummary: Two\n---\n\n\n# A { #a }\n\n!snippet "x.py"\n'))
    assert parsed.meta == {"title": "A", "summary": "Two"}
    assert (parsed.body_line, parsed.markdown_line) == (5, 7)
    assert parsed.body == '\n\n# A { #a }\n\n!snippet "x.py"\n' and parsed.markdown == '# A { #a }\n\n!snippet "x.py"\n'
    assert [h.line for h in parsed.headings] == [7] and [d.line for d in parsed.directives] == [9]
    # A hook's Markdown (front matter taken off) keeps the file's line numbers.
    hooked = pages.parse(parsed.markdown, parsed.path, first_line=parsed.markdown_line, front_matter=False)
    assert [d.line for d in hooked.directives] == [9] and hooked.line(9) == '!snippet "x.py"'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("---\ntitle: never closed\n# Open\n", "1: front matter is never closed: add a '---' line after it"),
        (
            "---\ntitle: fine\nsource_hash: [oops\n---\n# Broken\n",
            "4: front matter is not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("---\n- a\n- list\n---\n# List\n", "2: front matter must be 'key: value' lines, not a YAML list"),
    ],
    ids=["unclosed", "invalid", "not-a-mapping"],
)
def test_broken_front_matter_names_file_and_line(tmp_path, text, message):
    path = write(tmp_path / "broken.md", text)
    with pytest.raises(pages.FrontMatterError) as raised:
        pages.read(path)
    assert str(raised.value) == f"{path}:{message}"


def test_windows_newlines_and_a_byte_order_mark_read_as_plain_newlines(tmp_path):
    parsed = pages.read(write(tmp_path / "crlf.md", "\ufeff---\r\ntitle: T\r\n---\r\n# T { #t }\r\n"))
    assert parsed.meta == {"title": "T"} and [(h.line, h.anchor) for h in parsed.headings] == [(4, "t")]


def test_a_page_is_parsed_once_for_each_content(tmp_path):
    path = write(tmp_path / "p.md", "# One\n")
    first = pages.read(path)
    assert pages.read(path) is first
    write(path, "# Two\n")
    assert pages.read(path).headings[0].text == "Two"


# --------------------------------------------------------------- notebooks


def notebook(cells: list[dict], i18n: dict | None = None) -> str:
    metadata = {"i18n": i18n} if i18n else {}
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def test_a_notebook_gives_its_cells_and_the_translators_view(tmp_path):
    path = write(
        tmp_path / "nb.zh.ipynb",
        notebook(
            [
                {"cell_type": "markdown", "id": "intro", "metadata": {}, "source": ["# 标题 { #title }\n", "\n", "正文。"]},
                {
                    "cell_type": "code",
                    "id": "run",
                    "metadata": {},
                    "source": "print(1)\n1 / 0",
                    "outputs": [
                        {"output_type": "stream", "name": "stdout", "text": ["1\n"]},
                        {"output_type": "error", "ename": "ZeroDivisionError", "evalue": "division by zero", "traceback": []},
                    ],
                    "execution_count": 1,
                },
                {"cell_type": "markdown", "id": "made", "metadata": {"tags": ["verified-with"]}, "source": "Verified."},
            ],
            i18n={"source_hash": "abc123abc123"},
        ),
    )
    parsed = pages.read(path)
    assert isinstance(parsed, pages.Notebook)
    assert parsed.meta == {"source_hash": "abc123abc123"}
    cells = [(c.id, c.kind, c.tags) for c in parsed.cells]
    assert cells == [("intro", "markdown", ()), ("run", "code", ()), ("made", "markdown", ("verified-with",))]
    code = parsed.cells[1]
    assert code.source == "print(1)\n1 / 0" and code.page is None
    assert [(o.kind, o.text) for o in code.outputs] == [("stream", "1\n"), ("error", "ZeroDivisionError: division by zero")]
    assert [(h.line, h.anchor) for h in parsed.cells[0].page.headings] == [(1, "title")]
    # The translator's view: front matter, Markdown cells (not the generated one), a line per code cell.
    assert parsed.text == "---\nsource_hash: abc123abc123\n---\n<!-- cell: intro -->\n# 标题 { #title }\n\n正文。\n\n!code-cell run\n"
    assert [(d.line, d.name, d.args) for d in parsed.directives] == [(9, "code-cell", "run")]
    assert [(h.line, h.anchor) for h in parsed.headings] == [(5, "title")]


def test_a_notebook_that_is_not_json_names_its_line(tmp_path):
    path = write(tmp_path / "bad.ipynb", '{\n "cells": [\n  oops\n ]\n}\n')
    with pytest.raises(pages.PageError, match=r"bad.ipynb:3: is not a notebook \(not JSON"):
        pages.read(path)


# ------------------------------------------------------- the directive hook


def test_the_directive_hook_expands_directives_outside_fences_and_keeps_their_indentation(tmp_path):
    source = write(
        tmp_path / "page.md",
        '---\ntitle: T\n---\n\n# T\n\n- item\n\n    !not-runnable "needs a GPU"\n\n````markdown\n!pinned-versions\n'
        "<!-- error-index -->\n!error-lookup\n````\n\n!pinned-versions\n",
    )
    page_stub = SimpleNamespace(file=SimpleNamespace(abs_src_path=str(source)))
    config = SimpleNamespace(theme={"language": "en"}, docs_dir=str(tmp_path))
    out = directives.on_page_markdown(get_data(source.read_text())[0], page_stub, config, None).split("\n")
    assert out[:7] == ["# T", "", "- item", "", f'    !!! note "{text("not_runnable_title", "en")}"', "        needs a GPU", ""]
    # Inside the fence every directive is text, as written.
    assert out[8:13] == ["````markdown", "!pinned-versions", "<!-- error-index -->", "!error-lookup", "````"]
    assert out[14].startswith("| ") and "`torch`" in "\n".join(out[14:])
