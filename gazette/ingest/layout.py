"""Physical lines → units: one unit per printed line or per hard-wrapped paragraph.

Two layouts occur. E-paper exports put each paragraph on one line with blank lines between
(``blank-lines``). Older OCR output hard-wraps the text at the column width and marks a new
paragraph by indenting it with two ideographic spaces, with no blank lines (``indented``).
A unit keeps the 1-based span of lines it came from, the number of blank lines before it
(a form feed counts as a page gap) and whether it was indented.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .bylines import SURNAMES, parse_byline, split_trailing_byline
from .dates import masthead_date

ENUMERATED_RE = re.compile(r"^([（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、．](?!\d))")
"""A numbered line: （一）…, 一、…, 1. …: a subhead or list item, never a continuation."""
_ENDS_WITH_NUMBER_RE = re.compile(r"(电话|热线|手机|传真)\s*[:：]?\s*[\d\-－—()（）]{5,}$")
_CLOSED_STATEMENT_RE = re.compile(r"[。…][”’」』）)]*$")
_TERMINATED_RE = re.compile(r"[。！？!?…][”’」』）)]*$")

PAGE_GAP = 3
"""Blank lines a form feed (page break) counts as."""


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    """The text, stripped; hard-wrapped continuation lines are joined to it."""
    first: int
    """First source line (1-based)."""
    last: int
    """Last source line (1-based)."""
    gap: int
    """Blank lines (or page breaks) between this unit and the previous one."""
    indent: bool
    """The unit's first line was indented (ideographic spaces or two or more spaces)."""


LEAD_IN_RE = re.compile(r"(如下|以下|下表|名单|结果|分别是|分别为)\s*([(（][^()（）]{1,20}[)）])?\s*[:：]$")
"""A lead-in announcing what follows (…公告如下：): never a headline."""


def looks_short_heading(text: str) -> bool:
    return len(text) <= 30 and "。" not in text and not text.endswith(("，", ",", "、")) \
        and not LEAD_IN_RE.search(text)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _is_indented(raw: str) -> bool:
    """A paragraph indent: two ideographic spaces (or two spaces, or a tab). Three or more
    ideographic spaces, or more ASCII spaces than an indent takes, centre a headline instead."""
    lead = raw[: len(raw) - len(raw.lstrip())]
    if not lead:
        return False
    if lead.startswith("\t"):
        return True
    return cells(lead) in (2, 4) if "\u3000" in lead else 2 <= len(lead) <= 4 and len(lead) != 3


def _is_centred(raw: str) -> bool:
    """Set in from the margin by more than an indent (three or more ideographic spaces, five or
    more spaces): a centred headline or slogan, never the continuation of a wrapped line."""
    lead = raw[: len(raw) - len(raw.lstrip())]
    return not lead.startswith("\t") and cells(lead) > 4


_FIELD_RE = re.compile(r"^((咨询|联系|报名|服务|举报|投诉|求助|预约)(电话|热线|方式)|时间|日期|地点|地址|内容|"
                       r"服务内容|活动时间|活动地点|活动内容|对象|服务对象|参加对象|报名时间|报名地点|报名条件|"
                       r"截止时间|主办单位|承办单位|协办单位|费用|联系人)\s*[:：]\s*\S")
_CELL_SEP_RE = re.compile(r" {2,}|\u3000+")
_SCHEDULE_RE = re.compile(r"^(\d{1,2}月)?\d{1,2}日\S*[ \u3000]+.*\d{1,2}[:：]\d{2}")


def is_field_line(text: str) -> bool:
    """A notice's field or contact line: 时间：…, 地点：…, 联系电话：…, 报名方式：…."""
    return bool(_FIELD_RE.match(text))


NUMBERED_HEAD_RE = re.compile(r"^0[1-9][ \u3000]+[\u4e00-\u9fff“]")
"""A web feature's subhead numbered 01, 02 …, set apart by a space (01　居民点单　政府买单)."""


def is_list_line(text: str) -> bool:
    """Body text set as a list, one entry per line, never run on into the next: a notice's
    fields (时间：…, 咨询电话：…), a schedule row (10月24日 8:00—16:00 …), a table row of three or
    more short cells set apart by wide spaces."""
    if _FIELD_RE.match(text) or _SCHEDULE_RE.match(text):
        return True
    row = _CELL_SEP_RE.split(text)
    if len(row) < 3 or any(len(c) > 16 for c in row) or re.search(r"[，,。；;！？!?]", text) \
            or NUMBERED_HEAD_RE.match(text):
        return False
    # A headline may set three phrases apart by one ideographic space (居民点单　政府接单　小区焕新);
    # a table's cells hold figures or dates, or are set apart more widely.
    return any(ch.isdigit() for ch in text) or all(len(sep) >= 2 for sep in _CELL_SEP_RE.findall(text))


