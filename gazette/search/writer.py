"""Writes the search index: a handful of small JavaScript files per query, bounded in number.

Layout under ``<site>/searchindex/`` (every file calls ``window.__gazetteShard(kind, id, data)``
so it loads with a ``<script>`` tag, from ``file://`` as well as over HTTP; the files of the
kinds in :data:`PACKED` call ``window.__gazetteShard(kind, id, text, "z")``, ``text`` the JSON
deflated and in base64):

=========  ================================================================================
index.js   counts, file counts, facet value names, each year's documents (an id set) and, when
           small, the facet value combinations the f/ files refer to
t/N.js     the terms whose hash falls in shard N: ``{term: [df, data, summary, extra]}``
           (trailing empty fields left out). ``data`` is the document data (terms.py) when
           short, else the number of the d/ file holding it under the term, or [number, other
           term] when the file holds it under another term with the very same data (grams of
           a passage repeated in many documents share it); ``summary`` (terms.py) is "" for
           terms with at most one page of documents, and has no facet counts (its last part)
           for a term with an s/ entry: they are two thirds of a summary, and only a lone
           phrase reads them, with that s/ entry. ``extra`` of a bigram is its position
           list when short, else 0: it is then in p/ under the same hash; of a four-character
           gram, its fixed context (postings.py): the characters before and after it, joined
           by a space. Terms are every character and bigram and the trigrams and
           four-character grams held by at least ``gram_docs`` documents.
s/N.js     what the first page of a one-phrase query shows, for the terms whose hash falls in
           shard N and that at least ``snippetDocs`` (index.js) documents hold:
           ``{term: [facet counts, [row, …]]}``, the facet counts left out of its summary ("" for
           a term without summary) and a row per document of the summary's first page by
           relevance (a term without summary: of all its documents, in id order), each the
           document's display row (as in m/) followed by its snippet window for the term
           (snippets.py). For a lone phrase of up to four characters the client fetches it
           next to the t/ file, so results, snippets and highlights come with the two files.
d/N.js     document data of longer terms, ``{term: data}``, each distinct data once, packed into
           files of similar size
p/N.js     position lists of bigrams whose hash falls in shard N, ``{bigram: positions}``
f/N.js     facet values of a block of documents (facets.py)
m/N.js     display data of documents N·m … N·m+m−1, ``[groups, rows]`` (:func:`meta_file`): a
           document's url, title, date, issue label, then kind, districts, streets and programs
           as indexes into index.js's facet value lists; what neighbouring documents share
           (date, issue label, the url up to its last slash) is written once per file
x/N.js     text (title/headlines, then body) of a run of documents, for snippets on file:// pages
           (over HTTP the client reads snippets from the article pages themselves)
=========  ================================================================================

What a query costs: a one-phrase query whose phrase is a stored term reads one t/ file (count,
facet counts and first page come from the summary) and one s/ file (for a term held by many
documents, the display rows and snippets of that page); a rarer term's few results read their
m/ files and pages as well. Other queries add the d/ files of their terms, the f/ blocks
holding their results, the m/ files of the results they show and, over HTTP, those results'
article pages for snippets (from file://, x/ files); phrases longer than the stored grams (or
rare ones) also need bigram positions to confirm them.

Document ids are positions in date order (undated first), so "newest first" needs no data and a
year is one run of ids.
"""

from __future__ import annotations

import base64
import json
import math
import zlib
from json.encoder import encode_basestring as json_string  # what json.dumps writes for a str
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..files import write_atomic
from ..records import Article, Issue
from .codec import term_hash
from ..dates import record_dates
from ..display import cjk_punctuation
from .facets import FACETS, facet_table, term_counts
from .postings import MAX_N, build_grams
from .snippets import invert, windows
from .terms import document_data, summaries
from .text import BODY_BASE, body_text, fold, head_text, indexed_head

INDEX_DIR = "searchindex"
"""Folder of the index, relative to the site root (templates/search.html points here)."""
FORMAT = 6


