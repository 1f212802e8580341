"""Translation integrity (scripts.i18n, and the translation_notices and directives hooks), on temporary doc trees."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.i18n import parity, tracking
from scripts.i18n.__main__ import main

REPO_ROOT = Path(__file__).resolve().parents[1]

ENGLISH = """\
---
description: Padding without an attention mask
---
# Padding and attention masks

Batched inputs are padded to the same length, and the model must be told which tokens are padding.

## Padding tokens are not masked { #padding-not-masked }

If you pass `input_ids` without an `attention_mask`, the model attends to the padding tokens as well.

!snippet "transformers/padding_without_mask.py"

!!! note "Why the outputs differ"
    The padded positions change the hidden states of every real token.

![Attention over padded tokens](img/padding.png)

## Fix: pass the mask { #fix }

Return the mask from the tokenizer and pass it to the model together with the inputs.

!not-runnable "needs a GPU"
```python
outputs = model(**tokenizer(texts, padding=True, return_tensors="pt"))
```
"""

CHINESE = """\
---
description: 没有注意力掩码的填充
---
# 填充与注意力掩码

批量输入会被填充到相同长度，因此必须告诉模型哪些 token 是填充。

## 填充 token 未被屏蔽 { #padding-not-masked }

如果只传入 `input_ids` 而不传 `attention_mask`，模型也会关注作为填充的 token。

!snippet "transformers/padding_without_mask.py"

!!! note "为什么输出不同"
    填充位置会改变每个真实 token 的隐藏状态。

![对填充 token 的注意力](img/padding.png)

## 解决方法：传入掩码 { #fix }

让分词器返回掩码，并把它和输入一起传给模型。例如 `model(**inputs)` 这样调用即可。

!not-runnable "需要 GPU"
```python
outputs = model(**tokenizer(texts, padding=True, return_tensors="pt"))
```
"""

KOREAN = """\
# 패딩과 어텐션 마스크

배치 입력은 같은 길이로 패딩되므로, 어떤 토큰이 패딩인지 모델에 알려 주어야 합니다.

## 패딩 토큰이 마스킹되지 않음 { #padding-not-masked }

`attention_mask` 없이 `input_ids`만 넘기면 모델이 패딩 토큰까지 참고합니다.

!snippet "transformers/padding_without_mask.py"

!!! note "출력이 달라지는 이유"
    패딩 위치가 실제 토큰의 은닉 상태를 모두 바꿉니다.

![패딩 토큰에 대한 어텐션](img/padding.ko.png)

## 해결: 마스크 넘기기 { #fix }

토크나이저가 마스크를 반환하게 하고, 입력과 함께 모델에 넘기세요.

!not-runnable "GPU가 필요합니다"
```python
outputs = model(**tokenizer(texts, padding=True, return_tensors="pt"))
```
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def docs(tmp_path: Path) -> Path:
    """docs/guide.md translated into zh and ko (both marked current), and docs/other.md untranslated."""
    root = tmp_path / "docs"
    write(root / "guide.md", ENGLISH)
    write(root / "guide.zh.md", CHINESE)
    write(root / "guide.ko.md", KOREAN)
    write(root / "other.md", "# Other\n\n## Notes { #notes }\n\nNothing here yet.\n")
    for translation in ("guide.zh.md", "guide.ko.md"):
        tracking.mark_current(root, translation, snapshots(root))
    return root


def snapshots(docs_root: Path) -> Path:
    return tracking.default_snapshot_dir(docs_root)


def states(docs_root: Path, **kwargs) -> dict[str, str]:
    return {t.translation: t.state for t in tracking.collect_status(docs_root, **kwargs).translations}


def cli(docs_root: Path, *args: str) -> int:
    return main([*args[:1], "--docs", str(docs_root), *args[1:]])


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- status and mark -------------------------------------------------------------------


def test_marked_translations_are_current_and_untranslated_page_is_missing(docs):
    assert states(docs) == {
        "guide.zh.md": "current",
        "guide.ko.md": "current",
        "other.zh.md": "missing",
        "other.ko.md": "missing",
    }