_CAPTION_START_RE = re.compile(r"^(图\s*[①②③④⑤⑥⑦⑧⑨⑩0-9一二三四五六七八九十]+|[上下左右中]图|图为)\s*[:：]")


def _raw_lines(lines: list[str]):
    """(line number, raw text, gap before) for every non-blank line; form feeds split lines."""
    gap = 0
    for number, line in enumerate(lines, start=1):
        parts = line.split("\f")
        for k, part in enumerate(parts):
            if k > 0:
                gap += PAGE_GAP
            if part.strip():
                # an ideographic space at the line end is typeset (记者　于晓东　/ 谢婷): keep it
                yield number, part.rstrip(" \t\r\v"), gap
                gap = 0
        if not line.strip():
            gap += 1


def detect_layout(raw: list[tuple[int, str, int]]) -> str:
    """``indented`` when paragraphs are marked by indentation rather than blank lines."""
    if not raw:
        return "blank-lines"
    indented = sum(1 for _, text, _ in raw if _is_indented(text))
    tight = sum(1 for _, _, gap in raw[1:] if gap == 0)
    if indented >= 1 and tight >= 0.8 * (len(raw) - 1):
        return "indented"
    return "blank-lines"


_HALF_EM_RE = re.compile(r"[A-Za-z0-9 ]")


def cells(text: str) -> int:
    """Width of a line in half-em cells as a column typesets it: ASCII letters, digits and spaces
    take half an em, everything else (CJK, and punctuation even when the OCR wrote it half-width)
    a full em."""
    return 2 * len(text) - len(_HALF_EM_RE.findall(text))  # counted in C: this runs on every line


_HANGING = "，。、；：？！”’」』）》,.;:?!)"


def _set_cells(text: str, line_cells: int | None = None) -> int:
    """Cells a line takes up to the column edge: closing marks past the edge hang in the margin
    (…基层治理的“大文章”。 ends a full line with two of them); one counts, as a full line's
    last character. ``line_cells`` is ``cells(text)`` when already known."""
    hanging = len(text) - len(text.rstrip(_HANGING))
    return (cells(text) if line_cells is None else line_cells) - 2 * max(hanging - 1, 0)


_PROSE_RE = re.compile(r"[，,。]")


def _column_width(raw: list[tuple[int, str, int]]) -> int | None:
    """Width of a hard-wrapped column, if the text is hard-wrapped. Lines followed directly by
    an unindented line are mostly full lines of a wrapped paragraph; their width (indent
    included) clusters at the column width, or a cell or two over it where a punctuation mark or a
    number runs past the edge (the same slack the joining allows). ``None`` when there is no
    such cluster."""
    full = [text for (_, text, _), (_, nxt, next_gap) in zip(raw, raw[1:])
            if next_gap == 0 and not _is_indented(nxt) and cells(text.strip()) >= 20]
    widths = sorted(cells(text) for text in full)
    if len(widths) < 4:
        # A page of short paragraphs has few full lines: two or three will do when they agree,
        # are too long for a headline and read as prose (a masthead's lines have no commas).
        prose = sorted(cells(text) for text in full if _PROSE_RE.search(text))
        few = len(prose) >= 2 and prose[-1] - prose[0] <= 3 and prose[0] >= 30
        return prose[-1] if few else None
    column = widths[int(0.8 * (len(widths) - 1))]
    near = sum(1 for w in widths if column - 3 <= w <= column + 2)
    return column if near >= 4 and near >= 0.4 * len(widths) else None


def _page_starts(raw: list[tuple[int, str, int]]) -> list[int]:
    """Where each page of a file begins: after a page break (a form feed) and at a masthead date
    line below the first page's. Pages of one file may be typeset at different column widths."""
    starts = [0]
    for k in range(1, len(raw)):
        _, text, gap = raw[k]
        if gap >= PAGE_GAP or ("年" in text and len(text) <= 60 and masthead_date(text.strip())):
            starts.append(k)
    return starts


def column_widths(raw: list[tuple[int, str, int]]) -> list[int | None]:
    """The column width each line was wrapped at: its page's, where that page has enough full
    lines to tell, else the whole file's."""
    whole = _column_width(raw)
    starts = _page_starts(raw)
    if len(starts) == 1:
        return [whole] * len(raw)
    widths: list[int | None] = []
    for a, b in zip(starts, starts[1:] + [len(raw)]):
        page = _column_width(raw[a:b])
        widths.extend([whole if page is None else page] * (b - a))
    return widths


