"""The values that flow through the pipeline: issues, articles, tags and where each came from.

Records are frozen: a stage that changes one makes a new one with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

KINDS = ("article", "photo", "notice")
"""Record kinds: a news article, a photo caption or photo brief, page furniture worth keeping."""

DATE_SOURCES = ("config", "masthead", "text", "inferred")
"""Where a date came from, strongest first."""


@dataclass(frozen=True, slots=True)
class SourceSpan:
    """A 1-based, inclusive line span in a source file, like markdown-it's ``Token.map``."""

    path: str
    """Path of the source file relative to the project root, with forward slashes."""
    first: int
    """First line of the span (1-based)."""
    last: int
    """Last line of the span (1-based, inclusive)."""

    def __str__(self) -> str:
        return f"{self.path}:{self.first}" if self.first == self.last else f"{self.path}:{self.first}-{self.last}"


@dataclass(frozen=True, slots=True)
class Tag:
    """One tag on a record, with the evidence for it so a curator can see why it is there."""

    name: str
    """Canonical name (official name for places, authority name for programs)."""
    code: str | None = None
    """Official administrative code for places; ``None`` for programs and documents."""
    matched: str | None = None
    """The text that matched, as it appears in the record."""
    position: int | None = None
    """Character offset of the match in the record's body, or ``None`` if not from the body."""
    rule: str = "gazetteer"
    """What produced the tag: gazetteer, alias, rollup, curated, discovered, title-marks (a title
    in 《》), curator."""
    reviewed: bool = True
    """False for automatically discovered programs nobody has reviewed yet."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Further facts (level, parent code, program kind, score) kept in the front matter as they are."""


@dataclass(frozen=True, slots=True)
class Furniture:
    """A line of page furniture kept in the issue's metadata instead of in a record."""

    line: int
    """1-based line in the source file."""
    text: str
    """The line's text, stripped."""
    role: str
    """What it is: date, editor, phone, email, section, credit, page."""


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue file: its metadata and the furniture that belongs to no record."""

    id: str
    """Stable identifier derived from the file name (ASCII, lower case)."""
    source: str
    """Source path relative to the project root."""
    encoding: str
    """Encoding the file was decoded with (utf-8, utf-8-sig, gb18030)."""
    layout: str
    """How paragraphs are separated: ``blank-lines`` or ``indented`` (hard-wrapped with 　　 indents)."""
    date: str | None = None
    """Publication date ``YYYY-MM-DD`` when known."""
    date_source: str | None = None
    """Where the date came from (config or masthead); ``None`` if unknown."""
    year: int | None = None
    """Publication year when only the year is known (stated in the text)."""
    publication: str | None = None
    """Newspaper name, from the config."""
    edition: str | None = None
    """Edition or page label, from the config."""
    section: str | None = None
    """Page or section name printed on the page (``强基``)."""
    editors: tuple[str, ...] = ()
    """Responsible editors from the masthead."""
    furniture: tuple[Furniture, ...] = ()
    """Masthead lines, stray credits and page labels, each with its line."""


@dataclass(frozen=True, slots=True)
class Article:
    """One record: an article, a photo caption or brief, or a notice."""

    id: str
    """Stable identifier: the issue id and the record's order in the issue."""
    issue: str
    """Id of the issue the record was printed in."""
    seq: int
    """1-based position of the record in the issue, in print order."""
    source: SourceSpan
    """Where the record came from."""
    kind: str
    """One of :data:`KINDS`."""
    title: str
    """Main headline; for photos, generated from the first sentence."""
    headlines: tuple[str, ...] = ()
    """Every headline line in print order (kicker, title, subtitle, column label); empty for photos."""
    byline: tuple[str, ...] = ()
    """Names only."""
    byline_roles: dict[str, str] = field(default_factory=dict)
    """Name → role (记者, 通讯员, 摄, 文/图 …) when the byline gives one."""
    byline_affiliations: dict[str, str] = field(default_factory=dict)
    """Name → affiliation when the byline gives one (``张慧 (中共江苏省委党校)``)."""
    date: str | None = None
    """``YYYY-MM-DD`` or ``None``: never invented."""
    date_source: str | None = None
    """One of :data:`DATE_SOURCES`, or ``None`` when there is no date."""
    body: str = ""
    """Markdown: one paragraph per line, blank line between, ``## `` subheads."""
    districts: tuple[Tag, ...] = ()
    """Districts and counties the record names, then those its streets roll up to."""
    streets: tuple[Tag, ...] = ()
    """Streets, towns and townships (街道/镇/乡), explicit and rolled up from communities."""
    communities: tuple[Tag, ...] = ()
    """Communities and villages (社区/村)."""
    programs: tuple[Tag, ...] = ()
    """Named programs: curated ones (reviewed) and discovered ones (unreviewed)."""
    documents: tuple[Tag, ...] = ()
    """Titles printed in 《》 (plans, regulations, books, newspapers): documents, not programs (issue 3)."""
    duplicate_of: str | None = None
    """Id of the record this one repeats (a page exported into two issue files)."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Front-matter keys the pipeline does not know, kept as a curator wrote them."""
