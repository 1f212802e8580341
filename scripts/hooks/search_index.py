"""MkDocs hook: makes the merged search index work for Chinese.

Material segments Chinese with jieba's accurate mode, which keeps compounds
such as 故障排除 or 显存不足 whole; the browser matches query words only as
prefixes of indexed words, so 排除 or 不足 would find nothing. After
mkdocs-static-i18n has merged every locale into one index, each long Chinese
word is split into the dictionary words that tile it (jieba's search mode),
so both the compound and its parts are found.

Korean needs nothing here: the search worker wrapper strips particles from
query words (메모리가 -> 메모리) and prefix matching finds every form."""

from __future__ import annotations

import json
import logging
import os
import re

import jieba
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.search_index")
jieba.setLogLevel(logging.WARNING)

ZWSP = "\u200b"
HAN_WORD = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{3,}")


def split_compound(word: str) -> list[str]:
    """Tile `word` with the longest shorter dictionary words jieba knows, from
    left to right; keep it whole when no full tiling exists."""
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


def segment_finer(text: str) -> str:
    return HAN_WORD.sub(lambda m: ZWSP.join(split_compound(m.group())), text)


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


@event_priority(-200)  # after mkdocs-static-i18n (-100) has merged the locales
def on_post_build(config):
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return  # a nested per-locale build; the merged index comes later
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if not os.path.exists(path):
        return
    with open(path, encoding="utf-8") as handle:
        index = json.load(handle)
    for doc in index["docs"]:
        doc["title"] = segment_finer(doc["title"])
        doc["text"] = segment_finer(drop_repeated_lines(doc["text"]))
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
    log.info("search index: %d entries, %d KiB", len(index["docs"]), os.path.getsize(path) // 1024)
