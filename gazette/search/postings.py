"""Posting lists for every character and character bigram, computed with numpy so that a
50,000-article archive indexes in seconds.

Two lists per term, each a VLQ string (see codec.py):

* document list (every character and bigram): per document that contains the term, one number
  ``(gap - 1) << 3 | tf_class << 1 | in_head``: the gap from the previous document id, a
  two-bit term-frequency class (1, 2, 3–4, 5+) and whether the term occurs in the title or
  headlines. Exact for one- and two-character phrases.
* position list (bigrams only): per document of the document list, in the same order, the count
  minus one, the first position and the gaps to the next positions. Longer phrases are
  confirmed in the browser by lining up the positions of bigrams that cover the phrase.

Characters and bigrams never include the separators (space, newline), so no phrase can match
across a line, a paragraph or two fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .codec import vlq_encode
from .text import BODY_BASE, SEPARATORS

BATCH_CHARS = 2_000_000
"""Characters processed at once: bounds memory (about 100 bytes per character) on big archives."""


@dataclass
class Postings:
    """Encoded lists per term (a character or a bigram)."""

    docs: dict[str, str] = field(default_factory=dict)
    positions: dict[str, str] = field(default_factory=dict)
    document_frequency: dict[str, int] = field(default_factory=dict)


class _Accumulator:
    """Concatenates each term's encoded pieces across batches, keeping gaps continuous."""

    def __init__(self):
        self.pieces: dict[int, list[str]] = {}
        self.last_doc: dict[int, int] = {}
        self.df: dict[int, int] = {}

    def previous_docs(self, keys: np.ndarray) -> np.ndarray:
        get = self.last_doc.get
        return np.fromiter((get(k, -1) for k in keys.tolist()), dtype=np.int64, count=keys.size)


def build_postings(texts: list[tuple[str, str]], batch_chars: int = BATCH_CHARS) -> Postings:
    """Postings for folded ``(head, body)`` texts; document ids are list indexes."""
    seen: set[str] = set()
    for head, body in texts:  # one set at a time: a set per record at once would take gigabytes
        seen.update(head, body)
    chars = sorted(seen - set(SEPARATORS))
    width = len(chars) + 1  # id 0 is a separator
    lookup = np.zeros(0x110000, dtype=np.int64)
    if chars:
        lookup[np.array([ord(c) for c in chars], dtype=np.int64)] = np.arange(1, width)
    doc_acc, pos_acc = _Accumulator(), _Accumulator()

    batch: list[int] = []
    size = 0
    for doc_id, (head, body) in enumerate(texts):
        batch.append(doc_id)
        size += len(head) + len(body) + 2
        if size >= batch_chars:
            _index_batch(texts, batch, lookup, width, doc_acc, pos_acc)
            batch, size = [], 0
    if batch:
        _index_batch(texts, batch, lookup, width, doc_acc, pos_acc)

    def term(key: int) -> str:
        return chars[key - 1] if key < width else chars[key // width - 1] + chars[key % width - 1]

    result = Postings()
    for key in sorted(doc_acc.pieces):  # popped as joined, so pieces and lists never coexist
        name = term(key)
        result.docs[name] = "".join(doc_acc.pieces.pop(key))
        result.document_frequency[name] = doc_acc.df[key]
    for key in sorted(pos_acc.pieces):
        result.positions[term(key)] = "".join(pos_acc.pieces.pop(key))
    return result


def _index_batch(texts, doc_ids, lookup, width, doc_acc, pos_acc) -> None:
    heads = [texts[d][0] for d in doc_ids]
    bodies = [texts[d][1] for d in doc_ids]
    joined = "".join(f"{h}\n{b}\n" for h, b in zip(heads, bodies))
    ids = lookup[np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32)]
    head_lens = np.array([len(h) for h in heads], dtype=np.int64)
    lens = head_lens + np.array([len(b) for b in bodies], dtype=np.int64) + 2
    doc = np.repeat(np.array(doc_ids, dtype=np.int64), lens)
    starts = np.zeros(len(doc_ids), dtype=np.int64)
    np.cumsum(lens[:-1], out=starts[1:])
    local = np.arange(ids.size, dtype=np.int64) - np.repeat(starts, lens)
    head_len = np.repeat(head_lens, lens)
    in_head = local < head_len
    pos = np.where(in_head, local, BODY_BASE + local - head_len - 1)
    del local, head_len, starts

    present = ids > 0
    _add_terms(ids[present], doc[present], in_head[present], None, doc_acc, None)

    pair = present[:-1] & present[1:]
    keys = ids[:-1][pair] * width + ids[1:][pair]
    _add_terms(keys, doc[:-1][pair], in_head[:-1][pair], pos[:-1][pair], doc_acc, pos_acc)


def _add_terms(keys, docs, in_head, pos, doc_acc: _Accumulator, pos_acc: _Accumulator | None) -> None:
    n = keys.size
    if n == 0:
        return
    order = np.argsort(keys, kind="stable")  # stable: keeps (document, position) order
    keys, docs, in_head = keys[order], docs[order], in_head[order]
    first = np.ones(n, dtype=bool)
    first[1:] = (keys[1:] != keys[:-1]) | (docs[1:] != docs[:-1])
    group_start = np.flatnonzero(first)
    groups = group_start.size
    tf = np.diff(np.append(group_start, n))
    head = np.logical_or.reduceat(in_head, group_start)
    group_key, group_doc = keys[group_start], docs[group_start]

    term_first = np.ones(groups, dtype=bool)
    term_first[1:] = group_key[1:] != group_key[:-1]
    term_start = np.flatnonzero(term_first)
    term_end = np.append(term_start[1:], groups)
    term_keys = group_key[term_start]

    previous = np.empty(groups, dtype=np.int64)
    previous[1:] = group_doc[:-1]
    previous[term_start] = doc_acc.previous_docs(term_keys)
    tf_class = (tf > 1).astype(np.int64) + (tf > 2) + (tf > 4)
    values = ((group_doc - previous - 1) << 3) | (tf_class << 1) | head
    encoded, offsets = vlq_encode(values)
    _append(doc_acc, term_keys, term_start, term_end, encoded, offsets, group_doc)
    key_list = term_keys.tolist()
    counts = (term_end - term_start).tolist()
    for key, count in zip(key_list, counts):
        doc_acc.df[key] = doc_acc.df.get(key, 0) + count

    if pos_acc is None:
        return
    pos = pos[order]
    gaps = pos.copy()
    gaps[1:] = np.where(first[1:], pos[1:], pos[1:] - pos[:-1])
    values = np.empty(n + groups, dtype=np.int64)
    values[group_start + np.arange(groups)] = tf - 1
    values[np.arange(n) + np.cumsum(first)] = gaps
    encoded, offsets = vlq_encode(values)
    # in the interleaved list, group g starts at group_start[g] + g
    _append(pos_acc, term_keys, term_start + group_start[term_start],
            np.append((term_start + group_start[term_start])[1:], n + groups), encoded, offsets, None)


def _append(acc: _Accumulator, term_keys, starts, ends, encoded: bytes, offsets, group_doc) -> None:
    begin = offsets[starts].tolist()
    end = offsets[ends].tolist()
    pieces = acc.pieces
    for key, a, b in zip(term_keys.tolist(), begin, end):
        piece = encoded[a:b].decode("ascii")
        if key in pieces:
            pieces[key].append(piece)
        else:
            pieces[key] = [piece]
    if group_doc is not None:
        acc.last_doc.update(zip(term_keys.tolist(), group_doc[ends - 1].tolist()))
