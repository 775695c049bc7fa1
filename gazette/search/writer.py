"""Writes the search index: a handful of small JavaScript files per query, bounded in number.

Layout under ``<site>/searchindex/`` (every file calls ``window.__gazetteShard(kind, id, data)``
so it loads with a ``<script>`` tag, from ``file://`` as well as over HTTP):

=========  ================================================================================
index.js   counts, shard sizes, facet values with their document sets (VLQ gaps or runs)
t/N.js     document lists of the characters and bigrams whose hash falls in shard N
p/N.js     position lists of the bigrams whose hash falls in shard N
m/N.js     display data of documents N·m … N·m+m−1: url, title, date, issue, then kind, districts,
           streets and programs as indexes into index.js's facet value lists
x/N.js     text (title/headlines, then body) of a run of documents, for snippets on file:// pages
           (over HTTP the client reads snippets from the article pages themselves)
=========  ================================================================================

Document ids are positions in date order (undated first), so "newest first" needs no data and a
year is one run of ids.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article, Issue
from .codec import term_hash, vlq
from .postings import build_postings
from .text import BODY_BASE, body_text, fold, head_text

INDEX_DIR = "searchindex"
"""Folder of the index, relative to the site root (templates/search.html points here)."""
FORMAT = 1
FACETS = ("district", "street", "program", "year", "kind")


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Sizes that trade file count against bytes per query."""

    shard_bytes: int = 12_000
    """Aimed-at size of one term shard; the shard count is the power of two that gets closest."""
    max_shards: int = 1024
    """Upper bound for term shards and, separately, position shards."""
    docs_per_meta_file: int = 0
    """Documents per display-data file; 0 = chosen so there are at most ``max_meta_files``."""
    docs_per_text_file: int = 0
    """Documents per snippet-text file; 0 = chosen so there are at most ``max_text_files``."""
    max_meta_files: int = 2048
    """Upper bound for the m/ files: each shown result costs one m/ file."""
    max_text_files: int = 512
    """Upper bound for the x/ files (read only from file://, where size costs little)."""


@dataclass(frozen=True, slots=True)
class SearchReport:
    """What :func:`write_search_index` did."""

    documents: int
    terms: int
    files: int
    bytes: int
    written: int
    removed: int
    shards: dict[str, int] = field(default_factory=dict)


def _js(kind: str, ident: int, data) -> str:
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return f'window.__gazetteShard("{kind}",{ident},{payload});\n'


def _power_of_two(total: int, target: int, upper: int) -> int:
    want = max(1, math.ceil(total / max(1, target)))
    return min(upper, 1 << (want - 1).bit_length())


def _runs(ids: list[int]) -> str:
    """A sorted id list as VLQ pairs (gap before the run, run length − 1)."""
    numbers, previous_end, i = [], 0, 0
    while i < len(ids):
        j = i
        while j + 1 < len(ids) and ids[j + 1] == ids[j] + 1:
            j += 1
        numbers += [ids[i] - previous_end, j - i]
        previous_end, i = ids[j] + 1, j + 1
    return vlq(numbers)


def _id_set(ids: list[int], n_docs: int) -> str:
    """The shortest of three encodings of a sorted id list: ``g`` gaps, ``r`` runs of
    consecutive ids, ``c`` runs of the ids *not* in the list (for values most records have)."""
    gaps = vlq(b - a - 1 for a, b in zip([-1] + ids, ids))
    chosen = ["g" + gaps, "r" + _runs(ids)]
    if len(ids) > n_docs // 2:
        present = set(ids)
        chosen.append("c" + _runs([i for i in range(n_docs) if i not in present]))
    return min(chosen, key=lambda text: (len(text), text))


def _year(article: Article, issues: dict[str, Issue]) -> str | None:
    if article.date:
        return article.date[:4]
    issue = issues.get(article.issue)
    return str(issue.year) if issue and issue.year else None


def _facet_values(article: Article, issues: dict[str, Issue]) -> dict[str, list[str]]:
    year = _year(article, issues)
    return {
        "district": sorted({t.name for t in article.districts}),
        "street": sorted({t.name for t in article.streets}),
        "program": sorted({t.name for t in article.programs if t.reviewed}),
        "year": [year] if year else [],
        "kind": [article.kind],
    }


def searchable(articles: list[Article]) -> list[Article]:
    """Records the index holds, in document-id order: duplicates of other records left out,
    undated first, then by date, issue and print order."""
    kept = [a for a in articles if not a.duplicate_of]
    return sorted(kept, key=lambda a: (a.date or "", a.issue, a.seq, a.id))