def test_changing_an_english_sentence_makes_both_translations_stale_with_a_diff(docs, capsys):
    edit(docs / "guide.md", "the model attends to the padding tokens as well.", "the model also attends to padding.")

    report = tracking.collect_status(docs)
    stale = [t for t in report.translations if t.state == "stale"]
    assert [t.translation for t in stale] == ["guide.zh.md", "guide.ko.md"]
    diff = tracking.stale_diff(docs, snapshots(docs), stale[0])
    assert "-If you pass `input_ids` without an `attention_mask`, the model attends to the padding tokens as well." in diff
    assert "+If you pass `input_ids` without an `attention_mask`, the model also attends to padding." in diff

    assert cli(docs, "status") == 0  # informational without --strict
    out = capsys.readouterr().out
    assert "stale    docs/guide.zh.md" in out and "stale    docs/guide.ko.md" in out
    assert "+If you pass" in out


def test_english_front_matter_edits_do_not_make_translations_stale(docs):
    edit(docs / "guide.md", "description: Padding without an attention mask", "description: Padding, masks")
    assert states(docs)["guide.zh.md"] == "current"


def test_mark_clears_staleness_and_keeps_other_front_matter(docs):
    edit(docs / "guide.md", "pass it to the model", "hand it to the model")
    assert cli(docs, "mark", str(docs / "guide.zh.md"), str(docs / "guide.ko.md")) == 0

    assert states(docs)["guide.zh.md"] == "current"
    assert states(docs)["guide.ko.md"] == "current"
    zh = (docs / "guide.zh.md").read_text(encoding="utf-8")
    hash_ = tracking.source_hash((docs / "guide.md").read_text(encoding="utf-8"))
    assert zh.startswith(f"---\ndescription: 没有注意力掩码的填充\nsource_hash: {hash_}\n---\n# 填充与注意力掩码\n")
    # Both locales share one content-addressed snapshot of the English body.
    assert (snapshots(docs) / f"{hash_}.md").read_text(encoding="utf-8").startswith("# Padding and attention masks")


def test_mark_replaces_hash_in_place_and_keeps_crlf(tmp_path):
    root = tmp_path / "docs"
    write(root / "a.md", "# A\n\nText.\n")
    (root / "a.zh.md").write_bytes("---\ntitle: 甲\nsource_hash: 000000000000\ntags: [x]\n---\n# 甲\r\n".replace("\n", "\r\n").encode())
    tracking.mark_current(root, "a.zh.md", snapshots(root))
    hash_ = tracking.source_hash("# A\n\nText.\n")
    assert (root / "a.zh.md").read_bytes().decode() == f"---\r\ntitle: 甲\r\nsource_hash: {hash_}\r\ntags: [x]\r\n---\r\n# 甲\r\r\n"


def test_mark_refuses_a_translation_that_fails_parity(docs, capsys):
    edit(docs / "guide.zh.md", "## 解决方法：传入掩码 { #fix }", "## 解决方法：传入掩码 { #solution }")
    edit(docs / "guide.md", "pass it to the model", "hand it to the model")
    assert cli(docs, "mark", str(docs / "guide.zh.md")) == 1
    assert "section 'fix' missing" in capsys.readouterr().err
    assert states(docs)["guide.zh.md"] == "stale"
    assert cli(docs, "mark", "--force", str(docs / "guide.zh.md")) == 0


def test_unmarked_translation_is_stale_and_mark_all_unmarked_marks_it(docs):
    write(docs / "other.zh.md", "# 其他\n\n## 备注 { #notes }\n\n这里暂时没有内容。\n")
    assert states(docs)["other.zh.md"] == "stale"
    assert cli(docs, "mark", "--all-unmarked") == 0
    assert states(docs)["other.zh.md"] == "current"


def test_opted_out_pages_are_not_tracked(docs):
    edit(docs / "other.md", "# Other", "---\ntranslation: none\n---\n# Other")
    assert not any(t.english == "other.md" for t in tracking.collect_status(docs).translations)


