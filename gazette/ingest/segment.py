"""The sequence of classified units → record drafts.

An article usually ends at its byline; without one, a new headline block ends it. A run of
headline lines followed by body text starts an article, unless it sits inside an open article
and looks like a subhead (one line, or two lines printed without a blank line between). A
headline run followed by no body is a notice (a slogan) or, right under the masthead, the page's
section name. Body text with no headline above it is a photo caption or photo brief.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..records import Furniture
from .bylines import LEDE_LEAD, Byline
from .classify import CLOCK_TIME, Item, is_issuer, is_open, is_terminated, starts_as_continuation
from .layout import AUTHOR_NOTE_RE, ENUMERATED_RE, PAGE_GAP, is_field_line

_KICKER_SPLIT_RE = re.compile(r"(?<=——)[ \u3000]+|[ \u3000]{2,}")
BODY_KINDS = ("para", "caption", "note", "line")
BULLETS = ("●", "■", "◆", "▲", "★")
_CLOSING_RE = re.compile(r"^(下一步|接下来|今后|未来|下阶段)[,，]")
_DATELINE_LEAD_RE = re.compile(LEDE_LEAD)
# A dated lede (4月7日，… / 近日，…) or one that opens at a clock time (早上7点半，…: a feature's lede)
_DATED_LEDE_RE = re.compile(rf"^((\d{{1,2}}月)?\d{{1,2}}日(上午|下午|晚上?)?|日前|近日|{CLOCK_TIME})[,，]")
_LEDE_START_RE = re.compile(rf"^({LEDE_LEAD}|近日|日前|(\d{{1,2}}月)?\d{{1,2}}日(上午|下午|晚上?)?[,，])")
_SPEECH_RE = re.compile(r"^(介绍|表示|说|指出|强调|认为|告诉记者|坦言|感慨)[,，:：]")
SUBHEAD_MIN_HEADLINE = 8
"""Shortest one-line headline read as a new article where a subhead could stand instead."""
SUBHEAD_MAX = 24
"""Longest in-article subhead in the corpus is 18 characters; split sentence halves run longer."""
_PHOTO_ROLES = {"摄", "摄影", "摄影记者", "文/图", "图/文", "文图", "图", "供图"}
_CAPTION_LIKE_RE = re.compile(r"^(图为|(\d{1,2}月)?\d{1,2}日[,，]在)")


@dataclass(slots=True)
class Block:
    kind: str
    """para, sub (subhead), caption, note (编者按) or line: a line printed on its own that is
    never joined to its neighbours (a line of verse, a notice's 时间：… field, a table row)."""
    text: str
    first: int
    last: int


@dataclass(slots=True)
class Draft:
    headlines: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    bylines: list[Byline] = field(default_factory=list)
    first: int = 0
    last: int = 0
    closed: bool = False
    notice: bool = False
    poem: bool = False
    lede_signed: bool = False
    """Signed in its lede (本报讯（记者 X）): a later dated lede under a headline is another article."""
    signed_above: bool = False
    """Signed above its body (a byline line under the headline, or in the lede): a later headline
    whose text ends in a byline of its own is another article."""
    brief: bool = False
    """An unsigned brief under an article signed above its body: the next one-line headline over
    a dated lede may be another brief."""

    def touch(self, item: Item) -> None:
        self.first = self.first or item.first
        self.last = max(self.last, item.last)

    @property
    def has_body(self) -> bool:
        return any(b.kind in ("para", "caption", "line") for b in self.blocks)

    @property
    def kind(self) -> str:
        if self.notice:
            return "notice"
        paras = [b for b in self.blocks if b.kind == "para"]
        captions = any(b.kind == "caption" for b in self.blocks)
        roles = {r for b in self.bylines for r in b.roles.values()}
        photo_credit = bool(roles) and roles <= _PHOTO_ROLES
        if not self.headlines:
            if paras and paras[0].text.startswith(BULLETS):  # ●5月12日,… a text brief
                return "article"
            return "photo" if captions or photo_credit or len(paras) <= 2 else "article"
        if len(paras) <= 2 and (captions or photo_credit) and not any(b.kind == "sub" for b in self.blocks):
            return "photo"
        return "article"


def split_headline_line(text: str) -> list[str]:
    """``kicker—— title`` or ``kicker  title`` printed on one line → two headline lines."""
    parts = [p.strip() for p in _KICKER_SPLIT_RE.split(text) if p.strip()]
    return parts or [text]


_PHRASES_RE = re.compile(r"^[\u4e00-\u9fff]{4,9}([ \u3000]+[\u4e00-\u9fff]{4,9})+$")
_HORTATIVE_RE = re.compile(r"共建|共享|共创|共治|共筑|携手|同行|从我做起|人人|你我|为人民|争做|争当|争创|创建|至上")
"""What a public slogan asks of its readers (共建美好家园, 文明旅游 从我做起): a kicker reports
what was done (夯实基层基础 提升治理效能)."""


def is_slogan(text: str) -> bool:
    """A slogan: parallel phrases of the same length set apart by spaces, calling on readers
    (创建全国文明城市 共建美好幸福家园). Printed over a headline it is not the headline's kicker."""
    if not _PHRASES_RE.match(text) or not _HORTATIVE_RE.search(text):
        return False
    lengths = {len(p) for p in text.split()}
    return max(lengths) - min(lengths) <= 1


_COLUMN_RE = re.compile(r"^[【\[].*[】\]]$|^[^“”《》]{0,8}(快讯|简讯|速递|短讯|动态|传真|集锦|故事会|播报|扫描|一线|简报)$"
                        r"|^\S{2}信息$")
"""A column's name is short: a headline may end in the same word (…开进新型职业农民培训一线)."""


def is_column_label(text: str) -> bool:
    """A label that is never a title (【基层治理新实践】, 党建快讯, 便民信息): a brief under it gets
    a title from its first sentence, and a subhead never starts with one."""
    return bool(_COLUMN_RE.search(text))


def _is_new_headline_block(run: list[Item], layout: str) -> bool:
    """Inside an open article, does this run of short lines start a new article?"""
    if len(run) >= 2 and is_column_label(run[0].text):
        return True
    for it in run:
        if it.text.startswith("——") or it.text.endswith("——") or "—— " in it.text:
            return True
    if len(run) >= 2 and any(not it.tight for it in run[1:]):
        # …unless it is a subhead of two short halves (组织共建 / 拧紧“红色链条”)
        return not (len(run) == 2 and all(len(it.text) <= 12 for it in run))
    if len(run) >= 2 and layout == "indented":
        # No blank lines to tell by: a subhead printed on two lines has two short halves
        # (宣传诚信文化 / 为“诚信农村”赋能); kicker and title are longer.
        return not (len(run) == 2 and all(len(it.text) <= 12 for it in run))
    return False


class _Segmenter:
    """Walks the classified units once, keeping the record being built in ``cur``."""

    def __init__(self, items: list[Item], layout: str):
        self.items, self.layout = items, layout
        self.drafts: list[Draft] = []
        self.furniture: list[Furniture] = []
        self.cur: Draft | None = None
        self.prev_kind: str | None = None

    def close(self) -> None:
        if self.cur is not None:
            self.cur.closed = True
        self.cur = None

    def start(self) -> Draft:
        self.close()
        self.cur = Draft()
        self.drafts.append(self.cur)
        return self.cur

    def run(self) -> tuple[list[Draft], list[Furniture]]:
        i, n = 0, len(self.items)
        while i < n:
            it = self.items[i]
            if it.kind == "furniture" and self._inside_article(it) and not self._masthead_at(i):
                it = Item("para", it.text, it.first, it.last, it.gap, it.tight)
            if it.kind == "furniture":
                self.furniture.append(Furniture(it.first, it.text, it.role or "page"))
                kind, i = "furniture", i + 1
            elif it.kind == "name":
                kind, i = self.name(i)
            elif it.kind == "byline":
                kind, i = self.byline(it), i + 1
            elif it.kind == "head":
                kind, i = self.head_run(i)
            else:
                kind, i = self.body(it), i + 1
            self.prev_kind = kind
        return [d for d in self.drafts if d.blocks or d.headlines], self.furniture

    def _masthead_at(self, i: int) -> bool:
        """A date line that heads a page: with its weekday (2024年4月19日 星期五), or over the
        page's name or editors (第8版 民生). A notice's signing date stands alone."""
        it, nxt = self.items[i], self.items[i + 1] if i + 1 < len(self.items) else None
        return it.role == "date" and (re.search(r"星期|周[一二三四五六日天]", it.text) is not None or (
            nxt is not None and nxt.kind == "furniture" and nxt.role in ("page", "editor", "date")))

    def _signing_date_at(self, i: int) -> bool:
        """The line at ``i`` is a notice's signing date: a date alone on its line, right under the
        issuer's name, not a page's masthead."""
        it = self.items[i] if i < len(self.items) else None
        return (it is not None and it.kind == "furniture" and it.role == "date" and it.gap < PAGE_GAP
                and not self._masthead_at(i))

    def _inside_article(self, it: Item, after: Item | None = None) -> bool:
        """Contact lines and a date inside an open article (a public notice's 电话：…, its
        signing date) are its text; masthead furniture stands above articles or after a page
        break. ``after`` is the unit before ``it`` when it is not the last one processed."""
        cur = self.cur
        return (it.role in ("date", "phone", "email") and cur is not None and not cur.closed
                and cur.has_body and it.gap < PAGE_GAP
                and (after is not None or self.prev_kind != "furniture"))

    def name(self, i: int) -> tuple[str, int]:
        """A bare name closes an article whose body it follows, when what comes next is not more
        of that article (a headline, furniture, the end, or a wide gap). Set apart from what
        follows with nothing to sign, it is a stray credit; elsewhere a short headline or subhead."""
        it, cur = self.items[i], self.cur
        nxt = self.items[i + 1] if i + 1 < len(self.items) else None
        closes = nxt is None or nxt.kind not in ("para", "caption") or nxt.gap >= 2 or (
            nxt.role == "author") or (
            nxt.kind == "para" and (_LEDE_START_RE.match(nxt.text) is not None)) or (
            # no blank lines to tell by: after a finished paragraph a name line signs it
            self.layout == "indented" and cur is not None and cur.blocks
            and cur.blocks[-1].kind != "sub" and not is_open(cur.blocks[-1].text))
        if cur is not None and cur.has_body and cur.blocks[-1].kind != "sub" and closes:
            return self.byline(Item("byline", it.text, it.first, it.last, it.gap, it.tight,
                                    byline=it.byline, position="line")), i + 1
        if nxt is not None and nxt.kind == "para" and nxt.gap >= 2:
            self.furniture.append(Furniture(it.first, it.text, "credit"))
            return "byline", i + 1
        return self.head_run(i)

    def byline(self, it: Item) -> str:
        cur = self.cur
        if (cur is not None and cur.bylines and it.position == "line" and len(cur.blocks) > 1
                and cur.blocks[-1].kind == "para" and _CAPTION_LIKE_RE.match(cur.blocks[-1].text)
                and not cur.lede_signed
                and len(cur.blocks[-1].text) <= 80
                and it.byline.roles and set(it.byline.roles.values()) <= _PHOTO_ROLES):
            # An article signed at the top, then a caption (图为…, 6月7日,在…) and its
            # photographer's line: a photo record of its own. Under a lede credit (本报讯（记者
            # X）…) the caption and photographer are the article's own (issue 18 item 3).
            caption = cur.blocks.pop()
            cur.last = cur.blocks[-1].last
            photo = self.start()
            photo.blocks.append(caption)
            photo.first, photo.last = caption.first, caption.last
            cur = photo
        if cur is not None and (cur.has_body or cur.headlines):
            cur.bylines.append(it.byline)
            cur.touch(it)
            cur.lede_signed = cur.lede_signed or it.position == "lede"
            cur.signed_above = cur.signed_above or it.position == "lede" or not cur.has_body
            if cur.has_body and it.position != "lede":
                self.close()
        else:
            # A lone credit after a byline, or a name with nothing to sign: page furniture.
            self.furniture.append(Furniture(it.first, it.text, "credit"))
        return "byline"

    def head_run(self, i: int) -> tuple[str, int]:
        """A run of headline-like lines: a new article's headline block, a subhead of the open
        article, the first half of a split sentence, a notice, or the page's section name."""
        items, n = self.items, len(self.items)
        cur = self.cur
        if cur is not None and not cur.closed and cur.blocks and is_issuer(items[i].text):
            # The issuer's name under a notice's contact line, or over its signing date, signs
            # the notice; the date is the notice's too.
            end = i + 2 if self._signing_date_at(i + 1) else i + 1
            if end > i + 1 or is_field_line(cur.blocks[-1].text):
                for it in items[i:end]:
                    cur.blocks.append(Block("line", it.text, it.first, it.last))
                    cur.touch(it)
                self.close()
                return "line", end
        j = i
        run: list[Item] = []
        # A wide gap inside a run of short lines separates them (a slogan, then a headline).
        while j < n and (j == i or (items[j].kind in ("head", "name") and items[j].gap < 2)):
            h = items[j]
            run.append(Item("head", h.text, h.first, h.last, h.gap, h.tight))
            j += 1
        if len(run) >= 2 and items[j - 1].kind == "name" and j < n and items[j].kind in BODY_KINDS:
            # A bare name right under the headline is the author (副刊: title, author, text).
            run.pop()
            j -= 1
            h = items[j]
            items[j] = Item("byline", h.text, h.first, h.last, h.gap, h.tight, byline=h.byline,
                            position="line")
        nxt = items[j] if j < n else None
        # Body follows the run directly, or after a byline line and subheads (本报记者 X / （一）…).
        k = j + 1 if nxt is not None and nxt.kind == "byline" and nxt.position in ("line", "lede") else j
        while k > j and k < n and items[k].kind in ("head", "name"):
            k += 1
        body_follows = k < n and items[k].kind in BODY_KINDS
        if body_follows and len(run) >= 5 and items[j - 1].kind == "head":
            # Poems, then the next article's one-line headline right under the last one.
            leading, poems = self._poems(i, j - 1)
            if poems:
                self._notices(run[:leading])
                return "poem", j - 1
        if (not body_follows and len(run) >= 2 and nxt is not None and nxt.kind == "byline"
                and nxt.position == "line"):
            # A very short article: its only paragraph looks like a headline line.
            last = run.pop()
            items[j - 1] = Item("para", last.text, last.first, last.last, last.gap, last.tight)
            return "head", self._headline_block(run, j - 1)
        if (not body_follows and nxt is not None and nxt.kind == "furniture"
                and self._inside_article(nxt, after=run[-1])):
            # A notice's closing lines (联系人：…, the issuer) before its contact lines and date.
            cur.blocks.extend(Block("para", h.text, h.first, h.last) for h in run)
            cur.touch(run[-1])
            return "head", j
        if not body_follows:
            leading, poems = self._poems(i, j)
            if self._next_stanza(i, i + leading):
                return "poem", j
            self._notices(run[:leading])
            return ("poem" if poems else "head"), j
        if (cur is not None and not cur.closed and cur.headlines and cur.bylines and not cur.has_body
                and nxt.kind in BODY_KINDS):
            # Under a headline and its byline line, before any paragraph: the first subhead.
            cur.blocks.append(Block("sub", " ".join(h.text for h in run), run[0].first, run[-1].last))
            cur.touch(run[-1])
            return "head", j
        in_article = (cur is not None and not cur.closed and cur.has_body and cur.headlines
                      and cur.kind != "photo")
        # A byline right under the run (本报讯（记者…）, 本报记者 X) or a dateline lede
        # (本报讯 …, 新华社…电) means the run is a headline.
        # An unsigned brief under an article signed at its top, or under another such brief.
        brief = (in_article and (cur.signed_above or cur.brief) and len(run) == 1 and nxt.kind == "para"
                 and _DATED_LEDE_RE.match(nxt.text) is not None and self._outgrows_subheads(run[0], cur)
                 and self._unsigned_brief_at(j))
        # Unsigned one-paragraph items, each under a one-line headline (a page of briefs): the
        # headline after a finished paragraph starts a record (issue 18 item 1).
        brief = brief or (in_article and not cur.bylines and len(run) == 1 and nxt.kind == "para"
                          and self._one_paragraph(cur) and self._brief_headline(run[0])
                          and self._unsigned_brief_at(j, any_lede=True))
        signed = brief or (nxt.kind == "byline" and nxt.position in ("line", "lede")) or \
            (len(run) == 1 and is_column_label(run[0].text) and nxt.kind == "para"
             and nxt.text.startswith(BULLETS)) or \
            (nxt.kind == "para" and _DATELINE_LEAD_RE.match(nxt.text) is not None) or \
            (in_article and len(run) == 1 and nxt.kind == "para" and _LEDE_START_RE.match(nxt.text)
             and any(b.kind == "para" and _CLOSING_RE.match(b.text) for b in cur.blocks[-1:])) or \
            (len(run) == 1 and nxt.kind == "para" and self._photo_brief_at(j)) or \
            (in_article and cur.lede_signed and nxt.kind == "para" and _DATED_LEDE_RE.match(nxt.text)) or \
            (in_article and cur.signed_above and self._signed_by_another(j, cur))
        if in_article and len(run) == 1 and nxt.kind == "para" and _SPEECH_RE.match(nxt.text):
            # "虹西社区党委书记钱晓东" / "介绍，…": the first half of a split sentence.
            cur.blocks.append(Block("para", run[0].text, run[0].first, run[0].last))
            cur.touch(run[0])
        elif in_article and not signed and not _is_new_headline_block(run, self.layout):
            text = " ".join(h.text for h in run)
            if len(text) <= SUBHEAD_MAX:
                cur.blocks.append(Block("sub", text, run[0].first, run[-1].last))
            else:  # subheads are short; a longer unpunctuated line is half a split sentence
                cur.blocks.extend(Block("para", h.text, h.first, h.last) for h in run)
            cur.touch(run[-1])
        else:
            j = self._headline_block(run, j)
            self.cur.brief = bool(brief)
            return "head", j
        return "head", j

    @staticmethod
    def _outgrows_subheads(line: Item, cur: Draft) -> bool:
        """Too long for one of ``cur``'s subheads: a news headline says who did what (幸福街道开展
        春季植树活动); a feature's subheads are short phrases set alike (课堂搬到田头 / 学用结合)."""
        subheads = [len(b.text) for b in cur.blocks if b.kind == "sub"]
        return len(line.text) >= SUBHEAD_MIN_HEADLINE and len(line.text) > max(subheads, default=0)

    @staticmethod
    def _one_paragraph(cur: Draft) -> bool:
        """``cur`` is a brief so far: one finished paragraph under its headline, no subhead."""
        paras = [b for b in cur.blocks if b.kind != "line"]
        return (cur.brief or len(paras) == 1) and all(b.kind == "para" for b in paras) \
            and not is_open(cur.blocks[-1].text)

    @staticmethod
    def _brief_headline(line: Item) -> bool:
        """Long enough for a news headline and not a numbered subhead (一、…, （二）…)."""
        return len(line.text) >= SUBHEAD_MIN_HEADLINE and not ENUMERATED_RE.match(line.text)

    def _unsigned_brief_at(self, j: int, any_lede: bool = False) -> bool:
        """The body text from ``j`` on (under a one-line headline, in an article signed above its
        body) is a short unsigned brief of its own: a paragraph or two that run to the end of
        the page, or to the next article's headline over its byline or dateline (本报讯…), or to
        the next such brief. A subhead's section is followed by more of the article: another
        subhead, or its sign-off."""
        items, n = self.items, len(self.items)
        while True:
            k = j
            while k < n and items[k].kind in BODY_KINDS:
                k += 1
            if k - j > 2:
                return False
            if k == n or items[k].kind == "furniture":
                return True
            if items[k].kind != "head":
                return False
            head = k
            while k < n and items[k].kind in ("head", "name"):
                k += 1
            if k < n and ((items[k].kind == "byline" and items[k].position in ("line", "lede"))
                          or (items[k].kind == "para" and _DATELINE_LEAD_RE.match(items[k].text) is not None)):
                return True
            # the next brief: another one-line headline of a news item over a dated lede (over
            # any one-paragraph item, in a run of unsigned briefs)
            if not (k == head + 1 and k < n and items[k].kind == "para"
                    and (any_lede or _DATED_LEDE_RE.match(items[k].text))
                    and self._brief_headline(items[head])):
                return False
            j = k

    def _signed_by_another(self, j: int, cur: Draft) -> bool:
        """The body text from ``j`` on ends in a byline naming someone the article ``cur``
        (signed above its body) does not name, and not a photographer: the next article.
        (Papers often sign again at the end with the same name: ·张伟·.)"""
        k = j
        while k < len(self.items) and self.items[k].kind in BODY_KINDS:
            k += 1
        if k == j or k == len(self.items) or self.items[k].kind not in ("byline", "name"):
            return False
        byline = self.items[k].byline
        roles = set(byline.roles.values())
        signed = {n for b in cur.bylines for n in b.names}
        return bool(set(byline.names) - signed) and not (roles and roles <= _PHOTO_ROLES)

    def _photo_brief_at(self, j: int) -> bool:
        """A whole photo brief starts at ``j``: one paragraph signed with a photo credit
        (…比赛。 记者 朱琳 摄), saying 图为…, or introducing a spread's captions (图①：…)."""
        items = self.items
        para = items[j]
        after = items[j + 1] if j + 1 < len(items) else None
        signed = after is not None and after.kind == "byline" and after.position == "trailing" \
            and set(after.byline.roles.values()) & _PHOTO_ROLES
        return bool(signed) or "图为" in para.text or (after is not None and after.kind == "caption")

    def _headline_block(self, run: list[Item], j: int) -> int:
        if self.prev_kind == "furniture" and len(run) >= 2 and len(run[0].text) <= 4:
            self.furniture.append(Furniture(run[0].first, run[0].text, "section"))
            run = run[1:]
        slogans = 0
        while slogans < len(run) - 1 and is_slogan(run[slogans].text):
            slogans += 1
        self._notices(run[:slogans])
        run = run[slogans:]
        # A numbered line ends the block with no byline line between: the first subhead
        # ((一)坚持规划先行…), which is never the title.
        first_sub = run.pop() if len(run) >= 2 and ENUMERATED_RE.match(run[-1].text) else None
        draft = self.start()
        for h in run:
            draft.headlines.extend(split_headline_line(h.text))
            draft.touch(h)
        if first_sub is not None:
            draft.blocks.append(Block("sub", first_sub.text, first_sub.first, first_sub.last))
            draft.touch(first_sub)
        return j

    def _next_stanza(self, i: int, j: int) -> bool:
        """Short lines ``i:j`` right after a poem, set apart from it by a wider gap or a page break
        (an export puts one where the page left a wide gap), are its next stanza, unless one is
        a slogan. Adds them to the poem."""
        items, poem = self.items, self.drafts[-1] if self.drafts else None
        if not (i < j and poem is not None and poem.poem and self.prev_kind == "poem"):
            return False
        if not all(items[q].kind == "head" and len(items[q].text) <= SUBHEAD_MAX
                   and not is_slogan(items[q].text) for q in range(i, j)):
            return False
        poem.blocks.extend(Block("line", items[q].text, items[q].first, items[q].last) for q in range(i, j))
        poem.touch(items[j - 1])
        return True

    def _poems(self, i: int, j: int) -> tuple[int, bool]:
        """Poems among the short lines ``i:j`` with no prose under them (a 副刊 page): a title
        line, the poet's name, then two or more short lines of verse, up to the next title and
        name. Builds their records; returns how many lines before the first title are left, and
        whether any poem was built."""
        items = self.items
        names = [p for p in range(i + 1, j - 2) if items[p].kind == "name" and items[p - 1].kind == "head"]
        starts = [p - 1 for p in names]
        ends = starts[1:] + [j]
        poems = [(p, end) for p, end in zip(names, ends)
                 if end - p > 2 and all(items[q].kind == "head" and len(items[q].text) <= SUBHEAD_MAX
                                        for q in range(p + 1, end))]
        if len(poems) != len(names):
            return j - i, False
        leading = starts[0] - i if starts else j - i
        if leading and poems and self._next_stanza(i, i + leading):
            leading = 0  # the last stanza of the poem before, then the next poem
        for p, end in poems:
            title, author = items[p - 1], items[p]
            draft = self.start()
            draft.headlines.append(title.text)
            draft.bylines.append(author.byline)
            draft.poem = True
            draft.blocks.extend(Block("line", items[q].text, items[q].first, items[q].last)
                                for q in range(p + 1, end))
            draft.touch(title)
            draft.touch(items[end - 1])
            self.close()
        return leading, bool(poems)

    def _notices(self, run: list[Item]) -> None:
        """Headline-like lines with no body: the page's name right under the masthead, or
        slogans (notices)."""
        for k, h in enumerate(run):
            if self.prev_kind == "furniture" and len(h.text) <= 4 and k == 0:
                self.furniture.append(Furniture(h.first, h.text, "section"))
                continue
            notice = self.start()
            notice.notice = True
            notice.blocks.append(Block("para", h.text, h.first, h.last))
            notice.touch(h)
            self.close()

    def _author_note(self, it: Item) -> bool:
        """（作者系崇川区委党校讲师） under an article by one named author: that author's
        affiliation, kept as a byline of its own (as printed)."""
        cur = self.cur
        if cur is None and self.prev_kind == "byline" and self.drafts and it.gap < 2:
            cur = self.drafts[-1]  # the article's closing byline came first
        names = {n for b in cur.bylines for n in b.names} if cur is not None and cur.has_body else set()
        if len(names) != 1:
            return False
        name = names.pop()
        affiliation = AUTHOR_NOTE_RE.match(it.text).group("affil").strip()
        cur.bylines.append(Byline((name,), {}, {name: affiliation}, raw=it.text))
        cur.touch(it)
        self.close()
        return True

    @staticmethod
    def _next_column_item(it: Item, cur: Draft) -> bool:
        """A 简讯 column prints its items one after another, each a sentence or two behind a
        marker (■3月2日，… / ●…): an item that starts with the marker the open record's first
        paragraph starts with is a record of its own, when that record is such an item itself
        (no headline but the column's label)."""
        first = next((b for b in cur.blocks if b.kind == "para"), None)
        return (it.kind == "para" and first is not None and it.text[:1] in BULLETS
                and first.text[:1] == it.text[:1] and cur.blocks[-1].kind == "para"
                and not is_open(cur.blocks[-1].text) and not any(b.kind == "sub" for b in cur.blocks)
                and all(is_column_label(h) for h in cur.headlines))

    def body(self, it: Item) -> str:
        if it.role == "author" and self._author_note(it):
            return "byline"
        cur = self.cur
        if cur is None or cur.closed:
            cur = self.start()
        elif (not cur.headlines and it.kind == "para" and it.gap >= 2 and cur.blocks
              and not is_open(cur.blocks[-1].text)):
            cur = self.start()  # photo briefs on one page are separated by a wide gap, not bylines
        elif self._next_column_item(it, cur):
            cur = self.start()
        cur.blocks.append(Block(it.kind, it.text, it.first, it.last))
        cur.touch(it)
        if it.role in ("source", "author"):  # （来源：…） closes the article like a byline
            self.close()
        return it.kind


def segment(items: list[Item], layout: str) -> tuple[list[Draft], list[Furniture]]:
    """Classified units → record drafts and the issue's furniture, in print order."""
    return _Segmenter(list(items), layout).run()


_JUMP_END_RE = re.compile(r"[（(](下转|转)第?\S{1,4}版[）)]$")
_JUMP_START_RE = re.compile(r"^[（(](上接|接)第?\S{1,4}版[）)]")


_ATTRIBUTION_RE = re.compile(r"(说|表示|介绍|告诉记者|感慨道|笑着说)。$")


def _is_attribution(quote: str, text: str) -> bool:
    """``“以前办个证…一趟都不用跑。”`` / ``家住观音山街道的居民张大妈说。``: a quotation split
    from the short sentence that says who spoke it."""
    return (quote.startswith("“") and quote.endswith("”") and len(text) <= 30 and "“" not in text
            and _ATTRIBUTION_RE.search(text) is not None)


def repair(blocks: list[Block]) -> tuple[list[Block], list[tuple[int, str]]]:
    """Rejoin paragraphs the OCR split across blank lines, never across a subhead or caption.
    Returns the repaired blocks and notes (line, message) for repairs worth a second look."""
    notes: list[tuple[int, str]] = []
    blocks = list(blocks)
    keep_open: set[int] = set()  # paragraphs whose continuation is lost: never join them onward
    # A short closing fragment printed before the paragraph it ends (columns read out of order):
    # "…用心工" / "有所提升。" / "…工作水平一定" + subhead → the fragment ends the second paragraph.
    k = 0
    while k + 2 < len(blocks):
        a, b, c = blocks[k], blocks[k + 1], blocks[k + 2]
        after = blocks[k + 3] if k + 3 < len(blocks) else None
        if (a.kind == b.kind == c.kind == "para" and is_open(a.text) and len(b.text) <= 12
                and is_terminated(b.text) and is_open(c.text) and not starts_as_continuation(c.text)
                and (after is None or after.kind == "sub")):
            blocks[k + 1:k + 3] = [Block("para", c.text + b.text, c.first, c.last)]
            keep_open.add(id(a))
            notes.append((b.first, f"moved the fragment '{b.text}' after line {c.first}: it ends that "
                                   "paragraph (columns read out of order); check the record"))
        k += 1
    out: list[Block] = []
    for b in blocks:
        prev = out[-1] if out else None
        if (prev is not None and prev.kind == "para" and b.kind == "para"
                and id(prev) not in keep_open
                # an article continued on another page: …领域。（下转第2版） / （上接第1版）市委书记…
                and not _JUMP_END_RE.search(prev.text) and not _JUMP_START_RE.match(b.text)
                # …通告如下： / 一、自2024年1月1日起…: the numbered items a lead-in announces
                and not (prev.text.endswith(("：", ":")) and ENUMERATED_RE.match(b.text))
                and (is_open(prev.text) or starts_as_continuation(b.text)
                     or _is_attribution(prev.text, b.text))):
            out[-1] = Block("para", prev.text + b.text, prev.first, b.last)
            continue
        out.append(b)
    for b in out:
        if b.kind == "para" and is_open(b.text) and b is not out[-1]:
            notes.append((b.last, "paragraph ends mid-sentence and the next block is not its "
                                  "continuation; check the record"))
    return out, notes
