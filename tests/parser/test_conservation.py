"""Text conservation: every non-blank character of an issue file ends up in exactly one record
or in the issue's metadata. Checked on the real seeds and on generated issue files."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.errors import GazetteError
from gazette.ingest import markdown_unescape, parse_issue
from gazette.textclean import strip_unsafe

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def nonblank(text: str) -> Counter:
    return Counter(ch for ch in text if not ch.isspace())


def accounted(result) -> Counter:
    """Every character the parser put somewhere: metadata, headlines, bodies, bylines as printed.
    (Titles are not counted: they repeat a headline or, for photos, the first sentence.)"""
    parts = [f.text for f in result.issue.furniture]
    for a in result.articles:
        parts.extend(a.headlines)
        for block in a.body.split("\n\n"):
            parts.append(markdown_unescape(re.sub(r"^## ", "", block)))
        parts.extend(result.bylines[a.id])
    return nonblank("".join(parts))


def squeezed(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace())


def is_subsequence(part: str, whole: str) -> bool:
    chars = iter(whole)
    return all(ch in chars for ch in part)


def assert_in_order(text: str, result, order: str | None) -> None:
    """Each title is printed text of its own span (a cut photo title up to its ellipsis).
    ``order`` "spans": records also follow the file (each span starts where the one before
    ends, or later). "strict": also every title is non-empty and a record's headlines and body
    keep the order of the span's characters (not so where the parser repairs a page, moving a
    stray line back into its paragraph, so the seeds get "spans"; the issue 18 cases fail it)."""
    # control characters and bidi overrides are removed when a seed is read (issue 14), lines kept
    text = strip_unsafe(text, "seeds/gen.txt", keep_form_feeds=True)[0]
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    last = 1
    for a in result.articles:
        first, end = a.source.first, a.source.last
        assert 1 <= first <= end <= len(lines), (a.id, (first, end))
        span = squeezed("\n".join(lines[first - 1:end]))
        title = squeezed(a.title).removesuffix("…")  # a photo's long first sentence is cut
        assert title in span, (a.id, a.title)
        if order is None:
            continue
        assert first >= last, (a.id, "printed above the record before it", (first, end), last)
        last = end
        if order == "strict":
            blocks = [*a.headlines, *(markdown_unescape(re.sub(r"^## ", "", b)) for b in a.body.split("\n\n"))]
            assert title, (a.id, "no title")
            assert is_subsequence(squeezed("".join(blocks)), span), (a.id, "text out of order")


def assert_conserved(text: str, *, valid: bool = False, order: str | None = None) -> None:
    """Every non-blank character of ``text`` is accounted for once, titles come from their
    record's lines, and ``order`` (see assert_in_order) holds; ``valid`` text must be accepted (a parser refusing everything would otherwise conserve trivially)."""
    try:
        result = parse_issue(text.encode("utf-8"), "seeds/gen.txt", "gen")
    except GazetteError as exc:
        assert not valid, f"valid text refused: {exc}"
        return  # refused as a whole, with a message: nothing half-parsed
    # A leading U+FEFF encoded as UTF-8 is the file's byte order mark, not a character of its text.
    # Control characters and bidi overrides are removed on reading, each line reported (issue 14).
    kept, removed = strip_unsafe(text.removeprefix("\ufeff"), "seeds/gen.txt", keep_form_feeds=True)
    assert [p for p in result.problems if "cannot be shown" in p.message] == removed
    got, want = accounted(result), nonblank(kept)
    assert got - want == Counter(), f"added or duplicated: {dict(got - want)}"
    assert want - got == Counter(), f"dropped: {dict(want - got)}"
    assert result.articles or not valid, "valid text gave no record"
    assert_in_order(text, result, order)


def test_seeds_are_conserved():
    assert len(SEEDS) >= 5
    for path in SEEDS:
        assert_conserved(path.read_text(encoding="utf-8"), valid=True, order="spans")


HANZI = "崇川区社区街道党建网格服务红色物业治理工作居民志愿者活动开展推进提升建设会议指出要坚持新时代文明实践"
NAMES = ["金驰", "杨阳", "戴畅", "马琴", "张培", "倪雯", "袁晓婕", "颜朝猛", "陈浩"]
words = st.text(alphabet=HANZI, min_size=2, max_size=12)
clause = st.builds(lambda ws: "".join(ws), st.lists(words, min_size=1, max_size=4))


