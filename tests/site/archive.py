"""The small test archive under tests/data/: load it and render it (shared by the site tests,
the golden-file regenerator and the benchmark)."""

from __future__ import annotations

from pathlib import Path

from gazette.config import load_config
from gazette.frontmatter import article_from_text, issue_from_text
from gazette.records import Article, Issue
from gazette.site import RenderReport, render_site

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
GOLDEN = ROOT / "tests" / "golden" / "site"


def load_records(articles_dir: Path) -> tuple[list[Issue], list[Article]]:
    """Every ``_issue.md`` and record file under ``articles_dir``, in path order."""
    issues, articles = [], []
    for path in sorted(articles_dir.rglob("*.md")):
        shown = path.relative_to(articles_dir.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.name == "_issue.md":
            issues.append(issue_from_text(text, shown))
        else:
            articles.append(article_from_text(text, shown))
    return issues, articles


def build_test_site(out_dir: Path, data: Path = DATA, **options) -> RenderReport:
    config, problems = load_config(data / "site_config.yaml")
    assert not problems, problems
    issues, articles = load_records(data / "articles")
    return render_site(config, issues, articles, out_dir, **options)
