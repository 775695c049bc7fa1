"""What each unit of an issue is: furniture, byline, headline line, body paragraph or caption.

The decisions here look at one unit at a time; :mod:`segment` looks at the sequence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .bylines import (COMMENTATORS, Byline, is_name, parse_byline, parse_credit_line, split_lede_byline,
                      split_trailing_byline)
from .dates import masthead_date
from .layout import AUTHOR_NOTE_RE, LEAD_IN_RE, SOURCE_NOTE_RE, Unit, is_list_line

HEADLINE_MAX = 50
"""Longest headline line seen in the corpus is 48 characters (a kicker and title on one line)."""

_FURNITURE = [
    ("editor", re.compile(r"^(责任编辑|本版编辑|本版责编|美术编辑|版式设计)[ \u3000]+\S{2,4}([ \u3000、]+\S{2,4})*$")),
    # the page's name, then its editors: 营商环境　责任编辑:顾晓燕　美编:陈辰
    ("editor", re.compile(r"^\S{2,8}[ \u3000]+(责任编辑|本版编辑|本版责编|责编)\s*[:：]")),
    ("editor", re.compile(r"^(责任编辑|责编|本版编辑|本版责编|编辑|美编|美术编辑|校对|版式设计|版式|组版|"
                          r"审读|值班编委|视觉设计|制图|排版)\s*[:：]")),
    ("phone", re.compile(r"^(电话|热线|新闻热线|服务热线|传真|Tel|TEL)\s*[:：]")),
    ("email", re.compile(r"^(E-?mail|e-?mail|EMAIL|邮箱|电子邮箱|投稿邮箱)\s*[:：]", re.I)),
    ("page", re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$")),  # a page number alone: - 3 -
    # a web page's buttons kept by an export: 【打印】【关闭】, 【字体：大 中 小】
    ("page", re.compile(r"^([【\[](打印|关闭|返回|字体|收藏|分享|打印本页|关闭窗口|返回顶部|顶部)[^】\]]{0,12}[】\]]\s*)+$")),
    ("page", re.compile(r"^(19|20)\d{2}年(\d{1,2}月)?[ \u3000]*(总?第\d+期)?$")),  # 2023年 第1期
    ("page", re.compile(r"^(第\s*[0-9０-９A-Z一二三四五六七八九十]{1,3}\s*版|[A-Z]\d{1,2}版?)"
                        r"(\s*[:：]\s*\S{1,12}|\s.{0,12})?$")),
]
_CAPTION_RE = re.compile(r"^(图\s*[①②③④⑤⑥⑦⑧⑨⑩0-9一二三四五六七八九十]+|[上下左右中]图|组图|图为)\s*[:：]")
_TERMINAL_RE = re.compile(r"[。！？!?…；;][”’」』）)]*$")
_OPEN_CLOSE = [("“", "”"), ("‘", "’"), ("（", "）"), ("(", ")"), ("《", "》"), ("「", "」"), ("『", "』")]
_CLOSING_START = tuple("”’」』）)，,。、；;：:！？!?")


@dataclass(frozen=True, slots=True)
class Item:
    """A classified unit."""

    kind: str
    """furniture, byline, name (a bare name line: a byline only in context), head, para, caption,
    note (an editor's note, 编者按), line (a notice's field, a table or schedule row: body text
    that stands on its own line)."""
    text: str
    first: int
    last: int
    gap: int
    tight: bool
    """Printed on the line right after the previous unit, with no blank line between."""
    role: str | None = None
    """For furniture: date, editor, phone, email, page, credit; ``source`` for a closing
    source note (（来源：…）)."""
    byline: Byline | None = None
    position: str | None = None
    """For bylines: ``line`` (its own line), ``trailing`` (end of a paragraph), ``lede`` (start)."""


def is_terminated(text: str) -> bool:
    return bool(_TERMINAL_RE.search(text))


def is_balanced(text: str) -> bool:
    return all(text.count(o) == text.count(c) for o, c in _OPEN_CLOSE)


def starts_as_continuation(text: str) -> bool:
    return text.startswith(_CLOSING_START)


def is_open(text: str) -> bool:
    """A paragraph that stops mid-sentence (no terminal punctuation) or inside a quotation."""
    if not is_terminated(text):
        return True
    return text.count("“") > text.count("”")


CLOCK_TIME = r"(早上|上午|中午|下午|晚上|傍晚|凌晨|清晨)?\d{1,2}(点|时)(半|\d{1,2}分)?"
"""A lede's clock time: 早上7点半, 上午10点, 14时30分."""
_DATELINE_RE = re.compile(r"^((\d{1,2}月)?\d{1,2}日(上午|下午|晚上?|早上|一早|深夜)?|"
                          rf"{CLOCK_TIME}|近日|日前|近期|"
                          r"今年以来|近年来|据悉|据了解|据介绍|截至目前|目前|同时|此外|另外|随后|"
                          r"下一步|对此|为此|因此|其中)[,，]")
