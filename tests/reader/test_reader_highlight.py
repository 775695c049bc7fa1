"""Issue 19: search words are highlighted on the real article pages, inside the record's own
text only, and search snippets are cut from that text only (never bylines or datelines)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from gazette.search.text import fold
from gazette.urls import article_url
from tests.reader.conftest import WIDTHS
from tests.reader.helpers import bases, opened, own_text, records, wait_for_search


def body_word(article) -> str:
    """Two Chinese characters from the middle of the record's body."""
    runs = re.findall(r"[\u4e00-\u9fff]{4,}", article.body)
    return runs[len(runs) // 2][:2]


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("width", WIDTHS)
def test_article_page_highlights_query_words_in_its_own_text(browser, reader_build, reader_served, where, width):
    workdir, _ = reader_build
    article = next(a for a in records(workdir) if a.byline and len(a.body) > 200)
    word = body_word(article)
    # the byline name too: it must not be marked outside the record's text
    query = f"{word} {article.byline[0]}"
    url = bases(reader_served)[where] + article_url(article.issue, article.seq) + "?q=" + quote(query)
    with opened(browser, url, width) as page:
        page.wait_for_selector("mark.search-hit", state="attached", timeout=10000)
        marks = page.eval_on_selector_all("mark", """ms => ms.map(m => [m.textContent,
            !!m.closest('[data-search-text]')])""")
        assert marks and all(inside for _, inside in marks), marks
        assert word in [text for text, _ in marks]
        byline = page.inner_text(".byline")
        assert article.byline[0] in byline and not page.query_selector(".byline mark")
        assert page.errors == []


def test_snippets_come_from_the_records_own_text(browser, reader_build, reader_served):
    workdir, _ = reader_build
    texts = {article_url(a.issue, a.seq): own_text(a) for a in records(workdir)}
    base, _ = reader_served
    # words of many and of few records: snippets then come from s/ windows and from article pages
    for query in ["网格", "社区", "党建", "志愿"]:
        with opened(browser, base + "search.html?q=" + quote(query)) as page:
            wait_for_search(page)
            items = page.eval_on_selector_all("#search-results li", """lis => lis.map(li => [
                li.querySelector('h2 a').getAttribute('href'), li.querySelector('.search-snippet').textContent])""")
            assert items, query
            for href, snippet in items:
                url = href.split("?")[0]
                for piece in snippet.strip("…").split("…"):
                    # folded: pages show OCR's half-width punctuation full width (gazette/display.py)
                    assert fold(" ".join(piece.split())) in fold(texts[url]), (query, url, snippet)
                assert "本期第" not in snippet