def test_strict_exit_codes(docs):
    (docs / "other.md").unlink()
    assert cli(docs, "status", "--strict") == 0  # everything current

    write(docs / "other.md", "# Other\n\n## Notes { #notes }\n\nNothing.\n")
    assert cli(docs, "status", "--strict") == 1  # missing translations
    assert cli(docs, "status") == 0

    (docs / "other.md").unlink()
    edit(docs / "guide.md", "pass it to the model", "hand it to the model")
    assert cli(docs, "status", "--strict") == 1  # stale translations


def test_allowed_stale_by_front_matter_or_option(docs, capsys):
    (docs / "other.md").unlink()
    edit(docs / "guide.md", "pass it to the model", "hand it to the model")
    edit(docs / "guide.zh.md", "---\ndescription:", '---\nallow_stale: "rewording only"\ndescription:')

    assert cli(docs, "status", "--strict") == 1  # ko is still stale and not allowed
    assert cli(docs, "status", "--strict", "--allow-stale", str(docs / "guide.ko.md")) == 0
    assert "(allowed stale: rewording only)" in capsys.readouterr().out
    assert cli(docs, "status", "--strict", "--allow-stale", str(docs / "guide.md")) == 0  # English path: all locales

    # Marking current drops the permission, so the next change is caught again.
    assert cli(docs, "mark", str(docs / "guide.zh.md")) == 0
    assert "allow_stale" not in (docs / "guide.zh.md").read_text(encoding="utf-8")


def test_prune_removes_snapshots_nothing_refers_to(docs):
    old = tracking.source_hash(ENGLISH)
    edit(docs / "guide.md", "pass it to the model", "hand it to the model")
    cli(docs, "mark", str(docs / "guide.zh.md"), str(docs / "guide.ko.md"))
    assert cli(docs, "prune") == 0
    assert not (snapshots(docs) / f"{old}.md").exists()
    assert len(list(snapshots(docs).glob("*.md"))) == 1


# --- parity ----------------------------------------------------------------------------


def findings(docs_root: Path, translation: str = "guide.zh.md") -> list[str]:
    return [str(f) for f in parity.check_translation(docs_root, "guide.md", translation)]


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_real_translations_have_no_findings(docs, capsys):
    assert findings(docs, "guide.zh.md") == []
    assert findings(docs, "guide.ko.md") == []
    assert cli(docs, "parity") == 0


def test_parity_catches_a_missing_section(docs):
    zh = docs / "guide.zh.md"
    edit(zh, "## 填充 token 未被屏蔽 { #padding-not-masked }\n", "")
    english_line = line_of(docs / "guide.md", "{ #padding-not-masked }")
    # Located at the heading that now stands where it belongs.
    assert findings(docs) == [
        f"docs/guide.zh.md:{line_of(zh, '{ #fix }')}: section 'padding-not-masked' missing (English has it at docs/guide.md:{english_line})"
    ]


def test_parity_catches_a_reordered_section(docs):
    zh = docs / "guide.zh.md"
    text = zh.read_text(encoding="utf-8")
    start, end = text.index("## 填充 token"), text.index("## 解决方法")
    fix_start, fix_end = end, text.index("!not-runnable")
    zh.write_text(text[:start] + text[fix_start:fix_end] + text[start:end] + text[fix_end:], encoding="utf-8")
    # One section moved is one finding, on the moved heading's line.
    [message] = [m for m in findings(docs) if "section" in m]
    moved = re.search(r"section '([\w-]+)' out of order", message).group(1)
    anchor = "{ #" + moved + " }"
    assert message.startswith(f"docs/guide.zh.md:{line_of(zh, anchor)}: section '{moved}' out of order")
    assert message.endswith(f"at docs/guide.md:{line_of(docs / 'guide.md', anchor)})")


