"""scripts/hooks/texts.yml, the words the tooling adds to pages, and its reader."""

from __future__ import annotations

import pytest

from scripts.hooks import texts
from scripts.project import DEFAULT_LOCALE, LOCALES


def test_every_text_is_in_the_default_locale_and_fills_the_same_placeholders():
    data = texts.load()  # raises on any entry that breaks the rules below
    assert data and all(DEFAULT_LOCALE in entry for entry in data.values())
    assert {locale for entry in data.values() for locale in entry} == set(LOCALES)


def test_a_text_is_filled_in_and_falls_back_to_the_default_locale():
    assert texts.text("verified", "zh", device="CPU", versions="torch 2.13.0") == "已在 CPU 上用 torch 2.13.0 运行验证。"
    placeholder = texts.texts()["lookup_placeholder"]
    assert set(placeholder) == {DEFAULT_LOCALE}
    assert texts.text("lookup_placeholder", "ko") == placeholder[DEFAULT_LOCALE]
    assert texts.text("versions_header", "ko") == ("라이브러리", "버전")
    assert texts.texts_for("zh", ["lookup_none"]) == {"lookup_none": "本站还没有讲解这个错误的小节。{link}"}
    with pytest.raises(KeyError, match="no text 'no_such_text'"):
        texts.text("no_such_text", "en")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a:\n  en: A\nb:\n  zh: 乙\n", r"texts.yml:3: b: has no 'en' text"),
        ("a:\n  en: A\n  fr: Le A\n", r"texts.yml:1: a: locale\(s\) fr are not the site's \(en, zh, ko\)"),
        ("a:\n  en: 'Hello {name}'\n  zh: 你好\n", r"texts.yml:1: a: the zh text fills nothing, the en one \['name'\]"),
        ("a:\n  en: [A, 1]\n", r"texts.yml:1: a: the en text must be a string or a list of strings"),
        ("a: text\n", r"texts.yml:1: a: expected a mapping of locale to text"),
        ("- a\n", r"texts.yml:1: expected a mapping of text keys"),
        ("a: [\n", r"texts.yml: not valid YAML"),
    ],
)
def test_a_broken_texts_file_is_reported_with_its_line(tmp_path, source, message):
    path = tmp_path / "texts.yml"
    path.write_text(source, encoding="utf-8")
    with pytest.raises(texts.TextsError, match=message):
        texts.load(path, locales=("en", "zh", "ko"), default="en")
