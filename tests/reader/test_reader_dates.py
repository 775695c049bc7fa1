"""Issue 19: one date label per record everywhere: the article's dateline, its citation, search
result lines, the year facet, topic pages; 推断 only for inferred dates."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from gazette.urls import article_url
from tests.reader.helpers import bases, opened, records, wait_for_search


def dateline_label(page) -> str:
    return page.inner_text(".dateline").split("·")[0].replace("（本期出版日期）", "").strip()


@pytest.mark.parametrize("where", ["http", "file"])
def test_search_results_article_pages_and_facets_agree_on_dates(browser, reader_build, reader_served, where):
    workdir, _ = reader_build
    by_url = {article_url(a.issue, a.seq): a for a in records(workdir) if not a.duplicate_of}
    base = bases(reader_served)[where]
    with opened(browser, base + "search.html?q=" + quote("崇川")) as page:
        wait_for_search(page)
        total = int(page.get_attribute("#search-results", "data-total"))
        while page.locator("#search-more").is_visible():
            page.click("#search-more")
            page.wait_for_function(f"document.querySelectorAll('#search-results li .search-meta').length >= "
                                   f"Math.min({total}, document.querySelectorAll('#search-results li').length)")
        rows = page.eval_on_selector_all("#search-results li", """lis => lis.map(li => [
            li.querySelector('h2 a').getAttribute('href').split('?')[0], li.querySelector('.search-meta').textContent])""")
        assert len(rows) == total > 10
        # the year facet has a bucket for every hit, 日期不详 included
        years = page.eval_on_selector_all("#search-facets fieldset[data-facet=year] .facet-count",
                                          "cs => cs.map(c => +c.textContent)")
        assert sum(years) == total
        shown = {url: meta.split(" · ")[0] for url, meta in rows}
    seen_inferred = seen_exact = 0
    for url, label in sorted(shown.items()):
        article = by_url[url]
        with opened(browser, base + url) as page:
            assert dateline_label(page) == label, url
            citation = page.inner_text("#citation-text")
        year = re.match(r"\d{4}", label)
        if article.date_source == "inferred" and article.date:
            seen_inferred += 1
            assert label == f"{article.date}（推断）" and f"[{article.date}]" in citation
        elif article.date:
            seen_exact += 1
            assert label == article.date and "推断" not in label and "[" not in citation
        else:  # the issue's date, its records' months (推断), the year its text states, or none
            assert re.fullmatch(r"\d{4}-\d\d-\d\d|.+（推断）|\d{4}年|日期不详", label), label
        assert year or label == "日期不详"
    assert seen_inferred  # the seeds have inferred dates: the check above ran


def test_inferred_place_tags_say_归入_not_推断(reader_site):
    pages = sorted(reader_site.glob("issues/*/[0-9]*.html"))
    badges = []
    for path in pages:
        html = path.read_text(encoding="utf-8")
        tags = html.split('id="tags-heading"')[1].split("</section>")[0] if 'id="tags-heading"' in html else ""
        badges += re.findall(r'<span class="badge badge-muted"[^>]*>([^<]+)</span>', tags)
    assert "归入" in badges and "推断" not in badges


def test_topic_pages_show_the_records_date_labels(browser, reader_served, reader_site):
    base, _ = reader_served
    checked = 0
    for path in sorted(reader_site.glob("programs/*.html"))[:12]:
        with opened(browser, base + path.relative_to(reader_site).as_posix()) as page:
            links = page.locator(".facts a")
            for i in range(links.count()):
                text = links.nth(i).inner_text()
                href = links.nth(i).get_attribute("href")
                with opened(browser, page.url.rsplit("/", 2)[0] + "/" + href.replace("../", "")) as article:
                    label = dateline_label(article)
                assert text.startswith(label + " "), (path.name, text, label)
                checked += 1
    assert checked
