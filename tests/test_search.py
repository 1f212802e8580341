"""Site search: exact errors first, Chinese and Korean compounds and glossary
terms, highlighting, one index per locale, and text however it arrives.

- A catalogued error typed or pasted into the search box finds, first, the
  section the error lookup finds for it (the one showing that very line
  where several show the entry), in every locale. Generic over the
  catalogue: new error pages are tested as they appear.
- Compounds (设备端断言, 梯度累积, 메모리 부족) find the section whose prose uses
  them; glossary terms find their English words and back.
- Result links carry the matched words for highlighting (`?h=`), whole;
  excerpts have no zero-width characters.
- A reader downloads the shared stub and their own locale's index only, and
  of its term and page files those their queries need; every term of every
  section is in its term file, so every section is found by its words.
- Text put in without a key (paste, input method) starts a search."""

from __future__ import annotations

import contextlib
import json
import logging
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from conftest import Reader
from mkdocs.exceptions import PluginError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts import project
from scripts.errors import catalogue as cat
from scripts.errors import matching, signatures
from scripts.hooks import search_index
from scripts.project import DEFAULT_LOCALE, LOCALES

PREFIX = {locale: "" if locale == DEFAULT_LOCALE else f"{locale}/" for locale in LOCALES}
ENTRIES = cat.catalogue()["entries"]
GLOSSARY = search_index.load_glossary()


def _index(site: Path, locale: str) -> dict:
    return json.loads((site / f"search/index.{locale}.json").read_text(encoding="utf-8"))


def _sections(site: Path, locale: str) -> list[dict]:
    """Every section of a locale's index, in order: location, title, text."""
    return search_index.read_sections(site, locale)


def _texts(site: Path, locale: str) -> dict[str, str]:
    return {d["location"]: d["title"] + " " + d["text"] for d in _sections(site, locale)}


# --------------------------------------------------------------- in the box


def _results(tab: Reader, query: str, how: str = "fill") -> Results:
    """Put a query in the search box; the result links, one list per page
    (the page's own link first, then its sections, best first), with their
    `?h=` left on and the site's address taken off."""
    page = tab.page
    box = page.locator("input.md-search__input")
    box.fill("")
    box.dispatch_event("keyup")
    page.wait_for_function("document.querySelectorAll('.md-search-result__list li').length === 0")
    if how == "fill":  # a reader typing: the text, then a key coming up
        box.fill(query)
        box.dispatch_event("keyup")
    elif how == "insert":  # text inserted with no key at all (a paste from the menu, an input method)
        box.focus()
        page.keyboard.insert_text(query)
    elif how == "paste":  # what a paste does to the box: a paste event, then the text and an input event
        page.evaluate(
            """q => { const box = document.querySelector("input.md-search__input")
                      box.dispatchEvent(new Event("paste", {bubbles: true}))
                      box.value = q
                      box.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste", data: q})) }""",
            query,
        )
    elif how == "composition":  # an input method: composing, then the word committed
        page.evaluate(
            """q => { const box = document.querySelector("input.md-search__input")
                      box.dispatchEvent(new CompositionEvent("compositionstart", {bubbles: true}))
                      box.value = q
                      box.dispatchEvent(new InputEvent("input", {bubbles: true, isComposing: true, data: q}))
                      box.dispatchEvent(new CompositionEvent("compositionend", {bubbles: true, data: q})) }""",
            query,
        )
    try:
        page.wait_for_selector(".md-search-result__list li", timeout=8000)
    except Exception:  # noqa: BLE001 - no result is a valid answer
        return Results()
    return _current_results(tab)


def _current_results(tab: Reader) -> Results:
    """The result links the list shows now, one list per page."""
    # Material shows a page's own link first, then its best sections, then the others folded away.
    groups = tab.page.eval_on_selector_all(
        ".md-search-result__list > li",
        "items => items.map(li => [Array.from(li.querySelectorAll(':scope > a')).map(a => a.href),"
        " Array.from(li.querySelectorAll(':scope > details a')).map(a => a.href)])",
    )
    found = Results([[link.removeprefix(tab.base) for link in best + more] for best, more in groups])
    found.shown = [len(best) for best, _ in groups]
    return found


