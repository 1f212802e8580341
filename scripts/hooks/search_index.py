"""MkDocs hook: the site search, one index per locale, in pieces a reader
downloads only as their queries need them.

After mkdocs-static-i18n has merged every locale into one index
(search/search_index.json), it is split up again per locale: the locale's
sections, plus the English sections of pages that have no translation in it
(the site shows those pages in English under the locale's prefix, and the
index points there). Each locale's index is then written in parts:

- `search/index.<locale>.json`, fetched when search starts: every section's
  address and title, the Chinese `words`, the `glossary`, and where the
  postings of a term are (`buckets`, `first`);
- `search/<locale>/terms/<n>.json`, fetched for the words of a query: each
  term's postings, per field (title, text), as the sections it is in and how
  often. A term's bucket is a hash of its first two characters, so a query
  word (Material makes each one a prefix) needs one bucket, a one-character
  word those listed under `first`. Postings are complete, so the search
  worker scores exactly as lunr scores the whole index;
  A term file also holds, under `phrase`, the glossary's names whose first
  two characters hash to it (lower case, spaces as one) with the sections
  that contain them as written: a glossary query is ranked with one
  round trip, without waiting for section texts;
- `search/<locale>/texts/<n>.json`, fetched for the sections a result
  shows: the texts of a run of consecutive sections (`texts` in the index
  lists the first section of each file), for excerpts and to check a
  compound or a glossary term as written;
- `search/search_index.json`: what Material's page script fetches on every
  page: the index configuration (with the site's `locales`) and no sections.

The search worker wrapper (overrides/assets/javascripts/workers/i18n-search.js)
puts the pieces together. Terms are made as Material's tokenizer makes them
(the plugin's separator, HTML tags left out, lower case, Chinese split into
the words listed); the worker runs them through lunr's pipeline as it loads
them.

Text is stored as the page shows it: no zero-width spaces (Material's jieba
segmentation puts them between Chinese words; they would show in excerpts).
`words` are the Chinese words of the locale's text (jieba's accurate mode,
compounds tiled by the dictionary words in them, so that 排除 finds 故障排除):
text and queries are split into these words, longest first. Korean needs no
words: the wrapper strips particles from query words and prefix matching
finds every form.

The `glossary` comes from the translators' terminology list
(scripts/i18n/glossary.yml, its keys `en`, `zh`, `ko`, `zh_reject`,
`ko_reject` and an optional `search` list of further names readers search
for): a query that names a concept in any of its forms is expanded with the
locale's term and the English one (显存不足 -> out of memory, 设备端断言 ->
device-side assert, 패딩 -> padding).

Sizes are logged per locale, raw and gzip-compressed: what search fetches
when it starts, and all of the term and page files together."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import shutil
from collections import Counter, defaultdict
from pathlib import Path

import jieba
import yaml
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from scripts.project import DEFAULT_LOCALE, LOCALES, REPO_ROOT, is_nested_locale_build

log = logging.getLogger("mkdocs.hooks.search_index")
jieba.setLogLevel(logging.WARNING)

GLOSSARY = REPO_ROOT / "scripts" / "i18n" / "glossary.yml"
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
        for key in LOCALES:
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


def glossary_phrases(groups: list[dict]) -> list[str]:
    """Every name and expansion of the locale's glossary groups as the worker
    compares them with a section's text: lower case, spaces as one."""
    names = (name for group in groups for name in [*group["names"], *group["add"]])
    return sorted({squash(name) for name in names if len(name) > 1})


# --------------------------------------------------------------------- split


def _locale_of(location: str) -> str:
    head = location.split("/", 1)[0]
    return head if head in LOCALES and head != DEFAULT_LOCALE else DEFAULT_LOCALE


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
        if locale == DEFAULT_LOCALE:
            continue
        prefix = f"{locale}/"
        translated = {_page_of(d["location"])[len(prefix) :] for d in by_locale[locale]}
        fallback = []
        for doc in by_locale[DEFAULT_LOCALE]:
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


# ------------------------------------------------------------------ terms

# JavaScript's \s: the separator is a JavaScript pattern, matched here with
# Python's ASCII rules (as JavaScript's \b and \w are) but JavaScript's spaces.
JS_SPACE = r"\t\n\v\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
TAG = re.compile(r"<[^>]*>")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower())


def plain_text(title: str, html: str) -> str:
    """A section as the worker searches it for a phrase as written: title and
    text without tags, entities decoded, lower case, spaces as one."""
    text = TAG.sub("", title + " \n " + html)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    return squash(text)


def js_separator(pattern: str) -> re.Pattern:
    return re.compile(pattern.replace(r"\s", JS_SPACE), re.ASCII)


