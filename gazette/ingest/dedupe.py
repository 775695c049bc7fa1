"""The same article twice: a page exported into two issue files.

Records are compared by the characters of their bodies (punctuation and spacing ignored) through
sampled 8-character shingles; a record whose shingles mostly repeat an earlier record's is marked
``duplicate_of`` that record. Earlier means first in (issue id, seq) order, so the choice does not
depend on which file was read first.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import replace

from ..records import Article

SHINGLE = 8
MIN_CHARS = 60
THRESHOLD = 0.8
_KEEP_RE = re.compile(r"[\w]")


def _signature(body: str) -> set[int]:
    text = "".join(_KEEP_RE.findall(body))
    if len(text) < MIN_CHARS:
        return set()
    hashes = (zlib.crc32(text[i:i + SHINGLE].encode("utf-8")) for i in range(len(text) - SHINGLE + 1))
    return {h for h in hashes if h % 4 == 0}


def mark_duplicates(articles: list[Article]) -> list[Article]:
    """Return the records with ``duplicate_of`` set on each later copy of an earlier record."""
    ordered = sorted(range(len(articles)), key=lambda k: (articles[k].issue, articles[k].seq))
    postings: dict[int, list[int]] = defaultdict(list)
    signatures: dict[int, set[int]] = {}
    result = list(articles)
    for k in ordered:
        sig = _signature(articles[k].body)
        if not sig:
            continue
        counts: dict[int, int] = defaultdict(int)
        for h in sig:
            for other in postings[h]:
                counts[other] += 1
        best = None
        for other, shared in sorted(counts.items()):
            if articles[other].issue == articles[k].issue:
                continue
            overlap = shared / min(len(sig), len(signatures[other]))
            if overlap >= THRESHOLD and (best is None or overlap > best[1]):
                best = (other, overlap)
        if best is not None:
            original = articles[best[0]]
            result[k] = replace(articles[k], duplicate_of=original.duplicate_of or original.id)
            continue  # a copy is not itself an original for later copies
        signatures[k] = sig
        for h in sig:
            postings[h].append(k)
    return result
