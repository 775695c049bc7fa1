"""Programs named in records: the curated authority list, automatic discovery, documents.

Curated programs come from ``site_config.yaml`` (canonical name, aliases, kind, optional scope,
aliases that count only inside quotation marks, a rejected list). Quoted spans the list does not
know are scored (issue 3): cue words after the quote (活动 工程 品牌 机制 …), trigger verbs
before it (启动 开展 打造 …), the name's shape, repetition across the corpus, and a penalty when
the span is an ordinary word of jieba's dictionary (老大难, 独角戏, 锦上添花 are idioms and
metaphors, not programs). Evidence was widened on held-out text (tests/tagging/heldout_annotation.yaml):
name endings, numbered editions, counts, roles, festivals, award-title lists, and a name's best
score across the corpus (``Corpus``); an unquoted 甲·乙 headline is a column title. Titles in 《》
are documents, a kind of their own.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import ahocorasick_rs

from .errors import Problem
from .places import ConfigSection

DEFAULT_THRESHOLD = 3.0
KINDS = ("campaign", "project", "brand", "platform", "mechanism", "team", "event")
# Not "document": titles in 《》 are tagged as documents, a field of their own (issue 3).

# Cue word → guessed kind. Longer cues first so 志愿服务队 wins over 队.
CUES: dict[str, str] = {
    "志愿服务队": "team", "服务队": "team", "小分队": "team", "突击队": "team", "队伍": "team", "联盟": "team",
    "剧社": "team", "工作室": "team",
    "活动": "event", "大会": "event", "晚会": "event", "展览": "event", "作品展": "event", "汇演": "event",
    "竞赛": "event", "比赛": "event", "评选": "event", "表彰": "event", "议事会": "mechanism", "游园": "event", "讲堂": "event", "座谈会": "event",
    "评比": "event", "演出": "event", "招聘会": "event",
    "工程": "project", "项目": "project", "课题": "project", "示范点": "project",
    "品牌": "brand", "栏目": "brand", "产品": "brand",
    "平台": "platform", "小程序": "platform", "系统": "platform", "服务圈": "platform", "讲习所": "platform",
    "APP": "platform", "App": "platform", "app": "platform",
    "机制": "mechanism", "体系": "mechanism", "模式": "mechanism", "工作法": "mechanism", "制度": "mechanism",
    "积分制": "mechanism",
    "行动": "campaign", "计划": "campaign", "系列": "campaign", "主题": "campaign", "选调": "campaign", "改革": "campaign", "建设": "campaign",
}
DIRECT_CUES = {"服务": "project", "志愿服务": "event", "驿站": "platform", "工坊": "platform",
               "宣讲队": "team", "志愿队": "team", "党建联盟": "team"}
"""Cues that count only printed right after the quote (“智慧陪诊”服务, “银龄守护”志愿服务):
further on, 服务 is any service."""
_NOT_A_PROGRAM_AFTER = re.compile(r"^(理念|宗旨|意识|精神|态度|水平|质量|能力|功能|内容|方式|对象|需求)")
"""After a direct cue, words that make it a quality or an idea, not a program (服务理念)."""
NAMING_CUES = frozenset(DIRECT_CUES) | {"品牌", "队伍", "联盟", "工作室", "项目", "工程", "行动", "服务队",
                                         "志愿服务队"}
"""Words that name a program when printed right after a quoted name (issue 18): the name is a
program on its only mention."""
# Cues that name what is awarded: “诚信小超市”“诚信种植户”等评选 lists award titles, not programs.
AWARD_CUES = ("评选", "表彰", "评比")
TRIGGERS = ("启动", "开展", "实施", "打造", "依托", "推行", "推进", "推广", "创建", "组建", "成立", "举办",
            "借助", "深化", "建立", "健全", "构建", "开启", "发布至", "利用", "落实", "创新", "举行", "参加",
            "推出", "擦亮", "完善", "用好", "开发", "上线")
# "以“X”为抓手": the frame that introduces a program by name.
_FRAME = re.compile(r"^为(抓手|载体|主线|核心|依托|平台|契机)")
# “两新”组织, “两委”成员: a short abbreviation that qualifies a kind of people or bodies.
_QUALIFIED = re.compile(r"^(组织|成员|班子|人员|干部|企业|群体|领域|党员)")
# “我们的节日” is a title; “行走的课堂” a description.
_POSSESSIVE = re.compile(r"(我|你|咱|我们|你们|咱们|大家)的")
_EDITION = re.compile(r"第[0-9一二三四五六七八九十]+[届期季]$")
_NUMBER_SHAPE = re.compile(r"^[一二三四五六七八九十两双百千万0-9]")
_NAME_SUFFIX = re.compile(r"(工程|行动|计划|项目|品牌|平台|机制|联盟|服务队|突击队|讲堂|讲习所|剧社|服务圈|"
                          r"工作室|工坊|"
                          r"夯实年|杯|班|课题|议事[会厅角室]?|课堂|[宣讲服务艺术志愿]团|积分|"
                          r"(?<![0-9一二三四五六七八九十])月)$")
SUFFIX_KIND = {"议事": "mechanism", "积分": "mechanism", "课堂": "event", "团": "team", "月": "campaign"}
# A count of measures (优化营商环境“20条”, “十项”) or a people's role (“红色代办员”, “居民监督员”)
# is not a program's name.
_COUNT = re.compile(r"^[0-9一二三四五六七八九十百两]+[条项招件款点个]$")
_ROLE = re.compile(r"^[^+＋·、\-—]{2,}员$")
# Festivals: “我们的节日·端午” is the series 我们的节日 on one festival; “国庆、中秋” names two days.
FESTIVALS = ("春节", "元宵", "元宵节", "清明", "清明节", "端午", "端午节", "七夕", "中秋", "中秋节", "重阳",
             "重阳节", "国庆", "国庆节", "元旦", "除夕", "冬至", "腊八", "劳动节", "儿童节", "教师节", "妇女节")
_FESTIVAL = "|".join(sorted(FESTIVALS, key=len, reverse=True))
_FESTIVAL_ONLY = re.compile(r"^(?:(?:%s)[、和与及]?)+$" % _FESTIVAL)
_SERIES = re.compile(r"^(.{2,})·(?:%s)$" % _FESTIVAL)
# A headline that is only “甲·乙”, unquoted, is the title of a column or series (我们的节日·清明).
_KICKER = re.compile(r"^[\u4e00-\u9fff]{2,8}·[\u4e00-\u9fff]{2,8}$")
QUOTE = re.compile(r"“([^“”\n]{1,40})”|‘([^‘’“”\n]{1,30})’")
DOCUMENT = re.compile(r"《([^《》\n]{1,60})》")
_SENTENCE = re.compile(r"[。!！?？;；…]|^[^,，]*[,，][^,，]{9,}")
_STOP = re.compile(r"[,，。;；:：!！?？、“”《》()（）\n]")


@dataclass(frozen=True, slots=True)
class Program:
    """One entry of the authority list."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    quoted_only: tuple[str, ...] = ()
    scope: str | None = None


