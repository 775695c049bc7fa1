"""The whole build, top to bottom: read and check everything first, then write, timing each step.

    seeds/*.txt ──parse──► Issue + [Article] ──tag──► ──write──► articles/<issue>/NNN-slug.md
    articles/**.md ──read──► [Article] ──render──► _site/

Only this module writes to ``articles/``, ``_site/`` and the build state (``.gazette/``, see
:mod:`gazette.state`). One bad file never stops the others: its problems are collected and the
build goes on.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .cache import BuildCache, fingerprint, folder_state, folder_unchanged, tree_fingerprint
from .config import SiteConfig
from .errors import GazetteError, Problem
from .files import inside_only
from .ingest import parse_issue
from .ingest.dedupe import mark_duplicates
from .output import BuildLock, Refused, check_output, staged
from .records import Article, Issue
from .records_io import WriteReport, issue_id_for, read_records, write_issue_records

SEED_SUFFIXES = {".txt", ".text"}


@dataclass
class BuildReport:
    problems: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    records: WriteReport = field(default_factory=WriteReport)
    issues: list[Issue] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)
    pages: int = 0
    keywords_reused: int = 0
    """Records whose related-articles keywords came from the build state instead of jieba."""
    refused: bool = False
    """The build did not start (output folder not allowed, another build running): nothing was
    written, and the CLI exits with 2."""
    config_invalid: bool = False
    """The config's nested sections had errors: the build stopped before writing anything."""
    cache_hits: dict[str, int] = field(default_factory=dict)
    """Per kind of cached step (``seeds``, ``tag``, ``write``, ``records``): results reused."""
    cache_misses: dict[str, int] = field(default_factory=dict)
    """Per kind of cached step: results computed (parsed, tagged, written, read)."""

    def summary(self) -> str:
        """The last line of a build: what was redone and what was reused, and the time per stage."""
        parts = []
        for kind, label in (("seeds", "seed files parsed"), ("tag", "tagging runs"),
                            ("write", "issue folders written"), ("records", "record files read"),
                            ("render", "site renders")):
            done, reused = self.cache_misses.get(kind, 0), self.cache_hits.get(kind, 0)
            if done or reused:
                parts.append(f"{label} {done} (reused {reused})")
        total = sum(self.timings.values())
        return (f"build: {len(self.articles) or len(self.records.written) + self.records.unchanged} records; "
                + "; ".join(parts) + f"; {self.pages} pages written; {total:.2f}s")

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


@dataclass(frozen=True)
class Paths:
    root: Path
    seeds: Path
    articles: Path
    output: Path

    @classmethod
    def from_config(cls, config: SiteConfig, seeds=None, articles=None, output=None) -> "Paths":
        return cls(config.root.resolve(),
                   Path(seeds).resolve() if seeds else config.path("seeds"),
                   Path(articles).resolve() if articles else config.path("articles"),
                   Path(output).resolve() if output else config.path("output"))

    def protected(self) -> list[tuple[str, Path, bool]]:
        """Folders the output folder must not be, contain or (but the root) lie inside."""
        from .render import TEMPLATES
        from .state import STATE_DIR

        return [("the project root", self.root, True),
                (f"the seeds folder ({self.shown(self.seeds)})", self.seeds, False),
                (f"the records folder ({self.shown(self.articles)})", self.articles, False),
                (f"the templates folder ({self.shown(TEMPLATES)})", TEMPLATES, False),
                (f"the build state folder ({STATE_DIR})", self.root / STATE_DIR, False)]

    def shown(self, path: Path) -> str:
        """A path as the user knows it, and as records store it (``source:``): relative to the
        project root (the config's folder), with ``../`` when it lies outside, never absolute, so
        records and pages do not depend on where the archive is checked out (issue 14). The last
        part is not resolved: a symbolic link is named as itself."""
        return Path(os.path.relpath(path.parent.resolve() / path.name, self.root)).as_posix()


