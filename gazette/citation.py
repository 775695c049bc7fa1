"""How an article is cited: a GB/T 7714-2015 newspaper reference and schema.org ``NewsArticle`` data.

GB/T 7714 newspaper form: ``作者. 题名[N]. 报纸名, YYYY-MM-DD(版次).`` with at most three authors
and then ``等``. Missing parts are left out rather than invented (an undated record keeps no date).
"""

from __future__ import annotations

import json
import re

from .records import Article, Issue

_PAGE_NUMBER = re.compile(r"第\s*([0-9A-Za-z]+)\s*版")
MAX_AUTHORS = 3


def page_number(edition: str | None) -> str | None:
    """版次 for the citation: ``第5版`` → ``5``; a bare label (``A3``) is kept as it is."""
    if not edition:
        return None
    match = _PAGE_NUMBER.search(edition)
    if match:
        return match.group(1)
    return edition.strip() if re.fullmatch(r"[0-9A-Za-z]+", edition.strip()) else None


def gbt7714(article: Article, issue: Issue | None, publication: str | None, inferred: bool = False,
            online: bool = False) -> str:
    """The reference; an ``inferred`` date (not printed on the issue) is put in square brackets,
    as bibliographies mark a date the cataloguer supplied (``2023-04-07`` → ``[2023-04-07]``).
    ``online``: the electronic form ``[N/OL]``, without its final period, for the page to add
    the access date and URL (``[引用日期]. URL.``), which only the reader's visit can give."""
    authors = list(article.byline[:MAX_AUTHORS])
    lead = ", ".join(authors) + (", 等" if len(article.byline) > MAX_AUTHORS else "")
    text = f"{lead}. " if lead else ""
    text += f"{article.title}[N/OL]" if online else f"{article.title}[N]"
    date = article.date or (issue.date if issue else None)
    if not date and issue and issue.year:
        date = str(issue.year)
    where = publication or ""
    if date and inferred:
        date = f"[{date}]"
    if date:
        where = f"{where}, {date}" if where else date
        page = page_number(issue.edition if issue else None)
        if page:
            where += f"({page})"
    if where:
        text += f". {where}"
    return text if online else text + "."


def news_article(article: Article, issue: Issue | None, publication: str | None,
                 url: str | None, keywords: list[str]) -> dict:
    """schema.org ``NewsArticle`` as a plain mapping; ``url`` only when the site has a base URL."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "inLanguage": "zh-CN",
    }
    others = [h for h in article.headlines if h != article.title]
    if others:
        data["alternativeHeadline"] = " ".join(others)
    if article.byline:
        data["author"] = [{"@type": "Person", "name": name} for name in article.byline]
    date = article.date or (issue.date if issue else None)
    if date:
        data["datePublished"] = date
    if publication:
        data["publisher"] = {"@type": "Organization", "name": publication}
    if issue and issue.section:
        data["articleSection"] = issue.section
    if keywords:
        data["keywords"] = keywords
    if url:
        data["url"] = url
        data["mainEntityOfPage"] = url
    return data


def script_json(data: dict) -> str:
    """JSON safe to place inside ``<script>``: no ``</script>`` or ``<!--`` can be formed."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
