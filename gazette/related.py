"""Related articles: records sharing tags first, then records sharing TF-IDF keywords.

Candidates come from inverted lists (tag → records, keyword → records). To keep a large archive
linear, each list contributes only the records nearest in date to the one at hand
(:data:`WINDOW` on each side), so counts are exact for lists up to ``2 * WINDOW + 1`` records
and an approximation beyond, where a shared tag says little anyway.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter

import jieba
import jieba.analyse
import jieba.posseg

from .records import Article
from .topics import TAG_FIELD, tag_key

WINDOW = 20
KEYWORD_TEXT = 400
"""Characters of title and body the keywords are drawn from: a news lede names its subject,
and extraction over whole bodies would cost more than rendering the pages (issue 4)."""
TAG_WEIGHT = 100
"""A shared tag outranks any number of shared keywords (at most :data:`KEYWORDS` of them)."""
KEYWORDS = 8
KEYWORD_RECIPE = f"jieba {jieba.__version__} TF-IDF, top {KEYWORDS}"
"""How keywords are drawn from :func:`keyword_text`; cached keywords made another way are stale."""


def make_tfidf(tokenizer: jieba.Tokenizer | None = None) -> jieba.analyse.TFIDF:
    """A TF-IDF extractor on its own tokenizer instead of jieba's global one."""
    tokenizer = tokenizer or jieba.Tokenizer()
    tfidf = jieba.analyse.TFIDF()
    tfidf.tokenizer = tokenizer
    tfidf.postokenizer = jieba.posseg.POSTokenizer(tokenizer)
    return tfidf


def keyword_text(article: Article) -> str:
    """The text a record's keywords are drawn from (a cache keys them by its hash)."""
    return (article.title + "\n" + article.body)[:KEYWORD_TEXT]


def article_keywords(tfidf: jieba.analyse.TFIDF, article: Article) -> tuple[str, ...]:
    return tuple(tfidf.extract_tags(keyword_text(article), topK=KEYWORDS))


def related_articles(articles: list[Article], keywords: dict[str, tuple[str, ...]], date_key,
                     limit: int = 5) -> dict[str, list[tuple[Article, int, int]]]:
    """Article id → up to ``limit`` (article, shared tags, shared keywords), best first; ties
    broken by date order then id so the result never depends on input order."""
    ordered = sorted(articles, key=date_key)
    features: dict[str, list[tuple[str, ...]]] = {}
    postings: dict[tuple[str, ...], list[int]] = {}
    shared_words_max: dict[str, int] = {}
    for i, article in enumerate(ordered):
        feats = [("tag", kind, tag_key(kind, tag)) for kind, attr in TAG_FIELD.items()
                 for tag in getattr(article, attr)]
        feats = list(dict.fromkeys(feats))
        keyword_feats = [("kw", word) for word in keywords.get(article.id, ())]
        shared_words_max[article.id] = len(keyword_feats)
        feats += keyword_feats
        features[article.id] = feats
        for feat in feats:
            postings.setdefault(feat, []).append(i)  # ascending, since i grows

    result: dict[str, list[tuple[Article, int, int]]] = {}
    for i, article in enumerate(ordered):
        tags: Counter = Counter()
        words: Counter = Counter()
        for feat in features[article.id]:
            posting = postings[feat]
            if len(posting) > 1:
                at = bisect.bisect_left(posting, i)
                (tags if feat[0] == "tag" else words).update(posting[max(0, at - WINDOW): at + WINDOW + 1])
        tags.pop(i, None)
        words.pop(i, None)
        # Records sharing only keywords cannot outrank one sharing a tag, so once there are
        # enough of those the others need no ranking (ranking them all took 6 s of the 20 s
        # a 20,000-record rebuild took).
        outranked = len(tags) >= limit and shared_words_max[article.id] < TAG_WEIGHT
        pool = tags.keys() if outranked else tags.keys() | words.keys()
        best = heapq.nsmallest(limit, [(-(tags[j] * TAG_WEIGHT + words[j]), abs(j - i), j) for j in pool])
        result[article.id] = [(ordered[j], tags[j], words[j]) for _, _, j in best]
    return result
