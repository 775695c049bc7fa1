"""What the index stores per term (a gram from postings.py): its document data, and for terms
held by more documents than one result page shows, a summary that answers a one-phrase query on
its own.

Document data, in whichever form is shorter (the first character names it):

* ``v`` + VLQ numbers, one per document: ``(gap − 1) << 3 | tf_class << 1 | in_head``, the gap
  from the previous document id (short lists);
* ``s`` + five id sets (codec.py) joined by ``.``: the documents (universe: all documents); those
  where the term is in the title/headlines and those where it occurs twice or more (both as
  indexes into the document list); of the latter, those with 3+ occurrences; of those, 5+ (each
  as indexes into the set before). Common terms cost a bitmap and a few small sets.

Summary (terms with more than ``page`` documents): three VLQ lists joined by ``.``:

* the first page of results in relevance order (title/headline hits first, then more
  occurrences, then newer), each as ``documents − 1 − id``;
* the first page in date order (newest first): the first as ``documents − 1 − id``, then gaps;
* facet counts: for each facet value (global index, facets.FACETS order) that the term's
  documents have, the gap from the previous such index and the count.

With it (and the display rows of that first page, which the t/ file holds next to it, see
writer.py) a one-phrase query without facet filters shows its count, facet counts and first page
without the document data; the client loads that only for the next page or a combined query.
"""

from __future__ import annotations

import numpy as np

from .codec import IdSets, vlq_encode, vlq_lengths
from .postings import Grams


def _starts(bounds: np.ndarray) -> np.ndarray:
    """Each pair's index within its term."""
    sizes = np.diff(bounds)
    return np.arange(int(bounds[-1]), dtype=np.int64) - np.repeat(bounds[:-1], sizes)


def _term_of_pairs(bounds: np.ndarray) -> np.ndarray:
    """Each pair's term (int32: these arrays are as long as all pairs, and narrow ones are fast)."""
    return np.repeat(np.arange(bounds.size - 1, dtype=np.int32), np.diff(bounds))


def _subset(term: np.ndarray, local: np.ndarray, mask: np.ndarray, terms: int):
    """Members (local indexes where ``mask``) and bounds of a subset, per term (``term``: each
    pair's term)."""
    counts = np.bincount(term[mask], minlength=terms)
    sub_bounds = np.zeros(terms + 1, dtype=np.int64)
    np.cumsum(counts, out=sub_bounds[1:])
    return local[mask], sub_bounds, counts


def document_data(grams: Grams, documents: int) -> list[str]:
    """Each term's document data (see the module doc)."""
    terms, bounds = len(grams.terms), grams.bounds
    docs = grams.docs.astype(np.int64)
    tf, head = grams.tf_class, grams.head
    local = _starts(bounds)
    sizes = np.diff(bounds)
    term = _term_of_pairs(bounds)

    # short form
    previous = np.empty_like(docs)
    previous[1:] = docs[:-1]
    previous[bounds[:-1][sizes > 0]] = -1
    numbers = ((docs - previous - 1) << 3) | (tf.astype(np.int64) << 1) | head
    totals = np.zeros(numbers.size + 1, dtype=np.int64)
    np.cumsum(vlq_lengths(numbers), out=totals[1:])
    short_len = 1 + totals[bounds[1:]] - totals[bounds[:-1]]

    # set form
    heads, head_bounds, _ = _subset(term, local, head, terms)
    twice, twice_bounds, twice_n = _subset(term, local, tf >= 1, terms)
    rank2 = np.cumsum(tf >= 1) - 1 - np.repeat(twice_bounds[:-1], sizes)  # index among the 2+ pairs
    thrice, thrice_bounds, thrice_n = _subset(term, rank2, tf >= 2, terms)
    rank3 = np.cumsum(tf >= 2) - 1 - np.repeat(thrice_bounds[:-1], sizes)
    five, five_bounds, _ = _subset(term, rank3, tf >= 3, terms)
    members = [docs, heads, twice, thrice, five]
    all_bounds = [bounds, head_bounds, twice_bounds, thrice_bounds, five_bounds]
    universes = [np.full(terms, documents), sizes, sizes, twice_n, thrice_n]
    flat = np.concatenate(members)
    cuts = np.concatenate([b[:-1] + sum(m.size for m in members[:k]) for k, b in enumerate(all_bounds)] +
                          [np.array([flat.size])])
    sets = IdSets(flat, cuts, np.concatenate(universes))
    long_len = 5 + sets.lengths.reshape(5, terms).sum(axis=0)  # "s", four dots
    use_sets = long_len < short_len

    out = [""] * terms
    chosen = np.flatnonzero(use_sets)
    texts = sets.encode(np.tile(use_sets, 5))
    for i in chosen.tolist():
        out[i] = "s" + ".".join(texts[i + k * terms] for k in range(5))
    chosen = np.flatnonzero(~use_sets)
    if chosen.size:
        data, offsets = vlq_encode(numbers[np.repeat(~use_sets, sizes)])
        ends = np.cumsum(sizes[chosen]).tolist()
        for i, a, b in zip(chosen.tolist(), [0] + ends[:-1], ends):
            out[i] = "v" + data[offsets[a]:offsets[b]].decode("ascii")
    return out


