"""Rendering speed on a large synthetic archive, against a plain Jinja2 loop measured in the same run.

    python benchmarks/bench_render.py                 # 20,000 articles in 2,000 issues
    python benchmarks/bench_render.py --articles 5000 # smaller, quicker
    python benchmarks/bench_render.py --page-size 50  # long topics cut into smaller parts

The archive is recombined from the records under tests/data/ and articles/: each synthetic record
takes the headlines of one real record, paragraphs of two to four others, and tags and bylines
drawn from a synthetic gazetteer (districts → streets → communities with codes), a program list
and a reporter list, so topic pages have realistic sizes. Everything runs on one core (the
process is pinned to CPU 0 where the OS allows it) and writes into benchmarks/out/ (ignored).

Measured:
  cold      render_site from records, TF-IDF keywords computed (a first build)
  state     saving those keywords as the build state (gazette/state.py), then loading and
            checking them against the records, as the pipeline does on the next build
  warm      render_site with the cached keywords, into a fresh folder (a rebuild after a
            template change, or of a new output folder)
  rewrite   render_site again over the warm output: every page rendered, none written
  added     render_site over the warm output with one more issue (a day after the newest, with
            its records' tags): how many pages it rewrites, topic parts among them
  peer      a plain loop of the same article, issue and topic templates with minimal contexts
            (markdown-it render, Jinja render, write) and none of the page planning: no topics,
            related records, mention links, citations or write-if-changed
Rates count HTML pages only (feeds are written in the same time but not counted). The ratio is
this project's HTML pages per second over the peer's, for the warm build.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.config import SiteConfig, load_config  # noqa: E402
from gazette.records import Article, Issue, SourceSpan, Tag  # noqa: E402
from gazette.related import make_tfidf  # noqa: E402
from gazette.render import make_environment, make_markdown  # noqa: E402
from gazette.site import render_site  # noqa: E402
from gazette.state import KeywordCache  # noqa: E402
from tests.site.archive import DATA, load_records  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
HANZI = "东西南北中新安康平和兴华永乐长宁文明光明福德通江海港城山河湖桥园林春秋金银红青"


def pool_records() -> list[Article]:
    records = []
    for folder in (DATA / "articles", ROOT / "articles"):
        if folder.is_dir():
            records.extend(load_records(folder)[1])
    return [r for r in records if r.body.strip()]


def name(rng: random.Random, length: int, suffix: str = "") -> str:
    return "".join(rng.choice(HANZI) for _ in range(length)) + suffix


def synthetic_archive(n_articles: int, per_issue: int, seed: int = 7):
    rng = random.Random(seed)
    pool = pool_records()
    paragraphs = [p for r in pool for p in r.body.split("\n\n") if p.strip() and not p.startswith("## ")]
    districts = [(f"3206{10 + d:02d}", name(rng, 2, "区")) for d in range(12)]
    streets = [(f"{code}{s + 1:03d}", name(rng, 3, "街道"), code, dname) for code, dname in districts for s in range(10)]
    communities = [(f"{code}{c + 1:03d}", name(rng, 3, "社区"), code) for code, _, _, _ in streets for c in range(8)]
    programs = sorted({name(rng, 4) for _ in range(300)})
    reporters = sorted({name(rng, rng.choice((2, 3))) for _ in range(400)})
    issues, articles = [], []
    n_issues = max(1, n_articles // per_issue)
    for i in range(n_issues):
        year, day = 2015 + i * 9 // n_issues, (i * 7) % 365
        date = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((year, 1, 1, 12, 0, 0, 0, 0, 0)) + day * 86400))
        issue_id = f"{i:05d}_bench"
        issues.append(Issue(id=issue_id, source=f"seeds/{issue_id}.txt", encoding="utf-8", layout="blank-lines",
                            date=date, date_source="config", publication="基准日报", edition=f"第{i % 8 + 1}版",
                            section="要闻", editors=(rng.choice(reporters),)))
        for seq in range(1, per_issue + 1):
            base = rng.choice(pool)
            body = "\n\n".join(rng.sample(paragraphs, rng.randint(3, 7)))
            street = rng.choice(streets)
            community = rng.choice([c for c in communities if c[2] == street[0]])
            program = rng.choice(programs)
            body = f"{street[1]}{community[1]}开展“{program}”活动。\n\n## 小标题\n\n" + body
            tags = dict(
                districts=(Tag(street[3], street[2], rule="rollup"),),
                streets=(Tag(street[1], street[0], street[1], 0),),
                communities=(Tag(community[1], community[0], community[1], len(street[1])),),
                programs=(Tag(program, None, program, 10, "discovered" if len(program) % 2 else "curated",
                              reviewed=not len(program) % 2),),
            )
            byline = tuple(rng.sample(reporters, rng.randint(0, 2)))
            articles.append(replace(base, id=f"{issue_id}-{seq:03d}", issue=issue_id, seq=seq,
                                    source=SourceSpan(f"seeds/{issue_id}.txt", seq * 20, seq * 20 + 15),
                                    title=f"{base.title}（{i}-{seq}）", body=body, byline=byline,
                                    byline_roles={b: "记者" for b in byline}, byline_affiliations={},
                                    date=date, date_source="config", duplicate_of=None, **tags))
    return issues, articles[:n_articles]


def next_issue(issues: list[Issue], articles: list[Article]) -> tuple[Issue, list[Article]]:
    """One more issue, a day after the newest, with the records of the newest again (same tags
    and bylines): what arrives when a curator adds an issue."""
    newest = max(issues, key=lambda i: (i.date, i.id))
    date = time.strftime("%Y-%m-%d", time.gmtime(time.mktime((*map(int, newest.date.split("-")), 12, 0, 0, 0, 0, 0))
                                                   + 86400))
    issue_id = f"{len(issues):05d}_bench"
    issue = replace(newest, id=issue_id, source=f"seeds/{issue_id}.txt", date=date)
    records = [replace(a, id=f"{issue_id}-{a.seq:03d}", issue=issue_id, date=date,
                       source=SourceSpan(issue.source, a.source.first, a.source.last))
               for a in articles if a.issue == newest.id]
    return issue, records


def peer_loop(env, md, config, issues, articles, out: Path) -> int:
    """The same templates rendered in a plain loop with minimal contexts, no page planning."""
    by_issue: dict[str, list[Article]] = {}
    for a in articles:
        by_issue.setdefault(a.issue, []).append(a)
    pages = 0
    common = {"config": config, "canonical": None}
    article_t, issue_t = env.get_template("article.html"), env.get_template("issue.html")
    for issue in issues:
        rows = [{"url": f"{a.seq:03d}.html", "title": a.title, "kind": a.kind, "kind_label": "", "duplicate": False,
                 "byline": list(a.byline)} for a in by_issue.get(issue.id, [])]
        ref = {"url": f"issues/{issue.id}/index.html", "title": issue.id}
        html = issue_t.render(root="../../", page_url="", issue=issue, title=issue.id, date_label=issue.date,
                              publication=issue.publication,
                              articles=rows, prev=None, next=None, **common)
        (out / f"{issue.id}.html").write_text(html, encoding="utf-8")
        pages += 1
        for a in by_issue.get(issue.id, []):
            html = article_t.render(
                root="../../", page_url="", article=a, summary={"kind_label": ""}, kickers=[], subtitles=[],
                issue=issue, issue_ref=ref, publication=issue.publication, date=a.date, date_from_issue=False,
                position=a.seq, total=len(rows), byline=[], body=md.render(a.body), tags=[], prev=None, next=None,
                related=[], citation=a.title, jsonld="{}", original=None, **common)
            (out / f"{a.id}.html").write_text(html, encoding="utf-8")
            pages += 1
    return pages


class Clock:
    """Wall time and this process's CPU time: on a shared machine the CPU rate is the one
    that says what rendering costs, the wall rate what a user waits."""

    def __init__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()

    def report(self, label: str, pages: int, unit: str = "pages") -> float:
        wall, cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu
        print(f"{label:<8} {pages:>7} {unit} in {wall:7.2f} s wall = {pages / wall:6.0f} {unit}/s; "
              f"{cpu:7.2f} s CPU = {pages / cpu:6.0f} {unit}/CPU-s")
        return pages / cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--per-issue", type=int, default=10)
    parser.add_argument("--page-size", type=int, default=SiteConfig().page_size,
                        help="records per part of a long topic page (default: the config default, "
                        "not the test archive's tiny one)")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    config, _ = load_config(DATA / "site_config.yaml")
    config = replace(config, page_size=args.page_size)
    t = time.perf_counter()
    issues, articles = synthetic_archive(args.articles, args.per_issue)
    print(f"synthetic archive: {len(issues)} issues, {len(articles)} records, page size {config.page_size} "
          f"({sum(len(a.body) for a in articles) / 1e6:.1f} M characters) in {time.perf_counter() - t:.1f} s")
    shutil.rmtree(OUT, ignore_errors=True)
    env, md, tfidf = make_environment(), make_markdown(), make_tfidf()
    tfidf.tokenizer.initialize()

    print("load average before:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    clock = Clock()
    report = render_site(config, issues, articles, OUT / "cold", env=env, md=md, tfidf=tfidf)
    files = len([u for u in report.written if not u.startswith("static/")])
    pages = len([u for u in report.written if u.endswith(".html")])
    clock.report("cold", pages)
    print(f"  {files} files written: {pages} HTML pages (the rates count these), {files - pages} feeds and "
          f"sitemap (also written in the time); problems: {len(report.problems)}")

    clock = Clock()
    KeywordCache.load(OUT / "state").save(articles, report.keywords)
    keywords = KeywordCache.load(OUT / "state").valid(articles)
    clock.report("state", len(keywords), "records")
    assert keywords == report.keywords, "the build state lost keywords"
    print(f"  ({(OUT / 'state/.gazette/keywords.json').stat().st_size / 1e6:.1f} MB of keywords saved, loaded and checked)")

    clock = Clock()
    warm = render_site(config, issues, articles, OUT / "warm", env=env, md=md, keywords=keywords)
    warm_rate = clock.report("warm", pages)
    assert warm.keywords_computed == 0

    clock = Clock()
    again = render_site(config, issues, articles, OUT / "warm", env=env, md=md, keywords=keywords)
    clock.report("rewrite", pages)
    assert not [u for u in again.written if not u.startswith("static/")], "a second build rewrote pages"

    clock = Clock()
    issue, records = next_issue(issues, articles)
    added = render_site(config, issues + [issue], articles + records, OUT / "warm", env=env, md=md,
                        keywords=keywords)
    clock.report("added", len([u for u in added.urls if u.endswith(".html")]))
    rewritten = [u for u in added.written if u.endswith(".html")]
    parts = [u for u in added.urls if u.count("/") == 2 and not u.startswith(("issues/", "static/"))]
    print(f"  {len(rewritten)} HTML pages rewritten, of which {len([u for u in rewritten if u in parts])} "
          f"of the {len(parts)} topic parts; {added.keywords_computed} records' keywords computed")

    peer_out = OUT / "peer"
    peer_out.mkdir(parents=True)
    clock = Clock()
    peer_pages = peer_loop(env, md, config, issues, articles, peer_out)
    peer_rate = clock.report("peer", peer_pages)
    print(f"ratio (warm / peer, CPU rates): {warm_rate / peer_rate:.2f}")
    print("load average after:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
