"""One test per place rule of issue 3."""

from __future__ import annotations

from .conftest import HOME, article, names


def tag_one(tagger, body, title="标题"):
    (tagged,), problems = tagger.tag_all([article(body, title)])
    return tagged, problems


def test_ambiguous_township_resolved_by_county_in_record(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "江阴市城东街道开展活动。")
    assert [(t.name, t.code) for t in tagged.streets] == [("城东街道", "320281006")]
    assert "江阴市" in names(tagged.districts) and not problems


def test_ambiguous_township_resolved_by_home_region(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "城东街道北郭社区开展活动。")
    assert [(t.name, t.code) for t in tagged.streets] == [("城东街道", "320613001")]
    assert [(t.name, t.code) for t in tagged.communities] == [("北郭社区", "320613001009")]
    assert not problems


def test_ambiguous_township_without_home_is_reported_not_guessed(make_tagger):
    tagger, _ = make_tagger("places: {}\n")
    tagged, problems = tag_one(tagger, "城东街道开展活动。")
    assert tagged.streets == ()
    assert len(problems) == 1
    text = str(problems[0])
    assert text.startswith("seeds/x.txt:10: warning: record x-001: place name '城东街道' (body) is ambiguous "
                           "(32 places: 城东街道 140728002 (晋中市/平遥县), ")
    assert "and 26 more); nothing in the record or the home region picks one" in text