def test_parity_catches_a_missing_snippet_include(docs):
    zh = docs / "guide.zh.md"
    edit(zh, '!snippet "transformers/padding_without_mask.py"\n', "")
    english_line = line_of(docs / "guide.md", "!snippet")
    # Located at the next directive the translation does have: it belongs before that line.
    snippet = '!snippet "transformers/padding_without_mask.py"'
    assert findings(docs) == [
        f"docs/guide.zh.md:{line_of(zh, '!not-runnable')}: directive '{snippet}' missing (English has it at docs/guide.md:{english_line})"
    ]


def test_parity_catches_an_untranslated_english_paragraph(docs):
    zh = docs / "guide.zh.md"
    edit(
        zh,
        "让分词器返回掩码，并把它和输入一起传给模型。例如 `model(**inputs)` 这样调用即可。",
        "Return the mask from the tokenizer and pass it to the model together with the inputs.",
    )
    line = line_of(zh, "Return the mask")
    [message] = findings(docs)
    assert message.startswith(f"docs/guide.zh.md:{line}: untranslated English text: 'Return the mask from the tokenizer")


def test_parity_catches_admonitions_images_and_headings_without_ids(docs):
    ko = docs / "guide.ko.md"
    edit(ko, '!!! note "출력이 달라지는 이유"', '!!! warning "출력이 달라지는 이유"')
    edit(ko, "img/padding.ko.png", "img/other.png")
    edit(ko, "## 해결: 마스크 넘기기 { #fix }", "## 해결: 마스크 넘기기")
    messages = "\n".join(findings(docs, "guide.ko.md"))
    assert "admonition '!!! warning' is not in the English page" in messages
    assert "admonition '!!! note' missing" in messages
    assert "image 'img/other.png' is not in the English page" in messages
    assert f"docs/guide.ko.md:{line_of(ko, '## 해결')}: heading '해결: 마스크 넘기기' has no explicit id" in messages


def test_english_headings_need_ids_too(docs, capsys):
    edit(docs / "other.md", "## Notes { #notes }", "## Notes")
    assert cli(docs, "parity", str(docs / "other.md")) == 1
    assert "docs/other.md:3: heading 'Notes' has no explicit id" in capsys.readouterr().out
    assert cli(docs, "status", "--strict", "--allow-stale", str(docs / "other.md")) == 1


def test_untranslated_heuristic_ignores_code_links_tables_and_mixed_lines():
    looks = parity.looks_untranslated
    assert looks("This sentence was left in English by mistake in the file.")
    assert not looks("这句话里有 English words in the middle of a Chinese sentence here.")
    assert not looks("`ValueError: Asking to pad but the tokenizer does not have a padding token.`")
    assert not looks("- [Attention Is All You Need, the original transformer paper](https://arxiv.org/abs/1706.03762)")
    assert not looks("`pad_token_id`, `eos_token_id`, `bos_token_id`, `attention_mask`, `input_ids`, `labels`")
    assert not looks("model.generate(input_ids, attention_mask=mask, max_new_tokens=20, do_sample=False)")
    assert not looks("torch 2.13.0, transformers 5.23.0, peft 0.21.2")


def test_a_line_marked_keep_english_is_not_reported(docs):
    quote = "Quote: the tokenizer returns the mask for every sequence in the batch. <!-- keep-english -->"
    edit(docs / "guide.zh.md", "让分词器返回掩码", f"{quote}\n\n让分词器返回掩码")
    assert findings(docs) == []


# --- glossary ---------------------------------------------------------------------------

GLOSSARY_YML = """\
terms:
  - en: batch size
    zh: 批大小
    ko: 배치 크기
    zh_reject: [批次大小]
    ko_reject: [배치 사이즈]
  - en: label
    zh: 标签
    ko: 레이블
    zh_reject: []
    ko_reject: [라벨]
  - en: token
    zh: token
    ko: 토큰
    zh_reject: [令牌]
    zh_allow: [访问令牌]
    ko_reject: []
"""


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    return write(tmp_path / "glossary.yml", GLOSSARY_YML)


