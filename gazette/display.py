"""Text as pages show it, never as records store it (issue 19): OCR often gives half-width
punctuation between Chinese characters (``启动,春季``), which the paper printed full width.

The mapping is one character for one, so positions found in the record's text (search windows,
highlights) stay right on the page."""

from __future__ import annotations

import re
from dataclasses import replace

from .records import Article

_HALF_TO_FULL = {",": "，", "?": "？", ":": "：", ";": "；", "!": "！"}
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a half-width mark with a Chinese character (or a Chinese quote or bracket) on both sides;
# between digits or Latin letters (3,000  10:30  a, b) it stays as it is
_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}”’」』）》])[,?:;!](?=[{_HAN}“‘「『（《])")


def cjk_punctuation(text: str) -> str:
    """``text`` with half-width ``, ? : ; !`` between Chinese characters shown full width."""
    return _BETWEEN_HAN.sub(lambda m: _HALF_TO_FULL[m.group()], text) if text else text


def displayed(article: Article) -> Article:
    """The record as pages show it: title, headlines and body through :func:`cjk_punctuation`."""
    title, body = cjk_punctuation(article.title), cjk_punctuation(article.body)
    headlines = tuple(cjk_punctuation(h) for h in article.headlines)
    if (title, body, headlines) == (article.title, article.body, tuple(article.headlines)):
        return article
    return replace(article, title=title, body=body, headlines=type(article.headlines)(headlines))
