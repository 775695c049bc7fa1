"""Static, exact Chinese full-text search: the index writer (the client is templates/static/search.js).

The pipeline calls :func:`write_search_index` once per build with every record; the index goes
to ``<site>/searchindex/`` and ``templates/search.html`` reads it. Article pages include
``static/highlight.js`` to mark the words of the search they were opened from.

How it stays exact: a query is split at spaces into phrases. Every character and bigram, and every
trigram and four-character gram held by enough documents, is a stored term with its exact
document list (postings.py), so such a phrase is looked up directly. Any other phrase (longer, or
rarer) is confirmed by lining up the positions of a cheapest set of bigrams that covers every
character of it. Text is folded the same way on both sides (ASCII case, full-width forms),
keeping lengths, so positions and highlights agree with what the reader sees.

What it costs: a one-phrase query on a stored term reads one t/ file, whose summary of the term
(terms.py) gives the count, the facet counts and the first page, and then, for a term held by many
documents, one s/ file with that page's display rows and snippets (snippets.py);
document lists (bitmaps for common terms, codec.py), facet blocks (facets.py) and
positions are read only for the next page, for combined or filtered queries and for phrases that
need confirming. File counts are bounded (IndexOptions), so on a large archive files grow instead
of multiplying. benchmarks/bench_search.py measures it against Pagefind.
"""

from .writer import INDEX_DIR, IndexOptions, SearchReport, build_files, write_search_index

__all__ = ["INDEX_DIR", "IndexOptions", "SearchReport", "build_files", "write_search_index"]
