"""Reading and writing records as ``articles/<issue>/<NNN>-<slug>.md``: YAML front matter, then Markdown.

Every file the parser writes carries ``generated_hash``, a hash of the rest of the file as the
machine wrote it. A file whose content no longer matches its hash was edited by a person, and
the pipeline never overwrites it unless asked to (``--regenerate``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import GazetteError, Problem, yaml_error_line
from .files import write_atomic
from .record_fields import FieldReader
from .records import DATE_SOURCES, KINDS, Article, Furniture, Issue, SourceSpan, Tag

HASH_KEY = "generated_hash"
TAG_FIELDS = ("districts", "streets", "communities", "programs", "documents")
TAG_KEYS = ("name", "code", "matched", "position", "rule", "reviewed")

# Front-matter keys in the order they are written; every record has all of them.
RECORD_KEYS = (
    "id", "issue", "seq", "source", "lines", "kind", "title", "headlines", "byline",
    "byline_roles", "byline_affiliations", "date", "date_source",
    *TAG_FIELDS, "duplicate_of",
)


# libyaml's C classes are an order of magnitude faster than PyYAML's pure-Python ones (issue 15:
# reading and writing 17,000 records was two thirds of a build). PyYAML built without libyaml
# falls back to the Python classes. The C emitter writes some strings differently (characters
# outside the Basic Multilingual Plane such as 𠀀 or emoji, NEL, line and paragraph separators,
# control characters, empty keys), so values holding any of those go through the Python emitter
# and every record file keeps the bytes it always had.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(yaml.SafeDumper):
    """Block style for mappings, flow style for short lists of scalars, no line folding."""


class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    """:class:`_Dumper` through libyaml, for values both emitters write alike."""


def _represent_str(dumper, value: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)
_FastDumper.add_representer(str, _represent_str)
_EMITTERS_DIFFER_RE = re.compile(r"[^\t\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufefe\uff00-\ufffd]")


def _same_in_both_emitters(value: Any) -> bool:
    if isinstance(value, str):
        return not _EMITTERS_DIFFER_RE.search(value)
    if isinstance(value, dict):
        return all(k != "" and _same_in_both_emitters(k) and _same_in_both_emitters(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return all(_same_in_both_emitters(v) for v in value)
    return True


def _dump_value(value: Any) -> str:
    flow = isinstance(value, (list, tuple)) and all(not isinstance(v, (dict, list, tuple)) for v in value)
    if isinstance(value, tuple):
        value = list(value)
    dumper = _FastDumper if _same_in_both_emitters(value) else _Dumper
    text = yaml.dump(value, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10**9,
                     default_flow_style=True if flow or (isinstance(value, dict) and not value) else False)
    if text.endswith("\n...\n"):
        text = text[: -len("...\n")]
    return text.rstrip("\n")


def dump_mapping(data: dict[str, Any]) -> str:
    """YAML for a flat mapping in the given key order, deterministic and human-editable."""
    lines = []
    for key, value in data.items():
        text = _dump_value(value)
        if "\n" in text or (isinstance(value, dict) and value):
            lines.append(f"{key}:")
            lines.extend("  " + line for line in text.splitlines())
        else:
            lines.append(f"{key}: {text}")
    return "\n".join(lines) + "\n"


def content_hash(text: str) -> str:
    """Hash of a record file's text without its hash line."""
    kept = "".join(line for line in text.splitlines(keepends=True) if not line.startswith(HASH_KEY + ":"))
    return hashlib.sha256(kept.encode("utf-8")).hexdigest()[:16]


def _stamp(front: str, body: str) -> str:
    text = f"---\n{front}---\n{body}"
    digest = content_hash(text)
    return f"---\n{front}{HASH_KEY}: {digest}\n---\n{body}"