@dataclass(frozen=True, slots=True)
class IndexOptions:
    """Sizes that trade file count against bytes per query."""

    page: int = 10
    """Results the client shows at once; summaries hold one page."""
    gram_docs: int = 0
    """Trigrams and four-character grams are stored when at least this many documents hold them;
    0 = max(16, documents / 1000). Rarer phrases are confirmed with bigram positions."""
    term_shard_bytes: int = 16_000
    """Aimed-at size of a t/ file; their count is the power of two that gets closest."""
    max_term_shards: int = 2048
    """A phrase longer than the stored grams reads a t/ file per gram in it: keep them small. An
    archive with a long tail of rare terms has many (446,570 for 50,000 records with made-up
    names against 57,590 without): at 1,024 files its t/ files were 35 KB each."""
    snippet_docs: int = 0
    """Terms held by at least this many documents get an s/ entry; 0 = the trigram threshold
    (``gram_docs``). Rarer terms, the long tail of names, places and numbers that makes up most
    of a real archive's terms, would fill the s/ files several times over: their few results
    take their display rows from m/ and snippets from the pages."""
    snippet_shard_bytes: int = 48_000
    """Aimed-at size of an s/ file (as for t/)."""
    max_snippet_shards: int = 2048
    """Packed, the s/ files of 50,000 records are 23 KB each at this count. At 1,024 they were
    47 KB and the median query 10–20 ms slower (inflating twice the text, in script that has not
    been optimized yet on a first query)."""
    snippet_lead: int = 20
    """Characters of a snippet before the first match."""
    snippet_chars: int = 100
    """Characters of a snippet (the s/ files hold ten per term: they set their size)."""
    data_file_bytes: int = 24_000
    """Smallest aimed-at size of a d/ file (larger when ``max_data_files`` requires)."""
    max_data_files: int = 2048
    """A query reads one d/ file per phrase; on 50,000 recombined records, whose 4,940 distinct
    data are nearly all 4–16 KB, 1,024 files put most large entries together and a two-phrase
    query read 92 KB of d/ instead of 28."""
    inline_chars: int = 96
    """Document data and position lists up to this long stay in the t/ file."""
    position_shard_bytes: int = 24_000
    max_position_shards: int = 512
    docs_per_meta_file: int = 0
    """Documents per display-data file; 0 = chosen so there are at most ``max_meta_files``."""
    max_meta_files: int = 1024
    """Upper bound for the m/ files: each shown result that did not come with an s/ entry costs
    one m/ file."""
    docs_per_text_file: int = 0
    """Documents per snippet-text file; 0 = chosen so there are at most ``max_text_files``."""
    max_text_files: int = 128
    """Upper bound for the x/ files (read only from file://, where size costs little)."""
    max_facet_files: int = 16
    """A combined query loads the f/ files holding its results: often all of them."""
    min_docs_per_facet_file: int = 1024
    shared_combination_bytes: int = 4096
    """Facet value combinations up to this size go to index.js, larger ones to each f/ file."""
    packed: bool = True
    """Deflate the files of the kinds in :data:`PACKED` (False: plain JSON, for reading by eye)."""


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


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_json = _ENCODER.encode
"""Compact, sorted JSON. One encoder for every value: ``json.dumps`` with these options builds
a new encoder per call, which cost about a second over the 800,000 values of a 50k index."""


def meta_file(rows: list[list]) -> list[list]:
    """An m/ file's data: display rows ``[url, title, date, issue label, *facets]`` as
    ``[groups, rows]``, a group ``[date, issue label, url prefix]`` per distinct one and a row
    ``[group, rest of the url, title, *facets]`` per document. Documents are in date and issue
    order, so a file's rows share a few groups, and the rows are a third smaller."""
    groups: list[list] = []
    numbers: dict[tuple, int] = {}
    out = []
    for url, title, date, issue, *facets in rows:
        prefix = url[:url.rfind("/") + 1]
        key = (date, issue, prefix)
        if key not in numbers:
            numbers[key] = len(groups)
            groups.append(list(key))
        out.append([numbers[key], url[len(prefix):], title, *facets])
    return [groups, out]


def meta_rows(data: list[list]) -> list[list]:
    """The display rows of an m/ file's data (what search.js's docMeta does)."""
    groups, rows = data
    return [[groups[g][2] + rest, title, groups[g][0], groups[g][1], *facets] for g, rest, title, *facets in rows]


PACKED = {"t": 6, "s": 4, "f": 6, "m": 6}
"""Kinds whose files hold their JSON deflated (zlib format, then base64), each with its zlib
level: search.js inflates them itself. A static host need not compress what it serves (S3 does
not, nor stock nginx for .js), so these are small as stored. Compressed size (base64 included)
over JSON size on a 50,000-record index: s/ 0.22 (its snippet windows and rows repeat across
terms; real text will compress less), m/ 0.43, p/ 0.59, t/ 0.69, f/ 0.84, d/ 0.92 (already
dense). Lower levels where a higher one costs time for little: p/ at level 6 compresses at
10 MB/s against 73 at level 1, for 0.53 against 0.59. x/ stays JSON: it is read only from
file://, where size costs nothing, and inflating its large files made a query with ten
results from different files 100–200 ms slower."""


