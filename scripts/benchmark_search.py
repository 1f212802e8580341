"""Benchmark: the site search as a reader's browser gets it, today's site and
one with ten times as many pages.

    python -m scripts.benchmark_search [--project DIR] [--scale 10] [--runs 5]

For each site (the project as it is, then a generated copy with `--scale`
times as many pages), per locale (en, zh, ko):

- index bytes: what a reader of that locale downloads for search when the
  home page loads, before any query (every `search/*.json` the server sends:
  the shared stub and the locale's index), raw and gzip-compressed;
- query bytes: what the fixed query set then fetches, each file once (the
  term files of its words, `search/<locale>/terms/`, and the texts of the
  pages its results show, `search/<locale>/pages/`), gzip-compressed; the
  error catalogue the search uses is counted separately;
- input -> first result: from the moment text arrives in the search box to
  the first result in the list, median and p95 over a fixed query set
  (error lines, words, compounds), each query `--runs` times, in headless
  Chromium (/usr/bin/chromium). Runs after a query's first find its files
  fetched already;
- first-time: what a reader who just opened the site waits for, each query
  once on a freshly opened page (after one other query of the set, which
  the first search waits for the worker to set up), median and slowest.

The generated site is built in a temporary directory from a copy of the
project: every English page with its translations is copied `scale - 1`
times under docs/synthetic/, with the words of each prose line shuffled (a
fixed seed) so that no page repeats another word for word. Headings, code
blocks, snippet outputs and front matter stay as they are.

`--project` builds another checkout (a `git worktree` of an older commit, to
compare before and after). Targets on the generated site: at most 100 KiB
gzip per locale, at most 100 ms p95."""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from scripts.project import DEFAULT_LOCALE, LOCALES, REPO_ROOT

PROJECT_PARTS = ["mkdocs.yml", "requirements.txt", "requirements-v4.txt", "docs", "snippets", "scripts", "overrides"]
PREFIX = {locale: "" if locale == DEFAULT_LOCALE else f"{locale}/" for locale in LOCALES}

# The fixed query set: what readers type or paste, per locale.
ERRORS = [
    "IndexError: Target 2 is out of bounds.",
    "torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 1.50 GiB. GPU 0 has a total capacity of 23.65 GiB "
    "of which 1.20 GiB is free. Including non-PyTorch memory, this process has 22.40 GiB memory in use.",
    "OSError: We couldn't connect to 'https://huggingface.co' to load the files, and couldn't find them in the cached files.",
    'Traceback (most recent call last):\n  File "/home/reader/train.py", line 12, in <module>\n    from transformers import AdamW\n'
    "ImportError: cannot import name 'AdamW' from 'transformers' (/opt/conda/lib/python3.12/site-packages/transformers/__init__.py)",
    "torch.AcceleratorError: CUDA error: device-side assert triggered",
]
WORDS = {
    "en": ["padding", "gradient accumulation", "verified output", "tokenizer", "offline"],
    "zh": ["设备端断言", "梯度累积", "显存不足", "验证", "排除"],
    "ko": ["메모리 부족", "패딩", "토큰을", "출력은", "어댑터"],
}

# In the page: clear the box, then put the query in and time until the first
# result is in the list. Text arrives with an `input` event (and a keyup, which
# is all that a site listening to keys only reacts to).
MEASURE = """async ([query, timeout]) => {
  const box = document.querySelector("input.md-search__input")
  const list = document.querySelector(".md-search-result__list")
  const send = value => {
    box.value = value
    box.dispatchEvent(new InputEvent("input", {bubbles: true, inputType: "insertFromPaste", data: value}))
    box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}))
  }
  send("")
  for (let i = 0; i < 200 && list.children.length; i++) await new Promise(r => setTimeout(r, 10))
  return await new Promise(resolve => {
    let t0 = 0
    const observer = new MutationObserver(() => {
      if (list.children.length) { observer.disconnect(); resolve(performance.now() - t0) }
    })
    observer.observe(list, {childList: true})
    setTimeout(() => { observer.disconnect(); resolve(null) }, timeout)
    t0 = performance.now()
    send(query)
  })
}"""


def copy_project(source: Path, target: Path) -> Path:
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part, ignore=shutil.ignore_patterns("__pycache__", ".cache"))
        elif path.exists():
            shutil.copy2(path, target / part)
    return target


FENCE = re.compile(r"^\s*(`{3,}|~{3,})")


