"""The site's pages: what each page is (template, context, URL) and the one entry point,
:func:`render_site`, that plans them all and writes those whose bytes changed.

Planning (who links to whom, topics, related records) happens first and in full; then each
page is rendered from its plan. Everything is iterated in sorted order and no clock is read, so
the same records always give the same bytes.
"""

from __future__ import annotations

import calendar
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jieba.analyse
import jinja2
from markdown_it import MarkdownIt

from . import urls
from .citation import gbt7714, news_article, script_json
from .config import SiteConfig
from .display import displayed
from .dates import INFERRED_MARK, month_span, record_dates
from .errors import GazetteError, Problem
from .files import inside_only
from .ingest.decode import decode, physical_lines
from .paginate import Part, day_span, numbered_parts, year_parts
from .exports import Exports
from .records import Article, Issue
from .research import Research, research_pages
from .related import article_keywords, make_tfidf, related_articles
from .render import make_environment, make_markdown, render_body, render_to_bytes, write_bytes_if_changed
from .textclean import plain_body, strip_unsafe
from .topics import PLACE_KINDS, TAG_FIELD, TOPIC_KINDS, Topic, collect_topics, tag_key, topic_lookup

KIND_LABELS = {"district": "区县", "street": "街道乡镇", "community": "社区村", "program": "项目活动",
               "document": "文件", "reporter": "作者"}
RECORD_KIND_LABELS = {"article": "文章", "photo": "图片", "notice": "启事"}
RULE_LABELS = {"rollup": "归入", "discovered": "待审核"}
LATEST_ISSUES = 10
TOP_TOPICS = 10
FEED_ENTRIES = 20
FEED_TITLES = 30
"""Most record titles listed in one issue's feed entry: a 22,000-record issue put every title
into one entry (issue 14); the rest is counted."""
UNDATED = "9999-99-99"


def description(text: str, limit: int = 110) -> str:
    """A page's own description for search engines and link previews: ``text`` on one line, its
    Markdown heading marks dropped, cut at ``limit`` characters."""
    flat = " ".join(line.lstrip("# ") for line in text.split("\n") if line.strip())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def display_name(kind: str, name: str) -> str:
    """A topic's name as readers see it: documents in the 《》 they were printed in."""
    return f"《{name}》" if kind == "document" and not name.startswith("《") else name


def titles_summary(titles: list[str]) -> str:
    """The titles of an issue's records for its feed entry, at most :data:`FEED_TITLES` of them."""
    shown = "、".join(titles[:FEED_TITLES])
    rest = len(titles) - FEED_TITLES
    return f"{shown} 等 {len(titles)} 篇" if rest > 0 else shown


@dataclass
class Page:
    """One file to write: its URL (relative to the site root), template and context."""

    url: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass
class RenderReport:
    """What :func:`render_site` did."""

    written: list[str] = field(default_factory=list)
    """URLs of files whose bytes changed (or that did not exist)."""
    unchanged: list[str] = field(default_factory=list)
    """URLs of files left alone because their bytes were already right."""
    problems: list[Problem] = field(default_factory=list)
    dependencies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """URL → templates the page was rendered from (for incremental builds)."""
    keywords: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Record id → the TF-IDF keywords related articles were found with (given or computed),
    for every record that has a page of related articles; a cache for the next build."""
    keywords_computed: int = 0
    """How many of :attr:`keywords` this build extracted (the others were passed in)."""
    issue_labels: dict[str, str] = field(default_factory=dict)
    """Issue id → the short name search results show for it (:meth:`SitePlanner.issue_label`)."""

    @property
    def pages_written(self) -> int:
        return len(self.written)

    @property
    def pages_unchanged(self) -> int:
        return len(self.unchanged)

    @property
    def urls(self) -> list[str]:
        """Every file this build is responsible for; anything else in the output is stale."""
        return sorted(self.written + self.unchanged)


def render_site(config: SiteConfig, issues: list[Issue], articles: list[Article], out_dir: Path, *,
                env: jinja2.Environment | None = None, md: MarkdownIt | None = None,
                tfidf: jieba.analyse.TFIDF | None = None, templates: Path | None = None,
                keywords: dict[str, tuple[str, ...]] | None = None,
                search_context: dict | None = None) -> RenderReport:
    """Plan every page of the site for ``issues`` and ``articles`` and write it under ``out_dir``
    (only files whose bytes changed), copy ``templates/static/``, and render ``search.html``
    (with ``search_context`` added to its context; a placeholder while that template is missing).

    ``keywords`` (article id → TF-IDF keywords) may be passed from a cache; missing ones are
    computed with ``tfidf``, and all are returned in the report for the next build. Two records
    mapping to one URL are reported, not overwritten."""
    env = env or make_environment(templates)
    md = md or make_markdown()
    report = RenderReport()
    site = SitePlanner(config, env, md, report.problems)
    pages = site.plan(issues, articles, tfidf, keywords or {})
    report.keywords, report.keywords_computed = site.keywords, site.keywords_computed
    report.issue_labels = {issue.id: site.issue_label(issue) for issue in site.issues.values()}
    # The search stage owns search.html; until its template exists a placeholder keeps the
    # header's search link from breaking.
    search = "search.html" if "search.html" in env.list_templates() else "search_placeholder.html"
    if site.registry.claim(urls.SEARCH, "the search page", "templates/" + search):
        pages.append(Page(urls.SEARCH, search, {"examples": site.example_queries(), **(search_context or {})}))
    out_dir = Path(out_dir)
    loader = env.loader
    for url, data in site.exports.files().items():
        (report.written if write_bytes_if_changed(out_dir / url, data) else report.unchanged).append(url)
        report.dependencies[url] = ()
    for page in pages:
        context = {"config": config, "root": urls.root_of(page.url), "page_url": page.url,
                   "canonical": site.absolute(page.url), **page.context}
        data = render_to_bytes(env, page.template, **context)
        (report.written if write_bytes_if_changed(out_dir / page.url, data) else report.unchanged).append(page.url)
        report.dependencies[page.url] = loader.dependencies(env, page.template)
    folder = templates or Path(loader.searchpath[0])
    static = folder / "static"
    paths = sorted(static.rglob("*")) if static.is_dir() else []
    for path in inside_only(paths, folder, lambda p: "templates/" + p.relative_to(folder).as_posix(),
                            "templates", report.problems):
        if path.is_file():
            url = "static/" + path.relative_to(static).as_posix()
            changed = write_bytes_if_changed(out_dir / url, path.read_bytes())
            (report.written if changed else report.unchanged).append(url)
    return report


class SitePlanner:
    """Builds the page list. One object per build; holds the lookups pages share."""

    def __init__(self, config: SiteConfig, env: jinja2.Environment, md: MarkdownIt, problems: list[Problem]):
        self.config = config
        self.env = env
        self.md = md
        self.problems = problems
        self.registry = urls.UrlRegistry(problems=problems)
        self.base = (config.base_url.rstrip("/") + "/") if config.base_url else None

    def absolute(self, url: str) -> str | None:
        return self.base + url if self.base else None

    # -- records ------------------------------------------------------------------------------

    def _accept_records(self, issues: list[Issue], articles: list[Article]):
        by_id: dict[str, Issue] = {}
        for issue in sorted(issues, key=lambda i: i.id):
            if not urls.is_valid_issue_id(issue.id):
                self.problems.append(Problem(issue.source, None, f"issue id '{issue.id}' cannot be a URL "
                                             "(use lower-case ASCII letters, digits, '-', '_' or '.', "
                                             "not ending in '.html'); "
                                             "its pages were not written"))
                continue
            if self.registry.claim(urls.issue_url(issue.id), f"issue {issue.id} ({issue.source})", issue.source):
                by_id[issue.id] = issue
        kept: list[Article] = []
        for article in sorted(articles, key=lambda a: (a.issue, a.seq, a.id)):
            if article.issue not in by_id:
                if not urls.is_valid_issue_id(article.issue):
                    continue  # already reported with the issue, or unreportable without one
                # An issue file may be missing while its records are there: show what we have.
                self.problems.append(Problem(article.source.path, article.source.first,
                                             f"record {article.id} names issue '{article.issue}', which has "
                                             "no _issue.md; its page shows no issue facts", severity="warning"))
                if self.registry.claim(urls.issue_url(article.issue), f"issue {article.issue}", article.source.path):
                    by_id[article.issue] = Issue(id=article.issue, source=article.source.path, encoding="",
                                                 layout="")
            url = urls.article_url(article.issue, article.seq)
            if self.registry.claim(url, f"record {article.id} ({article.source})", article.source.path,
                                   article.source.first):
                kept.append(displayed(article))
                self.as_written[article.id] = article
        return by_id, kept

    def records_as_written(self) -> list[Article]:
        """The shown records in site order, with their text as their files hold it (exports must
        not carry the full-width punctuation pages show)."""
        return [self.as_written[a.id] for a in self.articles]

    def date_of(self, article: Article) -> str | None:
        issue = self.issues.get(article.issue)
        return article.date or (issue.date if issue else None)

    def date_key(self, article: Article):
        return (self.date_of(article) or UNDATED, article.issue, article.seq)

    # -- plan ---------------------------------------------------------------------------------

    def plan(self, issues: list[Issue], articles: list[Article], tfidf, keywords) -> list[Page]:
        self.as_written: dict[str, Article] = {}
        """Each shown record as its file holds it, before display punctuation: what exports carry."""
        self.issues, self.articles = self._accept_records(issues, articles)
        self.originals = [a for a in self.articles if not a.duplicate_of]
        self.topics, problems = collect_topics(self.originals, self.date_key)
        self.problems.extend(problems)
        for kind, topics in self.topics.items():
            # A topic whose URL is taken gets no page rather than overwriting another.
            self.topics[kind] = [t for t in topics
                                 if self.registry.claim(t.url, f"{t.kind} {t.name}", "articles")
                                 and self.registry.claim(t.feed_url, f"feed of {t.kind} {t.name}", "articles")]
        self.lookup = topic_lookup(self.topics)
        missing = [a for a in self.originals if a.id not in keywords]
        if missing:
            tfidf = tfidf or make_tfidf()
        self.keywords = {a.id: keywords[a.id] if a.id in keywords else article_keywords(tfidf, a)
                         for a in self.originals}
        self.keywords_computed = len(missing)
        self.related = related_articles(self.originals, self.keywords, self.date_key)

        self.by_issue: dict[str, list[Article]] = {}
        for article in self.articles:
            self.by_issue.setdefault(article.issue, []).append(article)
        # (issue, seq) is unique (the URL registry saw to it); list.index compared whole records.
        self.dates = record_dates(self.articles, list(self.issues.values()))
        self.positions = {(a.issue, a.seq): i for records in self.by_issue.values() for i, a in enumerate(records)}
        self.issue_titles = {issue.id: self.make_issue_title(issue) for issue in self.issues.values()}
        self.issue_order = sorted(self.issues.values(), key=self.issue_sort_key)
        self.summaries = {a.id: self.summary(a) for a in self.articles}
        self.research = Research(self)
        self.exports = Exports(self, self.research)

        pages = [self.home(), self.about(), self.not_found(), *self.issues_index(), self.issues_feed()]
        for fixed in (urls.HOME, urls.ABOUT, urls.NOT_FOUND, urls.ISSUES_INDEX, urls.ISSUES_FEED, urls.ROBOTS):
            self.registry.claim(fixed, "a fixed page", "templates")
        for kind in TOPIC_KINDS:
            self.registry.claim(urls.topic_index_url(kind), f"index of {kind}", "templates")
            pages.extend(self.topic_index(kind))
        self.sources = {}
        for issue in self.issue_order:
            page = self.source_page(issue)
            if page:
                self.sources[issue.id] = page.url
                pages.append(page)
        for position, issue in enumerate(self.issue_order):
            pages.append(self.issue_page(issue, position))
        for article in self.articles:
            pages.append(self.article_page(article))
        for kind in TOPIC_KINDS:
            for topic in self.topics[kind]:
                pages.extend(self.topic_pages(topic))
                pages.append(self.topic_feed(topic))
        pages.extend(Page(*p) for p in research_pages(self.research, self.registry))
        pages.append(Page(urls.ROBOTS, "robots.txt", {}))
        if self.base:
            self.registry.claim(urls.SITEMAP, "the sitemap", "templates")
            listed = sorted([urls.SEARCH] + [p.url for p in pages if p.url.endswith(".html") and p.url != urls.NOT_FOUND])
            pages.append(Page(urls.SITEMAP, "sitemap.xml", {"entries": [self.base + u for u in listed]}))
        return pages

    # -- shared views ---------------------------------------------------------------------------

    def issue_date_label(self, issue: Issue) -> str | None:
        """The issue's date, else the months its records' dates (read from their text) fall in,
        marked as inferred, else the year the text states, else ``None``."""
        if issue.date:
            return issue.date
        period = month_span(self.issue_dates(issue))
        if period:
            return period + INFERRED_MARK
        return f"{issue.year}年" if issue.year else None

    def issue_title(self, issue: Issue) -> str:
        return self.issue_titles[issue.id]

    def make_issue_title(self, issue: Issue) -> str:
        parts = [issue.publication or self.config.publication or "", self.issue_date_label(issue) or "日期不详",
                 issue.edition or "", issue.section or ""]
        title = " ".join(p for p in parts if p)
        records = self.by_issue.get(issue.id)
        if not issue.date and records:
            # Undated issues would all read 日期不详: their lead story tells them apart.
            lead = records[0].title
            title += f" · {lead[:16]}{'…' if len(lead) > 16 else ''}等"
        return title

    def issue_label(self, issue: Issue) -> str:
        """The issue as a search result names it next to the record's date label (which already
        says when it ran, inferred or not: gazette/dates.py): paper, edition and section, or 本期
        when none of them is known."""
        parts = [issue.publication or self.config.publication or "", issue.edition or "", issue.section or ""]
        return " ".join(p for p in parts if p) or "本期"

    def summary(self, article: Article) -> dict:
        issue = self.issues[article.issue]
        return {"id": article.id, "url": urls.article_url(article.issue, article.seq), "title": article.title,
                "date": self.date_of(article), "date_label": self.dates[article.id].label,
                "date_inferred": self.dates[article.id].inferred, "kind": article.kind,
                "kind_label": RECORD_KIND_LABELS.get(article.kind, article.kind),
                "byline": list(article.byline), "issue_title": self.issue_title(issue),
                "duplicate": bool(article.duplicate_of)}

    def topic_ref(self, topic: Topic) -> dict:
        return {"name": topic.name, "display": display_name(topic.kind, topic.name), "url": topic.url,
                "count": topic.count, "reviewed": topic.reviewed, "kind": topic.kind, "code": topic.code}

    def issue_ref(self, issue: Issue) -> dict:
        return {"id": issue.id, "url": urls.issue_url(issue.id), "title": self.issue_title(issue),
                "date": issue.date, "count": len(self.by_issue.get(issue.id, ()))}

    def top(self, kind: str) -> list[dict]:
        """The most reported topics of ``kind`` for the home page: reviewed ones only, so a
        discovered name no curator has looked at (a headline phrase, a count) is never presented
        as one of the archive's main programs (issue 19); it keeps its page and index entry."""
        ranked = sorted((t for t in self.topics[kind] if t.reviewed), key=lambda t: (-t.count, t.slug))
        return [self.topic_ref(t) for t in ranked[:TOP_TOPICS]]

    def example_queries(self) -> list[str]:
        """What the empty search page suggests: the most reported reviewed programs and streets
        (names from the records' own text, so every suggestion finds something)."""
        picks = []
        for kind, n in (("program", 3), ("street", 2)):
            written = (t for t in self.topics[kind] if t.reviewed and any(
                t.name in a.body or t.name in a.title or t.name in a.headlines for a in t.articles))
            ranked = sorted(written, key=lambda t: (-t.count, t.slug))
            picks.extend(t.name for t in ranked[:n])
        return list(dict.fromkeys(picks))

    def date_facts(self) -> dict:
        """The first and last date of the archive, from issue dates and record dates. A bound
        that only inferred record dates give is marked, and inferred and missing dates counted."""
        only_inferred: dict[str, bool] = {i.date: False for i in self.issues.values() if i.date}
        inferred = undated = 0
        for article in self.originals:
            date = self.date_of(article)
            if date is None:
                undated += 1
                continue
            guess = article.date == date and article.date_source == "inferred"
            inferred += guess
            only_inferred[date] = only_inferred.get(date, True) and guess
        first, last = (min(only_inferred), max(only_inferred)) if only_inferred else (None, None)
        return {"first": first, "last": last, "first_inferred": only_inferred.get(first, False),
                "last_inferred": only_inferred.get(last, False), "inferred": inferred, "undated": undated}

    def issue_dates(self, issue: Issue) -> list[str]:
        """The issue's date, or for an undated issue the dates its records read from their text."""
        return [issue.date] if issue.date else [a.date for a in self.by_issue.get(issue.id, ()) if a.date]

    def issue_sort_key(self, issue: Issue) -> tuple[str, str]:
        """Issues in date order: an undated issue goes where its records' dates (read from their
        text) put it, else before the dated issues of the year its text states, else last."""
        dates = self.issue_dates(issue)
        if dates:
            return max(dates), issue.id
        return (f"{issue.year:04d}-00-00" if issue.year else UNDATED), issue.id

    def newest_issues(self) -> list[Issue]:
        """Newest first; issues with no date at all come after every dated one."""
        newest = list(reversed(self.issue_order))
        return ([i for i in newest if self.issue_sort_key(i)[0] != UNDATED]
                + [i for i in newest if self.issue_sort_key(i)[0] == UNDATED])

    def newest_date(self, dates) -> str:
        dates = sorted(d for d in dates if d)
        return (dates[-1] if dates else "1970-01-01") + "T00:00:00Z"

    # -- pages ----------------------------------------------------------------------------------

    def home(self) -> Page:
        latest = [self.issue_ref(i) for i in self.newest_issues()[:LATEST_ISSUES]]
        return Page(urls.HOME, "home.html", {
            "stats": {"issues": len(self.issues), "articles": len(self.originals),
                      "photos": sum(1 for a in self.originals if a.kind == "photo"), **self.date_facts()},
            "latest": latest,
            "top": {kind: self.top(kind) for kind in ("district", "street", "program")},
            "indexes": [{"kind": k, "label": KIND_LABELS[k], "url": urls.topic_index_url(k),
                         "count": len(self.topics[k])} for k in TOPIC_KINDS],
        })

    def about(self) -> Page:
        example = next(iter(self.originals), None)
        citation = None
        if example:
            issue = self.issues[example.issue]
            citation = gbt7714(example, issue, issue.publication or self.config.publication)
        return Page(urls.ABOUT, "about.html", {"example_citation": citation,
                                                "stats": {"issues": len(self.issues),
                                                          "articles": len(self.originals),
                                                          **self.date_facts()}})

    def not_found(self) -> Page:
        # A host serves this page for any missing path (GitHub Pages, Netlify, nginx error_page),
        # so relative links would resolve inside whatever folder was asked for: its links are
        # root-absolute, from base_url's path, or the domain root when no base_url is set.
        return Page(urls.NOT_FOUND, "404.html", {"root": urlsplit(self.base).path if self.base else "/"})

    def issues_index(self) -> list[Page]:
        """The calendar of issues by year and month: one page, or when the archive has more than
        ``page_size`` issues, an overview of the years and one page per year (a new issue then
        rewrites its own year, the overview and at most the year before)."""
        years: dict[int | None, dict] = {}
        for issue in self.issue_order:
            # an undated issue goes under the year its records' dates (or its text) give
            inferred = self.issue_dates(issue)
            year = int(issue.date[:4]) if issue.date else (int(max(inferred)[:4]) if inferred else issue.year)
            entry = years.setdefault(year, {"year": year, "months": {}, "undated": []})
            if issue.date:
                month = int(issue.date[5:7])
                entry["months"].setdefault(month, []).append(issue)
            else:
                entry["undated"].append(self.issue_ref(issue))
        listing = []
        for year in sorted(years, key=lambda y: (y is None, -(y or 0))):
            entry = years[year]
            months = [self.month_calendar(year, month, entry["months"][month])
                      for month in sorted(entry["months"])]
            listing.append({"year": year, "months": months, "undated": entry["undated"],
                            "url": urls.issues_year_url(year),
                            "label": f"{year}年" if year else "日期不详",
                            "count": sum(len(m["issues"]) for m in months) + len(entry["undated"])})
        context = {"total": len(self.issues), "overview": None, "year_nav": None}
        if len(self.issues) <= self.config.page_size:
            return [Page(urls.ISSUES_INDEX, "issues_index.html", {**context, "years": listing})]
        pages = [Page(urls.ISSUES_INDEX, "issues_index.html", {**context, "years": [], "overview": listing})]
        # Newest year first, as on the overview; a year page names only its neighbours.
        for i, year in enumerate(listing):
            if not self.registry.claim(year["url"], f"issues of {year['label']}", "templates"):
                continue
            nav = {"newer": listing[i - 1] if i else None,
                   "older": listing[i + 1] if i + 1 < len(listing) else None, "current": year}
            pages.append(Page(year["url"], "issues_index.html", {**context, "years": [year], "year_nav": nav}))
        return pages

    def month_calendar(self, year: int, month: int, issues: list[Issue]) -> dict:
        by_day: dict[int, list[dict]] = {}
        for issue in issues:
            by_day.setdefault(int(issue.date[8:10]), []).append(self.issue_ref(issue))
        weeks = [[{"day": d, "issues": by_day.get(d, [])} for d in week]
                 for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)]
        return {"year": year, "month": month, "weeks": weeks, "issues": [self.issue_ref(i) for i in issues]}

    def issues_feed(self) -> Page:
        newest = self.newest_issues()[:FEED_ENTRIES * 2]
        entries = [{"title": self.issue_title(i), "url": urls.issue_url(i.id), "id": self.entry_id(urls.issue_url(i.id)),
                    "updated": self.newest_date(self.issue_dates(i)),
                    "summary": titles_summary([a.title for a in self.by_issue.get(i.id, ())])}
                   for i in newest]
        return Page(urls.ISSUES_FEED, "feed.xml", {
            "feed_title": f"{self.config.title}：新入档期号", "feed_id": self.entry_id(urls.ISSUES_FEED),
            "alternate": urls.ISSUES_INDEX, "link_base": self.base, "updated": self.newest_date(d for i in self.issues.values() for d in self.issue_dates(i)),
            "entries": entries})

    def entry_id(self, url: str) -> str:
        # Atom ids must be IRIs; without a base URL a URN keyed on the stable path serves.
        return self.base + url if self.base else "urn:gazette:" + url

    def source_page(self, issue: Issue) -> Page | None:
        """The issue's text as decoded, one anchored line per source line (``#L45``), so a reader
        can check a record against what was printed (issue 19). None when the source file is
        not there (a site rendered from records alone) or cannot be read."""
        path = self.config.root / issue.source
        root = self.config.root.resolve()
        # ``source:`` comes from a record file a person may edit: publish only an issue text file
        # inside the project, never a link or a file elsewhere (``source: ../../etc/passwd``)
        if (path.suffix.lower() not in (".txt", ".text") or path.is_symlink() or not path.is_file()
                or not path.resolve().is_relative_to(root)):
            return None
        try:
            text, encoding = decode(path.read_bytes(), issue.source)
        except (GazetteError, OSError):
            return None  # the parse stage reports an unreadable file
        text, _ = strip_unsafe(text, issue.source, keep_form_feeds=True)  # reported when parsed
        url = urls.issue_url(issue.id).rsplit("/", 1)[0] + "/source.html"
        if not self.registry.claim(url, f"source text of issue {issue.id}", issue.source):
            return None
        records = [{"url": self.summaries[a.id]["url"], "title": a.title, "first": a.source.first,
                    "last": a.source.last} for a in self.by_issue.get(issue.id, ())]
        return Page(url, "source.html", {
            "issue": issue, "title": self.issue_title(issue), "issue_url": urls.issue_url(issue.id),
            "encoding": encoding, "lines": physical_lines(text), "records": records,
            "description": description(f"{self.issue_title(issue)}的原始文本（{issue.source}）")})

    def issue_page(self, issue: Issue, position: int) -> Page:
        prev = self.issue_order[position - 1] if position > 0 else None
        nxt = self.issue_order[position + 1] if position + 1 < len(self.issue_order) else None
        records = self.by_issue.get(issue.id, ())
        return Page(urls.issue_url(issue.id), "issue.html", {
            "description": description(f"{self.issue_title(issue)}，共 {len(records)} 篇：" + "；".join(a.title for a in records)),
            "issue": issue, "title": self.issue_title(issue), "date_label": self.issue_date_label(issue),
            "publication": issue.publication or self.config.publication,
            "articles": [self.summaries[a.id] for a in self.by_issue.get(issue.id, ())],
            "prev": self.issue_ref(prev) if prev else None, "next": self.issue_ref(nxt) if nxt else None,
            "source_url": self.sources.get(issue.id),
        })

    def article_tags(self, article: Article) -> list[dict]:
        groups = []
        for kind, attr in TAG_FIELD.items():
            items = []
            for tag in getattr(article, attr):
                topic = self.lookup.get((kind, tag_key(kind, tag)))
                if topic is None:  # a duplicate's tags have no topic pages
                    continue
                items.append({"name": topic.name, "display": display_name(kind, topic.name),
                              "url": topic.url, "reviewed": tag.reviewed,
                              "inferred": tag.rule == "rollup", "rule": tag.rule, "matched": tag.matched})
            if items:
                groups.append({"kind": kind, "label": KIND_LABELS[kind], "tags": items})
        return groups

    def mentions(self, article: Article, root: str) -> list[tuple[str, str]]:
        found = []
        for kind, attr in TAG_FIELD.items():
            for tag in getattr(article, attr):
                topic = self.lookup.get((kind, tag_key(kind, tag)))
                if topic is None or tag.rule == "rollup":
                    continue
                for text in dict.fromkeys(t for t in (tag.matched, tag.name) if t):
                    found.append((text, root + topic.url))
        return found

    def article_page(self, article: Article) -> Page:
        url = urls.article_url(article.issue, article.seq)
        issue = self.issues[article.issue]
        siblings = self.by_issue[article.issue]
        index = self.positions[(article.issue, article.seq)]
        publication = issue.publication or self.config.publication
        tags = self.article_tags(article)
        byline = [{"name": name, "role": article.byline_roles.get(name),
                   "affiliation": article.byline_affiliations.get(name),
                   "url": self.lookup[("reporter", name)].url if ("reporter", name) in self.lookup else None}
                  for name in article.byline]
        keywords = [t["name"] for g in tags for t in g["tags"]]
        if article.title in article.headlines:
            title_at = article.headlines.index(article.title)
            kickers, subtitles = article.headlines[:title_at], article.headlines[title_at + 1:]
        else:  # photos: a generated title, printed headlines (if any) shown under it
            kickers, subtitles = (), article.headlines
        # A scan of every record per duplicate made this quadratic in an archive of reprints.
        original = self.summaries.get(article.duplicate_of) if article.duplicate_of else None
        return Page(url, "article.html", {
            "article": article, "summary": self.summaries[article.id],
            "kickers": list(kickers), "subtitles": list(subtitles),
            "issue": issue, "issue_ref": self.issue_ref(issue), "publication": publication,
            "date": self.date_of(article), "date_from_issue": not article.date and bool(issue.date),
            "date_label": self.dates[article.id].label, "date_inferred": self.dates[article.id].inferred,
            "position": index + 1, "total": len(siblings), "byline": byline,
            "body": render_body(self.md, article.body, self.mentions(article, urls.root_of(url))),
            "tags": tags,
            "prev": self.summaries[siblings[index - 1].id] if index > 0 else None,
            "next": self.summaries[siblings[index + 1].id] if index + 1 < len(siblings) else None,
            "related": [{**self.summaries[a.id], "shared_tags": t, "shared_keywords": k}
                        for a, t, k in self.related.get(article.id, ())],
            "citation": gbt7714(article, issue, publication, self.dates[article.id].inferred, bool(self.base)),
            "source_url": self.sources.get(article.issue),
            "description": description(article.body), "og_type": "article",
            "jsonld": script_json(news_article(article, issue, publication, self.absolute(url), keywords)),
            "original": original,
        })

    def topic_pages(self, topic: Topic) -> list[Page]:
        """The topic's page and, when it has more than ``page_size`` records, the parts they are
        cut into (see :mod:`gazette.paginate`): the topic page then keeps its summary and
        hierarchy, shows the newest records and links every part."""
        entries = []
        for article in topic.articles:
            tag = topic.tags.get(article.id)
            entries.append({**self.summaries[article.id],
                            "inferred": bool(tag and tag.rule == "rollup"),
                            "role": article.byline_roles.get(topic.name) if topic.kind == "reporter" else None})
        size = self.config.page_size
        parts: list[Part] = []
        if len(entries) > size:
            parts = [p for p in year_parts(entries, lambda e: e["date"][:4] if e["date"] else None, size,
                                           topic.parts_folder)
                     if self.registry.claim(p.url, f"part {p.key} of {topic.kind} {topic.name}", "articles")]
        dated = [e for e in entries if e["date"]]
        context = {"topic": self.topic_ref(topic), "kind_label": KIND_LABELS[topic.kind],
                   "entries": (dated or entries)[-size:][::-1] if parts else entries,
                   "years": self.part_years(parts),
                   "feed_url": topic.feed_url, "index_url": urls.topic_index_url(topic.kind),
                   "parent": self.topic_ref(topic.parent) if topic.parent else None,
                   "parent_label": KIND_LABELS[topic.parent.kind] if topic.parent else None,
                   "children": [self.topic_ref(c) for c in topic.children],
                   "children_label": KIND_LABELS[topic.children[0].kind] if topic.children else None,
                   "first": entries[0] if entries else None, "last": entries[-1] if entries else None,
                   "places": [], "roles": sorted(r for r in topic.roles if r),
                   "research": self.research.topic_view(topic)}
        if topic.kind in ("program", "document", "reporter"):
            counts: Counter = Counter()
            for article in topic.articles:
                for kind in PLACE_KINDS:
                    for tag in getattr(article, TAG_FIELD[kind]):
                        place = self.lookup.get((kind, tag_key(kind, tag)))
                        if place:
                            counts[(PLACE_KINDS.index(kind), place.slug, place.kind, place.key)] += 1
            context["places"] = [{**self.topic_ref(self.lookup[(k, key)]), "count": n,
                                  "label": KIND_LABELS[k]} for (_, _, k, key), n in sorted(counts.items())]
        context["description"] = description(f"{KIND_LABELS[topic.kind]}{display_name(topic.kind, topic.name)}："
                                             f"{len(entries)} 篇报道" + ("，" + "；".join(e["title"] for e in entries[-3:][::-1])
                                                                      if entries else ""))
        pages = [Page(topic.url, "topic.html", context)]
        # A part shows only its own records and its neighbours' fixed labels, never a count or
        # list of all parts, so a new issue leaves every part but the last byte for byte alone.
        name = {"name": topic.name, "display": display_name(topic.kind, topic.name), "url": topic.url,
                "kind": topic.kind}
        for i, part in enumerate(parts):
            pages.append(Page(part.url, "topic_part.html", {
                "topic": name, "kind_label": KIND_LABELS[topic.kind], "index_url": urls.topic_index_url(topic.kind),
                "feed_url": topic.feed_url, "part": self.part_ref(part), "entries": list(part.items),
                "prev": self.part_ref(parts[i - 1], False) if i else None,
                "next": self.part_ref(parts[i + 1], False) if i + 1 < len(parts) else None}))
        return pages

    @staticmethod
    def part_ref(part: Part, details: bool = True) -> dict:
        ref = {"url": part.url, "label": part.label}
        if details:
            ref.update(count=len(part.items), span=day_span([e["date"] for e in part.items]))
        return ref

    def part_years(self, parts: list[Part]) -> list[dict]:
        """Parts grouped by year for the topic page's list of them (newest year first)."""
        years: dict[str | None, dict] = {}
        for part in parts:
            year = years.setdefault(part.year, {"label": f"{part.year}年" if part.year else "日期不详",
                                                "count": 0, "parts": []})
            year["count"] += len(part.items)
            year["parts"].append(self.part_ref(part))
        return [years[y] for y in sorted(years, key=lambda y: (y is not None, y or ""), reverse=True)]

    def topic_feed(self, topic: Topic) -> Page:
        newest = sorted(topic.articles, key=self.date_key, reverse=True)[:FEED_ENTRIES]
        entries = [{"title": a.title, "url": self.summaries[a.id]["url"],
                    "id": self.entry_id(self.summaries[a.id]["url"]),
                    "updated": self.newest_date([self.date_of(a)]),
                    "summary": plain_body(a.body[:280])[:140]} for a in newest]
        return Page(topic.feed_url, "feed.xml", {
            "feed_title": f"{self.config.title}：{display_name(topic.kind, topic.name)}", "feed_id": self.entry_id(topic.feed_url),
            "alternate": topic.url, "link_base": self.base, "updated": self.newest_date(self.date_of(a) for a in topic.articles),
            "entries": entries})

    def topic_index(self, kind: str) -> list[Page]:
        """The index of one kind of topic, cut into numbered pages of ``page_size`` lines."""
        items = []
        for topic in self.topics[kind]:
            ref = self.topic_ref(topic)
            ref["parent"] = self.topic_ref(topic.parent) if topic.parent else None
            items.append(ref)
        parts = numbered_parts(items, self.config.page_size, urls.topic_index_url(kind))
        for part in parts[1:]:
            self.registry.claim(part.url, f"page {part.number} of the index of {kind}", "templates")
        pager = [{"url": p.url, "label": str(p.number), "span": self.index_span(p)} for p in parts]
        return [Page(part.url, "topic_index.html", {
            "kind": kind, "kind_label": KIND_LABELS[kind], "items": list(part.items), "total": len(items),
            "first_number": (part.number - 1) * self.config.page_size + 1,
            "pager": pager if len(parts) > 1 else [], "number": part.number}) for part in parts]

    @staticmethod
    def index_span(part: Part) -> str:
        names = [t["display"] for t in part.items]
        return f"{names[0]} – {names[-1]}" if len(names) > 1 else (names[0] if names else "")
