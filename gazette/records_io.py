"""The ``articles/`` folder: where each record lives, and writing it without losing a curator's edits.

Record files are found by the ``id`` in their front matter, not by file name, so a file a
curator renamed still counts. A file whose content no longer matches its ``generated_hash``
is the curator's: it is kept as it is unless its id is named in ``regenerate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pypinyin import Style, lazy_pinyin

from .errors import GazetteError, Problem
from .frontmatter import (article_from_text, article_to_text, is_hand_edited, issue_from_text,
                          issue_to_text, read_front_matter, write_if_changed)
from .records import Article, Issue

ISSUE_FILE = "_issue.md"
_ID_LINE_RE = re.compile(r"^id:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)


def ascii_slug(text: str, max_words: int = 8, max_len: int = 48) -> str:
    """Lower-case ASCII slug: pinyin for Chinese, words for Latin text."""
    words = lazy_pinyin(text, style=Style.NORMAL, errors=lambda s: list(s))
    out: list[str] = []
    for w in words:
        w = re.sub(r"[^a-z0-9]+", "-", w.lower()).strip("-")
        if w:
            out.append(w)
        if len(out) >= max_words:
            break
    slug = "-".join(out)[:max_len].strip("-")
    return slug or "untitled"


def issue_id_for(path: Path) -> str:
    """Stable issue id from a seed file name: ASCII, lower case, pinyin for Chinese."""
    stem = path.stem
    if stem.isascii():
        ident = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
    else:
        ident = ascii_slug(stem, max_words=16, max_len=64)
    return ident or "issue"


def record_filename(article: Article) -> str:
    return f"{article.seq:03d}-{ascii_slug(article.title)}.md"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _index(folder: Path) -> dict[str, Path]:
    """Record id → file, for the record files in one issue folder."""
    found: dict[str, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("*.md")):
        if path.name == ISSUE_FILE:
            continue
        m = _ID_LINE_RE.search(path.read_text(encoding="utf-8", errors="replace"))
        if m and m.group(1) not in found:
            found[m.group(1)] = path
    return found


def _kept_problem(shown: str, path: Path, article: Article) -> Problem:
    """The note for a hand-edited record kept in place of the parser's, raised to a warning when
    the two no longer share a source line: the parser now cuts the issue differently (a record
    split or merged shifts the ids after it), so the edited file may stand for other text, and
    the parser's record for this id would be lost from the site unless someone looks."""
    regenerate = f"python build.py parse --regenerate {article.id}"
    try:
        data, _ = read_front_matter(path.read_text(encoding="utf-8", errors="replace"), shown)
        first, last = (int(n) for n in data["lines"])
    except (GazetteError, KeyError, TypeError, ValueError):
        first = last = None
    span = article.source
    if first is None or last < span.first or first > span.last:
        edited = f"lines {first}–{last}" if first is not None else "no readable lines"
        return Problem(shown, None, f"kept: edited by hand, but the parser now cuts record {article.id} from "
                       f"lines {span.first}–{span.last} of {span.path} (“{article.title}”), which this file "
                       f"({edited}) does not overlap: the issue's records may have shifted. Compare the two; "
                       f"to take the parser's version run: {regenerate}", severity="warning")
    return Problem(shown, None, f"kept: edited by hand, so the parser left it as it is; to replace it with "
                   f"the parser's version run: {regenerate}", severity="note")


def write_issue_records(root: Path, articles_dir: Path, issue: Issue, articles: list[Article],
                        regenerate: set[str], report: WriteReport) -> None:
    """Write one issue's records and metadata, keeping hand-edited files."""
    folder = articles_dir / issue.id
    existing = _index(folder)
    wanted_ids = {a.id for a in articles}

    def shown(p: Path) -> str:
        try:
            return p.relative_to(root).as_posix()
        except ValueError:
            return p.as_posix()

    def owned_by_curator(path: Path, record_id: str) -> bool:
        return record_id not in regenerate and "all" not in regenerate and \
            is_hand_edited(path.read_text(encoding="utf-8", errors="replace"))

    for article in articles:
        target = folder / record_filename(article)
        old = existing.get(article.id)
        if old is not None and owned_by_curator(old, article.id):
            report.kept.append(shown(old))
            report.problems.append(_kept_problem(shown(old), old, article))
            continue
        if old is not None and old != target:
            old.unlink()
            report.removed.append(shown(old))
        if write_if_changed(target, article_to_text(article)):
            report.written.append(shown(target))
        else:
            report.unchanged += 1

    for record_id, path in sorted(existing.items()):
        if record_id in wanted_ids:
            continue
        if owned_by_curator(path, record_id):
            report.kept.append(shown(path))
            report.problems.append(Problem(shown(path), None, f"kept: the parser no longer produces "
                                           f"record {record_id}, but this file was edited by hand; "
                                           "delete it yourself if it is obsolete", severity="warning"))
        else:
            path.unlink()
            report.removed.append(shown(path))

    meta_path = folder / ISSUE_FILE
    if meta_path.exists() and owned_by_curator(meta_path, issue.id):
        report.kept.append(shown(meta_path))
    elif write_if_changed(meta_path, issue_to_text(issue)):
        report.written.append(shown(meta_path))
    else:
        report.unchanged += 1


def read_record_file(data: bytes, path: Path, shown: str) -> Issue | Article | Problem:
    """One record file's bytes → its issue metadata, its record, or the problem that stops it."""
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads
    except UnicodeDecodeError as exc:
        return Problem(shown, None, f"not UTF-8 ({exc.reason}); save it as UTF-8")
    try:
        if path.name == ISSUE_FILE:
            return issue_from_text(text, shown)
        return article_from_text(text, shown)
    except GazetteError as exc:
        return exc.problem
    except (KeyError, TypeError, ValueError) as exc:
        return Problem(shown, 1, f"cannot read the front matter ({exc}); "
                       "compare it with a record the parser wrote")


def read_records(articles_dir: Path, root: Path, cache=None) -> tuple[list[Issue], list[Article], list[Problem]]:
    """Read every issue folder under ``articles/`` (hand edits included), in sorted order.
    With a :class:`~gazette.cache.BuildCache`, a file whose bytes did not change is not parsed again."""
    issues: list[Issue] = []
    articles: list[Article] = []
    problems: list[Problem] = []
    if not articles_dir.is_dir():
        return issues, articles, problems
    seen: dict[str, str] = {}
    for folder in sorted(p for p in articles_dir.iterdir() if p.is_dir()):
        for path in sorted(folder.glob("*.md")):
            try:
                shown = path.relative_to(root).as_posix()
            except ValueError:
                shown = path.as_posix()
            if cache is None:
                value = read_record_file(path.read_bytes(), path, shown)
            else:
                value = cache.record_file(path, lambda data: read_record_file(data, path, shown))
            if isinstance(value, Problem):
                problems.append(value)
                continue
            if isinstance(value, Issue):
                issues.append(value)
                continue
            article = value
            if article.id in seen:
                problems.append(Problem(shown, 2, f"id '{article.id}' is already used by {seen[article.id]}; "
                                        "give one of them another id"))
                continue
            seen[article.id] = shown
            articles.append(article)
    articles.sort(key=lambda a: (a.issue, a.seq, a.id))
    issues.sort(key=lambda i: i.id)
    return issues, articles, problems
