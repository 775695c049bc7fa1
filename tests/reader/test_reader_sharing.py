"""Issue 19: sharing, printing and display: per-page descriptions and OpenGraph tags, canonical
URLs with a base_url, a favicon (no 404 on first load), a printed page that names the archive and
its URL, full-width punctuation between Chinese characters on pages only; vnu and axe clean."""

from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from gazette.urls import article_url
from tests.reader.conftest import WIDTHS
from tests.reader.helpers import bases, opened, records, wait_for_search
from tests.site.test_site_validators import BLOCKING, vnu_jar

HALF_BETWEEN_HAN = re.compile(r"(?<=[\u4e00-\u9fff])[,?:;!](?=[\u4e00-\u9fff])")


class Meta(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.tags, self.links = {}, {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            self.tags[a.get("property") or a.get("name")] = a.get("content")
        elif tag == "link":
            self.links[a.get("rel")] = a.get("href")


def page_types(site):
    article = sorted(site.glob("issues/*/[0-9]*.html"))[0]
    issue = article.parent / "index.html"
    topic = sorted(site.glob("streets/*.html"))[-1]
    return {"home": site / "index.html", "article": article, "issue": issue, "topic": topic,
            "search": site / "search.html", "about": site / "about.html", "source": article.parent / "source.html"}


def test_every_page_type_has_its_own_description_and_opengraph_tags(reader_site, rooted_site):
    for site, base in ((reader_site, None), (rooted_site, "https://example.org/archive/")):
        seen = set()
        for kind, path in page_types(site).items():
            meta = Meta(path.read_text(encoding="utf-8"))
            for key in ("description", "og:title", "og:description", "og:site_name", "og:type"):
                assert meta.tags.get(key), (kind, key)
            assert meta.links.get("icon", "").endswith("static/favicon.svg")
            if kind in ("article", "issue", "topic"):
                seen.add(meta.tags["description"])
            if kind == "article":
                assert meta.tags["og:type"] == "article"
            url = base + path.relative_to(site).as_posix() if base else None
            assert meta.links.get("canonical") == url and meta.tags.get("og:url") == url, kind
        assert len(seen) == 3  # each page its own description, not the site's


@pytest.mark.parametrize("width", WIDTHS)
def test_first_load_requests_nothing_missing(browser, reader_served, width):
    base, site = reader_served
    for kind, path in page_types(site).items():
        context = browser.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        missing = []
        page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
        page.goto(base + path.relative_to(site).as_posix())
        page.wait_for_load_state("networkidle")
        context.close()
        assert missing == [], kind


def test_printed_article_names_the_archive_and_its_url(browser, reader_served):
    base, site = reader_served
    url = base + page_types(site)["article"].relative_to(site).as_posix()
    with opened(browser, url + "?q=" + quote("社区")) as page:
        page.emulate_media(media="print")
        line = page.locator(".print-only")
        assert line.is_visible()
        text = line.inner_text()
        assert "崇川区基层治理报道档案" in text and url in text and "?q=" not in text
        assert not page.locator(".site-header").is_visible()
        page.emulate_media(media="screen")
        assert not line.is_visible()


@pytest.mark.parametrize("where", ["http", "file"])
def test_half_width_punctuation_between_chinese_is_shown_full_width(browser, reader_build, reader_served, where):
    workdir, site = reader_build
    touched = [a for a in records(workdir) if HALF_BETWEEN_HAN.search(a.title) and not a.duplicate_of]
    assert touched  # OCR text of the seeds has some
    base = bases(reader_served)[where]
    for article in touched[:3]:
        shown = HALF_BETWEEN_HAN.sub(lambda m: {",": "，", "?": "？", ":": "：", ";": "；", "!": "！"}[m.group()],
                                     article.title)
        with opened(browser, base + article_url(article.issue, article.seq)) as page:
            assert page.inner_text("h1") == shown
            assert shown in page.inner_text("#citation-text")
        # search shows the same title, and the query as typed (half width) still finds it
        with opened(browser, base + "search.html?q=" + quote(article.title)) as page:
            wait_for_search(page)
            titles = page.eval_on_selector_all("#search-results h2 a", "as => as.map(a => a.textContent)")
            assert shown in titles
    # the record files keep what the OCR gave
    path = next((workdir / "articles" / touched[0].issue).glob(f"{touched[0].seq:03d}-*.md"))
    assert touched[0].title in path.read_text(encoding="utf-8")


def test_reader_pages_pass_the_nu_html_checker(reader_site):
    pages = [str(p) for p in page_types(reader_site).values()] + [str(reader_site / "404.html")]
    run = subprocess.run(["java", "-jar", vnu_jar(), "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("width", WIDTHS)
def test_reader_pages_have_no_serious_axe_violations(browser, reader_served, width):
    from axe_playwright_python.sync_playwright import Axe

    base, site = reader_served
    for kind, path in page_types(site).items():
        suffix = "?q=" + quote("社区") if kind == "search" else ""
        with opened(browser, base + path.relative_to(site).as_posix() + suffix, width) as page:
            if kind == "search":
                wait_for_search(page)
            violations = Axe().run(page).response["violations"]
            blocking = [f"{v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations
                        if v["impact"] in BLOCKING]
            assert blocking == [], kind


def test_citation_with_a_base_url_is_the_online_form_with_access_date_and_url(browser, rooted_site, reader_site):
    from datetime import date

    path = sorted(rooted_site.glob("issues/*/[0-9]*.html"))[0]
    url = "https://example.org/archive/" + path.relative_to(rooted_site).as_posix()
    with opened(browser, path.as_uri()) as page:
        text = page.inner_text("#citation-text")
    assert "[N/OL]" in text and text.endswith(f"[{date.today().isoformat()}]. {url}.")
    # without a base_url there is no URL to cite: the printed form
    local = (reader_site / path.relative_to(rooted_site)).read_text(encoding="utf-8")
    assert "[N]" in local and "[N/OL]" not in local
