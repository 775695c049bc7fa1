"""Screenshots of every page type of a built site, at 1280 and 390 px wide, for a reviewer or
the README (issue 19). Not part of the build: run it after ``python build.py``.

    .venv/bin/python scripts/screenshots.py                 # _site/ → screenshots/
    .venv/bin/python scripts/screenshots.py --site DIR --out DIR --chromium /usr/bin/chromium

The site is served over HTTP on a free loopback port (as a host would), each page opened in
headless Chromium (Playwright with Debian's chromium, as the tests use) and written as
``<page type>-<width>.png``; the search page is shown with a query, an article with its words
highlighted.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import quote

WIDTHS = (1280, 390)


def page_types(site: Path, query: str) -> dict[str, str]:
    """Page type → URL relative to the site root, from what the build wrote."""
    def first(pattern: str) -> str | None:
        found = sorted(site.glob(pattern))
        return found[0].relative_to(site).as_posix() if found else None

    pages = {"home": "index.html", "issues": "issues/index.html", "about": "about.html",
             "search": "search.html?q=" + quote(query), "search-empty": "search.html", "404": "404.html"}
    article = first("issues/*/[0-9]*.html")
    if article:
        pages["article"] = article + "?q=" + quote(query)
        pages["issue"] = article.rsplit("/", 1)[0] + "/index.html"
    for kind in ("districts", "streets", "communities", "programs", "reporters"):
        pages[f"{kind}-index"] = f"{kind}/index.html"
        topic = first(f"{kind}/[!i]*.html")
        if topic:
            pages[kind[:-1]] = topic
    return {name: url for name, url in pages.items() if (site / url.split("?")[0]).is_file()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=Path("_site"), help="built site (default: _site)")
    parser.add_argument("--out", type=Path, default=Path("screenshots"), help="folder for the PNGs")
    parser.add_argument("--query", default="社区", help="search words shown on the search and article pages")
    parser.add_argument("--chromium", default=os.environ.get("GAZETTE_CHROMIUM") or shutil.which("chromium"))
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no index.html; build the site first (.venv/bin/python build.py)", file=sys.stderr)
        return 1
    if not args.chromium:
        print("chromium: not found; install Debian's chromium or pass --chromium PATH", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    handler.log_message = lambda *a: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    args.out.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=args.chromium, args=["--no-sandbox", "--disable-gpu"])
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 900})
                page = context.new_page()
                for name, url in page_types(args.site, args.query).items():
                    page.goto(base + url)
                    page.wait_for_load_state("networkidle")
                    if name.startswith("search"):
                        page.wait_for_selector("#search-results[data-state=done]", state="attached")
                    path = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(path), full_page=width < 1000)
                    print(path)
                    written += 1
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    print(f"{written} screenshots in {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