class Tokenizer:
    """Terms as Material's tokenizer makes them from a field's HTML: the text
    between tags, split by the separator, Chinese runs split into the words
    the index lists (longest first, as the worker splits queries), lower case."""

    def __init__(self, separator: str, words: set[str]):
        self.separator = js_separator(separator)
        self.words = words
        self.longest = max(map(len, words), default=1)

    def _han(self, run: str) -> list[str]:
        out, start = [], 0
        while start < len(run):
            end = min(len(run), start + self.longest)
            while end > start + 1 and run[start:end] not in self.words:
                end -= 1
            out.append(run[start:end])
            start = end
        return out

    def _segment(self, piece: str) -> list[str]:
        out, last = [], 0
        for match in HAN_RUN.finditer(piece):
            if match.start() > last:
                out.append(piece[last : match.start()])
            out += self._han(match.group(0))
            last = match.end()
        if last < len(piece):
            out.append(piece[last:])
        return out

    def terms(self, html: str) -> list[str]:
        out = []
        for text in TAG.split(html):
            last = 0
            for match in [*self.separator.finditer(text), None]:
                until = match.start() if match else len(text)
                if last < until:
                    piece = text[last:until]
                    out += self._segment(piece) if HAN_RUN.search(piece) else [piece]
                if match:
                    last = match.end()
        return [term.lower() for term in out]


def term_key(term: str) -> str:
    """What decides a term's bucket: its first two characters (UTF-16 code
    units, as JavaScript counts them)."""
    units = term.encode("utf-16-le")[:4]
    return units.decode("utf-16-le", errors="surrogatepass")


def bucket_of(key: str, buckets: int) -> int:
    """FNV-1a over the key's UTF-16 code units; the worker computes the same."""
    digest = 0x811C9DC5
    data = key.encode("utf-16-le", errors="surrogatepass")
    for i in range(0, len(data), 2):
        digest = ((digest ^ (data[i] | data[i + 1] << 8)) * 0x01000193) & 0xFFFFFFFF
    return digest % buckets


def encode_postings(postings: list[tuple[int, int]]) -> str:
    """Sections (ascending) and counts as "gap[:count]", comma-separated: the
    gap is how many section numbers were skipped, the count left out when 1."""
    parts, previous = [], -1
    for section, count in postings:
        parts.append(f"{section - previous - 1}" + (f":{count}" if count > 1 else ""))
        previous = section
    return ",".join(parts)


def decode_postings(text: str) -> list[tuple[int, int]]:
    out, previous = [], -1
    for part in text.split(",") if text else []:
        gap, _, count = part.partition(":")
        previous += int(gap) + 1
        out.append((previous, int(count or 1)))
    return out


# Postings per bucket, before compression: small enough that a query word
# fetches little, large enough that a pasted line does not fetch hundreds.
BUCKET_BYTES = 6000
# Section texts per file: a result fetches little beyond the sections it shows.
TEXT_BYTES = 4000


def locale_index(docs: list[dict], locale: str, concepts: list[dict], separator: str) -> dict:
    """The locale's index in its parts: {"index": what search fetches first,
    "terms": [bucket, ...], "texts": [[section text, ...] per text file]}."""
    docs = [clean(d) for d in docs]
    words = chinese_words(d["title"] + "\n" + d["text"] for d in docs)
    for concept in concepts:  # glossary terms split the same way as the text
        words |= chinese_words([concept["zh"], *concept["zh_reject"], *concept["search"]])
    pages: dict[str, list[dict]] = {}
    for doc in docs:  # a page's sections together, in the order the site lists them
        pages.setdefault(_page_of(doc["location"]), []).append(doc)
    tokenizer = Tokenizer(separator, words)
    postings: dict[str, dict[str, list]] = {"title": defaultdict(list), "text": defaultdict(list)}
    listed, texts, section = [], [], 0
    for path, sections in pages.items():
        listed.append([path, [[d["location"][len(path) + 1 :], d["title"]] for d in sections]])
        texts += [d["text"] for d in sections]
        for doc in sections:
            for field in postings:
                for term, count in sorted(Counter(tokenizer.terms(doc[field])).items()):
                    postings[field][term].append((section, count))
            section += 1
    groups = glossary_for(locale, concepts)
    phrases = glossary_phrases(groups)
    holders: dict[str, list] = defaultdict(list)
    for number, doc in enumerate(doc for sections in pages.values() for doc in sections):
        text = plain_text(doc["title"], doc["text"])
        for phrase in phrases:
            if phrase in text:
                holders[phrase].append((number, 1))
    encoded = {field: {term: encode_postings(p) for term, p in sorted(found.items())} for field, found in postings.items()}
    size = sum(len(term) + len(p) + 6 for found in encoded.values() for term, p in found.items())
    buckets = max(1, round(size / BUCKET_BYTES))
    terms: list[dict] = [{field: {} for field in encoded} for _ in range(buckets)]
    first: dict[str, set[int]] = defaultdict(set)
    for field, found in encoded.items():
        for term, p in found.items():
            key = term_key(term)
            bucket = bucket_of(key, buckets)
            terms[bucket][field][term] = p
            first[key[:1]].add(bucket)
    for phrase, found in sorted(holders.items()):
        bucket = terms[bucket_of(term_key(phrase), buckets)]
        bucket.setdefault("phrase", {})[phrase] = encode_postings(found)
    files, starts = [], []
    for number, text in enumerate(texts):
        if not files or sum(map(len, files[-1])) + len(text) > TEXT_BYTES:
            files.append([])
            starts.append(number)
        files[-1].append(text)
    index = {
        "sections": section,
        "pages": listed,
        "texts": starts,
        "buckets": buckets,
        "first": {char: sorted(found) for char, found in sorted(first.items())},
        "words": sorted(words),
        "glossary": groups,
    }
    return {"index": index, "terms": terms, "texts": files}


