"""Input variants: each encoding and layout an issue file arrives in parses to the same records."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from pathlib import Path

import pytest

from gazette.config import IssueMeta
from gazette.errors import GazetteError
from gazette.ingest import markdown_unescape, parse_issue
from gazette.ingest.layout import cells

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_FILES = sorted(SEEDS.glob("*.txt"))
FULL_WIDTH = str.maketrans({",": "，", "?": "？", ":": "：", "(": "（", ")": "）", ";": "；", "!": "！"})


def summary(result, normalise=lambda s: s):
    return [(a.kind, normalise(a.title), [normalise(h) for h in a.headlines], list(a.byline),
             normalise(a.body), a.date) for a in result.articles]


def parse(data: bytes, name="seeds/x.txt"):
    return parse_issue(data, name, "x")


@pytest.fixture(params=SEED_FILES, ids=[p.name for p in SEED_FILES])
def seed(request) -> bytes:
    return request.param.read_bytes()


def test_utf8_with_bom(seed):
    result = parse(codecs.BOM_UTF8 + seed)
    assert result.issue.encoding == "utf-8-sig"
    assert summary(result) == summary(parse(seed))


def test_gb18030(seed):
    result = parse(seed.decode("utf-8").encode("gb18030"))
    assert result.issue.encoding == "gb18030"
    assert summary(result) == summary(parse(seed))


def test_gb18030_with_bom(seed):
    result = parse(("\ufeff" + seed.decode("utf-8")).encode("gb18030"))
    assert result.issue.encoding == "gb18030"
    assert summary(result) == summary(parse(seed))


def test_crlf_line_ends(seed):
    result = parse(seed.replace(b"\n", b"\r\n"))
    assert summary(result) == summary(parse(seed))
    assert [a.source for a in result.articles] == [a.source for a in parse(seed).articles]


def test_form_feeds_between_pages(seed):
    # A page break where the export left a wide gap (two or more blank lines): same records.
    text = seed.decode("utf-8")
    paged = re.sub(r"\n(\s*\n){2,}", "\n\f\n", text)
    assert paged != text or "\n\n\n" not in text
    result = parse(paged.encode("utf-8"))
    assert summary(result) == summary(parse(seed))


def test_full_width_punctuation(seed):
    result = parse(seed.decode("utf-8").translate(FULL_WIDTH).encode("utf-8"))
    back = lambda s: unicodedata.normalize("NFKC", s)  # noqa: E731 - compare modulo width
    assert summary(result, back) == summary(parse(seed), back)


def hard_wrap(result, width: int = 40, source: str | None = None) -> str:
    """Typeset parsed records the way older OCR output looks: hard-wrapped at a column width (in
    half-em cells), paragraphs indented with two ideographic spaces, no blank lines. A Latin word
    is never broken at the column edge (it moves to the next line whole). Each record's credits are
    printed as they were (本报记者 朱琳 摄 keeps the photographer's role): given the ``source``
    text the records were parsed from, where they were, on a line under the headline or in the
    lede (本报讯（记者 X）…); else, and for credits at the end of the text, on a line at the end.
    A notice (a slogan) is set centred."""
    out: list[str] = []
    lines = source.split("\n") if source is not None else []

    def wrap(text: str, indent: str) -> None:
        line, w = indent, cells(indent)
        for token in re.findall(r"[A-Za-z]+|.", text, re.S):
            tw = cells(token)
            if w + tw > width and line.strip():
                out.append(line)
                line, w = "", 0
            line += token
            w += tw
        out.append(line)

    for a in result.articles:
        blocks = [markdown_unescape(b) for b in a.body.split("\n\n")]
        span = [line.strip() for line in lines[a.source.first - 1:a.source.last]]
        raws = result.bylines.get(a.id, ())
        first = blocks[0].removeprefix("## ")[:4]
        start = next((k for k, line in enumerate(span)
                      if first in functools.reduce(lambda text, raw: text.replace(raw, ""), raws, line)),
                     len(span))
        above, below = [], []
        for raw in raws:
            at = next((k for k, line in enumerate(span) if raw in line), None)
            prefix = span[at].split(raw)[0] if at is not None else ""
            if at is not None and span[at] == raw and at < start:
                above.append(raw)
            elif at == start and (prefix or span[at].startswith(raw)) and blocks[0].startswith(prefix):
                blocks[0] = prefix + raw + blocks[0][len(prefix):]  # 本报讯（记者 X）…, 记者 X 报道：…
            else:
                below.append(raw)
        out.extend(a.headlines)
        out.extend(above)
        for block in blocks:
            if a.kind == "notice":
                out.append("\u3000" * 3 + block)  # a slogan is set centred, not indented
            elif block.startswith("## "):
                out.append(block[3:])
            else:
                wrap(block, "\u3000\u3000")
        out.extend(below)
    return "\n".join(out) + "\n"


def _nospace(text: str) -> str:
    # A space that falls at a line end is lost in hard-wrapped text (the typesetter drops it):
    # compare without spaces between Chinese characters.
    return re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text)


def _records(result):
    return [(a.kind, _nospace(a.title), list(a.byline), _nospace(a.body)) for a in result.articles]


def _resettable_inputs() -> list[tuple[str, str]]:
    """(id, text) of every seed file, and of every fixture case (but known failures) that is
    written in the blank-line layout and whose records all end at a byline, but the last,
    which ends with the text. Re-set hard-wrapped, a page has no blank lines: a record with no
    credit (an unsigned brief, a photo, a slogan) has nothing left to end it but a guess from
    the next record's headline, so cases with such records in the middle are left out. The
    seeds are real pages: all of them are re-set, the unsigned records between others too."""
    from .test_fixtures import CASES, KNOWN_FAILURE
    inputs = [(p.name, p.read_text(encoding="utf-8")) for p in SEED_FILES]
    for case in CASES:
        if case.title.startswith(KNOWN_FAILURE):
            continue
        result = parse(case.input.encode("utf-8"))
        if result.issue.layout == "blank-lines" and all(a.byline for a in result.articles[:-1]):
            inputs.append((case.id, case.input))
    return inputs


RESET_WIDTHS = (18, 22, 26, 30)
"""Column widths (ems) the pages are re-set at: a narrow column to a broad page's."""

NOT_RESETTABLE = {
    # (input, width in ems, or None for every width): why it cannot read the same hard-wrapped.
    # Poems: hard_wrap sets each line of verse as an indented paragraph, and a poem is signed
    # under its title, not at its end: its last line and the next record's headline, or the
    # next poem's title, have nothing between them.
    ("boundaries.txt:413", None): "poems: verse lines and the next title run together",
    ("boundaries.txt:530", None): "a poem's last line runs into the article headline under it",
    ("unseen2.txt:632", None): "a 副刊 page of poems: verse lines and titles run together",
    # An OCR fragment printed before the paragraph it ends: the parser moves it and leaves the
    # first paragraph open (…用心工). Re-set from the repaired records the fragment is gone, so
    # the open paragraph runs on into the next (in any layout, not only hard-wrapped).
    ("repair.txt:58", None): "an open paragraph over a subhead: the fragment that explained it is gone",
    ("repair.txt:78", None): "an open paragraph: the fragment that explained it is gone",
    ("004_01c548c15f85f51b.txt", None): "the page repair.txt:78 comes from (…用心工 / 有所提升。)",
    # One paragraph whose only full line ends a sentence (…有效。” / 社区基层治理…): with one
    # full line the column cannot be measured, so the next, unindented line may as well start a
    # paragraph whose indent the OCR lost.
    ("boundaries.txt:79", 26): "column unmeasurable: a sentence ends at the edge of the one full line",
    ("unseen.txt:473", 26): "column unmeasurable: a sentence ends at the edge of the one full line",
    ("unseen.txt:727", 26): "column unmeasurable: a sentence ends at the edge of the one full line",
    ("boundaries.txt:222", 30): "column unmeasurable: a sentence ends at the edge of the one full line",
    # A table's rows (two spaces between cells) are wider than an 18-em column: hard_wrap wraps
    # them, which no typesetter does, and a wrapped row's tail (8.3%) reads as a headline.
    ("unseen11.txt:169", 18): "table rows wider than the column, wrapped mid-row",
}

_RESET = [
    pytest.param(name, text, width, id=f"{name}@{width}em", marks=[pytest.mark.xfail(
        strict=True, raises=AssertionError, reason=NOT_RESETTABLE.get((name, width)) or NOT_RESETTABLE[(name, None)])]
        if (name, width) in NOT_RESETTABLE or (name, None) in NOT_RESETTABLE else [])
    for name, text in _resettable_inputs() for width in RESET_WIDTHS
]


@pytest.mark.parametrize("name, text, width", _RESET)
def test_hard_wrapped_indented_layout(name, text, width):
    """Each seed page and each resettable fixture case (see :func:`_resettable_inputs`),
    re-set the way older OCR output looks (paragraphs indented with two ideographic spaces and
    hard-wrapped at the column width, no blank lines), reads as the same records: kind, title,
    byline and body, modulo spaces between Chinese characters."""
    original = parse(text.encode("utf-8"))
    result = parse(hard_wrap(original, 2 * width, text).encode("utf-8"))
    assert result.issue.layout == "indented"
    assert _records(result) == _records(original)


def test_not_resettable_entries_name_inputs():
    names = {name for name, _ in _resettable_inputs()}
    assert {name for name, _ in NOT_RESETTABLE} <= names
    assert {width for _, width in NOT_RESETTABLE} <= {None, *RESET_WIDTHS}


def test_config_date_wins_over_masthead():
    data = "2021年12月23日 星期四\n\n标题一行\n\n21日,开展活动。\n".encode("utf-8")
    result = parse_issue(data, "seeds/x.txt", "x", IssueMeta(date="2021-12-24", publication="新华日报"))
    assert (result.issue.date, result.issue.date_source, result.issue.publication) == \
        ("2021-12-24", "config", "新华日报")
    assert [(a.date, a.date_source) for a in result.articles] == [("2021-12-24", "config")]


@pytest.mark.parametrize("data, message", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "seeds/x.txt:3: binary data (a NUL byte), not an issue text "
     "file; remove it from seeds/ or export the issue as plain text"),
    ("标题\n\n正文。\n".encode("utf-8") + b"\xff\xfe\xfd\n", "seeds/x.txt:4: cannot decode byte 0xff as "
     "UTF-8 or GB18030; save the file as UTF-8 (or GB18030) text and build again"),
    (b"\x01\x02\x03\x04\x05\x06\x07\x08" * 20, "seeds/x.txt:1: looks binary (160 control characters), "
     "not an issue text file; remove it from seeds/ or export the issue as plain text"),
])
def test_undecodable_or_binary_input_is_refused(data, message):
    with pytest.raises(GazetteError) as info:
        parse(data)
    assert str(info.value) == message