class Results(list):
    """Result links per page; `shown[i]`: how many of page i's links are not folded away."""

    shown: list[int] = []


def _address(link: str) -> str:
    return re.sub(r"\?h=[^#]*", "", link)


def _first_section(groups: Results) -> str | None:
    """The best section of the first page found: the first one shown under the
    page's own link, or that link when the page itself is the best match."""
    if not groups:
        return None
    first = groups[0]
    return _address(first[1] if groups.shown[0] > 1 else first[0])


def _highlight(link: str) -> str:
    return parse_qs(urlsplit(link).query).get("h", [""])[0]


@pytest.fixture(scope="module")
def tabs(browser, server):
    """One tab per locale, opened once: each query clears the last one first."""
    opened: dict[str, Reader] = {}

    def tab(locale: str) -> Reader:
        if locale not in opened:
            opened[locale] = Reader(browser, server)
            opened[locale].open(PREFIX[locale])
        return opened[locale]

    yield tab
    for reader_tab in opened.values():
        reader_tab.page.close()
        assert reader_tab.console_errors == [], "console errors"
        assert reader_tab.foreign_requests == [], "requests to other hosts"


# ------------------------------------------------- catalogued errors first


def _exact_first(line: str) -> set[str] | None:
    """The English addresses that may come first for a pasted line: of the
    entry the lookup ranks first, the sections whose example shows the line
    as pasted, or else those that share the most words with it."""
    found = matching.lookup(line, ENTRIES)
    if not found:
        return None
    entry = found[0][0]
    exact = {s["en"]["url"] for s in entry["sections"] if line in " ".join(s["example"].split())}
    if exact:
        return exact
    words = set(signatures.raw_words(line))
    overlap = {s["en"]["url"]: len(words.intersection(s["words"])) for s in entry["sections"]}
    return {url for url, n in overlap.items() if n == max(overlap.values())}


def _queries() -> list:
    params = []
    for entry in ENTRIES:
        line = " ".join(entry["sections"][0]["example"].splitlines()[0].split())
        for locale in LOCALES:
            params.append(pytest.param(entry, line, locale, id=f"{entry['id']}-{line[:40]}-{locale}"))
    return params


def _in_locale(url: str, locale: str) -> str:
    for entry in ENTRIES:
        for section in entry["sections"]:
            if section["en"]["url"] == url:
                return section[locale]["url"]
    return url


def _first_heading(url: str) -> str | None:
    """The id of the first heading on the page `url` is on (its H1)."""
    page = url.split("#")[0].removeprefix("zh/").removeprefix("ko/")
    for entry in ENTRIES:
        for section in entry["sections"]:
            if section["en"]["url"].split("#")[0] == page:
                path = project.DOCS_DIR.parent / section["page"]
                content = cat.read_page(path)
                return content.headings[0].id if content.headings else None
    return None


@pytest.mark.browser
@pytest.mark.parametrize(("entry", "line", "locale"), _queries())
def test_a_catalogued_error_finds_the_section_showing_it_first(tabs, entry, line, locale):
    allowed = _exact_first(line)
    assert allowed, f"the error lookup finds nothing for its own entry: {line!r}"
    expected = {_in_locale(url, locale) for url in allowed}
    expected |= {url.split("#")[0] for url in expected if url.split("#")[1] == _first_heading(url)}
    groups = _results(tabs(locale), line)
    assert _first_section(groups) in expected, (line, groups[:2])


@pytest.mark.browser
def test_the_issues_example_finds_the_training_pipeline_section_first(tabs):
    groups = _results(tabs("en"), "IndexError: Target 2 is out of bounds.")
    first = _first_section(groups)
    assert first and first.startswith("training/debugging-pipeline/#"), groups[:2]
    examples = [s["example"] for e in ENTRIES for s in e["sections"] if s["en"]["url"] == first]
    assert any("IndexError: Target 2 is out of bounds." in example for example in examples)


# ------------------------------------------- compounds and glossary terms


