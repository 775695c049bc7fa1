"""Long listings cut into bounded parts with stable URLs (issue 4: topic pages at 50,000 records).

A topic's records, in date order, are cut by year, and a year holding more than ``size`` records
is cut again into chunks of ``size``, filled from its oldest record: ``2023.html``,
``2023-2.html`` … and ``undated.html`` for records without a date. New issues are nearly always
the newest records, so they only ever land in the last part: every older part keeps its URL, its
records and (because a part shows nothing about the others but its neighbours' fixed labels) its
bytes. A year is what a researcher asks for ("任港街道 in 2019"), and the chunks keep a busy year
as small as a quiet one.

Index pages (one line per topic) are cut into numbered pages in their own order instead: their
counts change with every issue anyway, so only the size bound matters there.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")

UNDATED_KEY = "undated"


@dataclass(frozen=True)
class Part:
    """One page of a cut listing."""

    key: str
    """File name without ``.html``: ``2023``, ``2023-2``, ``undated`` or (index pages) ``index-2``."""
    url: str
    """Site-root-relative URL of the page."""
    year: str | None
    """``YYYY`` for a part of a year, ``None`` for undated records and index pages."""
    number: int
    """1-based position of the chunk within its year (or of the page within the index)."""
    items: tuple
    """The entries on this page, in listing order."""

    @property
    def label(self) -> str:
        """Short label that never changes while the URL stays: 2023年, 2023年（2）, 日期不详."""
        base = f"{self.year}年" if self.year else ("日期不详" if self.key.startswith(UNDATED_KEY) else "")
        if not base:
            return f"第{self.number}页"
        return base if self.number == 1 else f"{base}（{self.number}）"


def chunks(items: Sequence[T], size: int) -> list[tuple[T, ...]]:
    """``items`` cut into consecutive tuples of at most ``size`` (at least one, maybe empty)."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, got {size}")
    return [tuple(items[i:i + size]) for i in range(0, len(items), size)] or [()]


def year_parts(items: Sequence[T], year_of: Callable[[T], str | None], size: int, folder: str) -> list[Part]:
    """``items`` (in date order, undated last) cut by year and then into chunks of ``size``;
    pages live under ``folder`` (``streets/320613001-ren-gang-jie-dao/``)."""
    by_year: dict[str | None, list[T]] = {}
    for item in items:
        by_year.setdefault(year_of(item), []).append(item)
    parts = []
    for year in sorted(by_year, key=lambda y: (y is None, y or "")):
        stem = year or UNDATED_KEY
        for number, chunk in enumerate(chunks(by_year[year], size), start=1):
            key = stem if number == 1 else f"{stem}-{number}"
            parts.append(Part(key, f"{folder}{key}.html", year, number, chunk))
    return parts


def numbered_parts(items: Sequence[T], size: int, first_url: str) -> list[Part]:
    """``items`` cut into pages of ``size``: ``first_url`` (``streets/index.html``), then
    ``streets/index-2.html`` …"""
    stem = first_url.removesuffix(".html")
    return [Part(stem.rsplit("/", 1)[-1] if n == 1 else f"{stem.rsplit('/', 1)[-1]}-{n}",
                 first_url if n == 1 else f"{stem}-{n}.html", None, n, chunk)
            for n, chunk in enumerate(chunks(items, size), start=1)]


def day_span(dates: Sequence[str | None]) -> str:
    """The days a part's records fall on: 4月7日, 1月3日–4月7日 (``YYYY-MM-DD`` dates of one
    year); empty when none is dated."""
    known = sorted(d for d in dates if d)
    if not known:
        return ""
    first, last = (f"{int(d[5:7])}月{int(d[8:10])}日" for d in (known[0], known[-1]))
    return first if first == last else f"{first}–{last}"
