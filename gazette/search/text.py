"""What search matches against: one folded text per record, identical in Python and in search.js.

Folding is deliberately tiny and length-preserving (ASCII case, full-width ASCII forms, odd
spaces, middle-dot variants), so a position in the folded text is a position in the text the reader sees, and the
browser can apply the very same table (``FOLD_PAIRS`` is mirrored in templates/static/search.js).
"""

from __future__ import annotations

import re
import unicodedata

from ..records import Article
from ..textclean import plain_body

SEPARATORS = " \n"
"""After folding, the only characters a phrase cannot contain and a gram cannot span."""

BODY_BASE = 1 << 16
"""Positions of body characters start here, title and headline characters at 0, so a hit's
position alone tells whether it is in the title/headlines (ranked higher) or in the body."""


MIDDLE_DOTS = (0x30FB, 0xFF65, 0x2022, 0x2027, 0x2219, 0x22C5)


def _fold_pairs() -> dict[int, int]:
    pairs = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}
    for c in range(0xFF01, 0xFF5F):  # full-width ! … ~ → ASCII
        ascii_c = c - 0xFEE0
        pairs[c] = ascii_c + 32 if ord("A") <= ascii_c <= ord("Z") else ascii_c
    for c in (0x3000, 0x00A0, 0x09, 0x0B, 0x0C, 0x0D):  # ideographic/no-break space, tabs, CR
        pairs[c] = 0x20
    # Middle-dot variants as OCR and input methods write them (issue 19: 双报到・通通在 with
    # U+30FB found nothing where 双报到·通通在 found 2): katakana, half-width katakana, bullet,
    # hyphenation point, bullet operator, dot operator → U+00B7.
    for c in MIDDLE_DOTS:
        pairs[c] = 0xB7
    return pairs


FOLD_PAIRS = _fold_pairs()
_TABLE = str.maketrans(FOLD_PAIRS)
_SPLIT = re.compile("[ \n]+")


_FOLDED = re.compile("[" + "".join(sorted({re.escape(chr(c)) for c in FOLD_PAIRS})) + "]")


def fold(text: str) -> str:
    """The text as search compares it: same length, case- and width-folded."""
    # most Chinese text has nothing to fold, and a search is far cheaper than translate()
    return text.translate(_TABLE) if _FOLDED.search(text) else text


def _is_punctuation(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def trim_punctuation(phrase: str) -> str:
    """``phrase`` without the punctuation at its ends (``崇川区,`` → ``崇川区``, ``“红色物业”`` →
    ``红色物业``): a reader copying a name from the text takes its comma or quotes along
    (issue 19). Punctuation inside a phrase stays: it must match as written. Mirrored in
    search.js (Unicode category P there is ``\\p{P}``)."""
    start, end = 0, len(phrase)
    while start < end and _is_punctuation(phrase[start]):
        start += 1
    while end > start and _is_punctuation(phrase[end - 1]):
        end -= 1
    return phrase[start:end]


def phrases(query: str) -> list[str]:
    """A query's phrases: folded, split at spaces, punctuation at their ends trimmed, empty ones
    and duplicates dropped, in order."""
    seen: list[str] = []
    for phrase in _SPLIT.split(fold(query)):
        phrase = trim_punctuation(phrase)
        if phrase and phrase not in seen:
            seen.append(phrase)
    return seen


def head_text(article: Article) -> str:
    """Title, then every headline not equal to it, one per line."""
    lines = [article.title]
    lines.extend(h for h in article.headlines if h not in lines)
    return "\n".join(line for line in lines if line)


def indexed_head(article: Article) -> str:
    """What the index holds before the body: the title and headlines, then the byline's names,
    one per line, so a reporter's name finds their records (issue 19: 金驰 found 0). Snippets
    are still cut from :func:`head_text` and the body only."""
    return "\n".join([head_text(article), *article.byline]) if article.byline else head_text(article)


def body_text(article: Article) -> str:
    """The body as a reader sees it (see :func:`gazette.textclean.plain_body`)."""
    return plain_body(article.body)
