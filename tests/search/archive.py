"""The seed archive as the search tests use it: records read from articles/, a search index,
the search page rendered with the render stage's environment, and minimal article pages that
include highlight.js (the render stage's own article pages are tested by its own tests)."""

from __future__ import annotations

import dataclasses
import html
import shutil
from pathlib import Path

from gazette.config import SiteConfig
from gazette.frontmatter import article_from_text, issue_from_text
from gazette.records import Article, Issue, Tag
from gazette.render import make_environment, render_to_bytes
from gazette.search import write_search_index
from gazette.urls import article_url

ROOT = Path(__file__).resolve().parents[2]

# Until the tagger's tags reach the records, the facet tests tag a copy by plain substring
# (names chosen because the seeds mention them in some records and not in others).
TEST_TAGS = {
    "districts": ("崇川区", "海门区"),
    "streets": ("新城桥街道", "城东街道", "任港街道"),
    "programs": ("红色物业", "双报到"),
}


def load_records(articles_dir: Path = ROOT / "articles") -> tuple[list[Article], list[Issue]]:
    articles, issues = [], []
    for path in sorted(articles_dir.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        if path.name == "_issue.md":
            issues.append(issue_from_text(text, rel))
        else:
            articles.append(article_from_text(text, rel))
    return articles, issues


def tag_by_substring(article: Article) -> Article:
    if any(getattr(article, f) for f in TEST_TAGS):
        return article  # real tags present: keep them
    text = "\n".join((article.title, *article.headlines, article.body))
    tags = {f: tuple(Tag(name=n, rule="curator") for n in names if n[:2] in text) for f, names in TEST_TAGS.items()}
    return dataclasses.replace(article, **tags)


def build_site(out: Path) -> tuple[list[Article], list[Issue]]:
    articles, issues = load_records()
    articles = [tag_by_substring(a) for a in articles]
    write_search_index(articles, issues, out, lambda a: article_url(a.issue, a.seq))
    env = make_environment(ROOT / "templates")
    (out / "search.html").write_bytes(render_to_bytes(env, "search.html", config=SiteConfig(), root=""))
    static = out / "static"
    static.mkdir(parents=True, exist_ok=True)
    for name in ("search.js", "search.css", "highlight.js", "site.css", "site.js"):
        source = ROOT / "templates" / "static" / name
        if source.exists():
            shutil.copyfile(source, static / name)
    for a in articles:
        page = out / article_url(a.issue, a.seq)
        page.parent.mkdir(parents=True, exist_ok=True)
        paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a.body.split("\n\n"))
        page.write_text(
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(a.title)}</title>'
            f'</head><body><main id="main"><article><h1>{html.escape(a.title)}</h1>{paragraphs}</article></main>'
            f'<script src="../../static/highlight.js" defer></script></body></html>', encoding="utf-8")
    return articles, issues


def substring_scan(articles: list[Article], query: str) -> set[str]:
    """URLs of the records whose title, a headline or the body contains every space-separated
    phrase of the query: the plain reference the index must equal."""
    phrases = query.split()
    found = set()
    for a in articles:
        if a.duplicate_of:
            continue
        fields = (a.title, *a.headlines, a.body)
        if all(any(p in f for f in fields) for p in phrases):
            found.add(article_url(a.issue, a.seq))
    return found
