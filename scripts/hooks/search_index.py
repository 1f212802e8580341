"""MkDocs hook: one search index per locale, with what the browser needs to
search Chinese and Korean.

After mkdocs-static-i18n has merged every locale into one index
(search/search_index.json), it is split up again, so that a reader downloads
only their own locale's sections:

- `search/index.<locale>.json`: the locale's sections, plus the English
  sections of pages that have no translation in it (the site shows those
  pages in English under the locale's prefix, and the index points there);
- `search/search_index.json`: what Material's page script fetches on every
  page: the index configuration and no sections. The search worker wrapper
  (overrides/assets/javascripts/workers/i18n-search.js) replaces them with
  the reader's locale's file before the index is built.

Text is stored as the page shows it: no zero-width spaces (Material's jieba
segmentation puts them between Chinese words; they would show in excerpts).
Instead each file lists `words`, the Chinese words of its text (jieba's
accurate mode, compounds tiled by the dictionary words in them, so that 排除
finds 故障排除): the worker splits Chinese text and queries into these words,
longest first. Korean needs no words: the wrapper strips particles from query
words and prefix matching finds every form.

Each file also carries the locale's `glossary`, from the translators'
terminology list (scripts/i18n/glossary.yml, its keys `en`, `zh`, `ko`,
`zh_reject`, `ko_reject` and an optional `search` list of further names
readers search for): a query that names a concept in any of its forms is
expanded with the locale's term and the English one (显存不足 -> out of
memory, 设备端断言 -> device-side assert, 패딩 -> padding).

Sizes are logged per locale, raw and gzip-compressed."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from scripts.project import REPO_ROOT, is_nested_locale_build

log = logging.getLogger("mkdocs.hooks.search_index")
jieba.setLogLevel(logging.WARNING)

GLOSSARY = REPO_ROOT / "scripts" / "i18n" / "glossary.yml"
LOCALES = ("en", "zh", "ko")
DEFAULT = "en"
ZWSP = "\u200b"
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")


def split_compound(word: str) -> list[str]:
    """Tile `word` with the longest shorter dictionary words jieba knows, from
    left to right; keep it whole when no full tiling exists."""
    if len(word) < 3:
        return [word]
    parts = {p for p in jieba.cut_for_search(word) if 1 < len(p) < len(word)}
    tiles, start = [], 0
    while start < len(word):
        for end in range(len(word), start, -1):
            piece = word[start:end]
            if piece in parts or end - start == 1:
                tiles.append(piece)
                start = end
                break
    return tiles if any(len(t) > 1 for t in tiles) and len(tiles) > 1 else [word]


def chinese_words(texts) -> set[str]:
    """The Chinese words (two characters or more) the texts are made of."""
    words: set[str] = set()
    for text in texts:
        for run in HAN_RUN.findall(text):
            for word in jieba.cut(run):
                words.update(tile for tile in split_compound(word) if len(tile) > 1)
    return words


def drop_repeated_lines(text: str) -> str:
    """Keep the first of identical lines. Retry logs and progress lines repeat
    one message many times; every copy would dilute the section's relevance for
    the words that matter, and none adds a word to search for."""
    seen: set[str] = set()
    kept = []
    for line in text.split("\n"):
        key = line.strip()
        if len(key) > 20 and key in seen:
            continue
        seen.add(key)
        kept.append(line)
    return "\n".join(kept)


# ------------------------------------------------------------------ glossary


class _LineLoader(yaml.SafeLoader):
    """Keeps the line each mapping starts on, for messages that name it."""


def _mapping_with_line(loader, node):
    mapping = loader.construct_mapping(node, deep=True)
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _strings(entry: dict, key: str, where: str) -> list[str]:
    value = entry.get(key)
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PluginError(f"{where}: `{key}` must be a term or a list of terms")
    return [v.strip() for v in value]


def load_glossary(path: Path = GLOSSARY) -> list[dict]:
    """The glossary's concepts: {en, zh, ko, zh_reject, ko_reject, search}.
    Bad input stops the build with the file and line."""
    if not path.exists():
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise PluginError(f"{path}{line}: not valid YAML: {getattr(error, 'problem', error)}") from None
    terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(terms, list):
        raise PluginError(f"{path}:1: expected a `terms:` list")
    concepts = []
    for entry in terms:
        if not isinstance(entry, dict):
            raise PluginError(f"{path}: every item under `terms:` must be a mapping")
        where = f"{path}:{entry.get('__line__', '?')}"
        concept = {}
        for key in ("en", "zh", "ko"):
            values = _strings(entry, key, where)
            if len(values) != 1:
                raise PluginError(f"{where}: `{key}` must be one term")
            concept[key] = values[0]
        # "out of memory (CUDA out of memory)": what follows the term in brackets is a note.
        concept["en"] = re.sub(r"\s*\(.*$", "", concept["en"]) or concept["en"]
        for key in ("zh_reject", "ko_reject", "search"):
            concept[key] = _strings(entry, key, where)
        concepts.append(concept)
    return concepts


def glossary_for(locale: str, concepts: list[dict]) -> list[dict]:
    """Per concept: the forms that name it in a query (any locale's term, the
    variants the translators reject, the extra search names) and what the
    query is expanded with (the locale's term, the English term)."""
    groups = []
    for concept in concepts:
        names = [concept["en"], concept["zh"], concept["ko"], *concept["zh_reject"], *concept["ko_reject"], *concept["search"]]
        add = [concept[locale], concept["en"]]
        names = list(dict.fromkeys(n for n in names if n))
        add = list(dict.fromkeys(add))
        if len(names) > 1:
            groups.append({"names": names, "add": add})
    return groups


# --------------------------------------------------------------------- split


def _locale_of(location: str) -> str:
    head = location.split("/", 1)[0]
    return head if head in LOCALES and head != DEFAULT else DEFAULT


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def split_by_locale(docs: list[dict], site_dir: str) -> dict[str, list[dict]]:
    """Each locale's sections; a page with no translation in a locale is
    indexed there with its English sections, at the locale's address for it
    when the site has one (the fallback page)."""
    by_locale: dict[str, list[dict]] = {locale: [] for locale in LOCALES}
    for doc in docs:
        by_locale[_locale_of(doc["location"])].append(doc)
    for locale in LOCALES:
        if locale == DEFAULT:
            continue
        prefix = f"{locale}/"
        translated = {_page_of(d["location"])[len(prefix) :] for d in by_locale[locale]}
        fallback = []
        for doc in by_locale[DEFAULT]:
            page = _page_of(doc["location"])
            if page in translated:
                continue
            exists = os.path.exists(os.path.join(site_dir, locale, page, "index.html"))
            fallback.append({**doc, "location": prefix + doc["location"]} if exists else doc)
        by_locale[locale] += fallback
    return by_locale


def clean(doc: dict) -> dict:
    out = dict(doc)
    out["title"] = doc["title"].replace(ZWSP, "")
    out["text"] = drop_repeated_lines(doc["text"].replace(ZWSP, ""))
    return out


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def locale_index(docs: list[dict], locale: str, concepts: list[dict]) -> dict:
    docs = [clean(d) for d in docs]
    words = chinese_words(d["title"] + "\n" + d["text"] for d in docs)
    for concept in concepts:  # glossary terms split the same way as the text
        words |= chinese_words([concept["zh"], *concept["zh_reject"], *concept["search"]])
    return {"docs": docs, "words": sorted(words), "glossary": glossary_for(locale, concepts)}


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the locales
def on_post_build(config):
    if is_nested_locale_build(config):
        return  # a nested per-locale build; the merged index comes later
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as handle:
        merged = json.load(handle)
    concepts = load_glossary()
    sizes = []
    for locale, docs in split_by_locale(merged["docs"], config.site_dir).items():
        data = _dump(locale_index(docs, locale, concepts))
        with open(os.path.join(config.site_dir, "search", f"index.{locale}.json"), "wb") as handle:
            handle.write(data)
        sizes.append(f"{locale} {len(docs)} sections {len(data) / 1024:.0f} KiB ({len(gzip.compress(data)) / 1024:.0f} KiB gzip)")
    stub = _dump({"config": merged["config"], "docs": []})
    with open(path, "wb") as handle:
        handle.write(stub)
    log.info("search index per locale: %s; shared stub %d bytes", ", ".join(sizes), len(stub))