def test_community_rolls_up_to_street_and_district(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, _ = tag_one(tagger, "秦灶社区党总支组建队伍。")
    (community,) = tagged.communities
    assert (community.name, community.rule, community.matched, community.position) == ("秦灶社区", "gazetteer", "秦灶社区", 0)
    (street,) = tagged.streets
    assert (street.name, street.code, street.rule, street.matched) == ("秦灶街道", "320613019", "rollup", None)
    assert street.extra["from"] == "秦灶社区"
    (district,) = tagged.districts
    assert (district.name, district.code, district.rule) == ("崇川区", "320613", "rollup")


def test_explicit_mention_is_not_marked_rollup(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, _ = tag_one(tagger, "崇川区秦灶街道秦灶社区")
    assert [(t.name, t.rule) for t in tagged.districts] == [("崇川区", "gazetteer")]
    assert [(t.name, t.rule) for t in tagged.streets] == [("秦灶街道", "gazetteer")]


def test_aliases_short_forms_and_zones_from_config(make_tagger):
    tagger, problems = make_tagger(HOME + """  aliases:
    海门常乐: [海门区, 海门区 常乐镇]
    天生港镇: 天生港镇街道
  zones:
    崇川经济开发区: 观音山街道
""")
    assert problems == []
    tagged, _ = tag_one(tagger, "海门常乐诚信建设;天生港镇新闸村;崇川经济开发区海洪社区。")
    assert [(t.name, t.rule, t.matched) for t in tagged.districts if t.rule != "rollup"] == [("海门区", "alias", "海门常乐")]
    streets = {t.name: t for t in tagged.streets}
    assert streets["常乐镇"].code == "320614103" and streets["常乐镇"].rule == "alias"
    assert streets["天生港镇街道"].matched == "天生港镇"
    assert streets["观音山街道"].extra["zone"] == "崇川经济开发区"
    assert set(names(tagged.communities)) == {"新闸村", "海洪社区"}


def test_generic_words_never_tag(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "各街道、工业园区和开发区负责同志参加;以诚信建设滋养文明乡风,挖掘老城区历史底蕴。")
    assert (tagged.districts, tagged.streets, tagged.communities) == ((), (), ())
    assert problems == []


def test_listed_communities_share_the_suffix(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, _ = tag_one(tagger, "观音山街道三桥、二桥、国胜社区成立联盟。")
    assert sorted(names(tagged.communities)) == ["三桥社区", "二桥社区", "国胜社区"]
    positions = {t.name: t.position for t in tagged.communities}
    body = "观音山街道三桥、二桥、国胜社区成立联盟。"
    assert body[positions["二桥社区"]:].startswith("二桥")


def test_title_mention_has_no_body_position(make_tagger):
    tagger, _ = make_tagger(HOME)
    tagged, _ = tag_one(tagger, "活动举行。", title="永兴街道多措并举")
    (street,) = tagged.streets
    assert street.position is None and street.extra["in"] == "headline"


def test_bad_place_config_reported_at_its_line(make_tagger):
    _, problems = make_tagger(HOME + """  aliases:
    崇川: 崇川区
    某某: 不存在的街道
  zonez: {}
""")
    assert [str(p) for p in problems] == [
        "site_config.yaml:6: unknown key 'places.zonez' (did you mean 'zones'?)",
        "site_config.yaml:5: places.aliases.某某: '不存在的街道' is not in the gazetteer; "
        "write a path such as '海门区 常乐镇' or an official code",
    ]


def test_village_resolved_by_the_nearest_named_place(make_tagger):
    # 新坝村 exists in 岔河镇 and in 洋口镇 of 如东县: the township the record names decides.
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "如东县岔河镇新坝村党总支书记说。")
    assert [(t.name, t.code[:9]) for t in tagged.communities] == [("新坝村", tagged.streets[0].code)]
    assert names(tagged.streets) == ["岔河镇"] and not problems


def test_community_placed_in_another_street_is_reported_not_moved(make_tagger):
    # 东港社区 is in 永兴街道; a record that writes 陈桥街道东港社区 is not about 永兴街道.
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "陈桥街道东港社区居民王大爷说。")
    assert names(tagged.streets) == ["陈桥街道"] and tagged.communities == ()
    (problem,) = problems
    assert "'东港社区' (body) names 东港社区 320613016006 (崇川区/永兴街道), but the record places it " \
           "in 陈桥街道, which has no such community, and never names 永兴街道" in str(problem)
    # A table row keeps the street and the community side by side, spaces between.
    tagged, problems = tag_one(tagger, "日期  街道  服务站\n10月23日  和平桥街道  濠西社区卫生服务站\n"
                                       "10月27日  钟秀街道  城南社区卫生服务站")
    assert names(tagged.communities) == ["濠西社区"] and "文峰街道" not in names(tagged.streets)
    assert [p.message.split("'")[1] for p in problems] == ["城南社区"]
    # The only street a record names in the district places its communities too.
    tagged, problems = tag_one(tagger, "和平桥街道划分网格。五一社区网格党支部书记说。")
    assert names(tagged.streets) == ["和平桥街道"] and tagged.communities == () and len(problems) == 1


def test_round_up_may_name_a_community_without_its_street(make_tagger):
    # Photo captions naming several streets: 南园社区 (城东街道) is tagged and rolled up.
    tagger, _ = make_tagger(HOME)
    tagged, problems = tag_one(tagger, "图①:观音山街道绿廊\n图②:南园社区绿地\n图③:天生港镇街道新闸村公园")
    assert set(names(tagged.communities)) == {"南园社区", "新闸村"}
    assert "城东街道" in names(tagged.streets) and not problems


def test_short_names_listed_before_a_count_and_kind_word(make_tagger):
    tagger, _ = make_tagger(HOME)
    body = "崇川区在学田、任港、钟秀3个街道新建口袋公园;观音山街道三桥、二桥等社区成立联盟。"
    tagged, problems = tag_one(tagger, body)
    assert set(names(tagged.streets)) == {"学田街道", "任港街道", "钟秀街道", "观音山街道"}
    streets = {t.name: t for t in tagged.streets}
    assert (streets["学田街道"].matched, body[streets["学田街道"].position:][:2]) == ("学田", "学田")
    assert set(names(tagged.communities)) == {"三桥社区", "二桥社区"} and not problems
    # A count in Chinese numerals counts the same.
    tagged, _ = tag_one(tagger, "在学田、任港两个街道开展活动。")
    assert set(names(tagged.streets)) == {"学田街道", "任港街道"}
    # A count that does not match the list, or an item that is no such place: left alone.
    for body in ("在学田、任港3个街道开展活动。", "在学田、某某两个街道开展活动。"):
        tagged, _ = tag_one(tagger, body)
        assert tagged.streets == (), body
