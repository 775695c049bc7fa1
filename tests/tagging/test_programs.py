"""One test per program rule of issue 3."""

from __future__ import annotations

from gazette.programs import review_yaml

from .conftest import HOME, article

PROGRAMS = HOME + """programs:
  threshold: 2.5
  rejected: [锦上添花]
  authority:
    - name: 双报到·通通在
      kind: platform
      aliases: [“通通在”双报到平台]
      quoted_only: [双报到, 通通在]
    - name: 三聚三提
      kind: campaign
      scope: 崇川区
"""


def programs_of(tagger, body, title="标题"):
    (tagged,), _ = tagger.tag_all([article(body, title)])
    return {t.name: t for t in tagged.programs}


def test_rejected_idiom_is_not_a_program(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    found = programs_of(tagger, "打造“锦上添花”活动,开展“大合唱”活动。")
    # 锦上添花 is rejected by the config; 大合唱 by the jieba-dictionary penalty alone.
    assert "锦上添花" not in found and "大合唱" not in found


def test_alias_maps_to_canonical_name(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    found = programs_of(tagger, "通过“通通在”双报到平台,召集在职党员。")
    tag = found["双报到·通通在"]
    assert (tag.rule, tag.reviewed, tag.matched, tag.extra["kind"]) == ("curated", True, "“通通在”双报到平台", "platform")
    assert "通通在" not in found


def test_quoted_only_alias_counts_only_inside_quotes(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "双报到·通通在" in programs_of(tagger, "这次“双报到”是光荣任务。")
    assert "双报到·通通在" not in programs_of(tagger, "单位党组织进社区双报到。")


def test_scope_limits_a_program_to_its_place(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "三聚三提" in programs_of(tagger, "崇川区“三聚三提”活动启动。")
    assert "三聚三提" not in programs_of(tagger, "无锡市梁溪区“三聚三提”活动启动。")


def test_discovered_program_is_tagged_unreviewed(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    body = "崇川区以“紫琅千将锻造工程”为抓手,开展“四季讲堂”系列活动。"
    found = programs_of(tagger, body)
    tag = found["紫琅千将锻造工程"]
    assert (tag.rule, tag.reviewed, tag.extra["kind"]) == ("discovered", False, "project")
    assert body[tag.position:tag.position + len(tag.matched)] == "紫琅千将锻造工程"
    assert tag.extra["score"] >= 2.5
    assert found["四季讲堂"].extra["kind"] == "campaign"


def test_quoted_speech_and_metaphors_are_not_discovered(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    found = programs_of(tagger, "“今天是我们参加的第三场活动了。”他说。让物管“飘红”、民生“疏堵”。")
    assert found == {}


def test_documents_are_their_own_kind_of_tag(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    body = "会议研究了《崇川区质量提升三年行动计划(讨论稿)》,启动“紫琅千将锻造工程”。"
    (tagged,), _ = tagger.tag_all([article(body, "学习《条例》")])
    assert [t.name for t in tagged.programs] == ["紫琅千将锻造工程"]
    assert [(t.name, t.matched, t.position, t.rule, t.reviewed, t.extra) for t in tagged.documents] == [
        ("条例", "条例", None, "title-marks", True, {"in": "headline"}),
        ("崇川区质量提升三年行动计划(讨论稿)", "崇川区质量提升三年行动计划(讨论稿)", 6, "title-marks", True, {}),
    ]


def test_review_queue_is_deterministic_and_sorted(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    records = [article("打造“芽儿青”社区花园营造小分队,“锦上添花”,比喻“独角戏”。"),
               article("启动“崇善善为”干部能力提升工程。")]
    first = review_yaml(tagger.review(records), 2.5)
    assert first == review_yaml(tagger.review(list(records)), 2.5)
    names = [line.split(": ", 1)[1] for line in first.splitlines() if line.startswith("- name: ")]
    assert names[:2] == ["崇善善为", "芽儿青"] and "独角戏" in names and "锦上添花" not in names


def test_bad_program_config_reported_at_its_line(make_tagger):
    _, problems = make_tagger("""programs:
  authority:
    - name: 红色物业
      kind: slogan
    - name: 红管家
      aliasez: [物业红管家]
""")
    assert [str(p) for p in problems] == [
        "site_config.yaml:4: program '红色物业': kind 'slogan' is not one of campaign, project, brand, "
        "platform, mechanism, team, event",
        "site_config.yaml:6: unknown key 'aliasez' in program '红管家' (did you mean 'aliases'?)",
    ]


# -- discovery rules that generalise beyond the seeds (issue 3, held-out evaluation) --------

def scored(tagger, body, name):
    """The discovery score of the first quoted ``name`` in ``body`` (counted once)."""
    quote = next(q for q in tagger.programs.candidates(body) if q.text == name)
    return tagger.programs.score(body, quote, 1)


def test_more_cue_words_and_trigger_verbs(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert scored(tagger, "居民开展“美丽庭院”评比。", "美丽庭院").kind == "event"
    assert "cue APP" in scored(tagger, "区里还开发了“崇川邻里”APP,居民动动手指。", "崇川邻里").reasons
    found = programs_of(tagger, "崇川区推出“濠河夜市”“寺街文化夜”等系列活动。")
    assert {"濠河夜市", "寺街文化夜"} <= set(found)
    assert "trigger" in scored(tagger, "街道持续擦亮“学田先锋”党建品牌。", "学田先锋").reasons


def test_council_class_and_team_names_by_their_ending(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    found = programs_of(tagger, "社区“红色议事厅”邀请居民协商。“银发课堂”每周开课。幸福街道成立“银发宣讲团”。")
    assert {n: found[n].extra["kind"] for n in found} == {
        "红色议事厅": "mechanism", "银发课堂": "event", "银发宣讲团": "team"}


def test_frame_with_a_handle_is_strong_evidence(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "网格党建" in programs_of(tagger, "今年以来,和平桥街道以“网格党建”为抓手,划分综合网格。")
    assert "为民服务" not in programs_of(tagger, "今年以来,街道以“为民服务”为主题,开展宣讲。")


def test_de_before_a_cue_noun_is_no_penalty(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "followed by 的" not in scored(tagger, "明确“五转三融三保留”的工作机制。", "五转三融三保留").reasons
    assert "followed by 的" in scored(tagger, "居民告别了“逢雨必淹”的烦恼。", "逢雨必淹").reasons


def test_phrases_counts_roles_and_festivals_are_no_names(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    found = programs_of(tagger, "在“行走的课堂”里成长。崇川区出台优化营商环境“20条”,推行“20条”。"
                                "街道组建“红色代办员”队伍。委员单位举办“国庆、中秋”双节晚会。")
    assert found == {}


def test_a_list_of_titles_before_an_award_cue_is_not_programs(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert programs_of(tagger, "常乐镇积极开展“诚信小超市”“诚信种植户”等评选、表彰活动。") == {}
    assert "最美家庭医生" in programs_of(tagger, "崇川区启动第五届“最美家庭医生”评选活动。")


def test_a_series_on_one_festival_is_tagged_as_the_series(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    body = "秦灶街道开展“我们的节日·端午”主题活动。"
    tag = programs_of(tagger, body)["我们的节日"]
    assert (tag.matched, tag.rule, tag.reviewed) == ("我们的节日·端午", "discovered", False)
    assert body[tag.position:tag.position + len(tag.matched)] == tag.matched


def test_a_part_of_a_quoted_compound_is_tagged_as_the_compound(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    records = [article("社区开展“文明餐桌·光盘行动”宣传活动。"), article("餐饮店启动“光盘行动”宣传活动。")]
    tagged, _ = tagger.tag_all(records)
    assert [[(t.name, t.matched) for t in a.programs] for a in tagged] == [
        [("文明餐桌·光盘行动", "文明餐桌·光盘行动")], [("文明餐桌·光盘行动", "光盘行动")]]
    # Without the compound in the corpus, the part is a program of its own.
    (alone,), _ = tagger.tag_all(records[1:])
    assert [t.name for t in alone.programs] == ["光盘行动"]


def test_an_abbreviation_qualifying_a_noun_is_no_program(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    body = "街道举办“两新”组织党务工作者培训班。再次举办“两新”组织培训班。"
    assert "qualifier" in scored(tagger, body, "两新").reasons
    assert programs_of(tagger, body) == {}


def test_a_name_discovered_in_one_record_is_tagged_where_another_quotes_it_bare(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    records = [article("街道“网格议事厅”议出幸福事。"), article("为网格员配备“网格通”手机终端。"),
               article("网格员通过“网格通”平台流转至相关部门。")]
    tagged, _ = tagger.tag_all(records)
    assert [[t.name for t in a.programs] for a in tagged] == [["网格议事厅"], ["网格通"], ["网格通"]]
    bare = tagged[1].programs[0]
    assert bare.extra["score"] < 2.5 <= bare.extra["score_elsewhere"] and bare.extra["kind"] == "platform"
    (alone,), _ = tagger.tag_all(records[1:2])
    assert alone.programs == ()


def test_construction_and_development_verbs(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "平安网格" in programs_of(tagger, "崇川区深入推进“平安网格”建设。")
    assert "崇川邻里" in programs_of(tagger, "崇川区还开发了“崇川邻里”APP,居民动动手指就能预约家政。")


def test_a_title_with_a_possessive_is_a_name(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "phrase with 的" not in scored(tagger, "开展“我们的节日”主题活动。", "我们的节日").reasons


def test_an_unquoted_column_title_in_a_headline(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    (tagged,), _ = tagger.tag_all([article("清明节前夕,钟秀街道推出网上祭扫服务。", "我们的节日·清明")])
    assert [(t.name, t.matched, t.position, t.extra.get("in")) for t in tagged.programs] == [
        ("我们的节日", "我们的节日·清明", None, "headline")]
    records = [article("居民参加“我们的节日·中秋”活动。", "我们的节日·精神的家园"), article("正文。", "学雷锋·树新风")]
    tagged, _ = tagger.tag_all(records)
    assert [[t.name for t in a.programs] for a in tagged] == [["我们的节日"], ["学雷锋·树新风"]]
    # In a body, 甲·乙 without quotes is no name.
    assert programs_of(tagger, "学雷锋·树新风") == {}


def test_a_development_zone_is_not_the_verb_develop(make_tagger):
    tagger, _ = make_tagger(PROGRAMS)
    assert "trigger" not in scored(tagger, "图①:崇川经济开发区“观音绿廊”绿化工程", "观音绿廊").reasons
    assert "trigger" in scored(tagger, "区里开发了“崇川邻里”APP", "崇川邻里").reasons


def test_a_name_said_once_with_its_program_word_right_after_it(make_tagger):
    """Issue 18: a quoted name with the word for a program printed right after it, or one the
    sentence calls a brand, is a program on its only mention (at the default threshold); the
    same name with 服务 meaning a quality (服务理念) or the word further off is not."""
    tagger, _ = make_tagger(HOME)
    said_once = {
        "3月8日，和平街道牵头辖区12家单位成立“江海红”党建联盟，开展共建。": "江海红",
        "近日，光明社区组织志愿者开展“银龄守护”志愿服务，为独居老人检修电器。": "银龄守护",
        "他所在的“银发先锋”宣讲队已发展到32人。": "银发先锋",
        "该院开通“智慧陪诊”服务，老年患者可预约志愿者陪同就诊。": "智慧陪诊",
        "现场签约项目12个，“东台西瓜”区域公用品牌价值超过50亿元。": "东台西瓜",
        "秦灶街道推出的“濠滨夜话”，已成为当地群众喜闻乐见的宣讲品牌。": "濠滨夜话",
        "2月20日，我市召开推进会，部署今年“千村示范”工程建设任务。": "千村示范",
    }
    for body, name in said_once.items():
        assert name in programs_of(tagger, body), body
    for body in ["深刻践行“贴心为民”服务理念，以街道党组织为核心。",
                 "多下“绣花功夫”，把每一个村庄的个性和特色留住。",
                 "在“红色驿站”里歇歇脚。"]:
        assert not programs_of(tagger, body), body


def test_redteam_pages_programs_and_records():
    """Issue 18's blind red-team pages, parsed and tagged as a build does (repository config):
    the scores measure_redteam.py prints stay at the issue's bar. Before the issue's changes
    records found were 0.67 with 7 merges, bylines 0.43 and program recall 0.39 on unseen12."""
    from tests.parser.measure_redteam import _tagger, measure

    t = measure(["unseen12", "unseen13", "unseen14", "unseen15"], tagger=_tagger())
    assert t["found"] / t["expected"] >= 0.97 and t["extra"] == 0, t
    assert t["bylines_ok"] / t["bylines"] >= 0.95 and t["subheads_ok"] == t["subheads"], t
    assert t["tp"] / (t["tp"] + t["fp"]) >= 0.9 and t["tp"] / (t["tp"] + t["fn"]) >= 0.8, t
