"""Facet values of the indexed documents: names, per-document value indexes, the compact blocks
the browser counts with (f/ files), and facet counts per term for the term summaries.

A record's tags repeat across records (a street implies its district, programs cluster), so the
f/ files do not list values per document: a table of the distinct value combinations (kind,
districts, streets, programs), in index.js when it is small, else one per block of documents for
the combinations in it, and every document is one or two characters naming its row. Years need no such data: document ids are in date order,
so a year is one run of ids (plus the undated records that take their year from their issue),
written as an id set in index.js; records with no date at all are the year 日期不详.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np

from ..dates import RecordDate, record_date, record_dates
from ..records import Article, Issue
from .codec import ALPHABET, encode_sets

FACETS = ("district", "street", "program", "year", "kind", "reporter")
"""Facets in the order of the global value index (see :attr:`FacetTable.offsets`)."""
COMBINED = ("kind", "district", "street", "program", "reporter")
"""Facets whose value combinations the f/ files hold."""
_CELLS_AT_ONCE = 1 << 24


def facet_values(article: Article, issues: dict[str, Issue], date: RecordDate | None = None) -> dict[str, list[str]]:
    """A record's value names per facet. Its year is the year of its date label
    (gazette/dates.py), and 日期不详 when it has none, so the years add up to the hits."""
    year = (date or record_date(article, issues.get(article.issue))).year
    return {
        "district": sorted({t.name for t in article.districts}),
        "street": sorted({t.name for t in article.streets}),
        "program": sorted({t.name for t in article.programs if t.reviewed}),
        "year": [year],
        "kind": [article.kind],
        "reporter": sorted(set(article.byline)),
    }


@dataclass
class FacetTable:
    """Facet values of documents ``0 … n−1``."""

    names: dict[str, list[str]]
    """Value names per facet, sorted; a value's index is its place here."""
    values: list[dict[str, list[int]]]
    """Per document, value indexes per facet."""

    @property
    def offsets(self) -> dict[str, int]:
        """Where each facet's values start in the global value index (FACETS order)."""
        out, at = {}, 0
        for facet in FACETS:
            out[facet] = at
            at += len(self.names[facet])
        return out

    def year_sets(self) -> list[str]:
        """Per year value, its documents as an id set."""
        years = self.names["year"]
        members: list[list[int]] = [[] for _ in years]
        for doc, values in enumerate(self.values):
            for v in values["year"]:
                members[v].append(doc)
        flat = np.array([d for m in members for d in m], dtype=np.int64)
        bounds = np.cumsum([0] + [len(m) for m in members])
        return encode_sets(flat, bounds, np.full(len(years), len(self.values)))

    def blocks(self, per_block: int, shared_bytes: int = 4096) -> tuple[list | None, list[list]]:
        """The f/ files: per block of ``per_block`` documents, ``[combinations, ids]``: each
        combination a list of value-index lists in COMBINED order, and ``ids`` one fixed-width
        base-64 number per document naming its combination (one character up to 64 of them, two
        up to 4096…). When the archive's combinations fit in ``shared_bytes`` they are returned
        once, for index.js, and each block is just ``[ids]``."""
        keys = [tuple(tuple(values[f]) for f in COMBINED) for values in self.values]
        every: dict[tuple, int] = {}
        for key in keys:
            every.setdefault(key, len(every))
        shared = [list(map(list, key)) for key in every]
        if len(json.dumps(shared, separators=(",", ":"))) > shared_bytes:
            shared = None
        out = []
        for start in range(0, len(keys), per_block):
            rows = every if shared is not None else {}
            ids = [rows.setdefault(key, len(rows)) for key in keys[start:start + per_block]]
            width = 1
            while len(rows) > 64 ** width:
                width += 1
            digits = "".join("".join(ALPHABET[(i >> (6 * (width - 1 - k))) & 63] for k in range(width)) for i in ids)
            out.append([digits] if shared is not None else [[list(map(list, key)) for key in rows], digits])
        return shared, out

    def count_groups(self, joint_limit: int = 4096):
        """For counting many terms at once: groupings of the facet values, each a value-set id per
        document, every set's values as a row of an incidence matrix, and the first global value
        index the matrix's columns stand for. One grouping of all facets together when their
        combinations are few (the usual case: tags cluster), else one per facet."""
        offsets = self.offsets
        total = sum(len(self.names[f]) for f in FACETS)

        def grouping(facets):
            sets: dict[tuple, int] = {}
            of = np.array([sets.setdefault(tuple((f, v) for f in facets for v in values[f]), len(sets))
                           for values in self.values], dtype=np.int64)
            first = offsets[facets[0]]
            width = (offsets[facets[-1]] + len(self.names[facets[-1]]) - first) if len(facets) == 1 else total
            first = first if len(facets) == 1 else 0
            incidence = np.zeros((max(1, len(sets)), width), dtype=np.float64)
            for key, row in sets.items():
                incidence[row, [offsets[f] + v - first for f, v in key]] = 1
            return of, incidence, first

        joint = grouping(FACETS)
        if joint[1].shape[0] <= joint_limit:
            return [joint]
        return [grouping((f,)) for f in FACETS]


def facet_table(articles: list[Article], issues: list[Issue], dates: dict[str, RecordDate] | None = None) -> FacetTable:
    by_issue = {i.id: i for i in issues}
    dates = dates or record_dates(articles, issues)
    named = [facet_values(a, by_issue, dates[a.id]) for a in articles]
    names = {f: sorted({v for values in named for v in values[f]}) for f in FACETS}
    index = {f: {name: i for i, name in enumerate(names[f])} for f in FACETS}
    return FacetTable(names=names, values=[{f: [index[f][v] for v in values[f]] for f in FACETS} for values in named])


def term_counts(groups, term: np.ndarray, docs: np.ndarray, terms: int, total_values: int) -> np.ndarray:
    """Counts (terms × global values) of the documents of each term: ``term[i]`` holds
    ``docs[i]``."""
    counts = np.zeros((terms, total_values), dtype=np.int64)
    for of, incidence, offset in groups:
        sets = incidence.shape[0]
        step = max(1, _CELLS_AT_ONCE // sets)
        for lo in range(0, terms, step):  # bounds the terms × sets matrix
            hi = min(terms, lo + step)
            a, b = np.searchsorted(term, lo), np.searchsorted(term, hi)
            per_set = np.bincount((term[a:b] - lo) * sets + of[docs[a:b]], minlength=(hi - lo) * sets)
            counts[lo:hi, offset:offset + incidence.shape[1]] = np.rint(
                per_set.reshape(hi - lo, sets).astype(np.float64) @ incidence).astype(np.int64)
    return counts
