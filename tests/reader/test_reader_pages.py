"""Issue 19: pages a first visit hits: the 404 page a host serves for a nested missing URL,
the topic indexes' text and columns."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path

import pytest

from tests.reader.conftest import WIDTHS
from tests.reader.helpers import opened


def serve_with_404(directory: Path, prefix: str):
    """Serve ``directory`` under ``prefix`` the way GitHub Pages, Netlify or nginx's
    ``error_page 404`` do: a missing path gets ``404.html``'s bytes with status 404."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def translate_path(self, path):
            inner = path.split("?")[0]
            if not inner.startswith(prefix):
                return str(directory / "__outside__")
            return super().translate_path("/" + inner[len(prefix):])

        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            body = (directory / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}{prefix}", server


@pytest.mark.parametrize("which,prefix", [("reader_site", "/"), ("rooted_site", "/archive/")])
def test_404_page_served_for_a_nested_missing_url_keeps_its_style_and_links(browser, request, which, prefix):
    """Without base_url the site is taken to be at the domain root; with one, at its path."""
    site = request.getfixturevalue(which)
    base, server = serve_with_404(site, prefix)
    try:
        with opened(browser, base + "issues/no-such-issue/deeper/missing.html") as page:
            assert "找不到这个页面" in page.inner_text("h1")
            # the stylesheet loaded: the header has its colour, not the browser's default
            assert page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
            home = page.eval_on_selector("main a", "a => a.href")
            assert home == base + "index.html"
            page.click("main a")
            page.wait_for_load_state()
            assert page.url == base + "index.html" and page.title()
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("width", WIDTHS)
def test_topic_index_bullets_stay_in_their_column_and_the_text_matches(browser, reader_served, width):
    base, site = reader_served
    for index in ("streets", "programs", "reporters", "communities"):
        with opened(browser, base + f"{index}/index.html", width) as page:
            intro = page.inner_text("main > p")
            counts = page.eval_on_selector_all(".topic-index li .count", "cs => cs.map(c => c.textContent)")
            assert counts and all(c.endswith(" 篇") for c in counts)
            boxes = page.eval_on_selector_all(".topic-index li", """lis => lis.map(li => {
                const r = li.getBoundingClientRect(); return [r.left, r.right, r.top]; })""")
            lefts = sorted({round(b[0]) for b in boxes})
            # an outside bullet sits about 1.5em left of its item: in every column that space must
            # be the item's own margin on top of the column gap, not the previous column's text
            em = page.eval_on_selector(".topic-index li", "li => parseFloat(getComputedStyle(li).fontSize)")
            for left, right, _ in boxes:
                for other_left, other_right, _ in boxes:
                    if other_left < left - 1:
                        assert left - other_right >= 1.5 * em, (index, width, lefts)
            assert "括号内" not in intro  # counts are shown as "N 篇", not in brackets
            ul_left = page.eval_on_selector(".topic-index", "u => u.getBoundingClientRect().left")
            assert min(b[0] for b in boxes) - ul_left >= 1.1 * em


def test_home_page_lists_only_reviewed_programs(reader_site):
    home = (reader_site / "index.html").read_text(encoding="utf-8")
    top = home.split('id="top-program"')[1].split("</section>")[0]
    listed = re.findall(r'href="(programs/[^"]+)"', top)
    assert listed
    for url in listed:
        assert "尚未经人工审核" not in (reader_site / url).read_text(encoding="utf-8"), url
    index = (reader_site / "programs/index.html").read_text(encoding="utf-8")
    assert "待审核" in index  # unreviewed programs are still indexed, marked


def test_previous_issue_is_the_earlier_one(reader_site):
    """上一期 leads back in time: the issues index lists issues newest first by year and month, and
    every issue's 上一期 is the one the calendar order puts before it."""
    order = []
    for page in sorted(reader_site.glob("issues/*/index.html")):
        html = page.read_text(encoding="utf-8")
        prev = re.search(r'rel="prev" href="../../issues/([^/]+)/index.html"', html)
        nxt = re.search(r'rel="next" href="../../issues/([^/]+)/index.html"', html)
        order.append((page.parent.name, prev and prev.group(1), nxt and nxt.group(1)))
    first = [i for i, prev, _ in order if prev is None]
    assert len(first) == 1
    chain, links = first, {i: n for i, _, n in order}
    while links[chain[-1]]:
        chain.append(links[chain[-1]])
    assert sorted(chain) == sorted(i for i, _, _ in order)
    # dated issues come in date order along the chain, oldest first
    dates = []
    for issue in chain:
        html = (reader_site / "issues" / issue / "index.html").read_text(encoding="utf-8")
        found = re.search(r"(\d{4})-(\d\d)-\d\d|(\d{4})年(\d+)月", html.split("<h1>")[1].split("</h1>")[0])
        if found:
            dates.append((int(found.group(1) or found.group(3)), int(found.group(2) or found.group(4))))
    assert len(dates) >= 3 and dates == sorted(dates)
