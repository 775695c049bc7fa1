"""Which documents hold each gram, computed with numpy so that a 50,000-article archive indexes in
seconds.

Grams are every character and character bigram, and every trigram and four-character gram held by
at least ``min_df`` documents (found a priori: a gram can only be that common when both grams one
character shorter inside it are). For each gram and document holding it: a two-bit
term-frequency class (1, 2, 3–4, 5+ occurrences) and whether it occurs in the title or headlines.
For bigrams also the positions, one VLQ string per bigram: per document of its document list, in
order, the count minus one, the first position and the gaps to the next positions (positions of
body characters start at ``BODY_BASE``).

For the longest grams also their fixed context: the characters that every occurrence in the
archive has right before and after it. A phrase longer than the longest grams that lies inside
the fixed context of one of its grams is held by exactly that gram's documents (each of its
occurrences is one of the gram's), so it needs no positions.

Grams never include the separators (space, newline), so no phrase can match across a line, a
paragraph or two fields.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from .codec import vlq_encode
from .text import BODY_BASE, SEPARATORS

BATCH_CHARS = 2_000_000
"""Characters processed at once, over all WORKERS: bounds memory (about 100 bytes per character)
on big archives."""
CHUNK_PAIRS = 1_000_000
"""(gram, document) pairs handed out at once."""
MAX_N = 4
WORKERS = min(2, os.cpu_count() or 1)
"""Batches processed at once (the output does not depend on it). Two halve the time of the
sorts on a machine with two cores; more would hold more batches in memory for little gain."""
CONTEXT = 6
"""Characters of fixed context recorded on each side of the longest grams (fewer when the
archive has more than about a thousand distinct characters: a side is packed into 62 bits)."""


@dataclass
class Grams:
    """Grams of one length (a run of them, in a fixed order) and the documents holding each."""

    n: int
    terms: list[str]
    bounds: np.ndarray
    """``docs[bounds[i]:bounds[i+1]]`` are the documents of ``terms[i]``."""
    docs: np.ndarray
    """Document ids, ascending per term."""
    tf_class: np.ndarray
    """0–3 per document: the term occurs 1, 2, 3–4 or 5+ times."""
    head: np.ndarray
    """Per document: the term occurs in the title or a headline."""
    positions: list[str] | None = None
    """Bigrams only: the position list of each term."""
    contexts: list[tuple[str, str]] | None = None
    """Longest grams only: the characters that every occurrence of the term has right before
    and right after it (up to ``CONTEXT`` each), so a longer phrase inside that context is held
    by exactly the term's documents, as often and in the same fields."""


class _Corpus:
    """All folded texts as one array of character ids (0 = separator), in document order."""

    def __init__(self, texts: list[tuple[str, str]], batch_chars: int):
        self.head_len = np.array([len(h) for h, _ in texts], dtype=np.int64)
        lens = self.head_len + np.array([len(b) for _, b in texts], dtype=np.int64) + 2
        self.starts = np.zeros(len(texts) + 1, dtype=np.int64)
        np.cumsum(lens, out=self.starts[1:])
        self.batches: list[tuple[int, int]] = []
        lo = 0
        for hi in range(1, len(texts) + 1):
            if self.starts[hi] - self.starts[lo] >= batch_chars or hi == len(texts):
                self.batches.append((lo, hi))
                lo = hi

        def code_points(lo, hi):
            joined = "".join(f"{h}\n{b}\n" for h, b in texts[lo:hi])
            return np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)

        # which characters occur, a batch at a time (a Python set over every character is slow)
        lookup = np.zeros(0x110000, dtype=np.uint32)
        for lo, hi in self.batches:
            lookup[code_points(lo, hi)] = 1
        lookup[[ord(c) for c in SEPARATORS]] = 0
        present = np.flatnonzero(lookup)
        self.chars = [chr(c) for c in present.tolist()]
        self.width = len(self.chars) + 1  # id 0 is a separator
        lookup[present] = np.arange(1, self.width, dtype=np.uint32)
        self.ids = np.empty(int(self.starts[-1]), dtype=np.uint16 if self.width < (1 << 16) else np.uint32)
        for lo, hi in self.batches:
            self.ids[self.starts[lo]:self.starts[hi]] = lookup[code_points(lo, hi)]

    def batch(self, lo: int, hi: int):
        """Character ids of documents lo…hi−1 (one separator beyond the end), with each
        character's document, whether it is in the title/headlines, and its position."""
        a, b = int(self.starts[lo]), int(self.starts[hi])
        ids = self.ids[a:b].astype(np.int64)
        lens = np.diff(self.starts[lo:hi + 1])
        doc = np.repeat(np.arange(lo, hi, dtype=np.int64), lens)
        local = np.arange(b - a, dtype=np.int64) - np.repeat(self.starts[lo:hi] - a, lens)
        head_len = np.repeat(self.head_len[lo:hi], lens)
        in_head = local < head_len
        pos = np.where(in_head, local, BODY_BASE + local - head_len - 1)
        return ids, doc, in_head, pos


