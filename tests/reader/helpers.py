"""Shared steps of the reader tests: open a built page in Chromium, read the records back."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from gazette.frontmatter import article_from_text
from gazette.records import Article
from gazette.search.text import body_text, head_text


def records(workdir: Path) -> list[Article]:
    """Every record file ``build.py`` wrote under ``workdir/articles``."""
    out = []
    for path in sorted((workdir / "articles").rglob("*.md")):
        if path.name != "_issue.md":
            out.append(article_from_text(path.read_text(encoding="utf-8"), path.relative_to(workdir).as_posix()))
    return out


def own_text(article: Article) -> str:
    """The record's own text (title, headlines, body) with every line break as a space."""
    return " ".join((head_text(article) + "\n" + body_text(article)).split())


def bases(served: tuple[str, Path]) -> dict[str, str]:
    base, folder = served
    return {"http": base, "file": folder.as_uri() + "/"}


def open_page(browser, url: str, width: int = 1280):
    """A fresh page at ``width`` px that fails the test on any script error."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.errors = errors
    return context, page


@contextmanager
def opened(browser, url: str, width: int = 1280):
    """:func:`open_page` as a context: the page, closed afterwards."""
    context, page = open_page(browser, url, width)
    try:
        yield page
    finally:
        context.close()


def wait_for_search(page):
    page.wait_for_selector("#search-results[data-state=done]", state="attached")
