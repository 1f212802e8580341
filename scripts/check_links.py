"""python -m scripts.check_links [SITE_DIR] [--site-url URL]

Checks every internal link of the built site (default: site/): each href/src
that is relative or root-relative must name a file that exists (a folder means
its index.html), and a #fragment must name an id on the target page. External
links (any scheme: http, https, mailto, data...) and a bare `#` are ignored.

Root-relative links start at the site's path, taken from --site-url (default:
the SITE_URL the site was built with, else "/"); absolute links to that URL
are checked like relative ones. Exit 1 on any broken link."""

from __future__ import annotations

import argparse
import os
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {"href", "src"}


class _Page(HTMLParser):
    """Collects a page's ids and its links in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in LINK_ATTRS:
                self.links.append(value)


def parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8", errors="replace"))
    page.close()
    return page


def check_site(site: Path, site_url: str = "/") -> list[str]:
    """One line per broken link, sorted by page."""
    shown_root, site = site, site.resolve()
    base = urlsplit(site_url)
    base_path = base.path if base.path.endswith("/") else base.path + "/"
    base_origin = f"{base.scheme}://{base.netloc}" if base.scheme else None
    pages = {path: parse(path) for path in sorted(site.rglob("*.html"))}
    problems = []
    for path, page in pages.items():
        for link in page.links:
            problem = _check(link, path, site, base_origin, base_path, pages)
            if problem:
                shown = (shown_root / path.relative_to(site)).as_posix()
                problems.append(f"{shown}: broken link to {link} ({problem})")
    return problems


def _check(link: str, page: Path, site: Path, origin: str | None, base_path: str, pages: dict) -> str | None:
    parts = urlsplit(link.strip())
    if parts.scheme or parts.netloc:
        if origin is None or f"{parts.scheme}://{parts.netloc}" != origin:
            return None  # external, or an absolute URL of another site
    elif not parts.path and not parts.fragment:
        return None  # "#" or "?query"
    path = unquote(parts.path)
    if not path:
        target = page
    elif path.startswith("/"):
        if not path.startswith(base_path) and path + "/" != base_path:
            return f"outside the site's path {base_path}"
        target = site / path[len(base_path) :]
    else:
        target = page.parent / path
    target = Path(os.path.normpath(target))
    if target != site and site not in target.parents:
        return "outside the site"
    if target.is_dir():
        target = target / "index.html"
    if not target.is_file():
        return "no such page"
    if parts.fragment and target.suffix == ".html":
        ids = pages[target].ids if target in pages else parse(target).ids
        if unquote(parts.fragment) not in ids:
            return f"no element with id {unquote(parts.fragment)!r} on that page"
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m scripts.check_links", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", nargs="?", default="site", help="the built site (default: site/)")
    parser.add_argument(
        "--site-url",
        default=os.environ.get("SITE_URL") or "/",
        help="the URL the site was built for (default: $SITE_URL, else /)",
    )
    args = parser.parse_args(argv)
    site = Path(args.site)
    if not site.is_dir():
        print(f"error: {site}: no such folder; build the site first (make build)", file=sys.stderr)
        return 2
    problems = check_site(site, args.site_url)
    for line in problems:
        print(line)
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{pages} pages, {len(problems)} broken links", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
