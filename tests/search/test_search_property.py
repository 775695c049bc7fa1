"""Search results equal a substring scan on random small corpora and random queries: Chinese,
Latin in both cases and widths, digits, punctuation, one-character queries and several phrases.
Seeded, so a failure repeats; the search engine runs in a real Chromium (search.js)."""

from __future__ import annotations

import random

import pytest

from gazette.records import Article, SourceSpan
from gazette.search import IndexOptions, write_search_index
from gazette.search.text import phrases, body_text, fold
from tests.search.archive import write_engine_page
from tests.search.test_search_browser import all_urls, open_search

HANZI = "社区党建网格服务红色物业治理崇川街道居民活动"
LATIN = "abcXYZｃｏｖｉｄＡＢ"
DIGITS = "0123４５"
PUNCT = "，。“”、·:;!?（）-+《》"
ALPHABET = HANZI * 3 + LATIN + DIGITS + PUNCT


def text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


def corpus(rng: random.Random, count: int) -> list[Article]:
    articles = []
    for n in range(1, count + 1):
        body = "\n\n".join(("## " if rng.random() < 0.1 else "") + text(rng, rng.randint(3, 40))
                           for _ in range(rng.randint(1, 4)))
        articles.append(Article(id=f"r-{n:03d}", issue="r", seq=n, source=SourceSpan("r.txt", n, n),
                                kind="article", title=text(rng, rng.randint(1, 8)),
                                headlines=tuple(text(rng, rng.randint(1, 8)) for _ in range(rng.randint(0, 2))),
                                body=body, date=f"20{rng.randint(10, 23)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"))
    return articles


def queries(rng: random.Random, articles: list[Article], count: int) -> list[str]:
    out = []
    for _ in range(count):
        a = rng.choice(articles)
        source = rng.choice([a.title, *a.headlines, body_text(a)]).replace("\n", "")
        form = rng.randrange(4)
        if form == 0:  # one character
            out.append(rng.choice(ALPHABET))
        elif form == 1 and source:  # a piece of a record
            at = rng.randrange(len(source))
            out.append(source[at:at + rng.randint(1, 6)])
        elif form == 2:  # random, mostly found nowhere
            out.append(text(rng, rng.randint(2, 5)))
        else:  # two phrases
            out.append(f"{rng.choice(ALPHABET)}{rng.choice(ALPHABET)} {rng.choice(ALPHABET)}")
    return [q for q in out if q.strip()]


def scan(articles: list[Article], query: str) -> list[str]:
    """Records whose title, a headline or the body (folded, heading marks off) holds every
    phrase of the query as text.phrases reads it (folded, punctuation at its ends trimmed: a
    query of punctuation alone has no phrase and finds nothing)."""
    wanted = phrases(query)
    if not wanted:
        return []
    return sorted(f"{a.seq}.html" for a in articles
                  if all(any(p in fold(f) for f in (a.title, *a.headlines, body_text(a))) for p in wanted))


@pytest.mark.parametrize("seed", range(4))
def test_results_equal_a_substring_scan_on_random_corpora(page, tmp_path, seed):
    rng = random.Random(seed)
    articles = corpus(rng, rng.randint(5, 60))
    options = IndexOptions() if seed % 2 else IndexOptions(gram_docs=2, page=3)
    write_search_index(articles, [], tmp_path, lambda a: f"{a.seq}.html", options)
    write_engine_page(tmp_path)
    open_search(page, tmp_path.as_uri() + "/")
    checked = found = 0
    for query in queries(rng, articles, 60):
        expected = scan(articles, query)
        assert sorted(all_urls(page, {"q": query})) == expected, query
        checked += 1
        found += bool(expected)
    assert checked >= 50 and found >= 20  # most queries find something, so a broken index shows
