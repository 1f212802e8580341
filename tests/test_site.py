"""The built site: three locales, offline, and what a reader's browser sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from scripts.hooks.search_index import read_sections
from scripts.hooks.texts import text
from scripts.pins import documented_pins
from scripts.project import DEFAULT_LOCALE, LOCALES, TRANSLATION_LOCALES

PREFIX = {locale: "" if locale == DEFAULT_LOCALE else f"{locale}/" for locale in LOCALES}


def html(site: Path, locale: str, page: str = "") -> str:
    return (site / PREFIX[locale] / page / "index.html").read_text(encoding="utf-8")


def test_every_locale_has_every_page_with_its_lang(site):
    for locale in LOCALES:
        for page in ("", "transformers/troubleshooting/", "peft/troubleshooting/", "faq/"):
            assert f'<html lang="{locale}"' in html(site, locale, page), (locale, page)


def test_pages_carry_hreflang_alternates_for_the_other_locales(site):
    page = html(site, "zh", "faq/")
    assert '<link rel="alternate" href="../../faq/" hreflang="en">' in page
    assert '<link rel="alternate" href="../../ko/faq/" hreflang="ko">' in page
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert re.search(r'<xhtml:link rel="alternate" hreflang="ko" href="[^"]*/ko/faq/"/>', sitemap)
    assert re.search(r'<xhtml:link rel="alternate" hreflang="zh" href="[^"]*/zh/faq/"/>', sitemap)


def test_navigation_theme_strings_and_404_are_in_the_readers_language(site):
    zh, ko = html(site, "zh"), html(site, "ko")
    assert "故障排除" in zh and "常见问题" in zh and 'placeholder="搜索"' in zh
    assert "문제 해결" in ko and "자주 묻는 질문" in ko and 'placeholder="검색"' in ko
    assert "404 - 页面不存在" in (site / "zh/404.html").read_text(encoding="utf-8")
    assert "404 - 페이지를 찾을 수 없습니다" in (site / "ko/404.html").read_text(encoding="utf-8")
    assert "404 - Page not found" in (site / "404.html").read_text(encoding="utf-8")


def test_the_404_page_takes_its_words_from_the_texts_file_and_links_home_in_its_locale(site):
    homes = {}
    for locale in LOCALES:
        page = (site / PREFIX[locale] / "404.html").read_text(encoding="utf-8")
        assert f"<h1>{text('not_found_title', locale)}</h1>" in page, locale
        before, after = text("not_found", locale, home="\0").split("\0")
        found = re.search(f'<p>{re.escape(before)}(?P<home>[^"]*){re.escape(after)}</p>', page)
        assert found, locale
        homes[locale] = found["home"]
    # the site's own URL, then the locale's folder: the reader stays in their language
    root = homes[DEFAULT_LOCALE]
    assert root.endswith("/") and homes == {locale: root + PREFIX[locale] for locale in LOCALES}


def test_home_page_states_the_pinned_versions_in_every_locale(site):
    for locale in LOCALES:
        page = html(site, locale)
        for name, version in documented_pins().items():
            assert f"<code>{name}</code>" in page and f"<code>{version}</code>" in page, (locale, name)


def test_no_page_refers_to_another_host_for_its_assets(site):
    asset = re.compile(r'<(?:link|script|img|iframe|source)\b[^>]*(?:href|src)="(https?:)?//', re.I)
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        offending = [
            m.group(0) for m in asset.finditer(text) if 'rel="alternate"' not in m.group(0) and 'rel="canonical"' not in m.group(0)
        ]
        assert not offending, f"{page}: {offending}"
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text
    for css in site.rglob("*.css"):
        assert "@import url(http" not in css.read_text(encoding="utf-8"), css


def test_search_index_lists_the_chinese_words_of_its_text(site):
    # One index per locale (tests/test_search.py); the Chinese one lists the
    # words its text is made of, compounds split into their parts, so that
    # both are found; the text itself is as the page shows it.
    index = json.loads((site / "search/index.zh.json").read_text(encoding="utf-8"))
    assert {"验证", "输出", "故障", "排除"} <= set(index["words"])
    zh_text = " ".join(d["text"] for d in read_sections(site, "zh") if d["location"].startswith("zh/"))
    assert "验证" in zh_text and "\u200b" not in zh_text


def test_sitemap_is_available_next_to_every_alternate_link(site):
    # Material fetches it beside each hreflang target; a 404 would be a console error.
    for locale in TRANSLATION_LOCALES:
        assert (site / locale / "faq/sitemap.xml").read_bytes() == (site / "sitemap.xml").read_bytes()


# ------------------------------------------------------------------ browser


@pytest.mark.browser
def test_language_switcher_keeps_the_reader_on_the_same_page(reader):
    reader.open("faq/")
    reader.page.locator(".md-header__option .md-select").hover()
    reader.page.locator('a.md-select__link[hreflang="ko"]').click()
    reader.page.wait_for_load_state("networkidle")
    assert reader.page.url == reader.base + "ko/faq/"
    assert reader.page.locator("html").get_attribute("lang") == "ko"


# (locale the query is typed on, query, page expected as the first result)
SEARCHES = [
    ("", "verified output", ""),
    ("zh/", "验证", "zh/"),  # a word from inside a longer Chinese sentence
    ("zh/", "排除", "zh/"),  # half of the compound 故障排除
    ("ko/", "출력은", "ko/"),  # 출력 with a particle attached
]

# A Korean word with a particle attached finds what the bare word finds.
KOREAN_PARTICLES = [("메모리가", "메모리"), ("토큰을", "토큰"), ("어댑터를", "어댑터"), ("캐시에서", "캐시")]


@pytest.mark.browser
@pytest.mark.parametrize(("with_particle", "stem"), KOREAN_PARTICLES)
def test_korean_particles_do_not_change_what_is_found(reader, with_particle, stem):
    reader.open("ko/")
    found = reader.search(with_particle)
    assert found and found[0].startswith("ko/"), found[:5]
    assert found[:3] == reader.search(stem)[:3]


@pytest.mark.browser
@pytest.mark.parametrize(("where", "query", "expected"), SEARCHES, ids=[f"{w or 'en/'}{q}" for w, q, _ in SEARCHES])
def test_search_finds_the_expected_page_first(reader, where, query, expected):
    reader.open(where)
    results = reader.search(query)
    assert results, f"no result for {query!r} on /{where}"
    assert results[0].split("#")[0] == expected, results[:5]


# Error lines as a reader pastes them: their own sizes, paths, labels and
# class names, not the ones on our page.
PASTED_ERRORS = [
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 23.65 GiB of which "
    "1.20 GiB is free. Including non-PyTorch memory, this process has 22.40 GiB memory in use.",
    "torch.AcceleratorError: CUDA error: device-side assert triggered",
    "ImportError: cannot import name 'AdamW' from 'transformers' (/opt/conda/lib/python3.12/site-packages/transformers/__init__.py)",
    "ValueError: Unrecognized configuration class <class 'transformers.models.llama.configuration_llama.LlamaConfig'> "
    "for this kind of AutoModel: AutoModelForSeq2SeqLM.",
    "OSError: We couldn't connect to 'https://huggingface.co' to load the files, and couldn't find them in the cached files.",
    "ImportError: cannot import name 'TFAutoModelForSequenceClassification' from 'transformers'",
]


@pytest.mark.browser
@pytest.mark.parametrize("where", [PREFIX[locale] for locale in LOCALES], ids=LOCALES)
@pytest.mark.parametrize("error", PASTED_ERRORS, ids=[e.split(":")[0] + "-" + str(i) for i, e in enumerate(PASTED_ERRORS)])
def test_a_pasted_error_line_finds_the_troubleshooting_page_first(reader, where, error):
    reader.open(where)
    results = reader.search(error)
    assert results, f"no result for {error!r} on /{where}"
    assert results[0].split("#")[0] == where + "transformers/troubleshooting/", results[:5]


@pytest.mark.browser
def test_results_favour_the_readers_locale(reader):
    reader.open("zh/")
    results = reader.search("transformers")
    locales = ["zh" if r.startswith("zh/") else "ko" if r.startswith("ko/") else "en" for r in results]
    assert locales and locales[0] == "zh"
    first_other = next((i for i, loc in enumerate(locales) if loc != "zh"), len(locales))
    assert all(loc != "zh" for loc in locales[first_other:]), locales