def _group(keys, docs, in_head):
    """Sort occurrences by key (keeping position order within a key) and collapse them per
    (key, document): keys, documents, occurrence counts, head flags, the sort order and, in it,
    which occurrences start a group and where each group starts."""
    n = keys.size
    shift = max(1, n).bit_length()
    if n and int(keys.max()) < 1 << (62 - shift):
        # one unstable sort of key·2^shift + index is much faster than a stable argsort
        combined = np.sort((keys.astype(np.int64) << shift) | np.arange(n, dtype=np.int64))
        order = combined & ((1 << shift) - 1)
        keys = combined >> shift
    else:
        order = np.argsort(keys, kind="stable")
        keys = keys[order]
    docs, in_head = docs[order], in_head[order]
    first = np.ones(n, dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    start = np.flatnonzero(first)
    tf = np.diff(np.append(start, n))
    head = np.logical_or.reduceat(in_head, start) if n else in_head
    return keys[start], docs[start], tf, head, order, first, start


def _pack(tf, head):
    tf_class = (tf > 1).astype(np.uint8) + (tf > 2) + (tf > 4)
    return (tf_class << 1) | head.astype(np.uint8)


class _Level:
    """The (key, document) pairs of one gram length, batch by batch, each batch sorted by key."""

    def __init__(self, key_dtype):
        self.key_dtype = key_dtype
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def part(self, keys, docs, in_head, grouped=None):
        """One batch's (key, document) pairs, ready for :meth:`add` (None when it has none)."""
        if not keys.size:
            return None
        k, d, tf, head, *_ = grouped or _group(keys, docs, in_head)
        return k.astype(self.key_dtype), d.astype(np.int32), _pack(tf, head)

    def add(self, part):
        if part is not None:
            self.parts.append(part)

    def document_frequency(self) -> tuple[np.ndarray, np.ndarray]:
        """Distinct keys (sorted) and how many documents hold each."""
        if not self.parts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        uniques = [np.unique(k, return_counts=True) for k, _, _ in self.parts]
        keys = np.concatenate([u[0] for u in uniques])
        counts = np.concatenate([u[1] for u in uniques])
        distinct, inverse = np.unique(keys, return_inverse=True)
        return distinct.astype(np.int64), np.bincount(inverse, weights=counts).astype(np.int64)

    def emit(self, n, keys, df, kept, names, chunk_pairs, positions=None, contexts=None) -> Iterator[Grams]:
        """The kept keys as Grams, a run of about ``chunk_pairs`` pairs at a time (``keys`` and
        ``df`` from :meth:`document_frequency`)."""
        totals = np.cumsum(np.where(kept, df, 0))
        at = 0
        while at < keys.size:
            end = max(at + 1, int(np.searchsorted(totals, totals[at] - df[at] * kept[at] + chunk_pairs, side="right")))
            wanted = np.flatnonzero(kept[at:end]) + at
            if wanted.size:
                grams = self._chunk(n, keys, wanted, kept[at:end].all(), names, positions)
                if contexts is not None:
                    grams.contexts = [contexts[k] for k in keys[wanted].tolist()]
                yield grams
            at = end
        self.parts = []

    def _chunk(self, n, keys, wanted, everything, names, positions) -> Grams:
        lo, hi = keys[wanted[0]], keys[wanted[-1]]
        pieces = []
        for k, d, p in self.parts:
            # bounds in the parts' own type: a wider one would convert the whole array per call
            a, b = np.searchsorted(k, k.dtype.type(lo)), np.searchsorted(k, k.dtype.type(hi), side="right")
            if b > a:
                pieces.append((k[a:b], d[a:b], p[a:b]))
        chunk_keys = np.concatenate([x[0] for x in pieces]).astype(np.int64)
        docs = np.concatenate([x[1] for x in pieces])
        packed = np.concatenate([x[2] for x in pieces])
        order = np.argsort(chunk_keys, kind="stable")  # batches are in document order
        chunk_keys, docs, packed = chunk_keys[order], docs[order], packed[order]
        if not everything:
            keep = np.isin(chunk_keys, keys[wanted])
            chunk_keys, docs, packed = chunk_keys[keep], docs[keep], packed[keep]
        bounds = np.searchsorted(chunk_keys, keys[wanted])
        bounds = np.append(bounds, chunk_keys.size)
        return Grams(n=n, terms=[names[i] for i in wanted.tolist()], bounds=bounds, docs=docs,
                     tf_class=packed >> 1, head=(packed & 1).astype(bool),
                     positions=positions.take(keys[wanted]) if positions else None)


class _Positions:
    """Bigram position lists, encoded batch by batch. A batch is numpy arrays: its bigram keys
    (ascending), where each one's bytes start and end, and the bytes. (A dict of bytes objects
    per batch cost over 100 bytes an entry: hundreds of MB when an archive has many rare bigrams,
    and seconds to join.)"""

    def __init__(self):
        self.batches: list[list[np.ndarray]] = []

    def add(self, part):
        if part is not None:
            self.batches.append(list(part))

    @staticmethod
    def part(keys, pos, grouped):
        """One batch's position lists, ready for :meth:`add`."""
        if not keys.size:
            return None
        k, _, tf, _, order, first, start = grouped
        n, groups = keys.size, start.size
        pos = pos[order]
        gaps = pos.copy()
        gaps[1:] = np.where(first[1:], pos[1:], pos[1:] - pos[:-1])
        values = np.empty(n + groups, dtype=np.int64)
        values[start + np.arange(groups)] = tf - 1
        values[np.arange(n) + np.cumsum(first)] = gaps
        encoded, offsets = vlq_encode(values)
        term_first = np.ones(groups, dtype=bool)
        term_first[1:] = k[1:] != k[:-1]
        term_start = np.flatnonzero(term_first)
        # in the interleaved list, group g starts at start[g] + g
        begin = (start[term_start] + term_start)
        end = np.append(begin[1:], n + groups)
        return (k[term_start].astype(np.int64), offsets[begin], offsets[end],
                np.frombuffer(encoded, dtype=np.uint8))

    def take(self, wanted: np.ndarray) -> list[str]:
        """The position lists of ``wanted`` (ascending keys, each after every key taken before),
        each its batches' bytes joined in batch order. What is taken is let go."""
        slots, lengths, pieces = [], [], []
        for batch in self.batches:
            keys, starts, ends, data = batch
            if not keys.size:
                continue
            at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
            hit = keys[at] == wanted
            if hit.any():
                a, b = starts[at[hit]], ends[at[hit]]
                pieces.append(data[_ragged(a, b - a)])
                slots.append(np.flatnonzero(hit))
                lengths.append(b - a)
            done = int(np.searchsorted(keys, wanted[-1], side="right"))
            if done:  # drop the keys taken; copy the bytes left once half of them are taken
                cut = int(starts[done]) if done < keys.size else data.size
                batch[:3] = keys[done:], starts[done:], ends[done:]
                if 2 * cut >= data.size:
                    batch[1], batch[2], batch[3] = batch[1] - cut, batch[2] - cut, data[cut:].copy()
        self.batches = [b for b in self.batches if b[0].size]
        if not slots:
            return [""] * wanted.size
        slot, length = np.concatenate(slots), np.concatenate(lengths)
        flat = np.concatenate(pieces)  # batch by batch, each in key order
        first = np.zeros(length.size, dtype=np.int64)
        np.cumsum(length[:-1], out=first[1:])
        order = np.argsort(slot, kind="stable")  # by key, batches still in order
        text = flat[_ragged(first[order], length[order])].tobytes().decode("ascii")
        bounds = np.zeros(wanted.size + 1, dtype=np.int64)
        np.cumsum(np.bincount(slot, weights=length, minlength=wanted.size).astype(np.int64), out=bounds[1:])
        cuts = bounds.tolist()
        return [text[cuts[i]:cuts[i + 1]] for i in range(wanted.size)]


def _ragged(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The indexes starts[0] … starts[0]+lengths[0]−1, then those of starts[1] …, as one array."""
    starts, lengths = starts.astype(np.int64), lengths.astype(np.int64)
    total = int(lengths.sum())
    before = np.zeros(lengths.size, dtype=np.int64)
    np.cumsum(lengths[:-1], out=before[1:])
    return np.repeat(starts - before, lengths) + np.arange(total, dtype=np.int64)


class _Contexts:
    """The fixed context of each gram of one length. Each occurrence's characters before it
    (nearest first) and after it are packed into one number per side, first character highest,
    so the smallest and largest number over a gram's occurrences are its lexicographically first
    and last contexts, and their common prefix is what every occurrence has."""

    def __init__(self, n: int, width: int):
        self.n = n
        self.bits = max(1, width.bit_length())
        self.chars = min(CONTEXT, 62 // self.bits)
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, part):
        if part is not None:
            self.parts.append(part)

    def part(self, ids: np.ndarray, at: np.ndarray, grouped):
        """Occurrences starting at ``at`` (ascending) in the batch's character ids, grouped by
        _group, ready for :meth:`add`."""
        if not at.size:
            return None
        pad = self.chars
        padded = np.concatenate([np.zeros(pad, np.int64), ids, np.zeros(pad + self.n, np.int64)])
        before = np.zeros(at.size, dtype=np.int64)
        after = np.zeros(at.size, dtype=np.int64)
        for j in range(self.chars):  # separators (0) and the batch's ends stop a context
            before = (before << self.bits) | padded[at + pad - 1 - j]
            after = (after << self.bits) | padded[at + pad + self.n + j]
        keys, order, group_start = grouped[0], grouped[4], grouped[6]
        new_key = np.append(True, keys[1:] != keys[:-1])
        run_start = group_start[new_key]
        packed = np.stack([before[order], after[order]])
        return (keys[new_key], np.minimum.reduceat(packed, run_start, axis=1),
                np.maximum.reduceat(packed, run_start, axis=1))

    def strings(self, keys: np.ndarray, chars: list[str]) -> list[tuple[str, str]]:
        """(before, after) per key of ``keys`` (sorted, each seen by :meth:`add`)."""
        k = np.concatenate([p[0] for p in self.parts])
        low = np.concatenate([p[1] for p in self.parts], axis=1)
        high = np.concatenate([p[2] for p in self.parts], axis=1)
        k, order, start = _runs_of(k)
        low = np.minimum.reduceat(low[:, order], start, axis=1)[:, np.searchsorted(k, keys)]
        high = np.maximum.reduceat(high[:, order], start, axis=1)[:, np.searchsorted(k, keys)]
        mask = (1 << self.bits) - 1
        shared = np.ones((2, keys.size), dtype=bool)
        columns = []
        for j in range(self.chars):
            shift = self.bits * (self.chars - 1 - j)
            c = (low >> shift) & mask
            shared &= (c == ((high >> shift) & mask)) & (c > 0)
            columns.append(np.where(shared, c, 0))
        out = []
        for before, after in zip(zip(*(c[0].tolist() for c in columns)), zip(*(c[1].tolist() for c in columns))):
            out.append(("".join(chars[c - 1] for c in reversed(before) if c),
                        "".join(chars[c - 1] for c in after if c)))
        return out


def _runs_of(keys: np.ndarray):
    """Distinct keys (sorted), an order that groups equal keys, and where each group starts."""
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    start = np.flatnonzero(np.append(True, sorted_keys[1:] != sorted_keys[:-1]))
    return sorted_keys[start], order, start


def build_grams(texts: list[tuple[str, str]], min_df: int, max_n: int = MAX_N,
                batch_chars: int = 0, chunk_pairs: int = CHUNK_PAIRS) -> Iterator[Grams]:
    """Grams of folded ``(head, body)`` texts (document ids are list indexes): all characters,
    then all bigrams (with positions), then the trigrams and four-character grams held by at least
    ``min_df`` documents; each length in runs of terms, in a fixed order."""
    corpus = _Corpus(texts, batch_chars or max(1, BATCH_CHARS // WORKERS))
    del texts  # the corpus holds them as character ids: the caller may let the strings go
    width, chars = corpus.width, corpus.chars

    level1, level2, positions = _Level(np.int32), _Level(_key_dtype(width * width)), _Positions()

    def first_pass(batch):
        ids, doc, in_head, pos = corpus.batch(*batch)
        present = ids > 0
        pair = present[:-1] & present[1:]
        keys = ids[:-1][pair] * width + ids[1:][pair]
        grouped = _group(keys, doc[:-1][pair], in_head[:-1][pair])
        return (level1.part(ids[present], doc[present], in_head[present]), level2.part(keys, None, None, grouped),
                positions.part(keys, pos[:-1][pair], grouped))

    for one, two, where in _in_order(first_pass, corpus.batches):
        level1.add(one)
        level2.add(two)
        positions.add(where)

    keys, df = level1.document_frequency()
    yield from level1.emit(1, keys, df, np.ones(keys.size, dtype=bool), [chars[k - 1] for k in keys.tolist()], chunk_pairs)
    del level1
    keys, df = level2.document_frequency()
    names = [chars[k // width - 1] + chars[k % width - 1] for k in keys.tolist()]
    yield from level2.emit(2, keys, df, np.ones(keys.size, dtype=bool), names, chunk_pairs, positions)
    del level2, positions

    tables = []  # per length from 2: sorted keys of its grams held by at least min_df documents
    kept = df >= max(1, min_df)
    limit = width * width
    for n in range(3, max_n + 1):
        tables.append(_Table(keys[kept], limit))
        names = [name for name, keep in zip(names, kept.tolist()) if keep]
        if not names:
            return
        level = _Level(_key_dtype(len(names) * width))
        contexts = _Contexts(n, width) if n == max_n else None

        def next_pass(batch, n=n, level=level, contexts=contexts):
            ids, doc, in_head, _ = corpus.batch(*batch)
            index = _gram_indexes(ids, width, tables)
            at = np.flatnonzero((index[:-1] >= 0) & (index[1:] >= 0))
            keys = index[at] * width + ids[at + n - 1]
            grouped = _group(keys, doc[at], in_head[at]) if keys.size else None
            return (level.part(keys, None, None, grouped),
                    contexts.part(ids, at, grouped) if contexts and keys.size else None)

        for part, context_part in _in_order(next_pass, corpus.batches):
            level.add(part)
            if contexts:
                contexts.add(context_part)
        keys, df = level.document_frequency()
        kept = df >= max(1, min_df)
        limit = len(names) * width
        names = [names[k // width] + chars[k % width - 1] for k in keys.tolist()]
        context = dict(zip(keys[kept].tolist(), contexts.strings(keys[kept], chars))) if contexts and kept.any() else None
        yield from level.emit(n, keys, df, kept, names, chunk_pairs, contexts=context)
        del level, contexts


def _in_order(function, items: list):
    """``function`` of each item, in order, computed on up to WORKERS threads at once (numpy's
    sorts, which take most of the time, run without the interpreter lock)."""
    if WORKERS < 2 or len(items) < 2:
        yield from map(function, items)
        return
    with ThreadPoolExecutor(WORKERS) as pool:
        pending = deque()
        for item in items:  # at most WORKERS batches in flight: each takes ~100 bytes a character
            pending.append(pool.submit(function, item))
            if len(pending) >= WORKERS:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _key_dtype(limit: int):
    return np.int32 if limit < (1 << 31) else np.int64


class _Table:
    """Sorted keys (all below ``limit``) and a way to find a key's index fast: a dense array
    when the key space is small enough, else a binary search."""

    DENSE = 1 << 25

    def __init__(self, keys: np.ndarray, limit: int):
        self.keys = keys
        self.dense = None
        if limit <= self.DENSE:
            self.dense = np.full(limit, -1, dtype=np.int32)
            self.dense[keys] = np.arange(keys.size, dtype=np.int32)

    def index(self, query: np.ndarray) -> np.ndarray:
        """Index of each key, −1 where it is not there (or the key is −1)."""
        if self.dense is not None:
            return np.where(query >= 0, self.dense[np.maximum(query, 0)], -1).astype(np.int64)
        if not self.keys.size:
            return np.full(query.shape, -1, dtype=np.int64)
        at = np.searchsorted(self.keys, query)
        at[at >= self.keys.size] = 0
        return np.where((self.keys[at] == query) & (query >= 0), at, -1)


def _gram_indexes(ids: np.ndarray, width: int, tables: list[_Table]) -> np.ndarray:
    """For each position, the index in ``tables[-1]`` of the gram of length ``len(tables) + 1``
    starting there, or −1. A gram's key is (index of its first n−1 characters in the table one
    length down) × width + its last character, so keys stay small at every length."""
    keys = np.full(ids.size, -1, dtype=np.int64)
    pair = (ids[:-1] > 0) & (ids[1:] > 0)
    keys[:-1][pair] = ids[:-1][pair] * width + ids[1:][pair]
    index = tables[0].index(keys)
    for length, table in enumerate(tables[1:], start=3):
        keys = np.full(ids.size, -1, dtype=np.int64)
        ok = np.flatnonzero((index[:-1] >= 0) & (index[1:] >= 0))
        keys[ok] = index[ok] * width + ids[ok + length - 1]
        index = table.index(keys)
    return index
