"""Compact number lists and id sets as ASCII strings, and the term hash; all mirrored in
templates/static/search.js.

Numbers (:func:`vlq`): base-64 VLQ. A number is written as 5-bit groups, least significant first,
one character each; a character whose value has bit 32 set says another group follows (the scheme
of source maps). Numbers under 32 take one character.

Id sets (:func:`encode_sets`): a sorted set of ids in ``0 … universe−1`` (the universe is known to
the reader from context) is written in whichever of these forms is shortest, named by its first
character:

====  =======================================================================================
e     empty
a     every id of the universe
g     VLQ gaps: for each id, ``id − previous − 1`` (previous starts at −1)
r     VLQ runs of consecutive ids: for each run, the gap before it and its length − 1
n     VLQ gaps between the ids *not* in the set (for sets holding most of the universe)
b     bitmap: one bit per id of the universe, six to a character (first id = highest bit)
====  =======================================================================================

A term held by half the documents of a 50,000-document archive costs about 8 KB as a bitmap
against 25 KB or more as gaps, and a year (one run of ids) costs a few characters as runs.
"""

from __future__ import annotations

import numpy as np

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALPHABET_BYTES = np.frombuffer(ALPHABET.encode("ascii"), dtype=np.uint8)
_MAX_GROUPS = 13  # 13 × 5 bits covers any non-negative int64
_BITS_AT_ONCE = 1 << 24
"""Bitmaps (and complements) are built this many ids at a time, which bounds their memory."""


def vlq_lengths(values: np.ndarray) -> np.ndarray:
    """Characters each value takes."""
    values = values.astype(np.int64, copy=False)
    if values.size and values.min() < 0:
        raise ValueError("VLQ encodes non-negative numbers only")
    lengths = np.ones(values.shape, dtype=np.int64)
    for k in range(1, _MAX_GROUPS):
        more = values >= (1 << (5 * k))
        if not more.any():
            break
        lengths += more
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


# --- id sets ----------------------------------------------------------------------------------

