"""Snippet windows: the few lines of a record shown under a search result, cut by the build so
that the first page of a one-phrase query needs no article page (issue 5: fetching ten pages
after the index doubled the time until results were shown).

A record's snippet source is what the reader sees below the title: its headlines (other than the
title) and body, with every run of line breaks turned into one space. A window is ``width``
characters of it, starting ``lead`` characters before the first occurrence of a term (from the
start when the term is only in the title). The client cuts snippets of article pages the same
way (the numbers are in index.js), so a window and a page give the same snippet.

A window is written as one digit and the text: the digit says whether text was cut before the
window (1), after it (2), or both (3), so the client can show an ellipsis there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..display import cjk_punctuation
from .text import fold

_BREAKS = re.compile("\n+")


def snippet_source(head: str, body: str) -> str:
    """Headlines after the title, then the body, line breaks as single spaces (``head`` is the
    title and headlines, one per line, as text.head_text writes them)."""
    _, _, rest = head.partition("\n")
    return _BREAKS.sub(" ", f"{rest}\n{body}" if rest else body)


def windows(wanted: dict[int, list[str]], heads: list[str], bodies: list[str], lead: int,
            width: int) -> dict[tuple[int, str], str]:
    """The window of each (document, term) in ``wanted`` (document → terms, folded). One
    document at a time, so each source is cut and folded once."""
    out: dict[tuple[int, str], str] = {}
    for doc in sorted(wanted):
        # as pages show it (full-width punctuation between Chinese), cut where the page's would be
        text = cjk_punctuation(snippet_source(heads[doc], bodies[doc]))
        folded = fold(text)  # same length: a position in it is one in the text
        for term in wanted[doc]:
            out[doc, term] = window(text, folded.find(term), lead, width)
    return out


def window(text: str, first: int, lead: int, width: int) -> str:
    """The window around position ``first`` of ``text`` (−1: not in it)."""
    start = max(0, first - lead) if first >= 0 else 0
    end = start + width
    return f"{(start > 0) | (end < len(text)) << 1}{text[start:end]}"


def invert(pages: Iterable[tuple[str, list[int]]]) -> dict[int, list[str]]:
    """term → documents as document → terms."""
    by_doc: dict[int, list[str]] = {}
    for term, docs in pages:
        for doc in docs:
            by_doc.setdefault(doc, []).append(term)
    return by_doc
