"""Fixtures for the site tests: the test archive built once per session, and served."""

from __future__ import annotations

import pytest

from tests.conftest import serve_directory
from gazette.search import write_search_index
from gazette.urls import article_url
from tests.site.archive import DATA, build_test_site, load_records


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The whole site as ``python build.py render`` makes it: pages and the search index (the
    search page loads the index, so a crawl must find it)."""
    out = tmp_path_factory.mktemp("site")
    report = build_test_site(out)
    assert [str(p) for p in report.problems if p.severity == "error"] == []
    issues, articles = load_records(DATA / "articles")
    write_search_index(articles, issues, out, lambda a: article_url(a.issue, a.seq),
                       issue_labels=report.issue_labels)
    return out


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over real HTTP under a sub-path: (base URL, folder)."""
    base, stop = serve_directory(built_site, "/archive/")
    yield base, built_site
    stop()
