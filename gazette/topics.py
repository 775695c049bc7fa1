"""Topics (districts, streets, communities, programs, documents, reporters) gathered from tagged records.

A topic collects the records that carry its tag or byline, and, for places, its parent and
children in the administrative hierarchy. The hierarchy comes from the official codes
(district 6 digits, street 9, community 12, as the statistics bureau numbers them); a place
without a code falls back to the place it is most often tagged with.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .errors import Problem
from .records import Article, Tag
from .urls import TOPIC_FOLDERS, assign_slugs, pinyin_slug

PLACE_KINDS = ("district", "street", "community")
TOPIC_KINDS = (*PLACE_KINDS, "program", "document", "reporter")
TAG_FIELD = {"district": "districts", "street": "streets", "community": "communities", "program": "programs",
             "document": "documents"}
CODE_PREFIX = {"district": 6, "street": 9, "community": 12}
PARENT_KIND = {"street": "district", "community": "street"}
CHILD_KIND = {"district": "street", "street": "community"}


@dataclass
class Topic:
    """One topic page: what it is called, where it lives and which records it gathers."""

    kind: str
    """One of :data:`TOPIC_KINDS`."""
    key: str
    """Identity: the official code for coded places, otherwise the name."""
    name: str
    """Chinese name, the page title."""
    code: str | None
    slug: str = ""
    articles: list[Article] = field(default_factory=list)
    """Records carrying the topic, in date order."""
    tags: dict[str, Tag] = field(default_factory=dict)
    """Article id → the tag that put it here (absent for reporters)."""
    roles: Counter = field(default_factory=Counter)
    """For reporters: the roles the bylines gave (记者, 通讯员 …)."""
    parent: Topic | None = None
    children: list[Topic] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{TOPIC_FOLDERS[self.kind]}/{self.slug}.html"

    @property
    def parts_folder(self) -> str:
        """Folder of the pages a long topic is cut into (``streets/<slug>/2023.html``)."""
        return f"{TOPIC_FOLDERS[self.kind]}/{self.slug}/"

    @property
    def feed_url(self) -> str:
        return f"{TOPIC_FOLDERS[self.kind]}/{self.slug}.xml"

    @property
    def reviewed(self) -> bool:
        """False when every tag behind the topic was discovered automatically and not reviewed."""
        return self.kind == "reporter" or any(t.reviewed for t in self.tags.values())

    @property
    def count(self) -> int:
        return len(self.articles)


def _code_slug(code: str) -> str:
    """Official codes are digits; anything else a curator typed is kept URL-safe."""
    return re.sub(r"[^0-9A-Za-z]+", "-", code).strip("-").lower() or "x"


def _norm_code(code: str) -> str:
    return code.ljust(12, "0")


def collect_topics(articles: list[Article], date_key) -> tuple[dict[str, list[Topic]], list[Problem]]:
    """Kind → topics sorted by slug, from the tags and bylines of ``articles`` (already
    without duplicates). ``date_key(article)`` orders each topic's records."""
    problems: list[Problem] = []
    found: dict[tuple[str, str], Topic] = {}
    names: dict[tuple[str, str], Counter] = {}
    for article in articles:
        for kind, attr in TAG_FIELD.items():
            for tag in getattr(article, attr):
                key = tag.code if kind in PLACE_KINDS and tag.code else tag.name
                topic = found.get((kind, key))
                if topic is None:
                    topic = found[(kind, key)] = Topic(kind, key, tag.name, tag.code if kind in PLACE_KINDS else None)
                    names[(kind, key)] = Counter()
                names[(kind, key)][tag.name] += 1
                if article.id not in topic.tags:
                    topic.articles.append(article)
                    topic.tags[article.id] = tag
        for person in article.byline:
            topic = found.get(("reporter", person))
            if topic is None:
                topic = found[("reporter", person)] = Topic("reporter", person, person, None)
            if not topic.articles or topic.articles[-1] is not article:
                topic.articles.append(article)
            topic.roles[article.byline_roles.get(person, "")] += 1

    # One code, several names (a renamed street, an OCR variant): one page under the most
    # common name, and a warning so the tagger or a curator can make them agree.
    for (kind, key), counter in sorted(names.items()):
        if len(counter) > 1:
            best = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[0][0]
            found[(kind, key)].name = best
            problems.append(Problem(
                "articles", None, f"{kind} {key} is tagged under several names "
                f"({', '.join(sorted(counter))}); its page uses '{best}'", severity="warning"))

    by_kind: dict[str, list[Topic]] = {kind: [] for kind in TOPIC_KINDS}
    for topic in found.values():
        topic.articles.sort(key=date_key)
        by_kind[topic.kind].append(topic)
    for kind, topics in by_kind.items():
        # A coded place is unique by its code; the pinyin only makes the URL readable.
        slugs = assign_slugs([t.name for t in topics if not t.code])
        for t in topics:
            t.slug = f"{_code_slug(t.code)}-{pinyin_slug(t.name)}" if t.code else slugs[t.name]
        topics.sort(key=lambda t: t.slug)
    _link_hierarchy(by_kind)
    return by_kind, problems


def _link_hierarchy(by_kind: dict[str, list[Topic]]) -> None:
    for kind, parent_kind in PARENT_KIND.items():
        parents_by_prefix = {_norm_code(p.code)[:CODE_PREFIX[parent_kind]]: p
                             for p in by_kind[parent_kind] if p.code}
        parents_by_key = {p.key: p for p in by_kind[parent_kind]}
        for topic in by_kind[kind]:
            parent = None
            if topic.code:
                parent = parents_by_prefix.get(_norm_code(topic.code)[:CODE_PREFIX[parent_kind]])
            if parent is None:
                parent = _most_cotagged(topic, parent_kind, parents_by_key)
            if parent is not None:
                topic.parent = parent
                parent.children.append(topic)
    for topics in by_kind.values():
        for topic in topics:
            topic.children.sort(key=lambda t: t.slug)


def _most_cotagged(topic: Topic, parent_kind: str, parents_by_key: dict[str, Topic]) -> Topic | None:
    counts: Counter = Counter()
    for article in topic.articles:
        for tag in getattr(article, TAG_FIELD[parent_kind]):
            counts[tag.code or tag.name] += 1
    ranked = sorted((k for k in counts if k in parents_by_key), key=lambda k: (-counts[k], k))
    return parents_by_key[ranked[0]] if ranked else None


def topic_lookup(by_kind: dict[str, list[Topic]]) -> dict[tuple[str, str], Topic]:
    """(kind, key) → topic, the key being what :func:`tag_key` gives for a tag."""
    return {(t.kind, t.key): t for topics in by_kind.values() for t in topics}


def tag_key(kind: str, tag: Tag) -> str:
    return tag.code if kind in PLACE_KINDS and tag.code else tag.name