def _dump(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _kib(data: list[bytes]) -> str:
    raw = sum(map(len, data)) / 1024
    packed = sum(len(gzip.compress(d)) for d in data) / 1024
    return f"{raw:.0f} KiB ({packed:.0f} KiB gzip)"


def write_locale(search_dir: str, locale: str, parts: dict) -> str:
    """Write a locale's parts; the sizes, for the build log."""
    index = _dump(parts["index"])
    terms = [_dump(bucket) for bucket in parts["terms"]]
    texts = [_dump(chunk) for chunk in parts["texts"]]
    folder = os.path.join(search_dir, locale)
    shutil.rmtree(folder, ignore_errors=True)  # no bucket of an earlier build left behind
    for name, files in (("terms", terms), ("texts", texts)):
        os.makedirs(os.path.join(folder, name))
        for number, data in enumerate(files):
            with open(os.path.join(folder, name, f"{number}.json"), "wb") as handle:
                handle.write(data)
    with open(os.path.join(search_dir, f"index.{locale}.json"), "wb") as handle:
        handle.write(index)
    return (
        f"{locale} {parts['index']['sections']} sections: index {_kib([index])},"
        f" {len(terms)} term files {_kib(terms)}, {len(texts)} text files {_kib(texts)}"
    )


def read_sections(site_dir: str | Path, locale: str) -> list[dict]:
    """A built site's sections for a locale, in index order, each as
    {location, title, text}: what the worker puts together from the parts."""
    search_dir = Path(site_dir) / "search"
    index = json.loads((search_dir / f"index.{locale}.json").read_text(encoding="utf-8"))
    texts = []
    for number in range(len(index["texts"])):
        path = search_dir / locale / "texts" / f"{number}.json"
        chunk = json.loads(path.read_text(encoding="utf-8"))
        if len(texts) != index["texts"][number]:
            raise ValueError(f"{path}: starts at section {len(texts)}, the index says {index['texts'][number]}")
        texts += chunk
    out = []
    for path, listed in index["pages"]:
        for anchor, title in listed:
            out.append({"location": path + (f"#{anchor}" if anchor else ""), "title": title})
    if len(texts) != len(out):
        raise ValueError(f"{search_dir / locale / 'texts'}: {len(texts)} texts for {len(out)} sections")
    for section, text in zip(out, texts, strict=True):
        section["text"] = text
    return out


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the locales
def on_post_build(config):
    if is_nested_locale_build(config):
        return  # a nested per-locale build; the merged index comes later
    search_dir = os.path.join(config.site_dir, "search")
    path = os.path.join(search_dir, "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as handle:
        merged = json.load(handle)
    concepts = load_glossary()
    separator = merged["config"]["separator"]
    sizes = []
    for locale, docs in split_by_locale(merged["docs"], config.site_dir).items():
        sizes.append(write_locale(search_dir, locale, locale_index(docs, locale, concepts, separator)))
    # The worker learns the locales here: they are listed once, in mkdocs.yml.
    stub = _dump({"config": {**merged["config"], "locales": list(LOCALES), "default_locale": DEFAULT_LOCALE}, "docs": []})
    with open(path, "wb") as handle:
        handle.write(stub)
    log.info("search index per locale: %s; shared stub %d bytes", "; ".join(sizes), len(stub))