def _byline_join(line: str, following: str) -> str | None:
    """The joined text when ``following`` continues a trailing byline broken at the column edge
    (``…良好氛围。 周相文 侯杰`` / ``妮 文/图``, ``…。 黄飞`` / ``蒋燕``, ``…。 周相文 侯杰妮`` /
    ``文/图``), else ``None``. Names and roles are joined with a space unless that splits a name."""
    before = split_trailing_byline(line)
    if before is None:
        return None
    for joined in (_join(line, following), line + " " + following):
        after = split_trailing_byline(joined)
        if after is not None and len(after[1].raw) > len(before[1].raw) and \
                len(after[1].names) + len(after[1].roles) > len(before[1].names) + len(before[1].roles) - 1 \
                and all(len(n) <= 3 or n[:2] in SURNAMES for n in after[1].names):
            return joined
    return None


_OPENERS = ("“", "‘", "（", "(", "《", "「", "『", "【")
SOURCE_NOTE_RE = re.compile(r"^[（(]((来源|供稿|稿件来源|信息来源|资料来源|数据来源|图片来源)\s*[:：].*|"
                            r".{2,30}(供稿|提供)|据.{2,30})[）)]$"
                            r"|^(来源|稿件来源|信息来源)\s*[:：]\s*[^\s，,。；;：:]{2,20}$")
"""A closing source note: （来源：崇川区委组织部）, （数据来源：区统计局）, (崇川区司法局供稿), and
unbracketed on its own line in a web export (来源：滨海发布)."""
AUTHOR_NOTE_RE = re.compile(r"^[（(]作者(系|为|是|单位\s*[:：])\s*(?P<affil>[^()（）:：]{2,40})[）)]$")
"""A closing note on who the author is: （作者系崇川区委党校讲师）, （作者单位：南通大学）."""


_CLOSING_MARK_RE = re.compile(r"^[（(]((全文)?完|(未完)?待续|(下)?转第?\S{1,4}版)[)）]$")


def _is_closing_mark(text: str) -> bool:
    """A mark that ends a paragraph's text (…主办。(完), …。（未完待续）, …。（下转第2版）), wrapped
    onto a line of its own: not a heading. (A bracketed name, （崇文旅）, signs the article.)"""
    return bool(_CLOSING_MARK_RE.match(text))


def _is_sign_off(text: str) -> bool:
    """A line that ends an article: a byline (江姝颖, （记者 朱琳）, 黄飞 摄) or a source note
    (（来源：崇川区委组织部）, (崇川区司法局供稿)). It never continues onto the next line."""
    return bool(SOURCE_NOTE_RE.match(text) or AUTHOR_NOTE_RE.match(text)) or parse_byline(text) is not None


def _ends_sentence(line: str) -> bool:
    """Ends a sentence, a credit, or a notice's last clause with a number to call
    (…供电服务热线:95598)."""
    return bool(_TERMINATED_RE.search(line) or _ENDS_WITH_NUMBER_RE.search(line)) \
        or split_trailing_byline(line) is not None


def _join(a: str, b: str, spaced: bool = False) -> str:
    """Join a wrapped line to its continuation: nothing between CJK or digits (a number may be
    split at the column edge), a space between Latin words (wrapped at a space), and the
    ideographic space that ended the line (``spaced``: names in a credit wrapped between them)."""
    if spaced:
        return a + "\u3000" + b
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        last_word = re.split(r"[^\x21-\x7e]", a)[-1]
        if not re.search(r"://|www\.|@", last_word):  # a URL or address broken at the edge
            return a + " " + b
    return a + b


def _lost_indent(raw: list[tuple[int, str, int]], k: int, width: int | None) -> bool:
    """In the indented layout, does the unindented line ``k`` start a paragraph whose indent the
    OCR lost? It does when it fills the column and the lines after it wrap on from it, full
    lines then a shorter one that closes a statement (…以上。): a wrapped paragraph. A headline
    block never ends so (a title may end in ? or !, never in 。)."""
    if width is None:
        return False
    for j in range(k, len(raw)):
        _, text, gap = raw[j]
        stripped = text.strip()
        if j > k and (gap or _is_indented(text) or stripped.startswith(("——", "·"))
                      or _CAPTION_START_RE.match(stripped) or _is_sign_off(stripped)):
            return False
        if not (width - 3 <= cells(text) and _set_cells(text) <= width + 2):  # the paragraph's last line
            return j > k and _CLOSED_STATEMENT_RE.search(stripped) is not None
    return False


