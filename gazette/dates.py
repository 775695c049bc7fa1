"""One date label per record, the same on every page, in search results, facets and citations
(issue 19: a result line read "日期不详 · 2023年4月（推断）" while the year facet said 2023 and the
article page showed 2023-04-07 with no mark).

A record's date is, in order: its own date (``2023-04-07``, or ``2023-04-07（推断）`` when the
parser inferred it from the text), its issue's stated date, the months its issue's other
records' dates fall in (``2023年4月（推断）``), the year its issue's text states (``2023年``), or
``日期不详``. 推断 marks an inferred date and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from .records import Article, Issue

UNKNOWN = "日期不详"
INFERRED_MARK = "（推断）"


def month_span(dates: list[str]) -> str | None:
    """The months ``YYYY-MM-DD`` dates fall in: 2023年4月, 2019年10月–11月, 2019年12月–2020年1月."""
    if not dates:
        return None
    (y1, m1), (y2, m2) = ((int(d[:4]), int(d[5:7])) for d in (min(dates), max(dates)))
    if (y1, m1) == (y2, m2):
        return f"{y1}年{m1}月"
    return f"{y1}年{m1}月–{m2}月" if y1 == y2 else f"{y1}年{m1}月–{y2}年{m2}月"


@dataclass(frozen=True)
class RecordDate:
    """How one record's date is shown."""

    label: str
    """What every page, list, result and feed shows."""
    date: str | None
    """The exact ``YYYY-MM-DD`` behind the label (its own or its issue's), else ``None``."""
    inferred: bool
    """The label is a date or period inferred from the text, not printed on the issue."""
    year: str
    """The year facet's bucket: ``2023``, or :data:`UNKNOWN`."""
    sort: str = ""
    """Where the record goes in date order: the date behind the label (a period's last day
    with a record, a bare year as ``2023``), ``""`` when nothing is known (first, oldest)."""


def issue_period(issue: Issue | None, articles: list[Article]) -> tuple[str | None, str | None]:
    """An undated issue's months, from its records' dates, and its latest record date."""
    if issue is not None and issue.date:
        return None, None
    dates = [a.date for a in articles if a.date]
    return month_span(dates), (max(dates) if dates else None)


def record_date(article: Article, issue: Issue | None, period: str | None = None,
                period_last: str | None = None) -> RecordDate:
    """The record's date as shown (see the module's docstring); ``period`` is its undated
    issue's :func:`issue_period`."""
    if article.date:
        inferred = article.date_source == "inferred"
        return RecordDate(article.date + (INFERRED_MARK if inferred else ""), article.date, inferred,
                          article.date[:4], article.date)
    if issue is not None and issue.date:
        return RecordDate(issue.date, issue.date, False, issue.date[:4], issue.date)
    if period:
        return RecordDate(period + INFERRED_MARK, None, True, (period_last or "")[:4] or UNKNOWN, period_last or "")
    if issue is not None and issue.year:
        return RecordDate(f"{issue.year}年", None, False, str(issue.year), str(issue.year))
    return RecordDate(UNKNOWN, None, False, UNKNOWN)


def record_dates(articles: list[Article], issues: list[Issue]) -> dict[str, RecordDate]:
    """Every record's :class:`RecordDate`, by record id."""
    by_issue: dict[str, list[Article]] = {}
    for article in articles:
        by_issue.setdefault(article.issue, []).append(article)
    issue_of = {i.id: i for i in issues}
    periods = {key: issue_period(issue_of.get(key), records) for key, records in by_issue.items()}
    return {a.id: record_date(a, issue_of.get(a.issue), *periods[a.issue]) for a in articles}