def summaries(grams: Grams, documents: int, page: int, counts: np.ndarray) -> tuple[list[str], list[list[int]]]:
    """Each term's summary ("" for terms with at most ``page`` documents) and the document ids
    of its first page by relevance. ``counts`` are the facet counts (global values) of each term
    held by more than ``page`` documents, in term order (facets.term_counts)."""
    terms, bounds = len(grams.terms), grams.bounds
    sizes = np.diff(bounds)
    docs = grams.docs.astype(np.int64)
    term = _term_of_pairs(bounds)
    rank = (grams.head.view(np.uint8) << 2) | grams.tf_class  # 0 … 7, higher ranks first (uint8)

    # relevance page: all pairs of the ranks above a term's threshold rank, then the newest of it
    per_rank = np.bincount((term << 3) | rank, minlength=terms * 8).reshape(terms, 8)
    above = np.cumsum(per_rank[:, ::-1], axis=1)[:, ::-1]  # pairs at this rank or higher
    threshold = np.maximum((above >= page).sum(axis=1) - 1, 0).astype(np.uint8)  # highest that fills the page
    strictly_above = np.where(threshold < 7, above[np.arange(terms), np.minimum(threshold + 1, 7)], 0)
    need = page - strictly_above
    of_term = threshold[term]
    chosen = rank > of_term
    idx = np.flatnonzero(rank == of_term)
    if idx.size:
        # at the threshold rank, the newest ``need`` pairs: position counted from the newest
        t = term[idx]
        ends = np.cumsum(np.bincount(t, minlength=terms))
        chosen[idx[ends[t] - 1 - np.arange(idx.size) < need[t]]] = True
    pick = np.flatnonzero(chosen)
    pick = pick[(sizes > page)[term[pick]]]
    order = np.lexsort((-docs[pick], -rank[pick].astype(np.int64), term[pick]))
    relevance = documents - 1 - docs[pick][order]
    rel_data, rel_offsets = vlq_encode(relevance)
    rel_bounds = np.searchsorted(term[pick][order], np.arange(terms + 1))

    # date page: the newest ``page`` documents, newest first
    newest = docs[((bounds[1:][sizes > page] - 1)[:, None] - np.arange(page)[None, :]).ravel()]
    gaps = np.empty_like(newest)
    if newest.size:
        gaps[0::page] = documents - 1 - newest[0::page]
        step = newest.reshape(-1, page)
        gaps.reshape(-1, page)[:, 1:] = step[:, :-1] - step[:, 1:] - 1
    new_data, new_offsets = vlq_encode(gaps)

    # facet counts
    big = np.flatnonzero(sizes > page)
    nz_term, nz_value = np.nonzero(counts)
    values = np.empty(2 * nz_term.size, dtype=np.int64)
    previous = np.empty_like(nz_value)
    previous[1:] = nz_value[:-1]
    first = np.ones(nz_term.size, dtype=bool)
    first[1:] = nz_term[1:] != nz_term[:-1]
    previous[first] = -1
    values[0::2] = nz_value - previous - 1
    values[1::2] = counts[nz_term, nz_value]
    count_data, count_offsets = vlq_encode(values)
    count_bounds = 2 * np.searchsorted(nz_term, np.arange(big.size + 1))

    out = [""] * terms
    first_pages: list[list[int]] = [[] for _ in range(terms)]
    ranked = docs[pick][order].tolist()
    cuts = rel_bounds.tolist()
    for i in big.tolist():
        first_pages[i] = ranked[cuts[i]:cuts[i + 1]]
    rel_cut = rel_offsets[rel_bounds].tolist()
    new_cut = new_offsets[::page].tolist()
    count_cut = count_offsets[count_bounds].tolist()
    for k, i in enumerate(big.tolist()):
        out[i] = ".".join((rel_data[rel_cut[i]:rel_cut[i + 1]].decode("ascii"),
                           new_data[new_cut[k]:new_cut[k + 1]].decode("ascii"),
                           count_data[count_cut[k]:count_cut[k + 1]].decode("ascii")))
    return out, first_pages
