"""The ``articles/`` folder: where each record lives, and writing it without losing a curator's edits.

Record files are found by the ``id`` in their front matter, not by file name, so a file a
curator renamed still counts. A file whose content no longer matches its ``generated_hash``
is the curator's: it is kept as it is unless its id is named in ``regenerate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GazetteError, Problem
from .files import inside_only, remove_stale_temps
from .frontmatter import (article_from_text, article_to_text, is_hand_edited, issue_from_text,
                          issue_to_text, read_front_matter, write_if_changed)
from .records import Article, Issue
from .textclean import strip_unsafe
from .urls import slug_words

ISSUE_FILE = "_issue.md"
_ID_LINE_RE = re.compile(r"^id:\s*['\"]?([^'\"\n]+?)['\"]?\s*$", re.M)


def ascii_slug(text: str, max_words: int = 8, max_len: int = 48) -> str:
    """Lower-case ASCII slug: pinyin for Chinese, words for Latin text."""
    slug = "-".join(slug_words(text)[:max_words])[:max_len].strip("-")
    return slug or "untitled"


def issue_id_for(path: Path) -> str:
    """Stable issue id from a seed file name: ASCII, lower case, pinyin for Chinese."""
    stem = path.stem
    if stem.isascii():
        ident = re.sub(r"[^a-z0-9_-]+", "-", stem.lower()).strip("-")
    else:
        ident = ascii_slug(stem, max_words=16, max_len=64)
    return ident or "issue"


def shown_under(root: Path, path: Path) -> str:
    """A path as the user knows it: relative to the project root when inside it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def record_filename(article: Article) -> str:
    return f"{article.seq:03d}-{ascii_slug(article.title)}.md"


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _key_line(text: str, key: str) -> int | None:
    """1-based line of ``key:`` in a record file's front matter."""
    for number, line in enumerate(text.splitlines()[1:], start=2):
        if line.rstrip("\r") == "---":
            return None
        if line.startswith(key + ":"):
            return number
    return None


def record_id_of(text: str, shown: str) -> str | None:
    """The id in a record file's front matter. A file the machine wrote has its id line as the
    machine dumps it; in a hand-edited one the line may carry a comment (``id: x  # checked``)
    or quotes, so it is read as YAML (issue 14, item 2)."""
    if not is_hand_edited(text):
        m = _ID_LINE_RE.search(text)
        return m.group(1) if m else None
    try:
        data, _ = read_front_matter(text, shown)
    except GazetteError:
        return None
    return None if data.get("id") is None else str(data["id"])


_ID_TAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def place_problem(text: str, shown: str, folder: str, record_id, issue) -> Problem | None:
    """An id or issue that does not fit the issue folder the file is in (``id: ../../evil``,
    ``issue: ../../evil``): an error at its line; the file stays as it is."""
    if issue is not None and str(issue) != folder:
        return Problem(shown, _key_line(text, "issue"), f"issue '{issue}' is not the issue of the folder this "
                       f"file is in ({folder}); set 'issue: {folder}' or move the file into its issue's folder. "
                       "The file was left as it is and is not on the site")
    if record_id is None:
        return None
    record_id = str(record_id)
    tail = record_id[len(folder) + 1:] if record_id.startswith(folder + "-") else ""
    if not _ID_TAIL_RE.fullmatch(tail):
        return Problem(shown, _key_line(text, "id"), f"id '{record_id}' does not fit the folder this file is in: "
                       f"ids there are '{folder}-' and the record's number (such as {folder}-001); fix the id. "
                       "The file was left as it is and is not on the site")
    return None


@dataclass
class _Folder:
    """The record files of one issue folder, as the parser finds them before writing."""

    by_id: dict[str, Path] = field(default_factory=dict)
    """Record id → its file."""
    untouchable: set[Path] = field(default_factory=set)
    """Files no write or removal may touch: a wrong id, no readable id in a hand-edited file,
    or a symbolic link."""


def _index(folder: Path, issue_id: str, shown, problems: list[Problem]) -> _Folder:
    """Record id → file for one issue folder; a file whose id does not fit is reported."""
    found = _Folder()
    if not folder.is_dir():
        return found
    remove_stale_temps(folder)
    for path in sorted(folder.glob("*.md")):
        if path.name == ISSUE_FILE:
            continue
        if path.is_symlink():
            found.untouchable.add(path)
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        record_id = record_id_of(text, shown(path))
        problem = place_problem(text, shown(path), issue_id, record_id, None)
        if problem is not None:
            problems.append(problem)
        if problem is not None or (record_id is None and is_hand_edited(text)):
            found.untouchable.add(path)
        elif record_id is not None and record_id not in found.by_id:
            found.by_id[record_id] = path
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
        # Unreadable front matter says nothing about shifted records; reading the records
        # reports the error itself at its line (issue 14).
        first = last = None
    span = article.source
    if first is not None and (last < span.first or first > span.last):
        edited = f"lines {first}–{last}"
        return Problem(shown, None, f"kept: edited by hand, but the parser now cuts record {article.id} from "
                       f"lines {span.first}–{span.last} of {span.path} (“{article.title}”), which this file "
                       f"({edited}) does not overlap: the issue's records may have shifted. Compare the two; "
                       f"to take the parser's version run: {regenerate}", severity="warning")
    return Problem(shown, None, f"kept: edited by hand, so the parser left it as it is; to replace it with "
                   f"the parser's version run: {regenerate}", severity="note")


