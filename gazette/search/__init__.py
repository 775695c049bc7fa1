"""Static, exact Chinese full-text search: the index writer (the client is templates/static/search.js).

The pipeline calls :func:`write_search_index` once per build with every record.
"""

from .writer import INDEX_DIR, IndexOptions, SearchReport, build_files, write_search_index

__all__ = ["INDEX_DIR", "IndexOptions", "SearchReport", "build_files", "write_search_index"]