def to_units(lines: list[str]) -> tuple[list[Unit], str]:
    """Group physical lines into units and name the layout.

    A line continues the unit above it when it follows directly, is not indented, and the line
    above filled the column. In the indented layout only paragraphs (indented units) take
    continuations: a headline or byline line is never wrapped into the next one. A full line that
    ends a sentence followed by a short heading-like line is a paragraph that happened to end at
    the column edge, not a wrap."""
    raw = list(_raw_lines(lines))
    layout = detect_layout(raw)
    widths = column_widths(raw)
    units: list[Unit] = []
    prev_line, prev_cells, prev_set, prev_spaced = "", 0, 0, False
    for k, (number, text, gap) in enumerate(raw):
        width = widths[k]
        indent = _is_indented(text)
        stripped = text.strip()
        joined = None
        if (indent and units and gap == 0 and text.startswith("\u3000") and not text.startswith("\u3000" * 2)
                and width is not None and width - 3 <= prev_cells <= width + 2):
            # one ideographic space is no indent where a line wrapped at a space: between the
            # parts of a credit (…。通讯员　崇幸宣 / 　记者　朱琳), or inside a sentence or a
            # credit not yet closed (…过冬。（记者 / 　顾敏　通讯员　苏民宣）)
            joined = _byline_join(units[-1].text, stripped)
            if joined is None and not _ends_sentence(prev_line) and (units[-1].indent or layout != "indented"):
                joined = _join(units[-1].text, stripped, spaced=True)
        # In the indented layout only paragraphs wrap, and a —— subtitle too long for the column.
        # A centred line (a slogan or headline set in from the margin) starts afresh.
        if units and gap == 0 and not indent and not _is_centred(text) and (units[-1].indent or layout != "indented"
                                                   or units[-1].text.startswith("——")
                                                   and not _is_sign_off(stripped)) \
                and not prev_line.endswith("——") and not stripped.startswith(("——", "·")) \
                and not LEAD_IN_RE.search(prev_line) \
                and not _CAPTION_START_RE.match(stripped) and not ENUMERATED_RE.match(stripped):
            # a line ending in an opening mark (“ （ 《) always wrapped: the mark may not end a line
            full = width is not None and (width - 3 <= prev_cells or prev_line.endswith(_OPENERS)) \
                and prev_set <= width + 2 and _set_cells(text) <= width + 2
            heading_after_sentence = _ends_sentence(prev_line) and looks_short_heading(stripped) and (
                width is None or cells(stripped) < width - 3) and not _is_closing_mark(stripped)
            signed = split_trailing_byline(prev_line) is not None
            if full and (heading_after_sentence or signed):
                # a paragraph that ended at the column edge, or a byline broken there; after a
                # credit (…保供。（记者 蒋明睿）) only the rest of that credit continues the line
                joined = _byline_join(units[-1].text, stripped)
            elif full:
                joined = _join(units[-1].text, stripped, prev_spaced)
            elif (not units[-1].indent and units[-1].text.count("“") > units[-1].text.count("”")
                  and "”" in stripped and len(units[-1].text) <= 40):
                # a headline line wrapped inside a quotation (——…推行“一件 / 事一次办”改革见闻)
                joined = _join(units[-1].text, stripped)
            elif (layout == "indented" and units[-1].indent and not _is_sign_off(units[-1].text)
                  and not units[-1].text.startswith("·")
                  and (not _ends_sentence(units[-1].text) or _is_closing_mark(stripped))
                  and not (width is not None and _CAPTION_START_RE.match(units[-1].text))
                  and not is_list_line(units[-1].text) and not is_list_line(stripped)
                  and not _is_sign_off(stripped)
                  and (width is None or cells(text) <= width + 2)):
                # a paragraph broke off mid-sentence (an OCR split inside wrapped text, or a
                # column too short to measure), or its closing mark ((完)) fell on a line of its
                # own; a list's lines (地点：…, a table row) stand alone, and so does a caption
                # (图④：…, no full stop) that stopped short of a measured column's edge
                joined = _join(units[-1].text, stripped, prev_spaced)
        if joined is not None:
            last = units[-1]
            units[-1] = Unit(joined, last.first, number, last.gap, last.indent)
        else:
            if layout == "indented" and not indent and _lost_indent(raw, k, width):
                indent = True
            units.append(Unit(stripped, number, number, gap, indent))
        line_cells = cells(text)
        prev_line, prev_cells, prev_set = stripped, line_cells, _set_cells(text, line_cells)
        prev_spaced = text.endswith("\u3000")
    return units, layout