def write_issue_records(root: Path, articles_dir: Path, issue: Issue, articles: list[Article],
                        regenerate: set[str], report: WriteReport) -> None:
    """Write one issue's records and metadata. A file that is not byte-identical to what the
    parser wrote (its ``generated_hash``) is never overwritten or removed, unless its id is in
    ``regenerate``; nor is a symbolic link or a file whose id does not fit the folder."""
    folder = articles_dir / issue.id

    def shown(p: Path) -> str:
        return shown_under(root, p)

    files = _index(folder, issue.id, shown, report.problems)
    existing = files.by_id
    wanted_ids = {a.id for a in articles}
    targets: set[Path] = set()

    def owned_by_curator(path: Path, record_id: str | None) -> bool:
        if path in files.untouchable:
            return True
        return record_id not in regenerate and "all" not in regenerate and \
            is_hand_edited(path.read_text(encoding="utf-8", errors="replace"))

    for article in articles:
        target = folder / record_filename(article)
        old = existing.get(article.id)
        if old is not None and owned_by_curator(old, article.id):
            report.kept.append(shown(old))
            report.problems.append(_kept_problem(shown(old), old, article))
            continue
        if target != old and (target.is_symlink() or target.exists()) and \
                owned_by_curator(target, record_id_of(target.read_text(encoding="utf-8", errors="replace"),
                                                    shown(target)) if target.is_file() else None):
            report.kept.append(shown(target))
            report.problems.append(Problem(shown(target), None, f"kept: this file is yours (edited by hand), but "
                                           f"the parser's record {article.id} (“{article.title}”) has this file "
                                           "name and was not written. Fix the file's id, or rename the file to "
                                           "let the parser write its record", severity="warning"))
            continue
        if old is not None and old != target:
            old.unlink()
            report.removed.append(shown(old))
        targets.add(target)
        if write_if_changed(target, article_to_text(article)):
            report.written.append(shown(target))
        else:
            report.unchanged += 1

    for record_id, path in sorted(existing.items()):
        if record_id in wanted_ids or path in targets or not path.exists():
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
    if (meta_path.is_symlink() or meta_path.exists()) and owned_by_curator(meta_path, issue.id):
        report.kept.append(shown(meta_path))
    elif write_if_changed(meta_path, issue_to_text(issue)):
        report.written.append(shown(meta_path))
    else:
        report.unchanged += 1


def read_record_file(data: bytes, path: Path, shown: str) -> tuple[Issue | Article | None, list[Problem]]:
    """One record file's bytes → its issue metadata or its record (None when a problem stops it),
    with the problems found. Everything here depends only on the file's place and bytes, so the
    build cache may keep the result while neither changes."""
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text() reads
    except UnicodeDecodeError as exc:
        return None, [Problem(shown, None, f"not UTF-8 ({exc.reason}); save it as UTF-8")]
    text, unsafe = strip_unsafe(text, shown)
    problems.extend(unsafe)
    folder = path.parent.name
    try:
        if path.name == ISSUE_FILE:
            issue = issue_from_text(text, shown)
            if issue.id != folder:
                problems.append(Problem(shown, _key_line(text, "id"), f"id '{issue.id}' is not the name "
                                        f"of the folder this file is in; set 'id: {folder}'. The "
                                        "issue was left out of the site"))
                return None, problems
            return issue, problems
        article = article_from_text(text, shown)
    except GazetteError as exc:
        return None, problems + [exc.problem]
    except (KeyError, TypeError, ValueError) as exc:
        return None, problems + [Problem(shown, 1, f"cannot read the front matter ({exc}); "
                                         "compare it with a record the parser wrote")]
    problem = place_problem(text, shown, folder, article.id, article.issue)
    if problem is not None:
        return None, problems + [problem]
    return article, problems


def read_records(articles_dir: Path, root: Path, cache=None) -> tuple[list[Issue], list[Article], list[Problem]]:
    """Read every issue folder under ``articles/`` (hand edits included), in sorted order.
    With a :class:`~gazette.cache.BuildCache`, a file whose bytes did not change is not parsed again."""
    issues: list[Issue] = []
    articles: list[Article] = []
    problems: list[Problem] = []
    if not articles_dir.is_dir():
        return issues, articles, problems
    seen: dict[str, str] = {}

    def shown_path(path: Path) -> str:
        return shown_under(root, path)

    def inside(paths):
        return inside_only(paths, articles_dir, shown_path, shown_path(articles_dir), problems)

    for folder in inside(sorted(p for p in articles_dir.iterdir() if p.is_dir())):
        for path in inside(sorted(folder.glob("*.md"))):
            shown = shown_path(path)
            if cache is None:
                value, found = read_record_file(path.read_bytes(), path, shown)
            else:
                value, found = cache.record_file(path, lambda data: read_record_file(data, path, shown))
            problems.extend(found)
            if value is None:
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
