"""Issue file → :class:`Issue` + article records.

decode → layout units → classify → segment → repair → records, each step a function of the
previous one's values. :func:`parse_issue` is the one entry point; it never writes anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..config import IssueMeta
from ..errors import Problem
from ..records import Article, Furniture, Issue, SourceSpan
from ..textclean import strip_unsafe
from .bylines import Byline
from .classify import classify
from .dates import lede_date, masthead_date, stated_year
from .decode import decode, physical_lines
from .layout import to_units
from .segment import Block, is_column_label, repair, segment

TITLE_MAX = 40
_LEAD_TIME_RE = re.compile(r"^(近日|日前|近期|目前|今年以来|近年来|昨天|昨日|今天|今日|前天|上周|"
                           r"((\d{1,2}月)?\d{1,2}日|昨天|今天|昨日|今日))?(上午|下午|晚上?|早上|一早)?[,，]\s*")
_MD_BLOCK_START_RE = re.compile(r"^([#>+\-*=]|\d+[.)])")
_MD_INLINE_RE = re.compile(r"([\\`*_\[\]<])")


@dataclass(frozen=True, slots=True)
class ParseResult:
    issue: Issue
    articles: list[Article]
    problems: list[Problem] = field(default_factory=list)
    bylines: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Record id → bylines exactly as printed (the names, roles and dots before parsing)."""


def markdown_escape(text: str) -> str:
    """Escape what Markdown would read as markup, so the body shows the printed text."""
    text = _MD_INLINE_RE.sub(r"\\\1", text)
    numbered = re.match(r"^(\d+)([.)])", text)
    if numbered:  # "1." would start a list: escape the dot, as CommonMark does
        return numbered.group(1) + "\\" + text[len(numbered.group(1)):]
    if _MD_BLOCK_START_RE.match(text):
        text = "\\" + text
    return text


def markdown_unescape(text: str) -> str:
    return re.sub(r"\\([\\`*_\[\]<#>+\-=.)])", r"\1", text)


def body_markdown(blocks: list[Block]) -> str:
    parts = []
    for b in blocks:
        text = markdown_escape(b.text)
        parts.append("## " + text if b.kind == "sub" else text)
    return "\n\n".join(parts)


def generated_title(text: str) -> str:
    """A title for a photo record from its first sentence: without the leading time phrase,
    cut at a clause boundary, quotation marks kept whole."""
    text = re.sub(r"^图为\s*", "", text.strip().lstrip("●■◆▲★").strip())
    text = _LEAD_TIME_RE.sub("", text)
    sentence = re.split(r"(?<=[。！？!?])", text, maxsplit=1)[0].rstrip("。")
    if len(sentence) <= TITLE_MAX:
        return sentence
    cuts = [m.start() for m in re.finditer(r"[，,；;：:]", sentence)
            if m.start() >= 8 and sentence[: m.start()].count("“") == sentence[: m.start()].count("”")]
    within = [c for c in cuts if c <= TITLE_MAX]
    if within:
        return sentence[: within[-1]]
    if cuts and cuts[0] <= TITLE_MAX + 20:
        return sentence[: cuts[0]]
    head = sentence[:TITLE_MAX]
    if head.count("“") > head.count("”"):
        close = sentence.find("”", TITLE_MAX)
        if 0 < close <= TITLE_MAX + 20:
            head = sentence[: close + 1]
    return head + "…"


def _is_label(text: str) -> bool:
    """Column labels (社区故事会) and section banners (我们的节日·精神的家园 / 中秋)."""
    outside = re.sub(r"“[^”]*”", "", text)
    if text.startswith(("【", "[")) and text.endswith(("】", "]")):
        return True
    return len(text) <= LABEL_MAX or ("·" in outside and len(text) <= 12)


LABEL_MAX = 6


def choose_title(headlines: list[str]) -> str:
    """Kicker (ends with ——) above, subtitle (starts with ——) below, labels aside; of what is
    left, the last of two lines is the main title (kicker over title), the middle of three."""
    main = [h for h in headlines if not h.endswith("——") and not h.startswith("——") and not _is_label(h)]
    if not main:
        main = [h for h in headlines if not h.startswith("——")] or headlines
    if len(main) >= 3:
        return main[1]
    return main[-1]


def _byline_fields(bylines: list[Byline]):
    names: list[str] = []
    roles: dict[str, str] = {}
    affiliations: dict[str, str] = {}
    outlet = next((b.outlet for b in bylines if b.outlet), None)
    for b in bylines:
        for name in b.names:
            if name not in names:
                names.append(name)
        roles.update(b.roles)
        affiliations.update(b.affiliations)
    return tuple(names), roles, affiliations, outlet