def tag_to_dict(tag: Tag) -> dict[str, Any]:
    data: dict[str, Any] = {"name": tag.name}
    if tag.code is not None:
        data["code"] = tag.code
    if tag.matched is not None:
        data["matched"] = tag.matched
    if tag.position is not None:
        data["position"] = tag.position
    data["rule"] = tag.rule
    data["reviewed"] = tag.reviewed
    for key in sorted(tag.extra):
        data[key] = tag.extra[key]
    return data


def tag_from_dict(data: Any) -> Tag:
    if isinstance(data, str):  # a curator may write a bare name
        return Tag(name=data, rule="curator")
    known = {k: data[k] for k in TAG_KEYS if k in data}
    extra = {k: v for k, v in data.items() if k not in TAG_KEYS}
    if "code" in known and known["code"] is not None:
        known["code"] = str(known["code"])
    known.setdefault("rule", "curator")
    return Tag(**known, extra=extra)


def article_to_text(article: Article) -> str:
    """The record file's full text, stamped with its hash."""
    body = article.body.rstrip("\n") + "\n" if article.body.strip() else ""
    return _stamp(dump_mapping(article_front(article)), body)


def article_front(article: Article) -> dict[str, Any]:
    """The record's front matter as a mapping, in the order it is written (also what the data
    exports give for it)."""
    front = {
        "id": article.id,
        "issue": article.issue,
        "seq": article.seq,
        "source": article.source.path,
        "lines": [article.source.first, article.source.last],
        "kind": article.kind,
        "title": article.title,
        "headlines": list(article.headlines),
        "byline": list(article.byline),
        "byline_roles": dict(article.byline_roles),
        "byline_affiliations": dict(article.byline_affiliations),
        "date": article.date,
        "date_source": article.date_source,
    }
    for name in TAG_FIELDS:
        front[name] = [tag_to_dict(t) for t in getattr(article, name)]
    front["duplicate_of"] = article.duplicate_of
    for key in sorted(article.extra):
        front[key] = article.extra[key]
    return front


def split_front_matter(text: str, path: str) -> tuple[str, str, int]:
    """Split a record file into (yaml, body, line number of the first YAML line)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        raise GazetteError(Problem(path, 1, "a record must start with a '---' line, then YAML front "
                                   "matter, then '---' and the body"))
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1:]), 2
    raise GazetteError(Problem(path, 1, "front matter is not closed: add a '---' line after the YAML"))


def _yaml_error(exc: yaml.YAMLError, path: str, first_line: int, yaml_text: str) -> GazetteError:
    at = yaml_error_line(exc, yaml_text)
    line = first_line + at if at is not None else first_line
    lines = yaml_text.splitlines()
    excerpt = lines[at] if at is not None and at < len(lines) else None
    what = getattr(exc, "problem", None) or str(exc)
    return GazetteError(Problem(path, line, f"invalid YAML in front matter: {what}; fix it between the "
                                "'---' lines (quote text containing ':', '[' or '#')", excerpt))


def read_front_matter(text: str, path: str) -> tuple[dict[str, Any], str]:
    """Parse a record file into (front matter mapping, body). Errors carry the .md line."""
    yaml_text, body, first = split_front_matter(text, path)
    try:
        data = yaml.load(yaml_text, Loader=_SafeLoader) or {}
    except yaml.YAMLError:
        # libyaml words its errors differently: report the Python parser's message and mark.
        try:
            yaml.load(yaml_text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, path, first, yaml_text) from None
        raise
    if not isinstance(data, dict):
        raise GazetteError(Problem(path, first, "front matter must be a mapping of keys to values"))
    return data, body


def article_from_text(text: str, path: str) -> Article:
    """Read a record file (possibly hand-edited) back into an :class:`Article`. Every field is
    checked here (:mod:`gazette.record_fields`): a wrong value raises a ``path:line`` problem."""
    yaml_text, _, first = split_front_matter(text, path)
    data, body = read_front_matter(text, path)
    missing = [k for k in ("id", "issue", "seq", "source", "lines", "kind", "title") if k not in data]
    if missing:
        raise GazetteError(Problem(path, first, f"front matter lacks {', '.join(missing)}; "
                                   "restore them or regenerate the record with --regenerate"))
    f = FieldReader(data, yaml_text, first, path)
    first_line, last_line = f.line_span("lines")
    tags = {}
    for name in TAG_FIELDS:
        tags[name] = tuple(tag_from_dict(v) for v in f.tag_entries(name))
    if "documents" not in data:
        tags["programs"], tags["documents"] = _split_old_documents(tags["programs"])
    extra = {k: v for k, v in data.items() if k not in RECORD_KEYS and k != HASH_KEY}
    if "event_date" in extra:
        extra["event_date"] = f.date("event_date")
    return Article(
        id=f.text("id"), issue=f.text("issue"), seq=f.whole_number("seq"),
        source=SourceSpan(f.text("source"), first_line, last_line), kind=f.choice("kind", KINDS),
        title=f.text("title"), headlines=f.text_list("headlines"), byline=f.text_list("byline"),
        byline_roles=f.text_map("byline_roles", "a role (记者, 通讯员, 摄 …)"),
        byline_affiliations=f.text_map("byline_affiliations", "an affiliation"),
        date=f.date("date"), date_source=f.choice("date_source", DATE_SOURCES, optional=True),
        body=body.strip("\n"), duplicate_of=f.text("duplicate_of", optional=True), extra=extra, **tags,
    )


def _split_old_documents(programs: tuple[Tag, ...]) -> tuple[tuple[Tag, ...], tuple[Tag, ...]]:
    """Records written before documents had their own key filed titles in 《》 under ``programs``
    with ``kind: document``; a curator's copy of one still reads as documents."""
    documents = tuple(dataclasses.replace(t, extra={k: v for k, v in t.extra.items() if k != "kind"})
                      for t in programs if t.extra.get("kind") == "document")
    return tuple(t for t in programs if t.extra.get("kind") != "document"), documents