# (locale, query, the section expected first, a phrase its text must contain)
COMPOUNDS = [
    ("zh", "设备端断言", "zh/transformers/troubleshooting/#device-side-assert", "device-side assert"),
    ("zh", "梯度累积", "zh/transformers/troubleshooting/#cuda-oom", "梯度累积"),
    ("ko", "메모리 부족", "ko/transformers/troubleshooting/#cuda-oom", "메모리 부족"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "query", "expected", "phrase"), COMPOUNDS, ids=[q for _, q, _, _ in COMPOUNDS])
def test_a_compound_finds_the_section_whose_prose_uses_it(site, tabs, locale, query, expected, phrase):
    texts = _texts(site, locale)
    assert expected in texts and phrase in texts[expected], "the page changed: pick another section for this case"
    assert _first_section(_results(tabs(locale), query)) == expected


def _concept(english: str) -> dict:
    return next(c for c in GLOSSARY if c["en"] == english)


# (locale searched, query, concept): the query names the concept in another
# locale's words; the first section found uses the concept in this locale's
# words or the English ones.
SYNONYMS = [
    ("en", "显存不足", "out of memory"),
    ("en", "设备端断言", "device-side assert"),
    ("en", "패딩", "padding"),
    ("zh", "out of memory", "out of memory"),
    ("ko", "padding", "padding"),
    ("zh", "device-side assert", "device-side assert"),
]


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "query", "english"), SYNONYMS, ids=[f"{where}-{q}" for where, q, _ in SYNONYMS])
def test_a_glossary_term_finds_its_translation_and_its_english_words(site, tabs, locale, query, english):
    if not any(c["en"] == english for c in GLOSSARY):
        pytest.skip(f"{english!r} is not in the glossary")
    concept = _concept(english)
    wanted = {concept[locale].lower(), concept["en"].lower()}
    first = _first_section(_results(tabs(locale), query))
    texts = {location: text.lower() for location, text in _texts(site, locale).items()}
    assert first in texts, first
    assert any(term in texts[first] for term in wanted), (first, wanted)


def test_the_glossary_published_for_each_locale_is_the_translators_list(site):
    assert GLOSSARY, "scripts/i18n/glossary.yml has no terms"
    for locale in LOCALES:
        groups = _index(site, locale)["glossary"]
        for concept in GLOSSARY:
            names = {concept["en"], concept["zh"], concept["ko"], *concept["zh_reject"], *concept["ko_reject"], *concept["search"]}
            if len(names) < 2:
                continue
            group = next((g for g in groups if concept["en"] in g["names"]), None)
            assert group is not None, (locale, concept["en"])
            assert set(group["names"]) == names and group["add"][0] == concept[locale], (locale, group)


def test_a_bad_glossary_is_reported_with_its_file_and_line(tmp_path):
    bad = tmp_path / "glossary.yml"
    bad.write_text("terms:\n  - en: padding\n    zh: 填充\n    ko: [패딩, 패딩2]\n", encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(f"{bad}:2: `ko` must be one term")):
        search_index.load_glossary(bad)
    bad.write_text("terms:\n  - en: padding\n    zh: [填充\n", encoding="utf-8")
    with pytest.raises(PluginError, match=re.escape(str(bad)) + r":\d+: not valid YAML"):
        search_index.load_glossary(bad)


# ------------------------------------------------------------ highlighting

HIGHLIGHTED = [("zh", "验证"), ("zh", "梯度累积"), ("zh", "设备端断言"), ("zh", "排除"), ("ko", "메모리가"), ("en", "verified output")]


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "query"), HIGHLIGHTED, ids=[q for _, q in HIGHLIGHTED])
def test_result_links_carry_the_matched_words_and_the_page_highlights_them(browser, tabs, locale, query):
    tab = tabs(locale)
    groups = _results(tab, query)
    assert groups, query
    for link in [link for group in groups for link in group]:
        words = _highlight(link).split()
        assert words, f"no words to highlight: {link}"
        assert all(len(word) > 1 for word in words), link
    text = tab.page.inner_text(".md-search-result__list")
    assert "\u200b" not in text and "\ufeff" not in text
    target = Reader(browser, tab.base)
    try:
        target.open(next((link for link in groups[0] if "#" in link), groups[0][0]))
        marks = target.page.eval_on_selector_all("mark[data-md-highlight]", "els => els.map(e => e.textContent)")
        assert marks, f"nothing highlighted on {groups[0][0]}"
        assert all(len(mark.strip()) > 1 for mark in marks), marks[:10]
    finally:
        target.page.close()