@st.composite
def paragraph(draw):
    clauses = draw(st.lists(clause, min_size=1, max_size=6))
    text = ",".join(clauses) + draw(st.sampled_from(["。", "。", "?", "!", "”", ""]))
    if draw(st.booleans()):
        text = "“" + text
    if draw(st.booleans()) and len(text) > 4:  # an OCR split somewhere in the paragraph
        cut = draw(st.integers(1, len(text) - 1))
        text = text[:cut] + "\n" * draw(st.integers(1, 4)) + text[cut:]
    return text


@st.composite
def byline(draw):
    names = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3))
    form = draw(st.sampled_from(["dots", "bare", "roles", "credit"]))
    if form == "dots":
        return "·" + " ".join(names) + "·"
    if form == "roles":
        return "本报记者 " + " ".join(names)
    if form == "credit":
        return " ".join(names) + " 文/图"
    return " ".join(names)


@st.composite
def list_line(draw):
    form = draw(st.sampled_from(["field", "row", "schedule", "slogan", "name", "issuer"]))
    if form == "field":
        return draw(st.sampled_from(["时间", "地点", "咨询电话", "联系人"])) + ":" + draw(words)
    if form == "row":
        return "  ".join(draw(st.lists(words, min_size=3, max_size=4)))
    if form == "schedule":
        return "10月24日 8:00—16:00 " + draw(words)
    if form == "slogan":
        return "共建" + draw(words) + " 共享" + draw(words)
    if form == "issuer":
        return draw(words) + "委员会"
    return draw(st.sampled_from(NAMES))


@st.composite
def issue_text(draw):
    blocks: list[str] = []
    if draw(st.booleans()):
        blocks.append("2021年12月23日 星期四\n责任编辑:钟勇 潘瑞凯")
    for _ in range(draw(st.integers(1, 4))):
        heads = draw(st.lists(words, min_size=0, max_size=3))
        if heads and draw(st.booleans()):
            heads[0] += "——"
        blocks.extend(heads)
        blocks.extend(draw(st.lists(paragraph(), min_size=1, max_size=5)))
        if draw(st.booleans()):
            blocks.append(draw(st.sampled_from(["图①:", "图②:"])) + draw(words))
        if draw(st.booleans()):
            blocks.append(draw(byline()))
        if draw(st.integers(0, 3)) == 0:  # list-like lines: poems, notices, tables, slogans
            blocks.extend(draw(st.lists(list_line(), min_size=1, max_size=4)))
    sep = draw(st.sampled_from(["\n\n", "\n\n\n", "\r\n\r\n", "\n\f\n"]))
    return sep.join(blocks) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(issue_text())
def test_generated_issues_are_conserved(text):
    assert_conserved(text, valid=True)


# Found by the strict checks above on generated issues (hypothesis); the parser is issue 18's.
PARSER_BUGS = {
    "a field line after a byline becomes a photo record with an empty title": "业业。\n\n·金驰·\n\n时间:业业\n",
    "a lone quote mark line makes the title '“' and moves the next paragraph's text before it":
        "“\n网升党街实出。\n\n“业业。\n\n·金驰·\n\n时间:业业\n",
    "a one-character first line becomes a notice numbered after the record below it (ids follow print order)":
        "推\n红服开设?\n\n金驰\n\n业业\n\n业业\n\n业业\n\n业业。\n\n时间:业业\n",
}


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="issue 18: parser bugs found by the order checks")
@pytest.mark.parametrize("text", list(PARSER_BUGS.values()), ids=list(PARSER_BUGS))
def test_generated_issue_keeps_titles_and_order(text):
    assert_conserved(text, valid=True, order="strict")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_any_text_is_conserved_or_refused(text):
    assert_conserved(text)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_are_refused_with_a_message(data):
    try:
        parse_issue(data, "seeds/x.txt", "x")
    except GazetteError as exc:
        assert str(exc).startswith("seeds/x.txt")