def is_hand_edited(text: str) -> bool:
    """True when a record file's content no longer matches the hash the machine stamped on it
    (or it has no hash at all: a person wrote it)."""
    for line in text.splitlines():
        if line.startswith(HASH_KEY + ":"):
            return line.split(":", 1)[1].strip() != content_hash(text)
    return True


def issue_to_text(issue: Issue) -> str:
    data = {
        "id": issue.id, "source": issue.source, "encoding": issue.encoding, "layout": issue.layout,
        "publication": issue.publication, "edition": issue.edition, "date": issue.date,
        "date_source": issue.date_source, "year": issue.year, "section": issue.section,
        "editors": list(issue.editors),
        "furniture": [{"line": f.line, "role": f.role, "text": f.text} for f in issue.furniture],
    }
    return _stamp(dump_mapping(data), "")


def issue_from_text(text: str, path: str) -> Issue:
    yaml_text, _, first = split_front_matter(text, path)
    data, _ = read_front_matter(text, path)
    f = FieldReader(data, yaml_text, first, path)
    year = data.get("year")
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        raise f.fail("year", f"'year' must be a year such as 2023 or empty, got '{year}'")
    return Issue(
        id=f.text("id"), source=f.text("source"), encoding=str(data.get("encoding", "utf-8")),
        layout=str(data.get("layout", "blank-lines")), date=f.date("date"),
        date_source=f.choice("date_source", DATE_SOURCES, optional=True),
        year=year, publication=f.text("publication", optional=True), edition=f.text("edition", optional=True),
        section=f.text("section", optional=True), editors=f.text_list("editors"),
        furniture=tuple(Furniture(int(x["line"]), str(x["text"]), str(x["role"]))
                        for x in data.get("furniture") or ()),
    )


def write_if_changed(path: Path, text: str) -> bool:
    """Write ``text`` unless the file already holds exactly it. Returns whether it wrote."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, text.encode("utf-8"))
    return True