def _path(kind: str, ident: int) -> str:
    return "index.js" if kind == "i" else f"{kind}/{ident}.js"


def file_text(kind: str, ident: int, payload: str, packed: bool = True) -> str:
    """An index file: a script handing ``payload`` (JSON text) to ``window.__gazetteShard``,
    deflated and in base64 when ``kind`` is one of :data:`PACKED`, with "z" after it."""
    level = PACKED.get(kind) if packed else None
    if level is None:
        return f'window.__gazetteShard("{kind}",{ident},{payload});\n'
    data = base64.b64encode(zlib.compress(payload.encode("utf-8"), level)).decode("ascii")
    return f'window.__gazetteShard("{kind}",{ident},"{data}","z");\n'


def read_file_text(text: str):
    """The data an index file holds (what search.js receives): the inverse of :func:`file_text`."""
    head, _, rest = text.partition(",")
    ident, _, payload = rest.partition(",")
    if not head.startswith('window.__gazetteShard("') or not payload.endswith(");\n"):
        raise ValueError(f"not an index file: {text[:60]!r}")
    payload = payload[:-3]
    if payload.endswith(',"z"'):
        payload = zlib.decompress(base64.b64decode(json.loads(payload[:-4]))).decode("utf-8")
    return json.loads(payload)


def _js(kind: str, ident: int, data) -> tuple[str, int, str]:
    return kind, ident, _json(data)


def _power_of_two(total: int, target: int, upper: int) -> int:
    want = max(1, math.ceil(total / max(1, target)))
    return min(upper, 1 << (want - 1).bit_length())


def _entry_bytes(term: str, text: str) -> int:
    """Bytes an entry takes in a file: the term, its value's JSON ``text``, quotes and separators."""
    return len(term.encode("utf-8")) + len(text.encode("utf-8")) + 4


def searchable(articles: list[Article], issues: list[Issue] = ()) -> list[Article]:
    """Records the index holds, in document-id order: duplicates of other records left out,
    undated first, then by the date behind their date label (gazette/dates.py: their own, their
    issue's or their issue's records'), issue and print order."""
    dates = record_dates(articles, list(issues))
    kept = [a for a in articles if not a.duplicate_of]
    return sorted(kept, key=lambda a: (dates[a.id].sort, a.issue, a.seq, a.id))


def build_files(articles: list[Article], issues: list[Issue], url_for: Callable[[Article], str],
                options: IndexOptions = IndexOptions()) -> dict[str, str]:
    """Every index file's path (relative to the index folder) and text."""
    return {_path(kind, ident): file_text(kind, ident, payload, options.packed)
            for kind, ident, payload in _build(articles, issues, url_for, options, {})}


def _hashed(kind: str, items: dict[str, object], target: int, upper: int, encoded: bool = False):
    """Files of ``kind`` holding ``items`` by term hash (their values JSON text already when
    ``encoded``); yields (kind, number, JSON text), returns the count. Empties ``items``."""
    # encoded once: for the sizes and for the files
    texts = dict(items) if encoded else {term: _json(value) for term, value in items.items()}
    items.clear()
    total = sum(_entry_bytes(term, value) for term, value in texts.items())
    count = _power_of_two(total, target, upper)
    shards: list[dict] = [{} for _ in range(count)]
    for term, value in texts.items():
        shards[term_hash(term) & (count - 1)][term] = value
    texts.clear()
    for n in range(count):
        # what _js would give, from the values encoded above
        payload = ",".join(f"{_json(term)}:{value}" for term, value in sorted(shards[n].items()))
        yield kind, n, "{" + payload + "}"
        shards[n] = {}
    return count


