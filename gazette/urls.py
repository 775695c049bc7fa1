"""Where every page lives: stable, ASCII, site-root-relative URLs and the links between them.

A URL is derived only from what identifies a record (issue id and seq, a place's official code,
a name's pinyin), never from build order, so a rebuilt site keeps every link. All URLs here are
relative to the site root and name a file (``issues/x/index.html``, not ``issues/x/``) because a
page opened from ``file://`` does not resolve a directory to its index (issue 4).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin

from .errors import Problem

HOME = "index.html"
ABOUT = "about.html"
ISSUES_INDEX = "issues/index.html"
ISSUES_FEED = "feed.xml"
SEARCH = "search.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"

TOPIC_FOLDERS = {
    "district": "districts",
    "street": "streets",
    "community": "communities",
    "program": "programs",
    "document": "documents",
    "reporter": "reporters",
}
"""Topic kind → folder holding its pages, its index and its feeds."""

_RESERVED_SLUG = re.compile(r"^index(-\d+)?$")
"""Slugs that would collide with a folder's index page or its later pages (index-2)."""

_ISSUE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]*(?<!\.html)$")
"""An issue's folder must not be named like a page beside it (``issues/2023.html``)."""
_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slug_words(text: str) -> list[str]:
    """Lower-case ASCII words of a text: one toneless pinyin syllable per Chinese character, and
    each run of Latin letters or digits whole (``script-al``, ``2023-nian``, not ``s-c-r-i-p-t``);
    everything else only separates words. Full-width forms and accented letters fold to ASCII
    (２０２３ → 2023, Été → ete)."""
    words = []
    for part in lazy_pinyin(text, style=Style.NORMAL, errors="default"):
        part = unicodedata.normalize("NFKD", part.lower().replace("ü", "v"))
        part = "".join(ch for ch in part if not unicodedata.combining(ch))
        words.extend(w for w in _NON_SLUG.split(part) if w)
    return words


def pinyin_slug(name: str) -> str:
    """ASCII slug of a Chinese name: toneless pinyin syllables joined by hyphens
    (崇川区 → chong-chuan-qu); Latin letters and digits are kept, everything else separates."""
    slug = "-".join(slug_words(name))
    if not slug or _RESERVED_SLUG.match(slug):
        slug = (slug + "-" if slug else "") + name_hash(name)
    return slug


def name_hash(name: str) -> str:
    """Short hash of a name: a disambiguator that depends on nothing but the name itself."""
    return hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]


def issue_url(issue_id: str) -> str:
    return f"issues/{issue_id}/index.html"


def article_url(issue_id: str, seq: int) -> str:
    return f"issues/{issue_id}/{seq:03d}.html"


def issues_year_url(year: int | None) -> str:
    """One year of the issue index, when the archive has too many issues for one page."""
    return f"issues/{year or 'undated'}.html"


def topic_index_url(kind: str) -> str:
    return f"{TOPIC_FOLDERS[kind]}/index.html"


def is_valid_issue_id(issue_id: str) -> bool:
    """Issue ids become folder names; the parser makes them ASCII lower case."""
    return bool(_ISSUE_ID.match(issue_id))


def root_of(url: str) -> str:
    """Relative path from the page at ``url`` back to the site root (``""`` or ``"../../"``)."""
    return "../" * url.count("/")


def assign_slugs(names: list[str]) -> dict[str, str]:
    """Name → slug for one kind of topic. Names whose pinyin collides (张伟/章伟) are told apart
    deterministically: the first in code-point order keeps the plain slug, each other one gets a
    hash of its own name, so the result does not depend on the order names were met."""
    by_slug: dict[str, list[str]] = {}
    for name in sorted(set(names)):
        by_slug.setdefault(pinyin_slug(name), []).append(name)
    slugs: dict[str, str] = {}
    for slug, group in by_slug.items():
        slugs[group[0]] = slug
        for name in group[1:]:
            slugs[name] = f"{slug}-{name_hash(name)}"
    return slugs


@dataclass
class UrlRegistry:
    """Every URL the build will write, with what claimed it; a second claim is an error."""

    owners: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def claim(self, url: str, owner: str, path: str, line: int | None = None) -> bool:
        """Claim ``url`` for ``owner`` (a human description). Returns False, and records a
        problem at ``path:line``, if something else already maps to it."""
        previous = self.owners.get(url)
        if previous is not None:
            self.problems.append(Problem(
                path, line, f"{owner} and {previous} both map to {url}; "
                "give one of them a different id or seq (nothing was overwritten)"))
            return False
        self.owners[url] = owner
        return True
