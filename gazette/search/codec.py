"""Compact number lists as ASCII strings (base-64 VLQ), and the term hash; both mirrored in
templates/static/search.js.

A number is written as 5-bit groups, least significant first, one character each; a character
whose value has bit 32 set says another group follows (the scheme of source maps). Numbers under
32 take one character, so the gaps of a dense posting list cost about one byte each.
"""

from __future__ import annotations

import numpy as np

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_MAX_GROUPS = 13  # 13 × 5 bits covers any non-negative int64


def vlq_lengths(values: np.ndarray) -> np.ndarray:
    """Characters each value takes."""
    values = values.astype(np.int64, copy=False)
    if values.size and values.min() < 0:
        raise ValueError("VLQ encodes non-negative numbers only")
    lengths = np.ones(values.shape, dtype=np.int64)
    for k in range(1, _MAX_GROUPS):
        lengths += values >= (1 << (5 * k))
    return lengths


def vlq_encode(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """All values as one ASCII byte string, and the offset where each value's characters start
    (one more entry at the end), so callers can slice out the encoding of any run of values."""
    values = values.astype(np.int64, copy=False)
    lengths = vlq_lengths(values)
    offsets = np.zeros(values.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.uint8)
    starts = offsets[:-1]
    for k in range(int(lengths.max()) if values.size else 0):
        has = lengths > k
        group = (values[has] >> (5 * k)) & 31
        more = (lengths[has] > k + 1).astype(np.int64) << 5
        out[starts[has] + k] = _ALPHABET_BYTES[group | more]
    return out.tobytes(), offsets


def vlq(values) -> str:
    """Encode a short Python list of non-negative ints."""
    data, _ = vlq_encode(np.asarray(list(values), dtype=np.int64))
    return data.decode("ascii")


def vlq_decode(text: str) -> list[int]:
    """Inverse of :func:`vlq` (used by tests and tools; the browser has its own)."""
    result, value, shift = [], 0, 0
    for ch in text:
        digit = ALPHABET.index(ch)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            result.append(value)
            value, shift = 0, 0
    if shift:
        raise ValueError("truncated VLQ string")
    return result


def term_hash(term: str) -> int:
    """32-bit FNV-1a over the term's code points (search.js computes the same)."""
    h = 0x811C9DC5
    for ch in term:
        h ^= ord(ch)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h