def test_no_index_text_carries_zero_width_characters(site):
    for locale in LOCALES:
        for location, text in _texts(site, locale).items():
            assert "\u200b" not in text, location


def test_chinese_text_is_split_into_words_compounds_into_their_parts(site):
    words = set(_index(site, "zh")["words"])
    assert {"验证", "输出", "故障", "排除", "梯度", "累积"} <= words
    assert all(len(word) > 1 for word in words)


# -------------------------------------------------------- one index a locale


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_a_reader_downloads_only_their_locales_index(browser, server, site, locale):
    tab = Reader(browser, server)
    fetched: list[str] = []
    tab.page.on("request", lambda request: "/search/" in request.url and fetched.append(request.url.removeprefix(server)))
    try:
        tab.open(PREFIX[locale] + "faq/")
        assert _results(tab, "transformers")
        assert {"search/search_index.json", f"search/index.{locale}.json"} <= set(fetched), fetched
        others = [url for url in fetched if not url.startswith(f"search/{locale}/")]
        assert sorted(others) == ["search/index." + locale + ".json", "search/search_index.json"], fetched
        assert any(url.startswith(f"search/{locale}/terms/") for url in fetched), fetched
    finally:
        tab.page.close()
    assert tab.console_errors == []
    shared = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert shared["docs"] == [] and "separator" in shared["config"]
    assert shared["config"]["locales"] == list(LOCALES)


def test_each_locale_index_holds_its_sections_and_the_pages_that_fall_back_to_english(site):
    english = {d["location"].split("#")[0] for d in _sections(site, DEFAULT_LOCALE)}
    for locale in LOCALES[1:]:
        locations = [d["location"] for d in _sections(site, locale)]
        assert all(loc.startswith(PREFIX[locale]) for loc in locations), [x for x in locations if not x.startswith(PREFIX[locale])][:5]
        pages = {loc.split("#")[0] for loc in locations}
        assert {PREFIX[locale] + page for page in english} <= pages  # every page, translated or not


def test_the_build_logs_each_locales_index_size(tmp_path, caplog):
    (tmp_path / "search").mkdir()
    docs = [
        {"location": "", "title": "Home", "text": "<p>verified output</p>"},
        {"location": "zh/", "title": "首页", "text": "<p>\u200b验证\u200b输出\u200b</p>"},
        {"location": "faq/", "title": "FAQ", "text": "<p>only in English</p>"},
    ]
    (tmp_path / "search/search_index.json").write_text(json.dumps({"config": {"separator": "[\\s]+"}, "docs": docs}), encoding="utf-8")
    for page in ("zh/faq", "ko/faq", "ko"):
        (tmp_path / page).mkdir(parents=True, exist_ok=True)
        (tmp_path / page / "index.html").write_text("", encoding="utf-8")

    class Config(dict):
        plugins: dict = {}
        site_dir = str(tmp_path)

    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.search_index"):
        search_index.on_post_build(Config())
    assert re.search(r"en 2 sections: index .*KiB gzip.*term files.*text files.*zh 2 sections.*ko 2 sections", caplog.text), caplog.text
    assert [d["location"] for d in _sections(tmp_path, "zh")] == ["zh/", "zh/faq/"]
    assert _sections(tmp_path, "zh")[0]["text"] == "<p>验证输出</p>"


# ------------------------------------------------------ however text arrives


@pytest.mark.browser
@pytest.mark.parametrize("how", ["insert", "paste", "composition"])
@pytest.mark.parametrize("locale", ["en", "zh"])
def test_search_starts_without_a_key_event(tabs, how, locale):
    query = {"en": "IndexError: Target 2 is out of bounds.", "zh": "梯度累积"}[locale]
    assert _results(tabs(locale), query, how=how), f"no results after {how}"


# ------------------------------------------- lunr's best results, sooner