def _packed(items: dict[str, str], target: int, upper: int, placed: dict[str, int]):
    """d/ files: ``items`` in hash order, each file filled up to an aimed-at size, the aim raised
    until there are at most ``upper`` files; an item of half the first aim or more is alone (a
    query reading it then reads nothing else, however large the shared files grow), unless such
    items alone would take more than half the files."""
    order = sorted(items, key=lambda t: (term_hash(t), t))
    costs = [_entry_bytes(t, _json(items[t])) for t in order]
    big = target / 2
    target = max(target, math.ceil(sum(costs) / max(1, upper)))
    while True:
        number, size, numbers = 0, 0, []
        for cost in costs:
            alone = cost >= big
            if size and (alone or size + cost > target):
                number, size = number + 1, 0
            numbers.append(number)
            size += target if alone else cost  # a full file: the next item starts a new one
        if not numbers or numbers[-1] < upper:
            break
        target += target // 8 + 1
        if 2 * sum(cost >= big for cost in costs) > upper:  # too many to be alone: fewer are
            big = max(big, target / 2)
    current: dict[str, str] = {}
    for k, (term, number) in enumerate(zip(order, numbers)):
        current[term] = items.pop(term)
        placed[term] = number
        if k + 1 == len(order) or numbers[k + 1] != number:
            yield _js("d", number, current)
            current = {}


