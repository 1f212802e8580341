"""Structure parity between an English page and its translations.

A translation must have the English page's sections (by explicit `{ #id }`), `!directive`
lines (`!snippet`, `!not-runnable`, ...), admonitions and images, in the same order, and
no English paragraphs left in it. Every finding names a file and line.

The scanner is line-based on purpose: every construct compared here is written one per
line by the page conventions, and line numbers are what a translator needs.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from scripts.i18n.tracking import normalise_newlines, read_text, split_page

FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")
HEADING = re.compile(r"^[ \t]*(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t]*$")
HEADING_ID = re.compile(r"[ \t]*\{[^}]*?#(?P<id>[\w-]+)[^}]*\}[ \t]*$")
ADMONITION = re.compile(r'^[ \t]*(?P<marker>!!!|\?\?\?\+?)[ \t]*(?P<type>[\w-]+(?: +[\w-]+)*)(?:[ \t]+"(?P<title>.*)")?[ \t]*$')
# `!snippet "x.py"`, `!not-runnable "why"`, `!translation-status`: a '!' then a lowercase name.
DIRECTIVE = re.compile(r"^[ \t]*!(?P<name>[a-z][\w-]*)(?P<args>(?:[ \t].*)?)$")
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


def content_lines(text: str):
    """(line number, line) for each line outside front matter, code fences and HTML comments."""
    page = split_page(text)
    fence = None
    in_comment = False
    for number, line in enumerate(page.body.split("\n"), start=page.body_line):
        if fence:
            stripped = line.strip()
            if stripped.startswith(fence) and stripped.strip(fence[0]) == "":
                fence = None
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        match = FENCE.match(line)
        if match:
            fence = match.group("fence")
            continue
        if line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
            continue
        yield number, line


def normalise_image(src: str) -> str:
    # static-i18n lets a translation use 'img.zh.png' where English has 'img.png'.
    return re.sub(r"\.(?:zh|ko)(\.\w+)$", r"\1", src)


def scan(text: str) -> Structure:
    structure = Structure(last_line=normalise_newlines(text).rstrip("\n").count("\n") + 1)
    for number, line in content_lines(text):
        if heading := HEADING.match(line):
            level, title = len(heading.group("hashes")), heading.group("text").rstrip("#").rstrip()
            anchor = HEADING_ID.search(title)
            visible = HEADING_ID.sub("", title)
            if anchor:
                structure.sections.append(Item(anchor.group("id"), number, level))
            elif level > 1:  # the H1 is the page title; sections (## and below) need ids
                structure.headings_without_id.append(Item(visible, number, level))
            structure.prose.append(Item(visible, number))
        elif admonition := ADMONITION.match(line):
            structure.admonitions.append(Item(f"{admonition.group('marker')} {admonition.group('type')}", number))
            structure.prose.append(Item(admonition.group("title") or "", number))
        elif directive := DIRECTIVE.match(line):
            name, args = directive.group("name"), " ".join(directive.group("args").split())
            key = f"!{name}" if name in PROSE_ARGUMENT_DIRECTIVES or not args else f"!{name} {args}"
            structure.directives.append(Item(key, number))
        elif re.match(r"^[ \t]*(?:\[[^\]]+\]:|\*\[)", line):
            continue  # link reference definitions and abbreviations are not prose
        else:
            for pattern in (MARKDOWN_IMAGE, HTML_IMAGE):
                for image in pattern.finditer(line):
                    structure.images.append(Item(normalise_image(image.group("src")), number))
            if KEEP_ENGLISH in line:
                continue
            if line.lstrip().startswith("|"):  # table: judge each cell on its own
                structure.prose.extend(Item(cell, number) for cell in line.split("|"))
            elif not line.lstrip().startswith("<"):  # HTML block lines
                structure.prose.append(Item(line, number))
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


def heading_id_findings(path: str, text: str) -> list[Finding]:
    """Any locale: sections need explicit ids (anchors must be the same in every language)."""
    structure = scan(text)
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


def parity_findings(english_path: str, english_text: str, path: str, text: str) -> list[Finding]:
    """Everything that differs in structure between an English page and one translation."""
    english, translated = scan(english_text), scan(text)
    findings = heading_id_findings(path, text)
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
    read = lambda rel: read_text(docs_root / rel)  # noqa: E731
    return parity_findings(f"{docs_root.name}/{english}", read(english), f"{docs_root.name}/{translation}", read(translation))


def check_english(docs_root: Path, english: str) -> list[Finding]:
    return heading_id_findings(f"{docs_root.name}/{english}", read_text(docs_root / english))


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


def glossary_findings(path: str, text: str, terms: list[Term]) -> list[Finding]:
    """Rejected variants in a translation's prose: 'uses X; the glossary term is Y'."""
    findings = []
    for number, line in content_lines(text):
        if admonition := ADMONITION.match(line):
            prose = checked_text(admonition.group("title") or "")  # the title is prose, though quoted
        elif directive := DIRECTIVE.match(line):
            if directive.group("name") not in PROSE_ARGUMENT_DIRECTIVES:
                continue  # `!snippet "path"`: a path, not prose
            prose = checked_text(directive.group("args").strip().strip('"'))
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
    return glossary_findings(f"{docs_root.name}/{translation}", read_text(docs_root / translation), terms)