def terms(docs_root: Path, glossary: Path, translation: str) -> list[str]:
    return [str(f) for f in parity.check_glossary(docs_root, translation, parity.load_glossary(glossary))]


def test_glossary_flags_a_rejected_variant_with_file_line_and_preferred_term(docs, glossary, capsys):
    zh, ko = docs / "guide.zh.md", docs / "guide.ko.md"
    edit(zh, "批量输入会被填充到相同长度", "批次大小大于 1 时，批量输入会被填充到相同长度")
    edit(ko, "토크나이저가 마스크를 반환하게 하고", "라벨과 함께 토크나이저가 마스크를 반환하게 하고")
    zh_line, ko_line = line_of(zh, "批次大小"), line_of(ko, "라벨과")
    assert terms(docs, glossary, "guide.zh.md") == [f"docs/guide.zh.md:{zh_line}: uses 批次大小; the glossary term is 批大小"]
    assert terms(docs, glossary, "guide.ko.md") == [f"docs/guide.ko.md:{ko_line}: uses 라벨; the glossary term is 레이블"]
    assert cli(docs, "glossary", "--glossary", str(glossary)) == 1
    assert "uses 批次大小; the glossary term is 批大小" in capsys.readouterr().out
    assert cli(docs, "status", "--strict", "--glossary", str(glossary)) == 1


def test_glossary_accepts_the_preferred_term(docs, glossary):
    edit(docs / "guide.zh.md", "批量输入会被填充到相同长度", "批大小大于 1 时，批量输入会被填充到相同长度")
    edit(docs / "guide.ko.md", "토크나이저가 마스크를 반환하게 하고", "레이블과 배치 크기를 정한 뒤 토크나이저가 마스크를 반환하게 하고")
    assert terms(docs, glossary, "guide.zh.md") == []
    assert terms(docs, glossary, "guide.ko.md") == []
    assert cli(docs, "glossary", "--glossary", str(glossary)) == 0


def test_glossary_skips_code_quotes_links_and_allowed_phrases(docs, glossary):
    zh = docs / "guide.zh.md"
    edit(
        zh,
        "让分词器返回掩码",
        "\n".join(
            [
                '参数 `批次大小` 只是代码里的名字，报错 "批次大小 too large" 是原文，“批次大小”是别的写法。',
                "[批大小](https://example.com/批次大小) 只检查链接文字；访问令牌不是 token。",
                "```text",
                "批次大小 in a code block",
                "```",
                "让分词器返回掩码",
            ]
        ),
    )
    assert terms(docs, glossary, "guide.zh.md") == []
    edit(zh, "访问令牌不是 token", "令牌")
    line = line_of(zh, "只检查链接文字")
    assert terms(docs, glossary, "guide.zh.md") == [f"docs/guide.zh.md:{line}: uses 令牌; the glossary term is token"]


def test_glossary_checks_admonition_titles_and_not_runnable_reasons(docs, glossary):
    zh = docs / "guide.zh.md"
    edit(zh, '!!! note "为什么输出不同"', '!!! note "批次大小为什么会改变输出"')
    edit(zh, '!not-runnable "需要 GPU"', '!not-runnable "批次大小太大，需要 GPU"')
    assert terms(docs, glossary, "guide.zh.md") == [
        f"docs/guide.zh.md:{line_of(zh, '!!! note')}: uses 批次大小; the glossary term is 批大小",
        f"docs/guide.zh.md:{line_of(zh, '!not-runnable')}: uses 批次大小; the glossary term is 批大小",
    ]


def test_the_site_glossary_loads_and_its_preferred_terms_are_not_rejected():
    glossary = parity.load_glossary()
    assert {"zh", "ko"} <= set(glossary)
    for locale, entries in glossary.items():
        rejected = {variant for term in entries for variant in term.reject}
        for term in entries:
            assert term.preferred not in rejected, f"{locale}: {term.preferred} is both preferred and rejected"
            assert all(variant not in term.preferred for variant in term.reject), term
    english = {term.en for term in glossary["zh"]}
    assert {"batch size", "label", "tab (of the UI, as the CPU and GPU tabs of an output)"} <= english