def _build(articles, issues, url_for, options: IndexOptions, stats: dict, issue_labels=None):
    """Yields (kind, number, JSON text) one file at a time, so a big archive's index never sits
    in memory twice."""
    docs = searchable(articles, issues)
    heads = [head_text(a) for a in docs]
    for a in docs:
        if len(indexed_head(a)) >= BODY_BASE:
            raise ValueError(f"{a.source}: title and headlines exceed {BODY_BASE} characters")
    n_docs, page = len(docs), options.page
    dates = record_dates(articles, issues)
    table = facet_table(docs, issues, dates)
    groups = table.count_groups()
    total_values = sum(len(table.names[f]) for f in FACETS)
    gram_docs = options.gram_docs or max(16, n_docs // 1000)
    snippet_docs = options.snippet_docs or gram_docs

    labels = issue_labels or {}
    rows = [[url_for(a), cjk_punctuation(a.title), dates[a.id].label, labels.get(a.issue, a.issue), *(values[f] for f in ("kind", "district", "street", "program"))]
            for a, values in zip(docs, table.values)]
    entries: dict[str, list] = {}
    first_pages: dict[str, list[int]] = {}  # term → the documents its s/ entry shows
    counted: dict[str, str] = {}  # term → the facet counts its s/ entry holds
    long_data: dict[str, str] = {}
    owners: dict[str, str] = {}  # long document data → the first term that had it
    shares: dict[str, str] = {}  # term → the term whose d/ entry holds the same data
    long_positions: dict[str, str] = {}
    shard_count: dict[str, int] = {}
    # the folded texts are held by build_grams alone, which lets them go once it has read them,
    # and the bodies are cut again after it: about 200 MB less at the peak of a 50k archive
    for grams in build_grams([(fold(indexed_head(a)), fold(body_text(a))) for a in docs], gram_docs):
        if grams.n > 2 and "p" not in shard_count:  # every bigram is in: write their positions
            shard_count["p"] = yield from _hashed("p", long_positions, options.position_shard_bytes,
                                                  options.max_position_shards)
        sizes = np.diff(grams.bounds)
        data = document_data(grams, n_docs)
        big = sizes > page
        # facet counts of the terms with a summary only: a run of rare terms (the long tail of a
        # real archive) would make a terms × values matrix of hundreds of MB
        summarized = int(big.sum())
        pair_term = np.repeat(np.arange(summarized), sizes[big])
        counts = term_counts(groups, pair_term, grams.docs[np.repeat(big, sizes)], summarized, total_values)
        summary, pages = summaries(grams, n_docs, page, counts)
        bounds = grams.bounds.tolist()
        for i, term in enumerate(grams.terms):
            entry: list = [int(sizes[i]), data[i], summary[i]]
            if sizes[i] >= snippet_docs:
                first_pages[term] = pages[i] if summary[i] else grams.docs[bounds[i]:bounds[i + 1]].tolist()
                if summary[i]:  # its facet counts go with its s/ entry, read by a lone phrase only
                    entry[2], _, counted[term] = summary[i].rpartition(".")
            if len(data[i]) > options.inline_chars:
                # stored once: grams of the same passages often have exactly the same data
                owner = owners.setdefault(data[i], term)
                if owner == term:
                    long_data[term] = data[i]
                else:
                    shares[term] = owner
                entry[1] = None
            if grams.positions is not None:
                positions = grams.positions[i]
                if len(positions) > options.inline_chars:
                    long_positions[term], positions = positions, 0
                entry.append(positions)
            elif grams.contexts is not None and any(grams.contexts[i]):
                entry.append(" ".join(grams.contexts[i]))
            while not entry[-1] and len(entry) > 2:  # trailing empty fields
                entry.pop()
            entries[term] = entry
    if "p" not in shard_count:
        shard_count["p"] = yield from _hashed("p", long_positions, options.position_shard_bytes,
                                              options.max_position_shards)
    placed: dict[str, int] = {}
    yield from _packed(long_data, options.data_file_bytes, options.max_data_files, placed)
    owners.clear()
    for term, number in placed.items():
        entries[term][1] = number
    for term, owner in shares.items():
        entries[term][1] = [placed[owner], owner]
    shares.clear()
    stats["terms"] = len(entries)
    shard_count["t"] = yield from _hashed("t", entries, options.term_shard_bytes, options.max_term_shards)
    bodies = [body_text(a) for a in docs]
    cut = windows(invert(first_pages.items()), heads, bodies, options.snippet_lead, options.snippet_chars)
    row_text = {d: _json(rows[d])[:-1] for d, _ in cut}  # "[…" : the window goes last
    shown = {}
    for term, shown_docs in sorted(first_pages.items()):
        shown_rows = ",".join(f"{row_text[d]},{json_string(cut.pop((d, term)))}]" for d in shown_docs)
        shown[term] = f'["{counted.pop(term, "")}",[{shown_rows}]]'
    del cut, row_text
    first_pages.clear()
    shard_count["s"] = yield from _hashed("s", shown, options.snippet_shard_bytes, options.max_snippet_shards,
                                          encoded=True)

    per_meta = options.docs_per_meta_file or max(1, math.ceil(n_docs / options.max_meta_files))
    per_text = options.docs_per_text_file or max(1, math.ceil(n_docs / options.max_text_files))
    per_facet = max(options.min_docs_per_facet_file, math.ceil(n_docs / options.max_facet_files))
    for n in range(math.ceil(n_docs / per_meta)):
        yield _js("m", n, meta_file(rows[n * per_meta:(n + 1) * per_meta]))
    for n in range(math.ceil(n_docs / per_text)):
        texts = [cjk_punctuation(f"{h}\n{b}") for h, b in zip(heads[n * per_text:(n + 1) * per_text], bodies[n * per_text:(n + 1) * per_text])]
        yield _js("x", n, texts)
    combinations, blocks = table.blocks(per_facet, options.shared_combination_bytes)
    for n, block in enumerate(blocks):
        yield _js("f", n, block)

    yield _js("i", 0, {
        "format": FORMAT,
        "documents": n_docs,
        "bodyBase": BODY_BASE,
        "page": page,
        "grams": MAX_N,
        "snippet": [options.snippet_lead, options.snippet_chars],
        "snippetDocs": snippet_docs,
        "shards": shard_count,
        "perFile": {"m": per_meta, "x": per_text, "f": per_facet},
        "facets": {f: table.names[f] for f in FACETS},
        "years": table.year_sets(),
        "combinations": combinations,
    })


def write_search_index(articles: list[Article], issues: list[Issue], out_dir: Path,
                       url_for: Callable[[Article], str],
                       options: IndexOptions = IndexOptions(),
                       issue_labels: dict[str, str] | None = None) -> SearchReport:
    """Write the index under ``out_dir / INDEX_DIR`` (``out_dir`` is the site root). Files are
    rewritten only when their bytes change, and files of an earlier build that this build does
    not produce are removed."""
    stats: dict = {}
    root = Path(out_dir) / INDEX_DIR
    written = removed = 0
    total = 0
    produced = set()

    # compressed here, one file at a time: on two threads the build was a second faster but
    # its peak memory 420 MB higher (2,055 MB against 1,633 for 50,000 records)
    for kind, ident, payload in _build(articles, issues, url_for, options, stats, issue_labels):
        rel = _path(kind, ident)
        produced.add(rel)
        data = file_text(kind, ident, payload, options.packed).encode("utf-8")
        total += len(data)
        path = root / rel
        if path.is_file() and path.read_bytes() == data:
            continue
        write_atomic(path, data)
        written += 1
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.relative_to(root).as_posix() not in produced:
                path.unlink()
                removed += 1
    return SearchReport(documents=len(searchable(articles, issues)), terms=stats["terms"], files=len(produced), bytes=total,
                        written=written, removed=removed,
                        shards={k: sum(1 for f in produced if f.startswith(k + "/")) for k in "tsdpfmx"})
