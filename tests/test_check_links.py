"""scripts/check_links.py on a small hand-made site."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.check_links import check_site, main

PAGES = {
    "index.html": """<html><head><link href="assets/site.css" rel="stylesheet">
        <script src="assets/app.js"></script></head><body>
        <a href="faq/">FAQ</a> <a href="faq/#install">install</a> <a href="faq/index.html">FAQ</a>
        <a href="#top">top</a> <a href="#">nothing</a> <a id="top"></a>
        <a href="https://example.com/missing/">external</a> <a href="mailto:a@example.com">mail</a>
        <a href="/zh/">中文</a></body></html>""",
    "faq/index.html": '<h2 id="install">Install</h2><a href="../">home</a> <a href="../zh/#%E5%AE%89%E8%A3%85">zh</a>',
    "zh/index.html": '<h2 id="安装">安装</h2><a href="../faq/?q=1#install">faq</a>',
    "assets/site.css": "body {}",
    "assets/app.js": "",
}


def make_site(root: Path, extra: dict[str, str] | None = None) -> Path:
    site = root / "site"
    for name, text in {**PAGES, **(extra or {})}.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return site


def test_good_links_pass(tmp_path):
    assert check_site(make_site(tmp_path)) == []


@pytest.mark.parametrize(
    ("link", "reason"),
    [
        ("../x/", "no such page"),
        ("../assets/missing.css", "no such page"),
        ("/nowhere/", "no such page"),
        ("../faq/#uninstall", "no element with id 'uninstall' on that page"),
        ("#nowhere", "no element with id 'nowhere' on that page"),
        ("../../../etc/passwd", "outside the site"),
    ],
)
def test_broken_links_are_reported(tmp_path, link, reason):
    site = make_site(tmp_path, {"peft/index.html": f'<a href="{link}">x</a>'})
    assert check_site(site) == [f"{site.as_posix()}/peft/index.html: broken link to {link} ({reason})"]


def test_external_links_are_ignored(tmp_path):
    links = [
        "https://example.com/nope/",
        "http://example.com/#x",
        "//cdn.example.com/a.js",
        "mailto:x@example.com",
        "data:image/png;base64,AAAA",
        "#",
    ]
    site = make_site(tmp_path, {"ext/index.html": "".join(f'<a href="{link}">x</a>' for link in links)})
    assert check_site(site) == []


def test_site_url_path_prefix(tmp_path):
    site = make_site(
        tmp_path,
        {
            "index.html": '<a href="/docs/faq/#install">a</a> <a href="https://x.io/docs/zh/">b</a>'
            '<a href="https://x.io/docs/gone/">c</a> <a href="/faq/">d</a>'
        },
    )
    assert check_site(site, "https://x.io/docs/") == [
        f"{site.as_posix()}/index.html: broken link to https://x.io/docs/gone/ (no such page)",
        f"{site.as_posix()}/index.html: broken link to /faq/ (outside the site's path /docs/)",
    ]


def test_cli_exit_codes(tmp_path, capsys):
    site = make_site(tmp_path)
    assert main([str(site), "--site-url", "/"]) == 0
    (site / "faq" / "index.html").unlink()
    assert main([str(site), "--site-url", "/"]) == 1
    out = capsys.readouterr().out
    assert f"{site}/index.html: broken link to faq/ (no such page)" in out
    assert main([str(tmp_path / "absent")]) == 2
