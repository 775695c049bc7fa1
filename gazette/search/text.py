"""What search matches against: one folded text per record, identical in Python and in search.js.

Folding is deliberately tiny and length-preserving (ASCII case, full-width ASCII forms, odd
spaces), so a position in the folded text is a position in the text the reader sees, and the
browser can apply the very same table (``FOLD_PAIRS`` is mirrored in templates/static/search.js).
"""

from __future__ import annotations

import re

from ..records import Article
from ..textclean import plain_body

SEPARATORS = " \n"
"""After folding, the only characters a phrase cannot contain and a gram cannot span."""

BODY_BASE = 1 << 16
"""Positions of body characters start here, title and headline characters at 0, so a hit's
position alone tells whether it is in the title/headlines (ranked higher) or in the body."""


def _fold_pairs() -> dict[int, int]:
    pairs = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
    for c in range(0xFF01, 0xFF5F):  # full-width ! … ~ → ASCII
        ascii_c = c - 0xFEE0
        pairs[c] = ascii_c + 32 if ord("A") <= ascii_c <= ord("Z") else ascii_c
    for c in (0x3000, 0x00A0, 0x09, 0x0B, 0x0C, 0x0D):  # ideographic/no-break space, tabs, CR
        pairs[c] = 0x20
    return pairs


FOLD_PAIRS = _fold_pairs()
_TABLE = str.maketrans(FOLD_PAIRS)
_SPLIT = re.compile("[ \n]+")


_FOLDED = re.compile("[" + "".join(sorted({re.escape(chr(c)) for c in FOLD_PAIRS})) + "]")


def fold(text: str) -> str:
    """The text as search compares it: same length, case- and width-folded."""
    # most Chinese text has nothing to fold, and a search is far cheaper than translate()
    return text.translate(_TABLE) if _FOLDED.search(text) else text


def phrases(query: str) -> list[str]:
    """A query's phrases: folded, split at spaces, duplicates dropped, in order."""
    seen: list[str] = []
    for phrase in _SPLIT.split(fold(query)):
        if phrase and phrase not in seen:
            seen.append(phrase)
    return seen


def head_text(article: Article) -> str:
    """Title, then every headline not equal to it, one per line."""
    lines = [article.title]
    lines.extend(h for h in article.headlines if h not in lines)
    return "\n".join(line for line in lines if line)


def body_text(article: Article) -> str:
    """The body as a reader sees it (see :func:`gazette.textclean.plain_body`)."""
    return plain_body(article.body)