_FUNCTION_WORDS = {
    # final character → characters before it that make it part of a word instead (现在, 于是 …)
    "是": "于但总就还真可只倒硬算正不也", "的": "目有端似标", "在": "现存所实正自健常内外好都",
    "把": "", "被": "棉", "将": "即大老武名主干猛", "让": "转出谦", "使": "大公特天促迫即假致行",
}


def _ends_in_function_word(text: str) -> bool:
    """Ends in a word that cannot end a headline: 是, 的, 在, 把, 被, 将, 让, 使 (but 现在, 目的 …)."""
    if len(text) < 8 or "·" in text or text[-1] not in _FUNCTION_WORDS:
        return False  # short names and banners may end in one (双报到·通通在)
    return text[-2] not in _FUNCTION_WORDS[text[-1]]
_TRAILER_RE = re.compile(r"^《\s*[\u4e00-\u9fff]{2,12}\s*》\s*[（(]\s*(19|20)\d{2}年\d{1,2}月\d{1,2}日[\s\u3000]*"
                         r"(第\s*[0-9A-Z]{1,3}\s*版)?\s*[）)]$")
"""A web export's trailer under each article: 《 人民日报 》（ 2023年03月02日　 第 04 版）."""
_PHOTO_CREDIT_RE = re.compile(r"^(本版图片由\S{2,30}提供|[（(]?本版(摄影|图片)\s*[:：]?\s*\S{2,12}[）)]?)$")
_NOTE_RE = re.compile(r"^[【\[]?编者按[】\]]?\s*[:：]?")
_INTERVIEW_RE = re.compile(r"^(记者|问|答|主持人|本报)\s*[:：]")


_ISSUER_RE = re.compile(r"^[\u4e00-\u9fff]{2,24}(委员会|委|局|办公室|办事处|中心|政府|部|处|所|院|协会|联合会|公司|"
                        r"支队|大队)$")


def is_issuer(text: str) -> bool:
    """An organisation's name alone on a line, as it signs a notice (崇川区卫生健康委员会)."""
    return bool(_ISSUER_RE.match(text))


_PEN_NAME_RE = re.compile(r"^[(（]([\u3400-\u9fff]{2,4})[)）]$")
_PAREN_NAMES_RE = re.compile(r"^[(（]([\u3400-\u9fff]{2,4}([ \u3000、]+[\u3400-\u9fff]{2,4})+)[)）]$")


_LABEL_VALUE_RE = re.compile(r"^[^:：，,。；;！？!?\s]{1,12}[:：]\s*[^:：，,。；;！？!?]{1,30}$")
"""An entry of a list announced by a lead-in: 男子篮球：观音山街道代表队."""


def _announces_list(text: str) -> bool:
    """A paragraph ending in a colon (…部分项目冠军如下：) announces the lines under it."""
    return text.endswith(("：", ":"))


def looks_like_headline(text: str) -> bool:
    if len(text) > HEADLINE_MAX or "。" in text or _DATELINE_RE.match(text) or _INTERVIEW_RE.match(text):
        return False
    if re.match(r"^“.*[。！？!?…]”$", text):  # a spoken sentence (“太好玩了！”), not a headline
        return False
    if sum(text.count(ch) for ch in "，,、；;") >= 3:  # a sentence, not a headline
        return False
    if text.endswith(("，", ",", "、", "；", ";")) or _ends_in_function_word(text):
        return False  # a sentence broken off mid-way (今年78岁的王奶奶是 / …钟秀街道在)
    if text.endswith(("：", ":")) and (len(text) > 12 or LEAD_IN_RE.search(text)):
        return False  # 幸福街道： is a kicker; a long one, or one saying 如下：, a lead-in
    return is_balanced(text)