class _Timer:
    def __init__(self, report: BuildReport):
        self.report = report

    def __call__(self, name: str):
        timer = self

        class _Step:
            def __enter__(self):
                self.start = time.perf_counter()

            def __exit__(self, *exc):
                timer.report.timings[name] = timer.report.timings.get(name, 0.0) + time.perf_counter() - self.start

        return _Step()


def seed_files(seeds: Path, shown=str, problems: list[Problem] | None = None) -> list[Path]:
    """The issue files in ``seeds``; a symbolic link out of the folder is left out (and reported
    into ``problems``): ``ln -s /etc/passwd seeds/passwd.txt`` once put the file on the site."""
    if not seeds.is_dir():
        return []
    files = [p for p in sorted(seeds.iterdir()) if p.suffix.lower() in SEED_SUFFIXES]
    return [p for p in inside_only(files, seeds, shown, shown(seeds), problems) if p.is_file()]


def parse_seeds(config: SiteConfig, paths: Paths, report: BuildReport,
                cache: BuildCache | None = None) -> tuple[list[Issue], list[Article]]:
    """Parse every seed file; a file that cannot be read is reported and skipped. A file whose
    bytes, issue facts and publication (and the code) are those of a cached result is not parsed."""
    issues: list[Issue] = []
    articles: list[Article] = []
    files = seed_files(paths.seeds, paths.shown, report.problems)
    if not files:
        report.problems.append(Problem(paths.shown(paths.seeds), None, "no issue files (*.txt) found; "
                                       "put issue text files there or pass --seeds DIR",
                                       severity="warning"))
    owners: dict[str, str] = {}
    for path in files:
        shown = paths.shown(path)
        issue_id = issue_id_for(path)
        if issue_id in owners:
            report.problems.append(Problem(shown, None, f"issue id '{issue_id}' is already taken by "
                                           f"{owners[issue_id]}; rename one of the two files"))
            continue
        owners[issue_id] = shown
        try:
            data = path.read_bytes()
            args = (shown, issue_id, config.issue_meta(issue_id))
            if cache is None:
                result = parse_issue(data, *args, publication=config.publication)
            else:
                result = cache.keyed("seeds", shown, fingerprint(data, args, config.publication),
                                     lambda: parse_issue(data, *args, publication=config.publication))
        except GazetteError as exc:
            report.problems.append(exc.problem)
            continue
        except OSError as exc:
            report.problems.append(Problem(shown, None, f"cannot read the file ({exc.strerror})"))
            continue
        report.problems.extend(result.problems)
        issues.append(result.issue)
        articles.extend(result.articles)
    for issue_id in sorted(config.issues):
        if issue_id not in owners:
            report.problems.append(Problem(config.shown, None, f"issues.{issue_id}: no seed file "
                                           f"has this issue id; check the name", severity="warning"))
    return issues, mark_duplicates(articles)


def _tagger(config: SiteConfig, report: BuildReport, need_tagger: bool):
    """Validate the config's nested sections (places, programs) before anything is written;
    build the tagger when the records are to be (re)tagged."""
    try:
        from .tag import build_tagger, read_tag_settings
    except ImportError:
        return None
    if need_tagger:
        tagger, problems = build_tagger(config)
    else:
        tagger, problems = None, read_tag_settings(config)[3]
    # the settings' problems were reported when the config was checked, before the build began
    reported = set(map(str, report.problems))
    report.problems.extend(p for p in problems if str(p) not in reported)
    report.config_invalid = any(p.severity == "error" for p in problems)
    return tagger


