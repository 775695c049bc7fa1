"""Properties of parsing and tagging any text (issue 14): arbitrary Unicode in any line structure
never crashes the parser or the tagger, every character is conserved (see
``tests/parser/test_conservation.py``), and every tag points at text that is really there."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.config import SiteConfig
from gazette.errors import GazetteError
from gazette.ingest import parse_issue
from gazette.tag import TAG_FIELD, build_tagger
from tests.parser.test_conservation import assert_conserved

# Words the tagger reacts to, mixed into arbitrary text so that tags are actually produced.
VOCABULARY = ["崇川区", "和平桥街道", "城东街道", "秦灶社区", "南通市", "江苏省", "海门区常乐镇", "“红色物业”",
              "“三聚三提”活动", "开展“网格连心”行动", "《崇川区基层治理三年行动计划》", "本报讯", "·金驰·",
              "4月7日", "2023年", "记者 杨阳", "图①:", "　　", "——", "“", "”", "《", "》"]
LINE_ENDS = ["\n", "\n", "\n\n", "\r\n", "\r", "\n\f\n", "\n\n\n"]

any_chars = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=30)
piece = st.one_of(any_chars, st.sampled_from(VOCABULARY))
line = st.builds("".join, st.lists(piece, max_size=6))


@st.composite
def any_issue(draw) -> str:
    """Lines of arbitrary Unicode and tagger vocabulary, joined by any mix of line ends."""
    lines = draw(st.lists(line, min_size=1, max_size=12))
    ends = draw(st.lists(st.sampled_from(LINE_ENDS), min_size=len(lines), max_size=len(lines)))
    return "".join(text + end for text, end in zip(lines, ends))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_issue())
def test_any_line_structure_is_conserved(text):
    assert_conserved(text)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(texts=st.lists(any_issue(), min_size=1, max_size=3))
def test_tags_point_at_text_that_is_there(texts, gazetteer, tokenizer):
    config = SiteConfig(places={"home": {"province": "江苏省", "city": "南通市", "district": "崇川区"}})
    tagger, problems = build_tagger(config, tokenizer, gazetteer)
    assert not problems
    articles = []
    for n, text in enumerate(texts):
        try:
            result = parse_issue(text.encode("utf-8"), f"seeds/gen{n}.txt", f"gen{n}")
        except GazetteError:
            continue
        articles.extend(result.articles)
    tagged, _ = tagger.tag_all(articles)
    assert [a.id for a in tagged] == [a.id for a in articles]
    for article in tagged:
        heads = [article.title, *article.headlines]
        for field in (*TAG_FIELD.values(), "programs", "documents"):  # places, then the rest
            for tag in getattr(article, field):
                assert tag.name, tag
                if tag.rule == "rollup":
                    assert tag.matched is None and tag.position is None
                    continue
                assert tag.matched, tag
                if tag.position is not None:
                    assert article.body[tag.position:tag.position + len(tag.matched)] == tag.matched, tag
                else:
                    assert any(tag.matched in h for h in heads), (tag, heads)
