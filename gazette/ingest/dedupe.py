"""The same article twice: a page exported into two issue files.

Records are compared by the characters of their bodies (punctuation and spacing ignored) through
sampled 8-character shingles; a record whose shingles mostly repeat an earlier record's (they
share at least ``THRESHOLD`` of the smaller record's shingles) is marked ``duplicate_of`` that
record. Earlier means first in (issue id, seq) order, so the choice does not depend on which file
was read first.

Finding the earlier record must not compare every pair: on text with common boilerplate that was
quadratic (issue 15: 88 s of a 10,000-article build). Candidates come from MinHash
locality-sensitive hashing instead, a constant cost per record: each record's shingles are
summarised by ``PERMUTATIONS`` minimum hashes, cut into ``BANDS`` bands, and only records with an
identical band are compared, exactly, by the shared-shingle rule above. Two texts sharing a
fraction J of their combined shingles collide with probability 1 − (1 − J⁴)³²: certain for
copies, above 99.9 % for J ≥ 0.67 (two records of equal length sharing 80 %), about 1 % for
records that merely share a paragraph (J ≈ 0.15). A short record copied inside a long one has a
low J with it, so each paragraph of a record is hashed too: a whole record is looked up among
earlier wholes and paragraphs, its paragraphs among earlier wholes (never paragraph against
paragraph, which would compare every two records quoting a common paragraph). What this can
miss is a record that is a run of several paragraphs inside a much longer one (two of six
paragraphs, J ≈ 0.33: found two times in five). The hash functions are fixed, so the result is
the same on every run.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from dataclasses import replace

import numpy as np

from ..records import Article

SHINGLE = 8
MIN_CHARS = 60
THRESHOLD = 0.8
BANDS, ROWS = 32, 4
PERMUTATIONS = BANDS * ROWS
_KEEP_RE = re.compile(r"[\w]")
# Multiply-shift hash functions h(x) = ((a·x + b) mod 2⁶⁴) >> 32 with odd a, from a fixed seed.
_RNG = np.random.default_rng(15)
_A = (_RNG.integers(1, 2**63, PERMUTATIONS, dtype=np.uint64) * np.uint64(2) + np.uint64(1))[:, None]
_B = _RNG.integers(0, 2**63, PERMUTATIONS, dtype=np.uint64)[:, None]


def _signature(body: str) -> set[int]:
    text = "".join(_KEEP_RE.findall(body))
    if len(text) < MIN_CHARS:
        return set()
    hashes = (zlib.crc32(text[i:i + SHINGLE].encode("utf-8")) for i in range(len(text) - SHINGLE + 1))
    return {h for h in hashes if h % 4 == 0}


def _bands(sig: set[int]) -> list[bytes]:
    """The record's LSH keys: each band of its MinHash, tagged with the band's number."""
    shingles = np.fromiter(sig, dtype=np.uint64, count=len(sig))
    with np.errstate(over="ignore"):
        minhash = ((_A * shingles + _B) >> np.uint64(32)).min(axis=1).astype(np.uint32)
    rows = minhash.reshape(BANDS, ROWS)
    return [bytes([band]) + rows[band].tobytes() for band in range(BANDS)]


def _signatures(body: str) -> tuple[set[int], list[set[int]]]:
    """The record's signature and, when it has several paragraphs, each paragraph's: the same as
    ``_signature`` of each, from one pass of the shingle hash over the record's characters."""
    paragraphs = [p for p in body.split("\n\n") if p.strip()]
    if len(paragraphs) < 2:
        return _signature(body), []
    kept = ["".join(_KEEP_RE.findall(p)) for p in paragraphs]
    text = "".join(kept)
    if len(text) < MIN_CHARS:
        return set(), []
    hashes = [zlib.crc32(text[i:i + SHINGLE].encode("utf-8")) for i in range(len(text) - SHINGLE + 1)]
    parts, start = [], 0
    for chars in kept:
        if len(chars) >= MIN_CHARS:
            parts.append({h for h in hashes[start:start + len(chars) - SHINGLE + 1] if h % 4 == 0})
        start += len(chars)
    return {h for h in hashes if h % 4 == 0}, parts


def mark_duplicates(articles: list[Article]) -> list[Article]:
    """Return the records with ``duplicate_of`` set on each later copy of an earlier record."""
    ordered = sorted(range(len(articles)), key=lambda k: (articles[k].issue, articles[k].seq))
    wholes: dict[bytes, list[int]] = defaultdict(list)
    parts: dict[bytes, list[int]] = defaultdict(list)
    signatures: dict[int, set[int]] = {}
    result = list(articles)
    for k in ordered:
        sig, part_sigs = _signatures(articles[k].body)
        if not sig:
            continue
        keys = _bands(sig)
        part_keys = [key for part in part_sigs if part for key in _bands(part)]
        candidates = {other for key in keys for other in wholes.get(key, ())}
        candidates.update(other for key in keys for other in parts.get(key, ()))
        candidates.update(other for key in part_keys for other in wholes.get(key, ()))
        best = None
        for other in sorted(candidates):
            if articles[other].issue == articles[k].issue:
                continue
            overlap = len(sig & signatures[other]) / min(len(sig), len(signatures[other]))
            if overlap >= THRESHOLD and (best is None or overlap > best[1]):
                best = (other, overlap)
        if best is not None:
            original = articles[best[0]]
            result[k] = replace(articles[k], duplicate_of=original.duplicate_of or original.id)
            continue  # a copy is not itself an original for later copies
        signatures[k] = sig
        for key in keys:
            wholes[key].append(k)
        for key in part_keys:
            parts[key].append(k)
    return result