_STAFF_RE = re.compile(r"(责任编辑|本版编辑|本版责编|责编|美术编辑|美编|编辑|校对|版式设计|版式|组版|审读|"
                       r"值班编委|视觉设计|制图|排版)\s*[:：]?\s*")


def staff_names(line: str) -> list[str]:
    """Names after each staff label on a masthead line: 责任编辑：王芳　美术编辑：李明 → 王芳, 李明."""
    labels = list(_STAFF_RE.finditer(line))
    names: list[str] = []
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
        names.extend(n for n in re.split(r"[\s、,，]+", line[m.end():end]) if n)
    return names


def issue_date(meta: IssueMeta, furniture: list[Furniture], text: str):
    """(date, date_source, year) for the issue: config, else masthead, else a stated year."""
    if meta.date:
        return meta.date, "config", int(meta.date[:4])
    for f in furniture:
        if f.role == "date":
            date = masthead_date(f.text)
            if date:
                return date, "masthead", int(date[:4])
    return None, None, stated_year(text)


def parse_issue(data: bytes, source: str, issue_id: str, meta: IssueMeta | None = None,
                publication: str | None = None) -> ParseResult:
    """Parse one issue file's bytes. ``source`` is its path relative to the project root.
    Raises :class:`GazetteError` only for a file that cannot be read as text at all."""
    meta = meta or IssueMeta()
    text, encoding = decode(data, source)
    text, problems = strip_unsafe(text, source, keep_form_feeds=True)
    lines = physical_lines(text)
    units, layout = to_units(lines)
    items = classify(units)
    drafts, furniture = segment(items, layout)

    date, date_source, year = issue_date(meta, furniture, text)
    editors: list[str] = []
    for f in furniture:
        if f.role in ("editor", "date"):
            editors.extend(n for n in staff_names(f.text) if n not in editors)
    section = meta.section or next((f.text for f in furniture if f.role == "section"), None) or \
        next((m.group(1) for f in furniture if f.role == "editor"
              for m in [re.match(r"^(\S{2,8})[ \u3000]+(责任编辑|本版编辑|本版责编|责编)", f.text)] if m), None) or \
        next((m.group(1) for f in furniture if f.role == "page"
              for m in [re.search(r"版\s*[:：\s]\s*(\S{1,12})$", f.text)] if m), None)
    issue = Issue(
        id=issue_id, source=source, encoding=encoding, layout=layout, date=date, date_source=date_source,
        year=year, publication=meta.publication or publication, edition=meta.edition, section=section,
        editors=tuple(e for e in editors if e), furniture=tuple(furniture),
    )

    articles: list[Article] = []
    raw_bylines: dict[str, tuple[str, ...]] = {}
    for seq, draft in enumerate(drafts, start=1):
        record_id = f"{issue_id}-{seq:03d}"
        blocks, notes = repair(draft.blocks)
        for line, message in notes:
            problems.append(Problem(source, line, message, severity="warning"))
        kind = draft.kind
        paras = [b.text for b in blocks if b.kind in ("para", "caption")]
        if draft.headlines and not all(is_column_label(h) for h in draft.headlines):
            title = choose_title(draft.headlines)
        else:
            title = generated_title(paras[0] if paras else "")
        names, roles, affiliations, outlet = _byline_fields(draft.bylines)
        credit_date = next((b.date for b in draft.bylines if b.date), None)
        if kind == "notice":
            a_date, a_source = date, date_source
        elif date:
            a_date, a_source = date, date_source
        elif credit_date:  # printed with the author's name (a web export): the record's own date
            a_date, a_source = credit_date, "text"
        else:
            a_date, a_source = lede_date(paras[0] if paras else "", issue_date=None, year=year)
        lede = next((b.text for b in blocks if b.kind == "para"), "")
        event_date, _ = lede_date(lede, issue_date=date, year=year)
        articles.append(Article(
            id=record_id, issue=issue_id, seq=seq, source=SourceSpan(source, draft.first, draft.last),
            kind=kind, title=title, headlines=tuple(draft.headlines) if kind != "notice" else (),
            byline=names, byline_roles=roles, byline_affiliations=affiliations,
            date=a_date, date_source=a_source if a_date else None,
            body=body_markdown(blocks),
            extra={key: value for key, value in (("event_date", event_date), ("outlet", outlet)) if value},
        ))
        raw_bylines[record_id] = tuple(b.raw for b in draft.bylines)
    if not articles:
        problems.append(Problem(source, None, "no records found in this file; is it an issue's text?",
                                severity="warning"))
    return ParseResult(issue, articles, problems, raw_bylines)