def furniture_role(text: str) -> str | None:
    if masthead_date(text):
        return "date"
    for role, pattern in _FURNITURE:
        if pattern.match(text):
            return role
    return None


def classify(units: list[Unit]) -> list[Item]:
    items: list[Item] = []
    for u in units:
        tight = u.gap == 0 and bool(items)

        def item(kind, text=u.text, **kw):
            return Item(kind, text, u.first, u.last, u.gap, tight, **kw)

        credit = parse_credit_line(u.text) if len(u.text) <= 60 else None
        if credit:  # 张晓燕　2023-01-18, （作者：X，系…）, 撰稿：X
            items.append(item("byline", byline=credit, position="line"))
            continue
        role = furniture_role(u.text)
        if role:
            items.append(item("furniture", role=role))
            continue
        text = u.text
        if _PHOTO_CREDIT_RE.match(text) or _TRAILER_RE.match(text):  # 本版图片由…提供, 《 人民日报 》（…）
            items.append(item("furniture", role="credit"))
            continue
        pen = _PEN_NAME_RE.match(text)
        if pen:  # （崇文旅）: a credit on its own line, a byline only where it can close an item
            items.append(item("name", byline=Byline((pen.group(1),), raw=text), position="line"))
            continue
        names = _PAREN_NAMES_RE.match(text)
        if names and all(is_name(n) for n in re.split(r"[ \u3000、]+", names.group(1))):
            # （王芳　李明）: names in parentheses on the line after the last sentence
            byline = Byline(tuple(re.split(r"[ \u3000、]+", names.group(1))), raw=text)
            items.append(item("name", byline=byline, position="line"))
            continue
        if SOURCE_NOTE_RE.match(text):  # （来源：崇川区委组织部） ends the article above
            items.append(item("para", role="source"))
            continue
        if AUTHOR_NOTE_RE.match(text):  # （作者系…） ends the article above and says who wrote it
            items.append(item("para", role="author"))
            continue
        if text[:1] in "·•・" and text[-1:] in "·•・":
            byline = parse_byline(text)
            if byline:
                items.append(item("byline", byline=byline, position="line"))
                continue
        if _CAPTION_RE.match(text):
            trailing = split_trailing_byline(text)
            if trailing:
                items.append(item("caption", trailing[0]))
                items.append(item("byline", trailing[1].raw, byline=trailing[1], position="trailing"))
            else:
                items.append(item("caption"))
            continue
        if len(text) <= 80 and not is_terminated(text):
            byline = parse_byline(text)
            if byline:
                bare = (set(text.split()) == set(byline.names) and not byline.roles
                        and not byline.affiliations and text not in COMMENTATORS)
                items.append(item("name" if bare else "byline", byline=byline, position="line"))
                continue
        if is_list_line(text) or (
                # the entries a lead-in announces (…冠军如下： / 男子篮球：观音山街道代表队)
                _LABEL_VALUE_RE.match(text) and items and items[-1].kind in ("para", "line")
                and (_announces_list(items[-1].text) or items[-1].kind == "line"
                     and _LABEL_VALUE_RE.match(items[-1].text))):
            items.append(item("line"))
            continue
        if looks_like_headline(text):
            items.append(item("head"))
            continue
        if _NOTE_RE.match(text):  # an editor's note before the article: not its body
            items.append(item("note"))
            continue
        lede = split_lede_byline(text)
        if lede:
            items.append(item("byline", lede[1].raw, byline=lede[1], position="lede"))
            text = lede[0]
        trailing = split_trailing_byline(text)
        if trailing:
            items.append(item("para", trailing[0]))
            items.append(item("byline", trailing[1].raw, byline=trailing[1], position="trailing"))
        else:
            items.append(item("para", text))
    return items