def shuffle_prose(text: str, rng: random.Random) -> str:
    """Shuffle the words of each prose line; leave front matter, headings,
    fences, directives, tables, HTML and admonition markers alone."""
    out, fence, front = [], None, text.startswith("---\n")
    for number, line in enumerate(text.split("\n")):
        stripped = line.strip()
        if front:
            front = not (number > 0 and stripped == "---")
            out.append(line)
            continue
        if fence:
            fence = None if stripped.startswith(fence) else fence
            out.append(line)
            continue
        if match := FENCE.match(line):
            fence = match.group(1)
            out.append(line)
            continue
        if not stripped or stripped.startswith(("#", "!", "|", "<", "???", "!!!", "[", "*[", "{")):
            out.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        marker = re.match(r"^(?:[-*+]|\d+\.)\s+", stripped)
        head = marker.group(0) if marker else ""
        words = stripped[len(head) :].split(" ")
        if len(words) > 3:
            rng.shuffle(words)
        elif len(words) == 1 and len(words[0]) > 8 and not re.search(r"[`\[\]()]", words[0]):
            chars = list(words[0])  # one long CJK line: shuffle its characters in runs of two
            pairs = [chars[i : i + 2] for i in range(0, len(chars), 2)]
            rng.shuffle(pairs)
            words = ["".join(c for p in pairs for c in p)]
        out.append(indent + head + " ".join(words))
    return "\n".join(out)


def english_pages(docs: Path) -> list[Path]:
    return sorted(p for p in [*docs.rglob("*.md"), *docs.rglob("*.ipynb")] if not re.search(r"\.(zh|ko)\.(md|ipynb)$", p.name))


def generate_scaled(project: Path, scale: int) -> int:
    """Add synthetic pages until there are `scale` times as many; return how many were added per locale.
    They are made from the Markdown pages (the error index's entries and index excepted: their front
    matter ids must stay unique)."""
    docs = project / "docs"
    english = [p for p in english_pages(docs) if p.suffix == ".md" and "errors" not in p.relative_to(docs).parts]
    wanted = len(english_pages(docs)) * (scale - 1)
    rng = random.Random(20240601)
    for i in range(wanted):
        page = english[i % len(english)]
        target_dir = docs / "synthetic" / f"s{i:03d}"
        for source in [page, page.with_name(page.stem + ".zh.md"), page.with_name(page.stem + ".ko.md")]:
            if not source.exists():
                continue
            text = shuffle_prose(source.read_text(encoding="utf-8"), rng)
            text = re.sub(r"^(# .*?)(\s*\{|$)", lambda m, n=i + 1: f"{m.group(1)} ({n}){m.group(2)}", text, count=1, flags=re.M)
            dest = target_dir / source.name
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("not_in_nav: |\n", "not_in_nav: |\n  /synthetic/**\n", 1)
    config.write_text(text, encoding="utf-8")
    return wanted


