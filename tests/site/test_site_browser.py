"""The built test archive in a real headless Chromium, served over HTTP under a sub-path."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin
from urllib.request import urlopen

import pytest

PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SAMPLE_PAGES = ["index.html", "issues/index.html", "issues/000_a1/index.html", "issues/000_a1/001.html",
                "streets/320613001-ren-gang-jie-dao.html", "programs/index.html", "about.html",
                "districts/320613-chong-chuan-qu/2023-2.html", "reporters/index-2.html", "issues/2023.html"]
UNLINKED = {"404.html"}
"""Pages nobody links to on purpose: the server shows 404.html for missing paths."""


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])


def parse(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    return parser


def test_crawl_from_home_reaches_every_page_without_broken_links(served_site):
    base, folder = served_site
    seen: dict[str, _Links] = {}
    broken: list[str] = []
    todo = [base]
    fetched: set[str] = set()
    while todo:
        url = todo.pop()
        if url in fetched:
            continue
        fetched.add(url)
        try:
            with urlopen(url) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except OSError as exc:
            broken.append(f"{url}: {exc}")
            continue
        if kind != "text/html":
            continue
        page = parse(body.decode("utf-8"))
        seen[url] = page
        for link in page.links:
            target, fragment = urldefrag(urljoin(url, link))
            if target.startswith(base):
                todo.append(target)
    # Fragments point at ids that exist.
    for url, page in seen.items():
        for link in page.links:
            target, fragment = urldefrag(urljoin(url, link))
            if fragment and target in seen and fragment not in seen[target].ids:
                broken.append(f"{url}: #{fragment} not found in {target}")
    assert broken == []
    reached = {u[len(base):] or "index.html" for u in seen}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    assert on_disk - reached == UNLINKED, "orphaned pages"
    assert len(reached) >= 35  # the walk really went somewhere


def test_links_work_from_disk_too(built_site, page):
    """Every internal link is relative and names a file: file:// opens no directory index. The
    404 page is the exception: a host serves it for any missing address, so its links are
    root-absolute (issue 19; tests/reader/test_reader_pages.py serves it for a nested URL)."""
    for path in built_site.rglob("*.html"):
        if path.relative_to(built_site).as_posix() == "404.html":
            continue
        for link in parse(path.read_text(encoding="utf-8")).links:
            if link.startswith(("https://", "http://", "#")):
                continue
            assert not link.startswith("/"), f"{path}: {link} is not relative"
            assert not urldefrag(link)[0].endswith("/"), f"{path}: {link} names a folder"
    page.goto((built_site / "index.html").as_uri())
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="期号").click()
    assert page.url.endswith("/issues/index.html")
    page.get_by_role("link", name="2023年", exact=True).click()  # more issues than page_size: by year
    page.get_by_role("link", name="崇川新闻 2023-04-07 第2版").first.click()
    page.get_by_role("link", name="崇川区“三聚三提”活动启动").click()
    assert page.locator("h1").inner_text() == "崇川区“三聚三提”活动启动"
    assert page.evaluate("getComputedStyle(document.body).lineHeight") != "normal"  # the stylesheet loaded


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_pages_render_at_phone_and_desktop_widths(browser, served_site, viewport):
    base, _ = served_site
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    try:
        for path in SAMPLE_PAGES:
            page.goto(base + path)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {viewport['width']}px"
            assert page.locator("h1").first.is_visible()
            assert page.get_by_role("navigation", name="主导航").is_visible()
            box = page.locator("main").bounding_box()
            assert box["width"] >= min(viewport["width"] - 40, 600), path
        page.goto(base + "issues/000_a1/001.html")
        size = float(page.evaluate("getComputedStyle(document.querySelector('.body p')).fontSize")[:-2])
        width = page.locator(".body").bounding_box()["width"]
        assert size >= 16
        assert width / size <= 40, "a body line holds more than about 40 characters"
    finally:
        context.close()


def test_citation_copy_button_puts_the_citation_on_the_clipboard(browser, served_site):
    base, _ = served_site
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    try:
        page.goto(base + "issues/000_a1/002.html")
        button = page.get_by_role("button", name="复制引用")
        button.click()
        page.get_by_role("status").filter(has_text="已复制").wait_for()
        copied = page.evaluate("navigator.clipboard.readText()")
        # the test archive has a base_url: the online form, with the day of access and the URL (issue 19)
        assert re.fullmatch(r"杨阳, 戴畅\. 区领导调研基层社会治理工作\[N/OL\]\. 崇川新闻, 2023-04-07\(2\)"
                            r"\[\d{4}-\d\d-\d\d\]\. https://example\.org/archive/issues/000_a1/002\.html\.", copied), copied
    finally:
        context.close()


def test_pages_read_and_navigate_without_javascript(browser, served_site):
    base, _ = served_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "index.html")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目").click()
        page.get_by_role("link", name="红堡利民", exact=True).click()
        page.get_by_role("link", name="网格里的“红堡利民”", exact=True).click()
        assert page.locator("#citation-text").is_visible()
        assert not page.get_by_role("button", name="复制引用").is_visible()  # nothing that would not work
    finally:
        context.close()


def test_skip_link_and_visible_focus(page, served_site):
    base, _ = served_site
    page.goto(base + "index.html")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").bounding_box()["y"] >= 0
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert page.url.endswith("#main")


def test_print_stylesheet_keeps_only_the_article(page, served_site):
    base, _ = served_site
    page.goto(base + "issues/000_a1/001.html")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.locator(".related").is_visible()
    assert page.locator(".body").is_visible() and page.locator(".citation-text").is_visible()


def test_parts_of_a_long_topic_navigate_without_javascript(browser, served_site):
    """崇川区 has more records than the test archive's page_size: its page links its parts by
    year, and each part its neighbours, the current one marked."""
    base, _ = served_site
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base + "districts/320613-chong-chuan-qu.html")
        parts = page.get_by_role("navigation", name="全部 7 篇，按年份")
        assert parts.locator("[aria-current=page]").inner_text() == "最近 2 篇"
        parts.get_by_role("link", name="2023年（2）").click()
        assert page.url.endswith("/districts/320613-chong-chuan-qu/2023-2.html")
        pager = page.get_by_role("navigation", name="崇川区的各部分")
        assert pager.locator("[aria-current=page]").inner_text() == "2023年（2）"
        pager.get_by_role("link", name="2023年（3） →").click()
        assert page.locator("h1").inner_text() == "崇川区 2023年（3）"
        assert page.get_by_role("link", name="和平桥街道开展邻里节").is_visible()
        page.get_by_role("navigation", name="崇川区的各部分").get_by_role("link", name="全部年份").click()
        assert page.url.endswith("/districts/320613-chong-chuan-qu.html")
    finally:
        context.close()


def test_search_results_name_their_issue_and_link_to_it(page, served_site):
    """A result names its issue as readers know it (paper, edition, section), not by its file id;
    the name links to the issue page."""
    base, folder = served_site
    page.goto(base + "search.html?q=和平桥")
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
    shown = page.eval_on_selector_all(
        ".search-meta", "ps => ps.map(p => [p.textContent, p.querySelector('a').getAttribute('href')])")
    by_issue = {href.split("/")[-2]: (text, href) for text, href in shown}
    assert set(by_issue) == {"000_a1", "002_c3"}
    assert by_issue["000_a1"][0].startswith("2023-04-07 · 崇川新闻 第2版 要闻 · ")
    assert by_issue["002_c3"][0].startswith("2023-05-2")  # the record's own date, then its issue's
    # one date per line (issue 19): a dated record's line does not repeat its issue's inferred month
    assert " · 崇川新闻 · " in by_issue["002_c3"][0] and "推断" not in by_issue["002_c3"][0]
    for text, href in shown:
        assert (folder / href).is_file(), href  # the search page sits at the root: ROOT is ""