def parse(config: SiteConfig, paths: Paths, report: BuildReport, regenerate: set[str],
          cache: BuildCache | None = None) -> None:
    """seeds/ → articles/: parse, tag and write records, keeping hand-edited ones. With a cache,
    unchanged seed files are not parsed, an unchanged corpus is not tagged again, and an issue
    folder nobody touched since the build that wrote the same records is not written."""
    with _Timer(report)("parse"):
        issues, articles = parse_seeds(config, paths, report, cache)
    with _Timer(report)("tag"):
        articles = tag_stage(config, paths, report, articles, cache)
    with _Timer(report)("write records"):
        by_issue: dict[str, list[Article]] = {}
        for a in articles:
            by_issue.setdefault(a.issue, []).append(a)
        for issue in issues:
            write_issue(paths, issue, by_issue.get(issue.id, []), regenerate, report.records, cache)
        report.problems.extend(report.records.problems)
        seeded = {i.id for i in issues} | {issue_id_for(p) for p in seed_files(paths.seeds)}
        if paths.articles.is_dir():
            for folder in sorted(p for p in paths.articles.iterdir() if p.is_dir()):
                if folder.name not in seeded:
                    report.problems.append(Problem(paths.shown(folder), None, "no seed file for this "
                                                   "issue folder; it was left as it is (delete it if the "
                                                   "issue was withdrawn)", severity="warning"))


def tag_stage(config: SiteConfig, paths: Paths, report: BuildReport, articles: list[Article],
              cache: BuildCache | None) -> list[Article]:
    """Tag every record and write the review queue. Program discovery counts names across the
    whole corpus, so the cached result is keyed by every record and the tagger's config."""
    key = fingerprint(articles, config.places, config.programs, _jieba_version()) if cache else ""
    try:
        from .tag import REVIEW_FILE
    except ImportError:
        REVIEW_FILE = None
    review_written = REVIEW_FILE is not None and (paths.root / REVIEW_FILE).exists()
    cached = cache.stage("tag", key) if cache is not None else None
    if cached is not None and review_written:
        tagged, problems = cached
        report.problems.extend(problems)
        return tagged
    tagger = _tagger(config, report, need_tagger=True)
    problems: list[Problem] = []
    if tagger is not None:
        articles, problems = tagger.tag_all(articles)
        report.problems.extend(problems)
        if hasattr(tagger, "write_review"):
            tagger.write_review(articles, paths.root)
    if cache is not None:
        cache.put_stage("tag", key, (articles, problems))
    return articles


def _jieba_version() -> str:
    import jieba
    return getattr(jieba, "__version__", "")


def write_issue(paths: Paths, issue: Issue, articles: list[Article], regenerate: set[str],
                report: WriteReport, cache: BuildCache | None) -> None:
    """Write one issue's records, unless the folder is exactly as the last build that wrote
    the same records left it: then only that build's verdicts (kept files, notes) are repeated."""
    folder = paths.articles / issue.id
    key = fingerprint(issue, articles) if cache is not None and not regenerate else ""
    name = f"write:{issue.id}"
    cached = cache.stage(name, key, lambda value: folder_unchanged(folder, value[0])) if key else None
    if cached is not None:
        _, written, kept, problems = cached
        report.unchanged += written
        report.kept.extend(kept)
        report.problems.extend(problems)
        return
    part = WriteReport()
    write_issue_records(paths.root, paths.articles, issue, articles, regenerate, part)
    report.written.extend(part.written)
    report.unchanged += part.unchanged
    report.kept.extend(part.kept)
    report.removed.extend(part.removed)
    report.problems.extend(part.problems)
    if cache is not None:
        cache.put_stage(name, key, (folder_state(folder), len(part.written) + part.unchanged,
                                    part.kept, part.problems))


def _source_files(config: SiteConfig, issues: list[Issue]) -> list[tuple[str, int, int] | None]:
    """Size and mtime of each issue's source file (None when it is gone): the source-text pages
    are made from them, so a removed or edited seed must render again even when no record changed."""
    stats = []
    for issue in issues:
        try:
            st = (config.root / issue.source).stat()
            stats.append((issue.source, st.st_size, st.st_mtime_ns))
        except OSError:
            stats.append(None)
    return stats


