"""Static, exact Chinese full-text search: the index writer (the client is templates/static/search.js).

The pipeline calls :func:`write_search_index` once per build with every record; the index goes
to ``<site>/searchindex/`` and ``templates/search.html`` reads it. Article pages include
``static/highlight.js`` to mark the words of the search they were opened from.

How it stays exact: a query is split at spaces into phrases; a phrase of one or two characters
is looked up as a character or bigram (document lists are exact for those); a longer phrase is
first narrowed to the documents holding all its bigrams, then confirmed by lining up the
positions of a cheapest set of bigrams that covers every character of it. Text is folded the
same way on both sides (ASCII case, full-width forms), keeping lengths, so positions and
highlights agree with what the reader sees.

What it costs: the bytes a query downloads are the shards its terms hash to (each shard also
holds the other terms of that hash), the facet table in index.js and one m/ file per shown
result; the shard counts are bounded (IndexOptions), so on a large archive shards grow instead
of multiplying. benchmarks/bench_search.py measures it against Pagefind.
"""

from .writer import INDEX_DIR, IndexOptions, SearchReport, build_files, write_search_index

__all__ = ["INDEX_DIR", "IndexOptions", "SearchReport", "build_files", "write_search_index"]