# Queries in lunr's syntax: words, prefixes, several words, required and
# prohibited terms, a field, a boost, a fuzzy word, only prohibited terms,
# and words no section has.
LUNR_QUERIES = [
    "model",
    "the",
    "error",
    "mod*",
    "to*",
    "cuda out of memory",
    "padding token attention",
    "+model -tokenizer",
    "+padding +token",
    "title:padding",
    "text:gradient accumulation",
    "padding^10 token",
    "modle~1",
    "-model",
    "+zzzqx model",
    "zzzqx",
    "out of* memory",
]
NOTHING_FOUND = ["the", "+zzzqx model", "zzzqx"]

# In the search worker: a lunr index of the given sections (title and text,
# with word positions kept so that match data is not empty), then each query
# through lunr's own Index#query, cut to `limit`, and through topResults.
# Building it replaces the worker's own index: the tab is closed after.
COMPARE_WITH_LUNR = """([sections, queries, limit]) => {
  const index = lunr(function () {
    this.ref("location")
    this.field("title", {boost: 1000})
    this.field("text")
    this.metadataWhitelist = ["position"]
    sections.forEach(section => this.add(section))
  })
  const plain = results => results.map(r => [r.ref, r.score, JSON.stringify(r.matchData.metadata)])
  return queries.map(query => {
    const build = q => new lunr.QueryParser(query, q).parse()
    return [query, plain(lunr.Index.prototype.query.call(index, build).slice(0, limit)),
            plain(self.i18nSearch.topResults(index, build, limit))]
  })
}"""


@pytest.mark.browser
@pytest.mark.parametrize("limit", [60, 3])
def test_the_search_box_gets_lunrs_own_best_results(browser, server, site, limit):
    """The worker scores only what a reader is shown (topResults); for every
    kind of query it must give what lunr's full query gives, cut to the
    same length: the same sections, in the same order, with the same scores
    and match data (which the highlighted words come from)."""
    sections = [{"location": d["location"], "title": d["title"], "text": re.sub(r"<[^>]*>", " ", d["text"])} for d in _sections(site, "en")]
    tab = Reader(browser, server)
    try:
        tab.open(PREFIX["en"])
        workers = [w for w in tab.page.workers if "i18n-search" in w.url]
        assert workers, "the page started no search worker"
        worker = workers[0]
        compared = worker.evaluate(COMPARE_WITH_LUNR, [sections, LUNR_QUERIES, limit])
    finally:
        tab.page.close()
    for query, expected, actual in compared:
        assert actual == expected, query
    # Compared on something: only a stop word and a word no page has find nothing.
    assert [query for query, expected, _ in compared if not expected] == NOTHING_FOUND


# ------------------------------------------- answered before files arrive


@contextlib.contextmanager
def _held(tab: Reader, locale: str, kinds: tuple[str, ...]):
    """The locale's term or text files held back (their requests wait) while
    the block runs, let through after it; the files that were asked for."""
    held: list = []
    patterns = [f"**/search/{locale}/{kind}/*.json" for kind in kinds]
    for pattern in patterns:
        tab.page.route(pattern, lambda route: held.append(route))
    try:
        yield held
    finally:
        for pattern in patterns:
            tab.page.unroute(pattern)
        for route in held:
            with contextlib.suppress(Exception):  # the page may be gone
                route.continue_()


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_a_pasted_catalogued_error_is_answered_before_any_index_file_arrives(browser, server, locale):
    """Its sections come first whatever the rest of the index holds, so they
    are shown while the term files (and texts) are still on their way."""
    line = "IndexError: Target 2 is out of bounds."
    expected = {_in_locale(url, locale) for url in _exact_first(line)}
    tab = Reader(browser, server)
    try:
        tab.open(PREFIX[locale])
        with _held(tab, locale, ("terms", "texts")) as held:
            early = _results(tab, line)
            asked = [route.request.url for route in held]
        assert _first_section(early) in expected, early[:2]
        assert any("/terms/" in url for url in asked), "the query asked for no term file: nothing was held back"
        # When the files arrive, the full answer adds the rest below, the same section first.
        tab.page.wait_for_function(f"document.querySelectorAll('.md-search-result__list > li').length > {len(early)}", timeout=8000)
        assert _first_section(_current_results(tab)) == _first_section(early)
    finally:
        tab.page.close()


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "query", "expected", "phrase"), COMPOUNDS, ids=[q for _, q, _, _ in COMPOUNDS])
def test_a_glossary_compound_is_ranked_without_waiting_for_section_texts(browser, server, locale, query, expected, phrase):
    """The term files say which sections hold a glossary name as written:
    the compound's section comes first before any section text is in."""
    tab = Reader(browser, server)
    try:
        tab.open(PREFIX[locale])
        with _held(tab, locale, ("texts",)):
            assert _first_section(_results(tab, query)) == expected
    finally:
        tab.page.close()


