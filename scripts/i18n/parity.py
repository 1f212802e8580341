"""Structure parity between an English page and its translations.

A translation must have the English page's sections (by explicit `{ #id }`), directives
(`!snippet`, `!not-runnable`, ..., the error index's marker), admonitions and images, in the
same order, and no English paragraphs left in it. Every finding names a file and line.

Pages are read by scripts/pages.py; what is compared here is written one per line by the
page conventions, and line numbers are what a translator needs.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scripts import pages
from scripts.pages import Page

# Directives whose quoted argument is reader-facing prose, so translations change it.
PROSE_ARGUMENT_DIRECTIVES = {"not-runnable"}
MARKDOWN_IMAGE = re.compile(r'!\[[^\]]*\]\(\s*<?(?P<src>[^)\s>]+)>?(?:\s+"[^"]*")?\s*\)')
HTML_IMAGE = re.compile(r"""<img\b[^>]*\bsrc=["'](?P<src>[^"']+)""")

# Untranslated-prose heuristic: any CJK/Hangul (or full-width punctuation) means translated.
CJK_OR_HANGUL = re.compile("[\u1100-\u11ff\u3000-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
NOT_PROSE = [
    re.compile(r"(`+).+?\1"),  # inline code: identifiers, error messages
    re.compile(r"!?\[[^\]]*\]\([^)]*\)|!?\[[^\]]*\]\[[^\]]*\]"),  # links: titles of English pages/papers
    re.compile(r"<[^>]+>|https?://\S+"),  # inline HTML, bare URLs
    re.compile(r"\{[^}]*\}|\[\^[^\]]+\]"),  # attribute lists, footnote references
    # A line that is an error message as Python prints it (the error index's titles): kept in English.
    re.compile(r"^[ \t]*(?:[A-Za-z_][\w.]*)?(?:Error|Exception|Warning|Exit|Interrupt)(?::.*)?$"),
]
LIST_OR_QUOTE_MARKER = re.compile(r"^[ \t]*(?:(?:[-*+]|\d+[.)]|>)[ \t]+)*")
ENGLISH_WORD = re.compile(r"^[(\"'“‘*_]*[A-Za-z]+(?:['’-][A-Za-z]+)*[)\"'”’*_.,;:!?]*$")
MIN_ENGLISH_WORDS = 6
# Put on a line that is English on purpose in a translation (a quoted message, a paper title).
KEEP_ENGLISH = "<!-- keep-english -->"


@dataclass(frozen=True)
class Finding:
    path: str  # as shown, e.g. 'docs/guide.zh.md'
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Item:
    """One structural element; `key` is what must match across locales."""

    key: str
    line: int
    level: int = 0  # heading level, for sections


@dataclass
class Structure:
    sections: list[Item] = field(default_factory=list)
    directives: list[Item] = field(default_factory=list)
    admonitions: list[Item] = field(default_factory=list)
    images: list[Item] = field(default_factory=list)
    headings_without_id: list[Item] = field(default_factory=list)  # key: heading text
    prose: list[Item] = field(default_factory=list)  # key: text a reader sees; line
    last_line: int = 1


def content_lines(page: Page):
    """(line number, line) for each body line outside code fences and HTML comments that is
    not a directive, and (line, prose) for each directive whose argument is prose, in line order."""
    found = [(line.number, line.text) for line in page.prose if not line.in_comment]
    found += [(d.line, d.args.strip().strip('"')) for d in page.directives if d.name in PROSE_ARGUMENT_DIRECTIVES]
    return sorted(found, key=lambda item: item[0])


def directive_key(directive) -> str:
    """What must match across locales: the name, and arguments that are not prose (a path)."""
    if directive.name == "error-index":
        return pages.ERROR_INDEX_MARKER
    args = " ".join(directive.args.split())
    return f"!{directive.name}" if directive.name in PROSE_ARGUMENT_DIRECTIVES or not args else f"!{directive.name} {args}"


def normalise_image(src: str) -> str:
    # static-i18n lets a translation use 'img.zh.png' where English has 'img.png'.
    return re.sub(r"\.(?:zh|ko)(\.\w+)$", r"\1", src)


def scan(page: Page) -> Structure:
    structure = Structure(last_line=page.last_line)
    for heading in page.headings:
        if heading.explicit:
            structure.sections.append(Item(heading.anchor, heading.line, heading.level))
        elif heading.level > 1:  # the H1 is the page title; sections (## and below) need ids
            structure.headings_without_id.append(Item(heading.text, heading.line, heading.level))
    structure.directives = [Item(directive_key(d), d.line) for d in page.directives]
    headings = {heading.line: heading for heading in page.headings}
    admonitions = {c.line: c for c in page.containers if c.kind == "admonition"}
    for line in page.prose:
        number, text = line.number, line.text
        if line.in_comment:
            continue
        if heading := headings.get(number):
            structure.prose.append(Item(heading.text, number))
        elif admonition := admonitions.get(number):
            structure.admonitions.append(Item(f"{admonition.marker} {admonition.type}", number))
            structure.prose.append(Item(admonition.title or "", number))
        elif re.match(r"^[ \t]*(?:\[[^\]]+\]:|\*\[)", text):
            continue  # link reference definitions and abbreviations are not prose
        else:
            for pattern in (MARKDOWN_IMAGE, HTML_IMAGE):
                for image in pattern.finditer(text):
                    structure.images.append(Item(normalise_image(image.group("src")), number))
            if KEEP_ENGLISH in text:
                continue
            if text.lstrip().startswith("|"):  # table: judge each cell on its own
                structure.prose.extend(Item(cell, number) for cell in text.split("|"))
            elif not text.lstrip().startswith("<"):  # HTML block lines
                structure.prose.append(Item(text, number))
    return structure


def looks_untranslated(text: str) -> bool:
    """English prose a reader would see: >= 6 plain English words, mostly words, no CJK/Hangul."""
    if CJK_OR_HANGUL.search(text):
        return False
    for pattern in NOT_PROSE:
        text = pattern.sub(" ", text)
    tokens = LIST_OR_QUOTE_MARKER.sub("", text).split()
    words = [token for token in tokens if ENGLISH_WORD.match(token)]
    return len(words) >= MIN_ENGLISH_WORDS and len(words) >= 0.7 * len(tokens)


def heading_id_findings(path: str, page: Page) -> list[Finding]:
    """Any locale: sections need explicit ids (anchors must be the same in every language)."""
    structure = scan(page)
    findings = [
        Finding(path, item.line, f"heading '{item.key}' has no explicit id; add {{ #some-id }}") for item in structure.headings_without_id
    ]
    first_seen: dict[str, int] = {}
    for item in structure.sections:
        if item.key in first_seen:
            findings.append(Finding(path, item.line, f"duplicate section id '{item.key}' (first at line {first_seen[item.key]})"))
        first_seen.setdefault(item.key, item.line)
    return findings


def compare_sequences(
    kind: str, english: list[Item], translation: list[Item], english_path: str, path: str, last_line: int
) -> list[Finding]:
    """Missing, extra and reordered items, located on the translation's lines."""
    english_keys, translated_keys = [i.key for i in english], [i.key for i in translation]
    missing: list[tuple[Item, int]] = []  # (English item, translation line where it belongs)
    extra: list[Item] = []
    opcodes = difflib.SequenceMatcher(None, english_keys, translated_keys, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag in ("delete", "replace"):
            where = translation[j1].line if j1 < len(translation) else last_line
            missing.extend((item, where) for item in english[i1:i2])
        if tag in ("insert", "replace"):
            extra.extend(translation[j1:j2])

    # An item both missing from its English position and extra elsewhere has moved.
    missing_by_key: dict[str, list[tuple[Item, int]]] = defaultdict(list)
    for item, where in missing:
        missing_by_key[item.key].append((item, where))
    findings = []
    for item in extra:
        if missing_by_key[item.key]:
            english_item, _ = missing_by_key[item.key].pop(0)
            index = english.index(english_item)
            after = f"after {kind} '{english[index - 1].key}'" if index else "first"
            findings.append(
                Finding(
                    path,
                    item.line,
                    f"{kind} '{item.key}' out of order (English has it {after}, at {english_path}:{english_item.line})",
                )
            )
        else:
            findings.append(Finding(path, item.line, f"{kind} '{item.key}' is not in the English page {english_path}"))
    for pairs in missing_by_key.values():
        findings += [
            Finding(path, where, f"{kind} '{item.key}' missing (English has it at {english_path}:{item.line})") for item, where in pairs
        ]
    return sorted(findings, key=lambda f: f.line)


def parity_findings(english_path: str, english_page: Page, path: str, page: Page) -> list[Finding]:
    """Everything that differs in structure between an English page and one translation."""
    english, translated = scan(english_page), scan(page)
    findings = heading_id_findings(path, page)
    for kind, attribute in [
        ("section", "sections"),
        ("directive", "directives"),
        ("admonition", "admonitions"),
        ("image", "images"),
    ]:
        findings += compare_sequences(
            kind, getattr(english, attribute), getattr(translated, attribute), english_path, path, translated.last_line
        )

    english_levels = {item.key: item for item in english.sections}
    for item in translated.sections:
        source = english_levels.get(item.key)
        if source and source.level != item.level:
            findings.append(
                Finding(
                    path,
                    item.line,
                    f"section '{item.key}' is a level-{item.level} heading here but level-{source.level} at {english_path}:{source.line}",
                )
            )

    for item in translated.prose:
        if looks_untranslated(item.key):
            excerpt = " ".join(item.key.split())
            excerpt = excerpt if len(excerpt) <= 70 else excerpt[:67] + "..."
            findings.append(Finding(path, item.line, f"untranslated English text: {excerpt!r}"))
    return sorted(findings, key=lambda f: f.line)


def check_translation(docs_root: Path, english: str, translation: str) -> list[Finding]:
    """Parity findings for docs-relative paths, shown as '<docs folder>/<path>'."""
    read = lambda rel: pages.read(docs_root / rel)  # noqa: E731
    return parity_findings(f"{docs_root.name}/{english}", read(english), f"{docs_root.name}/{translation}", read(translation))


def check_english(docs_root: Path, english: str) -> list[Finding]:
    return heading_id_findings(f"{docs_root.name}/{english}", pages.read(docs_root / english))


# --- glossary: one term per concept and locale (scripts/i18n/glossary.yml) -------------

GLOSSARY_PATH = Path(__file__).with_name("glossary.yml")
# Text the glossary check leaves alone: code spans, link targets, HTML, attribute lists, and
# quoted text (an error message, or a term mentioned rather than used).
NOT_CHECKED = [
    re.compile(r"(`+).+?\1"),
    re.compile(r"\]\([^)]*\)"),  # the target of a link; its visible text is checked
    re.compile(r"<[^>]+>|https?://\S+"),
    re.compile(r"\{[^}]*\}"),
    re.compile(r'"[^"\n]*"|“[^”\n]*”|「[^」\n]*」|『[^』\n]*』'),
]


@dataclass(frozen=True)
class Term:
    en: str
    preferred: str
    reject: tuple[str, ...]
    allow: tuple[str, ...] = ()


def load_glossary(path: Path = GLOSSARY_PATH) -> dict[str, list[Term]]:
    """{locale: [Term, ...]} from the glossary file; a missing file means no terms."""
    import yaml

    if not Path(path).exists():
        return {}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    glossary: dict[str, list[Term]] = defaultdict(list)
    for entry in data.get("terms", []):
        for key in entry:
            if key.endswith("_reject"):
                locale = key.removesuffix("_reject")
                glossary[locale].append(
                    Term(
                        en=entry["en"],
                        preferred=str(entry[locale]),
                        reject=tuple(str(v) for v in entry[key] or ()),
                        allow=tuple(str(v) for v in entry.get(f"{locale}_allow") or ()),
                    )
                )
    return dict(glossary)


def checked_text(line: str) -> str:
    """The line with what the glossary does not judge blanked out (same length, so columns hold)."""
    for pattern in NOT_CHECKED:
        line = pattern.sub(lambda m: " " * len(m.group(0)), line)
    return line


def glossary_findings(path: str, page: Page, terms: list[Term]) -> list[Finding]:
    """Rejected variants in a translation's prose: 'uses X; the glossary term is Y'."""
    admonitions = {c.line: c for c in page.containers if c.kind == "admonition"}
    findings = []
    for number, line in content_lines(page):
        if admonition := admonitions.get(number):
            prose = checked_text(admonition.title or "")  # the title is prose, though quoted
        else:
            prose = checked_text(line)
        for term in terms:
            masked = prose
            for phrase in term.allow:
                masked = masked.replace(phrase, "\0" * len(phrase))
            for variant in term.reject:
                if variant and variant in masked:
                    findings.append(Finding(path, number, f"uses {variant}; the glossary term is {term.preferred}"))
    return findings


def locale_of(path: str) -> str | None:
    match = re.search(r"\.(?P<locale>[a-z]{2}(?:-[A-Za-z]+)?)\.(?:md|ipynb)$", path)
    return match.group("locale") if match else None


def check_glossary(docs_root: Path, translation: str, glossary: dict[str, list[Term]] | None = None) -> list[Finding]:
    """Glossary findings for one docs-relative translation, shown as '<docs folder>/<path>'."""
    glossary = load_glossary() if glossary is None else glossary
    terms = glossary.get(locale_of(translation) or "", [])
    if not terms:
        return []
    return glossary_findings(f"{docs_root.name}/{translation}", pages.read(docs_root / translation), terms)
