"""Fixtures for the site tests: the test archive built once per session, and served."""

from __future__ import annotations

import pytest

from tests.conftest import serve_directory
from tests.site.archive import build_test_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    report = build_test_site(out)
    assert [str(p) for p in report.problems if p.severity == "error"] == []
    return out


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site over real HTTP under a sub-path: (base URL, folder)."""
    base, stop = serve_directory(built_site, "/archive/")
    yield base, built_site
    stop()