def build_files(articles: list[Article], issues: list[Issue], url_for: Callable[[Article], str],
                options: IndexOptions = IndexOptions()) -> dict[str, str]:
    """Every index file's path (relative to the index folder) and text."""
    return dict(_build(articles, issues, url_for, options, {}))


def _build(articles, issues, url_for, options, stats: dict):
    """Yields (path, text) one file at a time, so a big archive's index never sits in memory twice."""
    docs = searchable(articles)
    by_issue = {i.id: i for i in issues}
    heads = [head_text(a) for a in docs]
    bodies = [body_text(a) for a in docs]
    for a, h in zip(docs, heads):
        if len(h) >= BODY_BASE:
            raise ValueError(f"{a.source}: title and headlines exceed {BODY_BASE} characters")
    postings = build_postings([(fold(h), fold(b)) for h, b in zip(heads, bodies)])

    shard_count = {}
    stats["terms"] = len(postings.docs)
    for kind in ("t", "p"):
        lists = postings.docs if kind == "t" else postings.positions
        total = sum(len(k) * 3 + len(v) + 6 for k, v in lists.items())
        count = _power_of_two(total, options.shard_bytes, options.max_shards)
        shard_count[kind] = count
        shards: list[dict[str, str]] = [{} for _ in range(count)]
        for term, encoded in lists.items():
            shards[term_hash(term) & (count - 1)][term] = encoded
        if kind == "t":
            postings.docs = {}
        else:
            postings.positions = {}
        del lists
        for n in range(count):
            yield f"{kind}/{n}.js", _js(kind, n, shards[n])
            shards[n] = {}

    n_docs = len(docs)
    per_meta = options.docs_per_meta_file or max(1, math.ceil(n_docs / options.max_meta_files))
    per_text = options.docs_per_text_file or max(1, math.ceil(n_docs / options.max_text_files))
    facet_docs: dict[str, dict[str, list[int]]] = {f: {} for f in FACETS}
    meta = []
    for doc_id, article in enumerate(docs):
        values = _facet_values(article, by_issue)
        for facet, names in values.items():
            for name in names:
                facet_docs[facet].setdefault(name, []).append(doc_id)
        meta.append((url_for(article), article.title, article.date or "", article.issue, values))
    # display rows name kind and tags by their index in index.js's facet lists
    value_index = {f: {name: i for i, name in enumerate(sorted(facet_docs[f]))} for f in FACETS}
    rows = [[url, title, date, issue, *([value_index[f][v] for v in values[f]] for f in ("kind", "district", "street", "program"))]
            for url, title, date, issue, values in meta]
    for n in range(math.ceil(n_docs / per_meta)):
        yield f"m/{n}.js", _js("m", n, rows[n * per_meta:(n + 1) * per_meta])
    texts = [f"{h}\n{b}" for h, b in zip(heads, bodies)]
    for n in range(math.ceil(n_docs / per_text)):
        yield f"x/{n}.js", _js("x", n, texts[n * per_text:(n + 1) * per_text])

    yield "index.js", _js("i", 0, {
        "format": FORMAT,
        "documents": n_docs,
        "bodyBase": BODY_BASE,
        "shards": shard_count,
        "perFile": {"m": per_meta, "x": per_text},
        "facets": {f: [[name, _id_set(ids, n_docs)] for name, ids in sorted(facet_docs[f].items())] for f in FACETS},
    })


def write_search_index(articles: list[Article], issues: list[Issue], out_dir: Path,
                       url_for: Callable[[Article], str],
                       options: IndexOptions = IndexOptions()) -> SearchReport:
    """Write the index under ``out_dir / INDEX_DIR`` (``out_dir`` is the site root). Files are
    rewritten only when their bytes change, and files of an earlier build that this build does
    not produce are removed."""
    stats: dict = {}
    root = Path(out_dir) / INDEX_DIR
    written = removed = 0
    total = 0
    produced = set()
    for rel, text in _build(articles, issues, url_for, options, stats):
        produced.add(rel)
        data = text.encode("utf-8")
        total += len(data)
        path = root / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        written += 1
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in produced:
                path.unlink()
                removed += 1
    return SearchReport(documents=len(searchable(articles)), terms=stats["terms"], files=len(produced), bytes=total,
                        written=written, removed=removed,
                        shards={k: sum(1 for f in produced if f.startswith(k + "/")) for k in "tpmx"})