# --- the MkDocs hook -------------------------------------------------------------------

MKDOCS_YML = f"""\
site_name: Test
strict: true
validation:
  links:
    unrecognized_links: warn
theme:
  name: material
  font: false
markdown_extensions: [admonition, attr_list, tables, toc]
hooks:
  - {REPO_ROOT / "scripts" / "hooks" / "directives.py"}
  - {REPO_ROOT / "scripts" / "hooks" / "site_i18n.py"}
  - {REPO_ROOT / "scripts" / "hooks" / "translation_notices.py"}
plugins:
  - i18n:
      docs_structure: suffix
      languages:
        - {{locale: en, name: English, default: true, build: true}}
        - {{locale: zh, name: 简体中文, build: true}}
        - {{locale: ko, name: 한국어, build: true}}
"""

ZH_NOTICE, KO_NOTICE = "译文可能已过时", "번역이 최신 내용이 아닐 수 있습니다"


def test_built_site_shows_the_stale_notice_only_on_stale_translations(tmp_path):
    root = tmp_path / "docs"
    write(tmp_path / "mkdocs.yml", MKDOCS_YML)
    write(root / "index.md", "# Home\n\nWelcome.\n")
    write(root / "guide/stale.md", "# Stale\n\nOld English text.\n")
    write(root / "guide/stale.zh.md", "# 过时\n\n旧的译文。\n")
    write(root / "guide/stale.ko.md", "# 오래됨\n\n예전 번역입니다.\n")
    write(root / "fresh.md", "# Fresh\n\nCurrent English text.\n")
    write(root / "fresh.zh.md", "# 最新\n\n最新的译文。\n")
    write(root / "fresh.ko.md", "# 최신\n\n최신 번역입니다.\n")
    write(root / "status.md", "# Status\n\n## Pages { #pages }\n\n!translation-status\n")
    write(root / "status.zh.md", "# 状态\n\n## 页面 { #pages }\n\n!translation-status\n")
    for translation in ("guide/stale.zh.md", "guide/stale.ko.md", "fresh.zh.md", "fresh.ko.md", "status.zh.md"):
        tracking.mark_current(root, translation, snapshots(root))
    edit(root / "guide/stale.md", "Old English text.", "New English text.")

    site = tmp_path / "site"
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(tmp_path / "mkdocs.yml"), "-d", str(site)]
    build = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert build.returncode == 0, build.stderr
    html = lambda rel: (site / rel / "index.html").read_text(encoding="utf-8")  # noqa: E731

    zh, ko = html("zh/guide/stale"), html("ko/guide/stale")
    assert ZH_NOTICE in zh and 'href="../../../guide/stale/">英文原文</a>' in zh
    assert KO_NOTICE in ko and 'href="../../../guide/stale/">영어 원문</a>' in ko
    for current in ("guide/stale", "fresh", "zh/fresh", "ko/fresh"):
        page = html(current)
        assert ZH_NOTICE not in page and KO_NOTICE not in page, current

    # A page with no translation falls back to English, with a notice in the reader's language.
    assert "本页尚未翻译" in html("zh") and "아직 번역되지 않은 페이지" in html("ko")
    assert "Welcome." in html("zh")
    for translated in ("", "zh/fresh", "ko/fresh"):
        assert "本页尚未翻译" not in html(translated) and "아직 번역되지 않은 페이지" not in html(translated), translated

    # The status page: English lists both locales, zh its own, ko falls back to English.
    assert "<td>Out of date</td>" in html("status") and "한국어" in html("status")
    assert "<td>待更新</td>" in html("zh/status") and "<td>已同步</td>" in html("zh/status")
    assert "<strong>한국어</strong>: 1 of 4 pages up to date, 1 out of date, 2 not translated." in html("ko/status")
    assert "<strong>简体中文</strong>" not in html("ko/status")