def _fixture_cases():
    from .test_fixtures import CASES, KNOWN_FAILURE
    return [c for c in CASES if not c.title.startswith(KNOWN_FAILURE)]


@pytest.mark.parametrize("case", _fixture_cases(), ids=lambda c: c.id)
def test_fixture_cases_parse_the_same_in_other_variants(case):
    # The fixture format is UTF-8 with LF; issue files also arrive as GB18030 with CRLF line ends,
    # with form feeds where a page left a wide gap, and with full-width punctuation.
    plain = parse(case.input.encode("utf-8"))
    result = parse(case.input.replace("\n", "\r\n").encode("gb18030"))
    assert summary(result) == summary(plain)
    assert [a.source for a in result.articles] == [a.source for a in plain.articles]
    paged = re.sub(r"\n(\s*\n){2,}", "\n\f\n", case.input)
    assert summary(parse(paged.encode("utf-8"))) == summary(plain)
    back = lambda s: unicodedata.normalize("NFKC", s)  # noqa: E731 - compare modulo width
    full_width = parse(case.input.translate(FULL_WIDTH).encode("utf-8"))
    assert summary(full_width, back) == summary(plain, back)


def test_chinese_numerals_in_dates_and_nonsense_numerals():
    """Dates in Chinese numerals are read; a numeral run that is no number (一二月) is left as
    written instead of stopping the parse (it raised KeyError before the parser and the tagger
    shared gazette.numerals)."""
    from gazette.ingest.dates import arabic_dates
    from gazette.numerals import chinese_number

    assert [chinese_number(t) for t in ["五", "十", "十二", "二十", "三十一", "两"]] == [5, 10, 12, 20, 31, 2]
    assert [chinese_number(t) for t in ["", "一二", "十十", "三十一二", "百"]] == [None] * 5
    assert arabic_dates("二〇二二年十二月三十一日") == "2022年12月31日"
    assert arabic_dates("二〇二二年一二月一日") == "二〇二二年一二月一日"
    result = parse("二〇二二年一二月一日\n\n标题一行\n\n正文一段。\n\n·金驰·\n".encode("utf-8"))
    assert result.issue.date is None and "正文一段。" in "".join(a.body for a in result.articles)
