"""Tagging stage: records → records with districts, streets, communities, programs and documents filled.

``build_tagger(config)`` loads the gazetteer and validates the ``places:`` and ``programs:``
config sections; ``Tagger.tag_all(articles)`` is pure: it returns new ``Article`` values
(``dataclasses.replace``) and the problems found (unresolved ambiguous names). Records a
curator edited are not passed here by the pipeline, so their tags survive a re-tag.

Every tag says why it is there: ``matched`` (the text), ``position`` (offset in the body, or
``None`` with ``extra.in`` = title/headline when the name only appears there), ``rule``
(gazetteer, alias, rollup, curated, discovered, title-marks) and ``reviewed``. Titles in 《》
are documents, a kind of tag of their own, never programs (issue 3).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import SiteConfig
from .errors import Problem
from .places import DATA_FILE, TAG_FIELD, ConfigSection, Gazetteer, PlaceMatcher, read_place_settings
from .programs import Corpus, ProgramMatcher, ReviewItem, corpus_stats, documents, read_program_settings, review_yaml
from .records import Article, Tag

CONFIG_NAME = "site_config.yaml"
REVIEW_FILE = Path("review") / "programs.yaml"


def record_texts(article: Article) -> list[tuple[str, str]]:
    """(field, text) pairs the tagger reads: headlines (the title among them), then the body."""
    fields = [("headline", h) for h in article.headlines]
    if article.title and article.title not in article.headlines:
        fields.insert(0, ("title", article.title))
    fields.append(("body", article.body))
    return fields


@dataclass(frozen=True, slots=True)
class _Found:
    field: str
    start: int
    matched: str
    rule: str
    extra: tuple[tuple[str, Any], ...] = ()


def _best(found: list[_Found]) -> _Found:
    """The mention a tag points at: the first one in the body, else the first in a headline."""
    in_body = [f for f in found if f.field == "body"]
    return min(in_body or found, key=lambda f: (f.start, f.matched))


def _evidence(found: list[_Found]) -> tuple[str, int | None, dict[str, Any]]:
    best = _best(found)
    extra: dict[str, Any] = dict(best.extra)
    if best.field != "body":
        extra["in"] = best.field
    if len(found) > 1:
        extra["mentions"] = len(found)
    return best.matched, best.start if best.field == "body" else None, extra


def _order(tag: Tag) -> tuple:
    """Tags in reading order: headline mentions first, then by body position; roll-ups last."""
    return (tag.rule == "rollup", tag.position is not None, tag.position or 0, tag.name)


class Tagger:
    """Holds the gazetteer, the matchers and the settings; reusable across builds."""

    def __init__(self, places: PlaceMatcher, programs: ProgramMatcher):
        self.places = places
        self.programs = programs

    # -- places -----------------------------------------------------------------------------
    def _place_tags(self, article: Article, texts: list[tuple[str, str]]) -> tuple[dict[str, tuple[Tag, ...]], list[Problem]]:
        g = self.places.gazetteer
        resolved, unresolved = self.places.resolve([t for _, t in texts])
        by_code: dict[str, list[_Found]] = {}
        for (field_name, _), mentions in zip(texts, resolved):
            for m in mentions:
                by_code.setdefault(m.code, []).append(_Found(field_name, m.start, m.matched, m.rule, m.extra))
        tags: dict[str, list[Tag]] = {name: [] for name in TAG_FIELD.values()}
        for code, found in sorted(by_code.items()):
            place = g.places[code]
            matched, position, extra = _evidence(found)
            extra.update(level=place.level, parent=place.parent)
            rule = "alias" if all(f.rule == "alias" for f in found) else "gazetteer"
            tags[TAG_FIELD[place.level]].append(Tag(place.name, code, matched, position, rule, True, extra))
        # Roll-up: a community implies its street, a street its district (kept apart: rule rollup).
        explicit = set(by_code)
        implied: dict[str, str] = {}
        for code in sorted(explicit):
            for ancestor in g.ancestors(code):
                if ancestor.level not in TAG_FIELD:
                    break
                if ancestor.code not in explicit and ancestor.code not in implied:
                    implied[ancestor.code] = g.places[code].name
        for code, child in sorted(implied.items()):
            place = g.places[code]
            tags[TAG_FIELD[place.level]].append(Tag(place.name, code, None, None, "rollup", True,
                                                    {"from": child, "level": place.level, "parent": place.parent}))
        problems = []
        reported: set[str] = set()
        for index, u in unresolved:
            if u.matched in reported:
                continue
            reported.add(u.matched)
            field_name = texts[index][0]
            home = self.places.settings.home
            ranked = sorted(u.candidates, key=lambda c: (not any(g.within(c, h) for h in home), c))
            where = ", ".join(f"{g.places[c].name} {c} ({'/'.join(a.name for a in g.ancestors(c)[:2][::-1])})"
                              for c in ranked[:6])
            more = f" and {len(u.candidates) - 6} more" if len(u.candidates) > 6 else ""
            if u.placed_in:
                (code,) = u.candidates
                street = g.places[g.places[code].parent].name
                what = (f"names {where}, but the record places it in {'、'.join(g.places[c].name for c in u.placed_in)}, "
                        f"which has no such community, and never names {street}; so it is not tagged "
                        "(a misprint or a renamed community? add an alias in site_config.yaml places.aliases)")
            elif len(u.candidates) == 1:
                what = (f"only names {where}, outside the places the record names and the home "
                        "district, so it is not tagged (a misprint? add an alias in site_config.yaml "
                        "places.aliases, or the name to places.ignore)")
            else:
                what = (f"is ambiguous ({len(u.candidates)} places: {where}{more}); nothing in the record "
                        "or the home region picks one, so it is not tagged (name the county in the text, "
                        "or add an alias in site_config.yaml places.aliases)")
            problems.append(Problem(article.source.path, article.source.first,
                                    f"record {article.id}: place name '{u.matched}' ({field_name}) {what}",
                                    severity="warning"))
        return {k: tuple(sorted(v, key=_order)) for k, v in tags.items()}, problems

    # -- programs ---------------------------------------------------------------------------
    def _program_tags(self, texts: list[tuple[str, str]], place_names: set[str], corpus: Corpus) -> tuple[Tag, ...]:
        curated: dict[str, list[_Found]] = {}
        kinds: dict[str, str] = {}
        discovered: dict[str, list[_Found]] = {}
        scores: dict[str, tuple[float, str]] = {}
        threshold = self.programs.settings.threshold
        for field_name, text in texts:
            for program, matched, start in self.programs.curated(text):
                if program.scope and place_names and program.scope not in place_names:
                    continue
                curated.setdefault(program.name, []).append(_Found(field_name, start, matched, "curated"))
                kinds[program.name] = program.kind
            for found in self._discoveries(field_name, text, corpus):
                score = found.score
                best = corpus.best.get(found.name, score)
                if score.value >= threshold or best.value >= threshold:
                    quote = found.quote
                    discovered.setdefault(found.name, []).append(_Found(field_name, quote.start, quote.text, "discovered"))
                    if score.value > scores.get(found.name, (float("-inf"), ""))[0]:
                        # Tagged on the strength of another record: say so, with that kind.
                        scores[found.name] = ((score.value, score.kind) if score.value >= threshold
                                              else (score.value, best.kind, best.value))
        tags = []
        for name, found in curated.items():
            matched, position, extra = _evidence(found)
            extra["kind"] = kinds[name]
            tags.append(Tag(name, None, matched, position, "curated", True, extra))
        for name, found in discovered.items():
            if name in curated:
                continue
            matched, position, extra = _evidence(found)
            extra.update(kind=scores[name][1], score=scores[name][0])
            if len(scores[name]) > 2:
                extra["score_elsewhere"] = scores[name][2]
            tags.append(Tag(name, None, matched, position, "discovered", False, extra))
        return tuple(sorted(tags, key=_order))

    def _discoveries(self, field_name: str, text: str, corpus: Corpus):
        key = (field_name != "body", text)
        found = corpus.found.get(key)
        if found is None:
            # A quoted place name is a place, not a program.
            found = [d for d in self.programs.discover(text, corpus, heading=key[0])
                     if d.quote.text not in self.places.gazetteer.by_name]
        return found

    def corpus(self, articles: list[Article]) -> Corpus:
        """Counts and compounds of all quoted spans, then every record scored once, keeping
        each name's best score (``Corpus.best``). A copy is no new evidence: records marked
        ``duplicate_of`` are left out, and a text met again word for word counts once (an issue
        file added twice, or again in GB18030, repeats even the records too short to be marked),
        so adding a copy changes the scores, and so the tags, of no other record (issue 14)."""
        texts = list(dict.fromkeys((field_name != "body", field_name, text) for a in articles
                                   if not a.duplicate_of for field_name, text in record_texts(a)))
        corpus = corpus_stats((text for _, _, text in texts), self.programs.settings.rejected)
        for heading, field_name, text in texts:
            if (heading, text) not in corpus.found:
                corpus.found[heading, text] = self._discoveries(field_name, text, corpus)
                for d in corpus.found[heading, text]:
                    if d.score.value > corpus.best.get(d.name, d.score).value or d.name not in corpus.best:
                        corpus.best[d.name] = d.score
        return corpus

    # -- documents --------------------------------------------------------------------------
    @staticmethod
    def _document_tags(texts: list[tuple[str, str]]) -> tuple[Tag, ...]:
        """Titles in 《》: the marks themselves say what the words are, so nothing is scored or
        left for review."""
        found: dict[str, list[_Found]] = {}
        for field_name, text in texts:
            for doc in documents(text):
                found.setdefault(doc.text, []).append(_Found(field_name, doc.start, doc.text, "title-marks"))
        tags = []
        for name, mentions in found.items():
            matched, position, extra = _evidence(mentions)
            tags.append(Tag(name, None, matched, position, "title-marks", True, extra))
        return tuple(sorted(tags, key=_order))

    # -- records ----------------------------------------------------------------------------
    def tag(self, article: Article, corpus: Corpus) -> tuple[Article, list[Problem]]:
        texts = record_texts(article)
        places, problems = self._place_tags(article, texts)
        place_names = {t.name for k in ("districts", "streets") for t in places[k]}
        programs = self._program_tags(texts, place_names, corpus)
        return dataclasses.replace(article, **places, programs=programs,
                                   documents=self._document_tags(texts)), problems

    def tag_all(self, articles: list[Article]) -> tuple[list[Article], list[Problem]]:
        """Tag every record; pure (new values, nothing written)."""
        corpus = self.corpus(articles)
        out, problems = [], []
        for article in articles:
            tagged, found = self.tag(article, corpus)
            out.append(tagged)
            problems.extend(found)
        return out, problems

    def review(self, articles: list[Article]) -> list[ReviewItem]:
        """Every discovered program the list does not know, with score, count and contexts,
        for ``review/programs.yaml`` (``programs.review_yaml`` renders it)."""
        corpus = self.corpus(articles)
        items: dict[str, ReviewItem] = {}
        for article in articles:
            if article.duplicate_of:
                continue
            for field_name, text in record_texts(article):
                for found in self._discoveries(field_name, text, corpus):
                    quote, score = found.quote, found.score
                    item = items.get(found.name)
                    if item is None or score.value > item.score:
                        contexts = item.contexts if item else []
                        count = corpus.counts[found.name] or corpus.counts[quote.text]
                        item = ReviewItem(found.name, score.value, score.kind, count, score.reasons, contexts)
                        items[found.name] = item
                    left = text[max(0, quote.start - 12):quote.start - 1]
                    right = text[quote.end + 1:quote.end + 12]
                    snippet = " ".join(f"…{left}“{quote.text}”{right}…".split())
                    item.contexts.append(f"{article.id}: {snippet}")
        return sorted(items.values(), key=lambda i: (-i.score, i.name))

    def write_review(self, articles: list[Article], root: Path) -> bool:
        """Write the review queue to ``review/programs.yaml`` under ``root`` (only if changed)."""
        from .frontmatter import write_if_changed

        text = review_yaml(self.review(articles), self.programs.settings.threshold)
        return write_if_changed(Path(root) / REVIEW_FILE, text)


def read_tag_settings(config: SiteConfig, gazetteer: Gazetteer | None = None, config_file: Path | None = None):
    """Validate the ``places``/``programs`` config sections against the gazetteer.

    Returns ``(gazetteer, place settings, program settings, problems)``; problems point at
    their line in the config file the user named (``--config other.yaml``)."""
    file = config_file or config.file or (config.root / CONFIG_NAME)
    shown = config.shown if config_file is None else file.name
    gazetteer = gazetteer or Gazetteer.load(DATA_FILE)
    place_settings, problems = read_place_settings(
        ConfigSection.from_file("places", config.places, file, shown), gazetteer)
    program_settings, more = read_program_settings(
        ConfigSection.from_file("programs", config.programs, file, shown))
    return gazetteer, place_settings, program_settings, problems + more


def build_tagger(config: SiteConfig, tokenizer: Any = None, gazetteer: Gazetteer | None = None,
                 config_file: Path | None = None) -> tuple[Tagger, list[Problem]]:
    """Load the gazetteer and validate the ``places``/``programs`` config sections.

    ``tokenizer`` is a ``jieba.Tokenizer`` (one is made when not given)."""
    if tokenizer is None:
        import jieba

        tokenizer = jieba.Tokenizer()
    gazetteer, place_settings, program_settings, problems = read_tag_settings(config, gazetteer, config_file)
    return Tagger(PlaceMatcher(gazetteer, place_settings), ProgramMatcher(program_settings, tokenizer)), problems