def render(config: SiteConfig, paths: Paths, report: BuildReport, cache: BuildCache | None = None) -> None:
    """articles/ → _site/: pages, feeds and the search index, built beside the published site and
    swapped in at once (:mod:`gazette.output`); of the files in the output folder, only those an
    earlier build wrote and this one does not produce are left out."""
    from .render import render_site
    from .search import INDEX_DIR, write_search_index
    from .state import KeywordCache
    from .urls import article_url

    with _Timer(report)("read records"):
        issues, articles, problems = read_records(paths.articles, paths.root, cache)
        report.problems.extend(problems)
        report.issues, report.articles = issues, articles
    key = ""
    if cache is not None:
        # The site is a function of the records, the config, the templates and the code; while
        # none of them changed and nobody touched the output since, there is nothing to do.
        from .render import TEMPLATES
        key = fingerprint(issues, articles, config, tree_fingerprint(TEMPLATES), paths.output.as_posix(),
                          _source_files(config, issues))
        cached = cache.stage("render", key, lambda value: folder_unchanged(paths.output, value[0]))
        if cached is not None:
            report.problems.extend(cached[1])
            report.keywords_reused = cached[2]
            return
    first_problem = len(report.problems)
    with _Timer(report)("load state"):
        keyword_cache = KeywordCache.load(paths.root)
    with staged(paths.output) as stage:
        with _Timer(report)("render"):
            result = render_site(config, issues, articles, stage.folder, keywords=keyword_cache.valid(articles))
            report.problems.extend(result.problems)
            report.pages = result.pages_written
            report.keywords_reused = len(result.keywords) - result.keywords_computed
        with _Timer(report)("search index"):
            search = write_search_index(articles, issues, stage.folder, lambda a: article_url(a.issue, a.seq),
                                        issue_labels=result.issue_labels)
            report.pages += search.written
        index = stage.folder / INDEX_DIR
        produced = set(result.urls) | {f"{INDEX_DIR}/{p.relative_to(index).as_posix()}"
                                       for p in index.rglob("*") if p.is_file()}
        stage.finish(produced, paths.shown, report.problems)
        report.timings.update(stage.timings)
    with _Timer(report)("save state"):
        keyword_cache.save(articles, result.keywords)
        if cache is not None:
            cache.put_stage("render", key, (folder_state(paths.output), report.problems[first_problem:],
                                            report.keywords_reused))


def build(config: SiteConfig, *, seeds=None, articles=None, output=None, steps=("parse", "render"),
          regenerate=(), force: bool = False, wait: float = 30.0) -> BuildReport:
    """Run the named steps (``parse``, ``render``) and return what happened. A build whose output
    folder is not allowed (see :func:`gazette.output.check_output`; ``force`` takes over a
    non-empty folder) or that waited ``wait`` seconds for another build writes nothing and
    returns with ``refused`` set."""
    from .state import STATE_DIR

    report = BuildReport()
    paths = Paths.from_config(config, seeds, articles, output)
    with _Timer(report)("check config"):
        _tagger(config, report, need_tagger=False)
    if report.config_invalid:
        return report
    origin = f"--output {output}" if output else f"'output: {config.output}' in the config"
    try:
        if "render" in steps:
            check_output(paths.output, origin, paths.shown(paths.output), paths.protected(), force)
        with BuildLock(paths.root / STATE_DIR, paths.shown(paths.root / STATE_DIR), wait):
            cache = BuildCache(paths.root)
            try:
                if "parse" in steps:
                    parse(config, paths, report, set(regenerate), cache)
                if "render" in steps:
                    render(config, paths, report, cache)
            finally:
                report.cache_hits, report.cache_misses = dict(cache.hits), dict(cache.misses)
                cache.close()
    except Refused as exc:
        report.problems.append(exc.problem)
        report.refused = True
    return report