# ------------------------------------------------ the index in its pieces


def _postings(site: Path, locale: str) -> dict[tuple[str, str], tuple[int, dict[int, int]]]:
    """(field, term) -> (the term file it is in, {section number: count})."""
    index, out = _index(site, locale), {}
    for number in range(index["buckets"]):
        data = json.loads((site / f"search/{locale}/terms/{number}.json").read_text(encoding="utf-8"))
        for field, found in data.items():
            if field == "phrase":  # the glossary's names: test_each_glossary_name_lists_the_sections_holding_it
                continue
            for term, postings in found.items():
                assert (field, term) not in out, (locale, field, term)
                out[field, term] = (number, dict(search_index.decode_postings(postings)))
    return out


@pytest.mark.parametrize("locale", LOCALES)
def test_every_term_of_every_section_is_in_its_term_file_with_its_count(site, locale):
    """What the worker relies on: a term's postings are complete and in the
    file its first two characters name (or listed under its first one)."""
    index = _index(site, locale)
    shared = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    tokenizer = search_index.Tokenizer(shared["config"]["separator"], set(index["words"]))
    postings = _postings(site, locale)
    expected: dict[tuple[str, str], dict[int, int]] = {}
    for number, section in enumerate(_sections(site, locale)):
        for field in ("title", "text"):
            for term in tokenizer.terms(section[field]):
                counts = expected.setdefault((field, term), {})
                counts[number] = counts.get(number, 0) + 1
    assert set(postings) == set(expected)
    for (field, term), (bucket, counts) in postings.items():
        assert counts == expected[field, term], (field, term)
        assert bucket == search_index.bucket_of(search_index.term_key(term), index["buckets"]), term
        assert bucket in index["first"][term[:1]], term


def _as_the_worker_reads(section: dict) -> str:
    """A section as the worker looks for a phrase in it (its plain()): tags
    out, four entities decoded, lower case, spaces as one."""
    text = re.sub(r"<[^>]*>", "", section["title"] + " \n " + section["text"])
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    return re.sub(r"\s+", " ", text.lower())


@pytest.mark.parametrize("locale", LOCALES)
def test_each_glossary_name_lists_the_sections_holding_it(site, locale):
    """What lets a glossary query be ranked before any section text is in:
    every name and expansion of the locale's glossary, in the term file its
    first two characters name, with exactly the sections that hold it as written."""
    index = _index(site, locale)
    names = {re.sub(r"\s+", " ", n.lower()) for g in index["glossary"] for n in g["names"] + g["add"] if len(n) > 1}
    texts = [_as_the_worker_reads(section) for section in _sections(site, locale)]
    expected = {name: {i for i, text in enumerate(texts) if name in text} for name in names}
    listed: dict[str, set[int]] = {}
    for number in range(index["buckets"]):
        data = json.loads((site / f"search/{locale}/terms/{number}.json").read_text(encoding="utf-8"))
        for name, postings in data.get("phrase", {}).items():
            assert number == search_index.bucket_of(search_index.term_key(name), index["buckets"]), name
            listed[name] = {section for section, _ in search_index.decode_postings(postings)}
    assert listed == {name: found for name, found in expected.items() if found}
    assert len(listed) >= 10, "the glossary's terms are on the site's pages: so few listed means none were looked for"