def build(project: Path, site: Path, strict: bool) -> float:
    command = [sys.executable, "-m", "mkdocs", "build", "--site-dir", str(site)]
    command += ["--strict"] if strict else ["--no-strict"]
    started = time.monotonic()
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        sys.exit(f"build failed in {project}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    for line in (result.stdout + result.stderr).splitlines():
        if "search index" in line:
            print("   ", line.split(" -  ", 1)[-1])
    return time.monotonic() - started


class Server:
    """The built site on a local port, with the bytes of every file it sent."""

    def __init__(self, site: Path):
        sent = self.sent = []

        class Handler(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def copyfile(self, source, outputfile):
                data = source.read()
                sent.append((self.path.split("?")[0], data))
                outputfile.write(data)

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while it was fetching
                    super().handle_error(request, client_address)

        self.httpd = Quiet(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.base = f"http://127.0.0.1:{self.httpd.server_port}/"

    def close(self):
        self.httpd.shutdown()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def measure(site: Path, browser, runs: int) -> dict:
    server = Server(site)
    figures = {}
    try:
        for locale in LOCALES:
            page = browser.new_page()
            server.sent.clear()
            page.goto(server.base + PREFIX[locale])
            page.wait_for_load_state("networkidle")
            page.focus("input.md-search__input")
            queries = ERRORS + WORDS[locale]
            # Warm up: the first query waits for the worker to have built its index.
            page.evaluate(MEASURE, [queries[-1], 30000])
            page.wait_for_load_state("networkidle")
            index = [data for path, data in server.sent if re.search(r"/search/[^/]*\.json$", path)]
            catalogue = [data for path, data in server.sent if path.endswith("/error-catalogue.json")]
            # What the warm-up query fetched counts with the query set's.
            times, missing = [], []
            for _ in range(runs):
                for query in queries:
                    elapsed = page.evaluate(MEASURE, [query, 5000])
                    (times if elapsed is not None else missing).append(elapsed if elapsed is not None else query)
            page.close()
            cold = [elapsed for elapsed in (first_time(browser, server, locale, query, queries) for query in queries) if elapsed]
            fetched = {path: data for path, data in server.sent if re.search(r"/search/[^/]+/.*\.json$", path)}
            figures[locale] = {
                "raw": sum(len(d) for d in index),
                "gzip": sum(len(gzip.compress(d, 6)) for d in index),
                "files": len(index),
                "catalogue_gzip": sum(len(gzip.compress(d, 6)) for d in catalogue),
                "queries_gzip": sum(len(gzip.compress(d, 6)) for d in fetched.values()),
                "queries_files": len(fetched),
                "median": statistics.median(times) if times else float("nan"),
                "p95": percentile(times, 0.95) if times else float("nan"),
                "cold_median": statistics.median(cold) if cold else float("nan"),
                "cold_max": max(cold) if cold else float("nan"),
                "missing": sorted(set(missing)),
            }
    finally:
        server.close()
    return figures


def first_time(browser, server: Server, locale: str, query: str, queries: list[str]) -> float | None:
    """Input -> first result for `query` on a page opened for it."""
    page = browser.new_page()
    try:
        page.goto(server.base + PREFIX[locale])
        page.wait_for_load_state("networkidle")
        page.focus("input.md-search__input")
        page.evaluate(MEASURE, [queries[-1] if query != queries[-1] else queries[0], 30000])
        page.wait_for_load_state("networkidle")
        return page.evaluate(MEASURE, [query, 5000])
    finally:
        page.close()


def report(name: str, pages: int, figures: dict) -> None:
    print(f"\n{name} ({pages} pages per locale)")
    print(
        f"  {'locale':6} {'index raw':>10} {'index gzip':>11} {'files':>5} {'query set gzip':>15} {'files':>5}"
        f" {'catalogue gzip':>15} {'median':>8} {'p95':>8} {'first-time median':>18} {'slowest':>8}"
    )
    for locale, f in figures.items():
        print(
            f"  {locale:6} {f['raw'] / 1024:6.1f} KiB {f['gzip'] / 1024:7.1f} KiB {f['files']:5d}"
            f" {f['queries_gzip'] / 1024:11.1f} KiB {f['queries_files']:5d}"
            f" {f['catalogue_gzip'] / 1024:11.1f} KiB {f['median']:5.1f} ms {f['p95']:5.1f} ms"
            f" {f['cold_median']:15.1f} ms {f['cold_max']:5.1f} ms"
        )
        if f["missing"]:
            print(f"         no result within 5 s for: {f['missing']}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, default=REPO_ROOT, help="the checkout to build (default: this one)")
    parser.add_argument("--scale", type=int, default=10, help="how many times as many pages the generated site has")
    parser.add_argument("--runs", type=int, default=5, help="how many times each query is timed")
    parser.add_argument("--only-scaled", action="store_true", help="skip today's site")
    parser.add_argument("--keep", type=Path, help="build the sites in this folder and keep them (default: a temporary one)")
    parser.add_argument("--measure-only", action="store_true", help="measure the sites built earlier in --keep, build nothing")
    args = parser.parse_args(argv)
    if args.measure_only and not args.keep:
        parser.error("--measure-only needs --keep: the folder the sites were built in")

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(chromium).exists():
        sys.exit("Debian's chromium is needed: run `make browser`")
    project = args.project.resolve()
    with tempfile.TemporaryDirectory(prefix="search-benchmark-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        tmp = args.keep.resolve() if args.keep else Path(tmp)
        print(f"project: {project}")
        pages = len(english_pages(project / "docs"))
        if not args.only_scaled:
            if not args.measure_only:
                print("building today's site")
                seconds = build(project, tmp / "site-1x", strict=False)
                print(f"    built in {seconds:.0f} s")
            report("today's site", pages, measure(tmp / "site-1x", browser, args.runs))
        scaled = tmp / "project-scaled"
        if args.measure_only:
            added = len(english_pages(scaled / "docs")) - pages
        else:
            shutil.rmtree(scaled, ignore_errors=True)
            added = generate_scaled(copy_project(project, scaled), args.scale)
            print(f"\nbuilding the generated site: {added} synthetic pages per locale added")
            seconds = build(scaled, tmp / f"site-{args.scale}x", strict=False)
            print(f"    built in {seconds:.0f} s")
        report(f"generated site, {args.scale}x", pages + added, measure(tmp / f"site-{args.scale}x", browser, args.runs))
        browser.close()


if __name__ == "__main__":
    main()
