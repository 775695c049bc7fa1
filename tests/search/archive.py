"""The archives the search tests search, built by the real build: the seed archive through
:func:`gazette.pipeline.build` (parse, tag, records, render, index: the pages a user gets), and
other record sets (recombined, or the index written with other options) through the render
stage's own :func:`gazette.render.render_site`, so every article page a snippet or a highlight is
taken from is the one the real build writes."""

from __future__ import annotations

import shutil
from pathlib import Path

from gazette.config import load_config
from gazette.frontmatter import article_from_text, issue_from_text
from gazette.pipeline import build
from gazette.records import Article, Issue
from gazette.records_io import read_records
from gazette.render import render_site
from gazette.search import IndexOptions, write_search_index
from gazette.tag import build_tagger
from gazette.urls import article_url

ROOT = Path(__file__).resolve().parents[2]

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


def tagged_records() -> tuple[list[Article], list[Issue]]:
    """The committed records with the tagging stage's tags, as the pipeline hands them over."""
    config, problems = load_config(ROOT / "site_config.yaml")
    assert not problems, problems
    tagger, problems = build_tagger(config)
    assert not problems, problems
    articles, issues = load_records()
    tagged, _ = tagger.tag_all(articles)  # unresolved ambiguous names are the tagger's business
    return tagged, issues


def build_seed_archive(out: Path) -> tuple[list[Article], list[Issue]]:
    """``python build.py`` on a copy of seeds/ and site_config.yaml, the site written to ``out``
    (the project beside it, ``<out>-project``); returns the records the build wrote."""
    project = out.parent / f"{out.name}-project"
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copyfile(ROOT / "site_config.yaml", project / "site_config.yaml")
    config, problems = load_config(project / "site_config.yaml")
    assert not problems, problems
    report = build(config, output=out)
    assert not [str(p) for p in report.problems if p.severity == "error"]
    issues, articles, problems = read_records(project / "articles", project)
    assert not problems and len(articles) == len(report.articles), problems
    return articles, issues


def build_site(out: Path, records: tuple[list[Article], list[Issue]] | None = None,
               options: IndexOptions = IndexOptions()) -> tuple[list[Article], list[Issue]]:
    """The site of ``records`` as the render stage writes it, with the index written with
    ``options``; without records, the seed archive built by the whole pipeline."""
    if records is None:
        return build_seed_archive(out)
    articles, issues = records
    config, problems = load_config(ROOT / "site_config.yaml")
    assert not problems, problems
    report = render_site(config, issues, articles, out)
    assert not [str(p) for p in report.problems if p.severity == "error"]
    write_search_index(articles, issues, out, lambda a: article_url(a.issue, a.seq), options,
                       issue_labels=report.issue_labels)
    return articles, issues


def recombined_records(count: int, seed: int = 5) -> tuple[list[Article], list[Issue]]:
    """``count`` synthetic records recombined from the tagged seed records' paragraphs, dated
    2015–2024, twenty to an issue: each keeps the title, headlines and tags of one seed record and
    takes 3–12 random paragraphs (benchmarks/bench_search.py and the dense-archive tests)."""
    import dataclasses
    import random
    import time

    sources, _ = tagged_records()
    paragraphs = [(p, s) for s in sources for p in s.body.split("\n\n") if p.strip()]
    rng = random.Random(seed)
    articles, issues = [], []
    per_issue = 20
    for n in range(count):
        issue_no, seq = divmod(n, per_issue)
        if seq == 0:
            day = rng.randrange(3650)
            date = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
            issues.append(Issue(id=f"syn{issue_no:05d}", source="synthetic", encoding="utf-8",
                                layout="blank-lines", date=date, date_source="config"))
        lead = rng.choice(sources)
        picked = rng.sample(paragraphs, rng.randint(3, 12))
        articles.append(dataclasses.replace(
            lead, id=f"syn{issue_no:05d}-{seq + 1:03d}", issue=f"syn{issue_no:05d}", seq=seq + 1,
            date=issues[-1].date, date_source="config", body="\n\n".join(p for p, _ in picked),
            duplicate_of=None))
    return articles, issues


def with_long_tail(articles: list[Article], names_per_record: int, seed: int = 7) -> list[Article]:
    """``articles`` with ``names_per_record`` made-up three-character names put into random places
    of each body: the long tail of rare names, places and numbers that a real archive has and
    recombined seed paragraphs lack (they repeat a few hundred paragraphs, so nearly every term is
    common). Names are drawn from a pool of four per record, characters by their frequency in
    the seed bodies, so most names are rare but some recur."""
    import dataclasses
    import random

    if names_per_record <= 0:
        return articles
    rng = random.Random(seed)
    names = name_pool(articles, seed)
    out = []
    for a in articles:
        paragraphs = a.body.split("\n\n")
        for _ in range(names_per_record):
            k = rng.randrange(len(paragraphs))
            at = rng.randrange(len(paragraphs[k]) + 1)
            paragraphs[k] = paragraphs[k][:at] + rng.choice(names) + paragraphs[k][at:]
        out.append(dataclasses.replace(a, body="\n\n".join(paragraphs)))
    return out


def name_pool(articles: list[Article], seed: int = 7) -> list[str]:
    """The made-up names :func:`with_long_tail` draws from (given the records before it)."""
    import collections
    import random

    rng = random.Random(seed * 31)
    freq = collections.Counter(c for a in articles[:3000] for c in a.body if "\u4e00" <= c <= "\u9fff")
    chars, weights = zip(*sorted(freq.items()))
    return ["".join(rng.choices(chars, weights, k=3)) for _ in range(4 * len(articles))]


def substring_scan(articles: list[Article], query: str) -> set[str]:
    """URLs of the records whose title, a headline or the body contains every space-separated
    phrase of the query: the plain reference the index must equal."""
    phrases = query.split()
    found = set()
    for a in articles:
        if a.duplicate_of:
            continue
        fields = (a.title, *a.headlines, a.body, *a.byline)  # bylines are searchable (issue 19)
        if all(any(p in f for f in fields) for p in phrases):
            found.add(article_url(a.issue, a.seq))
    return found


def write_engine_page(out: Path) -> None:
    """A bare page that loads templates/static/search.js over the index in ``out``: for tests of
    the search engine itself (gazetteSearch.urls …) on made-up records, where no article page is
    shown."""
    (out / "search.html").write_text(
        '<!DOCTYPE html><meta charset="utf-8"><form id="search-form" data-index="searchindex/" data-root="">'
        '<input name="q"></form><p id="search-status"></p><div id="search-facets"></div>'
        '<ol id="search-results"></ol><button id="search-more"></button>'
        f'<script src="{(ROOT / "templates" / "static" / "search.js").as_uri()}"></script>', encoding="utf-8")