def test_postings_and_term_files_round_trip():
    postings = [(0, 1), (1, 3), (7, 1), (120, 12)]
    assert search_index.encode_postings(postings) == "0,0:3,5,112:12"
    assert search_index.decode_postings(search_index.encode_postings(postings)) == postings
    assert search_index.term_key("padding") == "pa" and search_index.term_key("梯度累积") == "梯度"
    # FNV-1a, 32 bits, over UTF-16 code units: the worker's bucketOf computes the same.
    assert search_index.bucket_of("a", 1 << 32) == 0xE40C292C


def test_the_tokenizer_splits_as_materials_separator_does(site):
    separator = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["config"]["separator"]
    tokenizer = search_index.Tokenizer(separator, {"梯度", "累积"})
    assert tokenizer.terms("<p>AutoTokenizer.from_pretrained(x) 梯度累积</p>") == [
        "auto",
        "tokenizer",
        "from_pretrained",
        "x",
        "梯度",
        "累积",
    ]
    assert tokenizer.terms("<code>1.5</code> &lt;module&gt;") == ["1.5", "module"]


# Endings the worker strips from a Korean query word (its PARTICLES, the common ones).
KOREAN_ENDING = re.compile(r"(?:[이가을를은는의에로와과도만나랑]|에서|으로|에게|까지|부터|처럼|보다)$")


def _distinctive_terms(site: Path, locale: str, how_many: int) -> list[tuple[str, str]]:
    """(section, word) pairs spread over the index: a word of the section's
    text that no other section has, not even as the start of a longer word
    (a query word is a prefix), so that the section is the one found."""
    postings = _postings(site, locale)
    listed = _sections(site, locale)
    holders: dict[str, set[int]] = {}
    for (_, term), (_, counts) in postings.items():
        holders.setdefault(term, set()).update(counts)
    ordered = sorted(holders)
    by_section: dict[int, list[tuple[int, str]]] = {}
    for i, term in enumerate(ordered):
        if not re.fullmatch(r"[a-z]{6,}|[\u3400-\u9fff]{2,}|[\uac00-\ud7a3]{3,}", term) or len(holders[term]) != 1:
            continue
        if KOREAN_ENDING.search(term):  # the worker searches 호출을 as 호출, which many sections have
            continue
        longer = ordered[i + 1 : i + 2]
        if longer and longer[0].startswith(term):
            continue
        (number,) = holders[term]
        by_section.setdefault(number, []).append((len(term), term))
    numbers = sorted(by_section)
    picked = numbers[:: max(1, len(numbers) // how_many)][:how_many]
    return [(listed[n]["location"], max(by_section[n])[1]) for n in picked]


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_sections_are_found_by_their_words_with_excerpts_from_their_text(site, tabs, locale):
    texts = _texts(site, locale)
    for location, word in _distinctive_terms(site, locale, 6):
        tab = tabs(locale)
        groups = _results(tab, word)
        links = [_address(link) for group in groups for link in group]
        assert location in links, (word, location, links[:5])
        # The section's own result shows an excerpt of its text with the word marked
        # (as the query has it: a Korean particle is left out, 호출을 -> 호출).
        # Titles come first; excerpts follow as their texts arrive.
        with contextlib.suppress(PlaywrightTimeout):  # none at all is what the asserts below report
            tab.page.wait_for_function(
                """([base, location]) => Array.from(document.querySelectorAll(".md-search-result__list a.md-search-result__link"))
                     .some(a => a.href.replace(/\\?h=[^#]*/, "") === base + location
                                && a.querySelector("article").innerHTML.includes("<mark>"))""",
                arg=[tab.base, location],
                timeout=8000,
            )
        shown = tab.page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", "els => els.map(a => [a.href, a.querySelector('article').innerHTML])"
        )
        teasers = [html for href, html in shown if _address(href.removeprefix(tab.base)) == location]
        assert teasers, (word, location)
        marks = [m.lower() for html in teasers for m in re.findall(r"<mark>(.*?)</mark>", html)]
        assert any(m in word or word in m for m in marks), (word, teasers)
        text = re.sub(r"\s+", " ", texts[location].lower())
        assert all(m in text for m in marks), (word, marks)