def _segment_sums(values: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    totals = np.zeros(values.size + 1, dtype=np.int64)
    np.cumsum(values, out=totals[1:])
    return totals[bounds[1:]] - totals[bounds[:-1]]


def _slices(data: bytes, offsets: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[str]:
    begin, end = offsets[starts].tolist(), offsets[ends].tolist()
    return [data[a:b].decode("ascii") for a, b in zip(begin, end)]


class IdSets:
    """Many id sets at once: set ``i`` is ``members[bounds[i]:bounds[i+1]]`` (sorted, distinct,
    each below ``universes[i]``). :attr:`lengths` are the characters of each set's shortest form
    (see the module doc), :meth:`encode` writes them."""

    def __init__(self, members: np.ndarray, bounds: np.ndarray, universes: np.ndarray):
        self.members = members = np.asarray(members, dtype=np.int64)
        self.bounds = bounds = np.asarray(bounds, dtype=np.int64)
        self.universes = universes = np.asarray(universes, dtype=np.int64)
        count = universes.size
        self.sizes = sizes = np.diff(bounds)
        first = np.zeros(members.size, dtype=bool)
        first[bounds[:-1][sizes > 0]] = True
        previous = np.empty_like(members)
        previous[1:] = members[:-1]
        previous[first] = -1
        self.gaps = gaps = members - previous - 1

        # runs of consecutive ids: a run starts where the gap is not zero, or at a set's first id
        run_ids = np.flatnonzero(first | (gaps != 0))
        self.run_set = run_set = np.repeat(np.arange(count), sizes)[run_ids]
        self.run_len = run_len = np.diff(np.append(run_ids, members.size))
        self.run_gap = run_gap = gaps[run_ids]
        self.run_bounds = run_bounds = np.searchsorted(run_set, np.arange(count + 1))
        run_end = members[run_ids + run_len - 1]

        gap_chars = _segment_sums(vlq_lengths(gaps), bounds)
        run_chars = _segment_sums(vlq_lengths(run_gap) + vlq_lengths(run_len - 1), run_bounds)
        # the gaps between absent ids are zeros, except after a run that the universe does not end
        inner_run = run_end < universes[run_set] - 1
        absent_chars = (universes - sizes) + _segment_sums(np.where(inner_run, vlq_lengths(run_len) - 1, 0), run_bounds)
        bitmap_chars = (universes + 5) // 6
        lengths = np.stack([gap_chars, run_chars, absent_chars, bitmap_chars])
        self.choice = choice = np.argmin(lengths, axis=0)  # ties go to the earlier form: g, r, n, b
        self.lengths = 1 + lengths[choice, np.arange(count)]
        choice[sizes == universes] = 4
        choice[sizes == 0] = 5
        self.lengths[choice >= 4] = 1

    def encode(self, only: np.ndarray | None = None) -> list[str]:
        """Each set's shortest form ("" for sets left out by the ``only`` mask)."""
        choice = self.choice if only is None else np.where(only, self.choice, -1)
        count = choice.size
        out = [""] * count
        for i in np.flatnonzero(choice == 4).tolist():
            out[i] = "a"
        for i in np.flatnonzero(choice == 5).tolist():
            out[i] = "e"
        chosen = np.flatnonzero(choice == 0)
        if chosen.size:
            take = np.repeat(choice == 0, self.sizes)
            data, offsets = vlq_encode(self.gaps[take])
            cuts = np.zeros(chosen.size + 1, dtype=np.int64)
            np.cumsum(self.sizes[chosen], out=cuts[1:])
            for i, text in zip(chosen.tolist(), _slices(data, offsets, cuts[:-1], cuts[1:])):
                out[i] = "g" + text
        chosen = np.flatnonzero(choice == 1)
        if chosen.size:
            take = (choice == 1)[self.run_set]
            pairs = np.empty(2 * int(take.sum()), dtype=np.int64)
            pairs[0::2], pairs[1::2] = self.run_gap[take], self.run_len[take] - 1
            data, offsets = vlq_encode(pairs)
            cuts = np.zeros(chosen.size + 1, dtype=np.int64)
            np.cumsum(2 * np.diff(self.run_bounds)[chosen], out=cuts[1:])
            for i, text in zip(chosen.tolist(), _slices(data, offsets, cuts[:-1], cuts[1:])):
                out[i] = "r" + text
        for mode, index in (("n", 2), ("b", 3)):
            chosen = np.flatnonzero(choice == index)
            for group in _groups_by_universe(chosen, self.universes):
                texts = (_absent_gaps if mode == "n" else _bitmaps)(self.members, self.bounds, self.universes, group)
                for i, text in zip(group.tolist(), texts):
                    out[i] = mode + text
        return out


def encode_sets(members: np.ndarray, bounds: np.ndarray, universes: np.ndarray) -> list[str]:
    """Encode many id sets at once (see :class:`IdSets`)."""
    return IdSets(members, bounds, universes).encode()


def _groups_by_universe(chosen: np.ndarray, universes: np.ndarray):
    """Split the chosen sets into groups whose universes add up to about _BITS_AT_ONCE."""
    start, total = 0, 0
    for k, u in enumerate(universes[chosen].tolist()):
        if total and total + u > _BITS_AT_ONCE:
            yield chosen[start:k]
            start, total = k, 0
        total += u
    if start < chosen.size:
        yield chosen[start:]


def _flags(members, bounds, universes, group) -> tuple[np.ndarray, np.ndarray]:
    """One flag per id of each set's universe, the sets laid end to end; and where each starts."""
    sizes = bounds[group + 1] - bounds[group]
    starts = np.zeros(group.size + 1, dtype=np.int64)
    np.cumsum(universes[group], out=starts[1:])
    flags = np.zeros(int(starts[-1]), dtype=bool)
    cum = np.zeros(group.size + 1, dtype=np.int64)
    np.cumsum(sizes, out=cum[1:])
    take = np.arange(int(cum[-1])) + np.repeat(bounds[group] - cum[:-1], sizes)
    flags[members[take] + np.repeat(starts[:-1], sizes)] = True
    return flags, starts


def _bitmaps(members, bounds, universes, group) -> list[str]:
    flags, starts = _flags(members, bounds, universes, group)
    padded = (universes[group] + 5) // 6 * 6
    pad_starts = np.zeros(group.size + 1, dtype=np.int64)
    np.cumsum(padded, out=pad_starts[1:])
    bits = np.zeros(int(pad_starts[-1]), dtype=np.uint8)
    sizes = universes[group]
    bits[np.arange(flags.size) + np.repeat(pad_starts[:-1] - starts[:-1], sizes)] = flags
    values = bits.reshape(-1, 6) @ np.array([32, 16, 8, 4, 2, 1], dtype=np.uint8)
    data = _ALPHABET_BYTES[values].tobytes()
    char_starts = (pad_starts // 6).tolist()
    return [data[a:b].decode("ascii") for a, b in zip(char_starts[:-1], char_starts[1:])]


def _absent_gaps(members, bounds, universes, group) -> list[str]:
    flags, starts = _flags(members, bounds, universes, group)
    absent = np.flatnonzero(~flags)
    owner = np.searchsorted(starts, absent, side="right") - 1
    previous = np.empty_like(absent)
    previous[1:] = absent[:-1]
    new_set = np.ones(absent.size, dtype=bool)
    new_set[1:] = owner[1:] != owner[:-1]
    previous[new_set] = starts[owner[new_set]] - 1
    data, offsets = vlq_encode(absent - previous - 1)
    cuts = np.searchsorted(owner, np.arange(group.size + 1))
    return _slices(data, offsets, cuts[:-1], cuts[1:])


def encode_set(ids, universe: int) -> str:
    """Encode one sorted id set (a convenience over :func:`encode_sets`)."""
    ids = np.asarray(list(ids), dtype=np.int64)
    return encode_sets(ids, np.array([0, ids.size]), np.array([universe]))[0]


def decode_set(text: str, universe: int) -> list[int]:
    """Inverse of :func:`encode_set` (used by tests and tools; the browser has its own)."""
    mode, body = text[:1], text[1:]
    if mode == "e":
        return []
    if mode == "a":
        return list(range(universe))
    if mode == "b":
        return [i for i in range(universe) if ALPHABET.index(body[i // 6]) >> (5 - i % 6) & 1]
    numbers = vlq_decode(body)
    ids, at = [], -1
    if mode == "g":
        for gap in numbers:
            at += gap + 1
            ids.append(at)
        return ids
    if mode == "r":
        at = 0
        for gap, length in zip(numbers[0::2], numbers[1::2]):
            at += gap
            ids.extend(range(at, at + length + 1))
            at += length + 1
        return ids
    if mode == "n":
        absent = set()
        for gap in numbers:
            at += gap + 1
            absent.add(at)
        return [i for i in range(universe) if i not in absent]
    raise ValueError(f"unknown id set form {mode!r}")