@dataclass(frozen=True, slots=True)
class ProgramSettings:
    """The validated ``programs:`` section."""

    authority: tuple[Program, ...] = ()
    rejected: frozenset[str] = frozenset()
    threshold: float = DEFAULT_THRESHOLD


PROGRAM_KEYS = {"authority": "the curated list", "rejected": "quoted words that are never programs",
                "threshold": "discovery score above which a quoted name is tagged"}
ENTRY_KEYS = {"name", "kind", "aliases", "quoted_only", "scope"}


def read_program_settings(section: ConfigSection) -> tuple[ProgramSettings, list[Problem]]:
    """Validate ``programs:``; every bad entry is reported at its line and skipped."""
    problems: list[Problem] = []
    data = section.data if isinstance(section.data, dict) else {}
    if section.data is not None and not isinstance(section.data, dict):
        problems.append(section.problem((), "'programs' must be a mapping"))
    for key in data:
        if key not in PROGRAM_KEYS:
            problems.append(section.problem((key,), f"unknown key 'programs.{key}'{section.hint(key, PROGRAM_KEYS)}",
                                            key_line=True))
    threshold = data.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        problems.append(section.problem(("threshold",), "programs.threshold must be a number"))
        threshold = DEFAULT_THRESHOLD
    rejected = data.get("rejected") or []
    if not isinstance(rejected, list) or not all(isinstance(r, str) for r in rejected):
        problems.append(section.problem(("rejected",), "programs.rejected must be a list of words"))
        rejected = []
    entries = data.get("authority") or []
    if not isinstance(entries, list):
        problems.append(section.problem(("authority",), "programs.authority must be a list of programs"))
        entries = []
    authority: list[Program] = []
    seen: dict[str, str] = {}
    for i, entry in enumerate(entries):
        where = ("authority", i)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            problems.append(section.problem(where, "each program needs at least 'name' (and 'kind')"))
            continue
        name = entry["name"].strip()
        unknown = sorted(str(k) for k in entry if k not in ENTRY_KEYS)
        for key in unknown:
            problems.append(section.problem(where + (key,), f"unknown key '{key}' in program '{name}'"
                                            f"{section.hint(key, ENTRY_KEYS)}", key_line=True))
        kind = entry.get("kind", "campaign")
        if kind not in KINDS:
            problems.append(section.problem(where + ("kind",), f"program '{name}': kind '{kind}' is not one of "
                                            f"{', '.join(KINDS)}"))
            continue
        lists = {}
        for key in ("aliases", "quoted_only"):
            value = entry.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
                problems.append(section.problem(where + (key,), f"program '{name}': {key} must be a list of names"))
                value = []
            lists[key] = tuple(value)
        scope = entry.get("scope")
        if scope is not None and not isinstance(scope, str):
            problems.append(section.problem(where + ("scope",), f"program '{name}': scope must be a place name"))
            scope = None
        clash = False
        for written in (name, *lists["aliases"], *lists["quoted_only"]):
            if written in seen and seen[written] != name:
                problems.append(section.problem(where, f"'{written}' names both '{seen[written]}' and '{name}'"))
                clash = True
            seen[written] = name
        if not clash:
            authority.append(Program(name, kind, lists["aliases"], lists["quoted_only"], scope))
    return ProgramSettings(tuple(authority), frozenset(rejected), float(threshold)), problems


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted span: its text and where it sits (start/end of the text inside the marks)."""

    text: str
    start: int
    end: int


def quotes(text: str) -> list[Quote]:
    """Every “…” span and every ‘…’ span (also those nested in “…”), in order."""
    found = []
    for m in QUOTE.finditer(text):
        group = 1 if m.group(1) is not None else 2
        found.append(Quote(m.group(group), m.start(group), m.end(group)))
        if group == 1:
            for inner in re.finditer(r"‘([^‘’]{1,30})’", m.group(1)):
                found.append(Quote(inner.group(1), m.start(1) + inner.start(1), m.start(1) + inner.end(1)))
    return sorted(found, key=lambda q: (q.start, q.end))


def documents(text: str) -> list[Quote]:
    """Every title in 《》, in order: the span inside the marks."""
    return [Quote(m.group(1), m.start(1), m.end(1)) for m in DOCUMENT.finditer(text)]


def _after_chain(text: str, end: int) -> str:
    """The words after a quote, skipping further quotes of the same list
    (“铸魂提能”“培育育强”四大行动): up to the next punctuation, at most 10 characters."""
    pos = end
    while pos < len(text) and text[pos] in "”’":
        pos += 1
    while True:
        m = re.match(r"(?:[、和及与]?“[^“”\n]{1,40}”|[、和及与]?‘[^‘’\n]{1,30}’)", text[pos:])
        if not m:
            break
        pos += m.end()
    tail = text[pos:pos + 18]
    tail = re.sub(r"^(等|——)", "", tail)
    stop = _STOP.search(tail)
    return tail[: stop.start()] if stop else tail


_CALLED_BRAND_RE = re.compile(r"^[”’]?[^。！？!?；;“”]{0,20}?(成为|这一|这个|打造成|叫响)[^。！？!?；;“”]{0,14}品牌")


def _calls_brand(text: str, end: int) -> bool:
    """The sentence goes on to call the quoted name a brand: “濠滨夜话”，已成为…宣讲品牌."""
    return _CALLED_BRAND_RE.match(text[end:]) is not None


def _in_list(text: str, quote: Quote) -> bool:
    """Whether the quote is one of several quoted names in a row (“甲”“乙”等 …)."""
    before = text[max(0, quote.start - 3):quote.start - 1]
    after = text[quote.end + 1:quote.end + 3]
    return bool(re.search(r"[”’][、和及与]?$", before) or re.match(r"[、和及与]?[“‘]", after))


def _before_chain(text: str, start: int) -> str:
    pos = start
    while pos > 0 and text[pos - 1] in "“‘":
        pos -= 1
    while True:
        m = re.search(r"(?:“[^“”\n]{1,40}”[、和及与]?|‘[^‘’\n]{1,30}’[、和及与]?)$", text[max(0, pos - 45):pos])
        if not m:
            break
        pos -= len(m.group())
    return text[max(0, pos - 6):pos]


@dataclass(frozen=True, slots=True)
class Score:
    value: float
    kind: str
    reasons: tuple[str, ...]


class ProgramMatcher:
    """Curated matching and discovery scoring. ``tokenizer`` is a ``jieba.Tokenizer`` (no
    module globals: the caller owns it and its dictionary)."""

    def __init__(self, settings: ProgramSettings, tokenizer: Any):
        self.settings = settings
        self.tokenizer = tokenizer
        tokenizer.check_initialized()
        written: dict[str, tuple[Program, bool]] = {}
        for program in settings.authority:
            for name in (program.name, *program.aliases):
                written[name] = (program, False)
            for name in program.quoted_only:
                written[name] = (program, True)
        self._written = sorted(written)
        self._entries = [written[w] for w in self._written]
        self._automaton = (ahocorasick_rs.AhoCorasick(self._written,
                                                      matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
                           if self._written else None)
        self.known = frozenset(written)

    def curated(self, text: str) -> list[tuple[Program, str, int]]:
        """(program, matched text, start) for each curated mention in ``text``."""
        if self._automaton is None:
            return []
        out = []
        for index, start, end in self._automaton.find_matches_as_indexes(text):
            program, quoted_only = self._entries[index]
            if quoted_only and not (start > 0 and text[start - 1] in "“‘" and text[end:end + 1] in ("”", "’")):
                continue
            out.append((program, self._written[index], start))
        return out

    def candidates(self, text: str) -> list[Quote]:
        """Quoted spans discovery may consider: not curated, not rejected, not holding a
        curated name (“‘红堡利民’网格党群服务体系建设” is 红堡利民's)."""
        out = []
        for q in quotes(text):
            name = q.text.strip()
            if len(name) < 2 or name in self.settings.rejected or name in self.known:
                continue
            if _SENTENCE.search(name) or len(name) > 30:
                continue  # quoted speech, not a name
            if self._holds_curated(name):
                continue
            out.append(Quote(name, q.start, q.end))
        return out

    def _kicker(self, text: str) -> list[Quote]:
        name = text.strip()
        if not _KICKER.match(name) or name in self.known or name in self.settings.rejected or self._holds_curated(name):
            return []
        start = text.index(name)
        return [Quote(name, start, start + len(name))]

    def _holds_curated(self, name: str) -> bool:
        """“‘红堡利民’网格党群服务体系建设” and “我们的节日·中秋” belong to the curated
        name they quote or start with; “红色物业议事会” is a program of its own."""
        if self._automaton is None:
            return False
        for index, start, end in self._automaton.find_matches_as_indexes(name):
            if start > 0 and name[start - 1] == "‘" and name[end:end + 1] == "’":
                return True
            if start == 0 and (end == len(name) or name[end] in "·—-"):
                return True
        return False

    def discover(self, text: str, corpus: Corpus, heading: bool = False) -> list[Discovery]:
        """Every candidate in ``text`` with its score and the name it would be tagged by;
        a ``heading`` (title or headline) may also be an unquoted column title."""
        out = []
        for quote in self.candidates(text) + (self._kicker(text) if heading else []):
            name = quote.text
            series = _SERIES.match(name)
            if series:
                name = series.group(1)
            elif quote.start == 0 and name.split("·")[0] in corpus.series:
                name = name.split("·")[0]  # 我们的节日·精神的家园 heads a page of 我们的节日
            name = corpus.compounds.get(name, name)
            if name in self.known or name in self.settings.rejected:
                continue
            out.append(Discovery(name, quote, self.score(text, quote, corpus.counts[quote.text])))
        return out

    def score(self, text: str, quote: Quote, count: int) -> Score:
        """Evidence that a quoted span names a program; see the module docstring."""
        name = quote.text
        value, reasons, kind = 0.0, [], "campaign"
        after = _after_chain(text, quote.end)
        framed = _before_chain(text, quote.start).endswith("以") and after.startswith("为")
        cue_at = {c: after.find(c) for c in CUES if 0 <= after.find(c) < 16}
        if framed:
            cue_at.pop("主题", None)  # 以“…”为主题 introduces a theme, usually a slogan
        cue_at.update({c: 0 for c in DIRECT_CUES  # 党建联盟 over 联盟; not “贴心为民”服务理念
                       if after.startswith(c) and not _NOT_A_PROGRAM_AFTER.match(after[len(c):])})
        cue = min(cue_at, key=lambda c: (cue_at[c], -len(c))) if cue_at else None
        if cue:
            near = cue_at[cue] < 10
            value += 2 if near else 1.5
            kind = CUES.get(cue) or DIRECT_CUES[cue]
            reasons.append(f"cue {cue}")
            # Said once (issue 18): a name with the word for a program printed right after it
            # (“江海红”党建联盟, “银龄守护”志愿服务), or one the text calls a brand (“东台西瓜”区域
            # 公用品牌), is a program on its only mention.
            if cue_at[cue] == 0 and cue in NAMING_CUES or kind == "brand":
                value += 1
                reasons.append("named by its cue")
        elif _calls_brand(text, quote.end):
            value += 3
            kind = "brand"
            reasons.append("called a brand")
        if quote.start == 0 and quote.end == len(text):
            value += 2  # an unquoted 甲·乙 headline: a column or series title
            reasons.append("column title")
        if text[quote.end + 1:quote.end + 3] == "——":
            value += 1  # “回到南通”——袁运生艺术生涯系列活动: a title, then what it is
            reasons.append("titled")
        # 经济开发区“观音绿廊” is a zone's name, not the verb 开发.
        before = _before_chain(text, quote.start).replace("开发区", "区")
        if any(before.endswith(t) or t in before[-4:] for t in TRIGGERS):
            value += 1
            reasons.append("trigger")
        if _EDITION.search(before):
            value += 1  # 第五届“邻里节”: what recurs by number is an event
            reasons.append("edition")
        if framed and _FRAME.match(after):
            value += 2.5
            reasons.append("以…为 frame")
        elif framed:
            value += 1
            reasons.append("以…为")
        suffix = _NAME_SUFFIX.search(name)
        if suffix and len(name) - len(suffix.group()) >= 2:  # 大平台 is no name
            value += 2.5
            reasons.append(f"ends {suffix.group()}")
            if not cue:
                ending = suffix.group()
                kind = CUES.get(ending) or SUFFIX_KIND.get(ending[:2]) or SUFFIX_KIND.get(ending[-1], "campaign")
        if "·" in name or "+" in name or "＋" in name or (_NUMBER_SHAPE.match(name) and len(name) <= 6):
            value += 1
            reasons.append("shape")
        elif re.fullmatch(r"[\u4e00-\u9fff]{4,5} [\u4e00-\u9fff]{4,5}", name):
            value += 1  # 诚信你我 幸福常乐: a two-part event title
            reasons.append("title shape")
        if count >= 2:
            value += 1 if count == 2 else 1.5
            reasons.append(f"repeated {count}x")
        freq = self.tokenizer.FREQ.get(name, 0)
        if freq:
            value -= 4 if freq >= 20 else 2
            reasons.append(f"jieba word ({freq})")
        if text[quote.end + 1:quote.end + 2] == "的" and not (cue and cue_at[cue] <= 4):
            value -= 1.5  # “逢雨必淹”的烦恼; but “五转三融三保留”的工作机制 names a mechanism
            reasons.append("followed by 的")
        if "的" in name and " " not in name and len(name) <= 8 and not _POSSESSIVE.search(name):
            value -= 1.5  # “行走的课堂”: a phrase, not a name
            reasons.append("phrase with 的")
        if len(name) <= 3 and _QUALIFIED.match(text[quote.end + 1:quote.end + 3]):
            value -= 2
            reasons.append("qualifier")
        if _COUNT.match(name):
            value -= 2
            reasons.append("a count")
        if _ROLE.match(name):
            value -= 2
            reasons.append("a role")
        if _FESTIVAL_ONLY.match(name):
            value -= 3
            reasons.append("festival")
        if cue in AWARD_CUES and _in_list(text, quote):
            value -= 2.5  # “诚信小超市”“诚信种植户”等评选: the titles awarded
            reasons.append("award titles")
        if re.search(r"[,，]", name):
            value -= 1 if cue else 2
            reasons.append("slogan (comma)")
        if name.count("、") >= 2 and not cue:
            value -= 1.5
            reasons.append("list")
        if len(name) > 24:
            value -= 1
            reasons.append("long")
        if len(name) == 2 and not cue:
            value -= 1
            reasons.append("short")
        return Score(round(value, 2), kind, tuple(reasons))


@dataclass(frozen=True, slots=True)
class Corpus:
    """What discovery knows of all records at once: how often each quoted span appears
    (repetition is a signal), and which quoted names are one part of a quoted “甲·乙”
    compound (“双报到” and “通通在” are both 双报到·通通在's)."""

    counts: Counter
    compounds: dict[str, str]
    series: frozenset[str] = frozenset()
    """Names quoted with a festival after them (我们的节日 of “我们的节日·中秋”)."""
    best: dict[str, "Score"] = field(default_factory=dict)
    """Each discovered name's best score anywhere in the corpus: a name that is clearly a
    program in one record is the same program where another record quotes it bare."""
    found: dict[tuple[bool, str], list["Discovery"]] = field(default_factory=dict)
    """Discoveries per (heading?, text), so the records are scored once."""


def corpus_stats(texts, rejected: frozenset[str] = frozenset()) -> Corpus:
    counts: Counter = Counter()
    for text in texts:
        counts.update(q.text.strip() for q in quotes(text))
    owners: dict[str, set[str]] = {}
    series = set()
    for name in sorted(counts):
        if _SERIES.match(name):
            series.add(_SERIES.match(name).group(1))
            continue
        parts = name.split("·")
        if len(parts) == 2 and all(len(p) >= 2 for p in parts):
            for part in parts:
                if part not in rejected and not _FESTIVAL_ONLY.match(part):
                    owners.setdefault(part, set()).add(name)
    # A part shared by two compounds belongs to neither.
    return Corpus(counts, {part: next(iter(c)) for part, c in owners.items() if len(c) == 1}, frozenset(series))


@dataclass(frozen=True, slots=True)
class Discovery:
    """A quoted span scored by discovery, and the program name it stands for: the span
    itself, or the series (“我们的节日·端午” → 我们的节日) or compound it is part of."""

    name: str
    quote: Quote
    score: Score


@dataclass(slots=True)
class ReviewItem:
    """A discovered program waiting for a maintainer (promote to the list or reject)."""

    name: str
    score: float
    kind: str
    count: int = 0
    reasons: tuple[str, ...] = ()
    contexts: list[str] = field(default_factory=list)


def review_yaml(items: list[ReviewItem], threshold: float, limit_contexts: int = 3) -> str:
    """The review queue as deterministic YAML: best score first, then name."""
    import yaml

    rows = []
    for item in sorted(items, key=lambda i: (-i.score, i.name)):
        rows.append({"name": item.name, "score": item.score, "tagged": item.score >= threshold,
                     "guessed_kind": item.kind, "count": item.count, "reasons": list(item.reasons),
                     "contexts": sorted(set(item.contexts))[:limit_contexts]})
    header = ("# Programs found by discovery that the authority list in site_config.yaml does not know.\n"
              "# Promote one by adding it to programs.authority, or reject it in programs.rejected.\n"
              "# Generated by the tagger: edits here are overwritten.\n")
    return header + yaml.safe_dump({"threshold": threshold, "candidates": rows}, allow_unicode=True,
                                   sort_keys=False, width=10**9)
