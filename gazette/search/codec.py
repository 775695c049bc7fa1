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


def vlq_lengths(values: np.ndarray) -> np.ndarray:
    """Characters each value takes (uint8: these arrays are as long as the data, and narrow
    ones are faster; add them up into a wider type)."""
    lengths = np.ones(values.shape, dtype=np.uint8)
    if not values.size:
        return lengths
    if values.min() < 0:
        raise ValueError("VLQ encodes non-negative numbers only")
    top, k = int(values.max()), 1
    while k < _MAX_GROUPS and (1 << (5 * k)) <= top:
        lengths += values >= (1 << (5 * k))
        k += 1
    return lengths


def vlq_encode(values: np.ndarray) -> tuple[bytes, np.ndarray]:
    """All values as one ASCII byte string, and the offset where each value's characters start
    (one more entry at the end), so callers can slice out the encoding of any run of values."""
    values = values.astype(np.int64, copy=False)
    if values.size and int(values.max()) < (1 << 31):
        values = values.astype(np.int32)  # half the memory traffic of int64: a fifth faster
    lengths = vlq_lengths(values)
    offsets = np.zeros(values.size + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    out = np.empty(int(offsets[-1]), dtype=np.uint8)
    starts = offsets[:-1]
    if values.size:  # every value has a first character: no mask needed for it
        out[starts] = _ALPHABET_BYTES[(values & 31) | ((lengths > 1).astype(values.dtype) << 5)]
    for k in range(1, int(lengths.max()) if values.size else 0):
        has = np.flatnonzero(lengths > k)
        more = (lengths[has] > k + 1).astype(values.dtype) << 5
        out[starts[has] + k] = _ALPHABET_BYTES[((values[has] >> (5 * k)) & 31) | more]
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
        self.run_ids = run_ids = np.flatnonzero(first | (gaps != 0))
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
        chosen = np.flatnonzero(choice == 2)
        if chosen.size:
            for i, text in zip(chosen.tolist(), self._absent_gaps(chosen)):
                out[i] = "n" + text
        chosen = np.flatnonzero(choice == 3)
        if chosen.size:
            for i, text in zip(chosen.tolist(), self._bitmaps(chosen)):
                out[i] = "b" + text
        return out

    def _bitmaps(self, chosen: np.ndarray) -> list[str]:
        chars = (self.universes[chosen] + 5) // 6
        starts = np.zeros(chosen.size + 1, dtype=np.int64)
        np.cumsum(chars, out=starts[1:])
        in_chosen = np.zeros(self.sizes.size, dtype=bool)
        in_chosen[chosen] = True
        members = self.members[np.repeat(in_chosen, self.sizes)]
        owner = np.repeat(np.arange(chosen.size), self.sizes[chosen])
        # ids are distinct, so adding up their bits builds each character's six bits
        values = np.bincount(starts[owner] + members // 6, weights=32 >> (members % 6),
                             minlength=int(starts[-1])).astype(np.uint8)
        data = _ALPHABET_BYTES[values].tobytes()
        cuts = starts.tolist()
        return [data[a:b].decode("ascii") for a, b in zip(cuts[:-1], cuts[1:])]

    def _absent_gaps(self, chosen: np.ndarray) -> list[str]:
        # between absent ids the gaps are zeros, except after a run of ids, where the gap is the
        # run's length; the absent id after a run ending at id e (the k-th id of its set, from 0)
        # is the (e − k)-th absent id
        absent = self.universes[chosen] - self.sizes[chosen]
        starts = np.zeros(chosen.size + 1, dtype=np.int64)
        np.cumsum(absent, out=starts[1:])
        values = np.zeros(int(starts[-1]), dtype=np.int64)
        slot = np.full(self.sizes.size, -1, dtype=np.int64)
        slot[chosen] = np.arange(chosen.size)
        run_slot = slot[self.run_set]
        end_index = self.run_ids + self.run_len - 1
        end_value = self.members[end_index]
        end_rank = end_index - self.bounds[self.run_set]
        inner = (run_slot >= 0) & (end_value < self.universes[self.run_set] - 1)
        values[starts[run_slot[inner]] + end_value[inner] - end_rank[inner]] = self.run_len[inner]
        data, offsets = vlq_encode(values)
        return _slices(data, offsets, starts[:-1], starts[1:])


def encode_sets(members: np.ndarray, bounds: np.ndarray, universes: np.ndarray) -> list[str]:
    """Encode many id sets at once (see :class:`IdSets`)."""
    return IdSets(members, bounds, universes).encode()


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
