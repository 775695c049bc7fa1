"""Related articles equal a plain ranking of every pair while the archive fits in the window."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.records import Article, SourceSpan, Tag
from gazette.related import TAG_WEIGHT, WINDOW, related_articles


def archive(spec: list[tuple[list[int], list[int]]]) -> tuple[list[Article], dict[str, tuple[str, ...]]]:
    articles, keywords = [], {}
    for seq, (streets, words) in enumerate(spec, 1):
        articles.append(Article(id=f"x-{seq:03d}", issue="x", seq=seq, source=SourceSpan("x.txt", seq, seq),
                                kind="article", title="t", date=f"2023-01-{seq % 28 + 1:02d}",
                                streets=tuple(Tag(f"街道{s}", f"32061300{s}") for s in sorted(set(streets)))))
        keywords[f"x-{seq:03d}"] = tuple(f"词{w}" for w in dict.fromkeys(words))
    return articles, keywords


def plain_ranking(articles, keywords, date_key, limit=5):
    ordered = sorted(articles, key=date_key)
    out = {}
    for i, a in enumerate(ordered):
        rows = []
        for j, b in enumerate(ordered):
            if i != j:
                tags = len({t.code for t in a.streets} & {t.code for t in b.streets})
                words = len(set(keywords[a.id]) & set(keywords[b.id]))
                if tags or words:
                    rows.append((-(tags * TAG_WEIGHT + words), abs(i - j), j, tags, words))
        out[a.id] = [(ordered[j], tags, words) for _, _, j, tags, words in sorted(rows)[:limit]]
    return out


small_archives = st.lists(st.tuples(st.lists(st.integers(0, 4), max_size=3), st.lists(st.integers(0, 12), max_size=8)),
                          min_size=1, max_size=2 * WINDOW + 1)


@settings(max_examples=150, deadline=None)
@given(small_archives)
def test_related_articles_equal_a_plain_ranking(spec):
    articles, keywords = archive(spec)
    date_key = lambda a: (a.date, a.issue, a.seq)  # noqa: E731
    assert related_articles(articles, keywords, date_key) == plain_ranking(articles, keywords, date_key)
