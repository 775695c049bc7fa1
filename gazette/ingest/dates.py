"""Dates: the masthead date, a year stated in the text, and relative dates in a lede.

``4月7日``, ``25日`` and ``11月28日上午`` are resolved against the issue date: a day after the
issue's day is in the previous month, a month after the issue's month in the previous year
(news reports what has happened). Nothing is ever invented: no anchor, no date.
"""

from __future__ import annotations

import datetime as dt
import re

MASTHEAD_RE = re.compile(r"^(?P<y>(19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
                         r"(\s*(星期|周)[一二三四五六日天])?"
                         # then at most a lunar date or the paper's name and number: 农历癸卯年闰二月廿一
                         r"(\s+[^\s，,。；;][^，,。；;]{0,24})?$")
FULL_DATE_RE = re.compile(r"(?P<y>(19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
MONTH_DAY_RE = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
DAY_RE = re.compile(r"^(?P<d>\d{1,2})日")
YEAR_RE = re.compile(r"(?<!\d)(?P<y>(19|20)\d{2})年(?![\d—-]*年)")
DOC_TITLE_RE = re.compile(r"《[^》]*》")


def iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def masthead_date(line: str) -> str | None:
    m = MASTHEAD_RE.match(line.strip())
    return iso(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def stated_year(text: str) -> int | None:
    """The latest year the text states (outside document titles and ranges), or ``None``."""
    text = DOC_TITLE_RE.sub("", text)
    years = [int(m["y"]) for m in YEAR_RE.finditer(text)]
    return max(years) if years else None


def lede_date(lede: str, *, issue_date: str | None, year: int | None) -> tuple[str | None, str | None]:
    """Date of the event a lede reports and how it was found (text/inferred), resolving
    relative forms against the issue date (or only a known year)."""
    head = re.sub(r"^本报讯\s*", "", lede)[:40]
    full = FULL_DATE_RE.search(head)
    if full:
        return iso(int(full["y"]), int(full["m"]), int(full["d"])), "text"
    anchor = dt.date.fromisoformat(issue_date) if issue_date else None
    md = MONTH_DAY_RE.search(head)
    if md:
        month, day = int(md["m"]), int(md["d"])
        if anchor:
            y = anchor.year - 1 if (month, day) > (anchor.month, anchor.day) and month > anchor.month else anchor.year
            return iso(y, month, day), "text"
        if year:
            return iso(year, month, day), "inferred"
        return None, None
    d = DAY_RE.match(head)
    if d and anchor:
        day = int(d["d"])
        y, m = anchor.year, anchor.month
        if day > anchor.day:
            y, m = (y - 1, 12) if m == 1 else (y, m - 1)
        return iso(y, m, day), "text"
    return None, None
