"""Dates: the masthead date, a year stated in the text, and relative dates in a lede.

``4月7日``, ``25日`` and ``11月28日上午`` are resolved against the issue date: a day after the
issue's day is in the previous month, a month after the issue's month in the previous year
(news reports what has happened). Nothing is ever invented: no anchor, no date.
"""

from __future__ import annotations

import datetime as dt
import re

from ..numerals import CN_DIGITS, chinese_number

MASTHEAD_RE = re.compile(r"^(?P<y>(19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"
                         r"(\s*[(（]?(星期|周)[一二三四五六日天][)）]?)?"
                         # then at most a lunar date or the paper's name and number: 农历癸卯年闰二月廿一
                         r"(\s+[^\s，,。；;][^，,。；;]{0,24})?$")
FULL_DATE_RE = re.compile(r"(?P<y>(19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
MONTH_DAY_RE = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?P<d>\d{1,2})日")
DAY_RE = re.compile(r"^(?P<d>\d{1,2})日")
YEAR_RE = re.compile(r"(?<!\d)(?P<y>(19|20)\d{2})年(?![\d—-]*年)(?![^，。,]{0,12}以来)")
DOC_TITLE_RE = re.compile(r"《[^》]*》")
_PLAN_VERB_RE = re.compile(r"(部署|谋划|筹划|展望|安排|规划)\s*$")
"""A verb that makes the year right after it a plan year: 部署2023年任务."""


def iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_CN_DATE_RE = re.compile(r"([〇零○一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
# What may stand before the date on a masthead line: the paper's name (南通日报, 今日崇川), the
# issue number (第1234期), a lunar date (农历壬寅年腊月十二).
_PAPER_RE = re.compile(r"^(\S{2,12}报|[^\s\d，。,:：]{2,8}|总?第\d+期|农历\S{2,12})[ \u3000]+")
_ISO_RE = re.compile(r"^(?P<y>(19|20)\d{2})[-./](?P<m>\d{1,2})[-./](?P<d>\d{1,2})(?=\s|$|[(（])")


def _arabic_date(m: re.Match) -> str:
    month, day = chinese_number(m.group(2)), chinese_number(m.group(3))
    if month is None or day is None:
        return m.group(0)  # not a date (一二月): left as written
    return "".join(str(CN_DIGITS[c]) for c in m.group(1)) + f"年{month}月{day}日"


def arabic_dates(text: str) -> str:
    """Full-width digits and dates in Chinese numerals (二〇二二年十二月一日) as ASCII digits, same
    meaning, for matching only."""
    return _CN_DATE_RE.sub(_arabic_date, text.translate(_DIGITS))


def masthead_date(line: str) -> str | None:
    """The date of a masthead line: 2021年12月23日 星期四, also after the paper's name
    (南通日报 2022年12月1日 星期四 第A3版), in full-width digits or Chinese numerals."""
    line = arabic_dates(line.strip())
    for _ in range(3):  # 南通日报 第1234期 2023年1月3日
        line = _PAPER_RE.sub("", line, count=1)
    line = _ISO_RE.sub(lambda m: f"{m['y']}年{m['m']}月{m['d']}日", line)  # 2023-01-03 星期二
    m = MASTHEAD_RE.match(line)
    return iso(int(m["y"]), int(m["m"]), int(m["d"])) if m else None


def stated_year(text: str) -> int | None:
    """The latest year the text states, or ``None``: not in document titles, ranges, or a
    history (自2008年开展以来). A year stated only as the one being planned (部署2023年任务) leaves
    the year open: such a text stands at the turn of the year, in that year or the one before."""
    text = DOC_TITLE_RE.sub("", arabic_dates(text))
    years = [(int(m["y"]), _PLAN_VERB_RE.search(text, max(0, m.start() - 4), m.start()) is not None)
             for m in YEAR_RE.finditer(text)]
    if not years:
        return None
    latest = max(y for y, _ in years)
    return None if all(plan for y, plan in years if y == latest) else latest


_LEAD_RE = re.compile(r"^(本报讯|(新华社|中新社|本报)[^\s（()，。]{0,12}?(?P<dl>\d{1,2}月\d{1,2}日)(电|讯))?\s*"
                      r"(“[^”]{0,80}”)?")  # a lede may open with a quotation, then its date


def lede_date(lede: str, *, issue_date: str | None, year: int | None) -> tuple[str | None, str | None]:
    """Date of the event a lede reports and how it was found (text/inferred), resolving
    relative forms against the issue date (or only a known year)."""
    # Only the lede's opening time phrase dates the event: not 自2023年1月1日起施行, not a
    # date quoted later in the sentence.
    text = arabic_dates(lede)
    lead = _LEAD_RE.match(text)
    head = text[lead.end():][:40]
    if lead.group("dl") and not MONTH_DAY_RE.match(head) and not DAY_RE.match(head):
        head = lead.group("dl")  # 本报南京11月30日讯 …: the dateline dates the event
    full = FULL_DATE_RE.match(head)
    if full:
        return iso(int(full["y"]), int(full["m"]), int(full["d"])), "text"
    anchor = dt.date.fromisoformat(issue_date) if issue_date else None
    md = MONTH_DAY_RE.match(head)
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
