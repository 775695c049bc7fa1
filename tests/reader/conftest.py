"""The reader's archive (issue 19), tested on a site the real command line built.

``reader_site`` runs ``build.py`` in a subprocess on a copy of the repository's seeds and
config, exactly as a user would, once per session; the tests open its pages in Chromium over
HTTP (under a sub-path, as most hosts serve an archive) and from ``file://``.
``rooted_site`` renders the same records again with a ``base_url`` whose path is ``/archive/``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import serve_directory

ROOT = Path(__file__).resolve().parents[2]
WIDTHS = (1280, 390)


def run_build(workdir: Path, *args: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "--config", str(workdir / "site_config.yaml"),
                          *args], capture_output=True, text=True, timeout=600, cwd=workdir)
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def copy_archive(workdir: Path, base_url: str | None = None) -> Path:
    shutil.copytree(ROOT / "seeds", workdir / "seeds")
    config = (ROOT / "site_config.yaml").read_text(encoding="utf-8")
    if base_url:
        config = re.sub(r"(?m)^base_url:.*$", f"base_url: {base_url}", config)
    (workdir / "site_config.yaml").write_text(config, encoding="utf-8")
    return workdir


@pytest.fixture(scope="session")
def reader_build(tmp_path_factory):
    """(workdir, site folder) of ``build.py`` run on the seeds."""
    workdir = copy_archive(tmp_path_factory.mktemp("reader"))
    run_build(workdir)
    return workdir, workdir / "_site"


@pytest.fixture(scope="session")
def reader_site(reader_build):
    return reader_build[1]


@pytest.fixture(scope="session")
def reader_served(reader_site):
    """The built site over HTTP under /archive/: (base URL, folder)."""
    base, stop = serve_directory(reader_site, "/archive/")
    yield base, reader_site
    stop()


@pytest.fixture(scope="session")
def rooted_site(reader_build, tmp_path_factory):
    """The same records rendered (``build.py render``) with base_url https://example.org/archive/."""
    workdir = copy_archive(tmp_path_factory.mktemp("rooted"), "https://example.org/archive/")
    shutil.copytree(reader_build[0] / "articles", workdir / "articles")
    run_build(workdir, "render")
    return workdir / "_site"


def article_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.glob("issues/*/[0-9]*.html"))
