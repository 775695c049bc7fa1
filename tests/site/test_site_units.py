"""URL planning, topics, body links, citations and the problems render_site reports."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from gazette.citation import gbt7714, news_article, page_number, script_json
from gazette.config import SiteConfig, load_config
from gazette.records import Article, Issue, SourceSpan, Tag
from gazette.render import make_environment, make_markdown, render_body, render_page
from gazette.site import month_span, render_site
from gazette.urls import assign_slugs, pinyin_slug, root_of
from tests.site.archive import DATA, load_records

ISSUE = Issue(id="100_x", source="seeds/100_x.txt", encoding="utf-8", layout="blank-lines",
              date="2023-04-07", publication="崇川新闻", edition="第5版")


def make_article(seq=1, **kw):
    base = dict(id=f"100_x-{seq:03d}", issue="100_x", seq=seq, source=SourceSpan("seeds/100_x.txt", seq * 10, seq * 10 + 5),
                kind="article", title=f"标题{seq}", body="正文。")
    base.update(kw)
    return Article(**base)


@pytest.fixture(scope="module")
def records():
    config, _ = load_config(DATA / "site_config.yaml")
    issues, articles = load_records(DATA / "articles")
    return config, issues, articles


def test_pinyin_slugs_are_ascii_and_readable():
    assert pinyin_slug("崇川区") == "chong-chuan-qu"
    assert pinyin_slug("“红堡利民”网格") == "hong-bao-li-min-wang-ge"
    assert pinyin_slug("吕四港镇") == "lv-si-gang-zhen"
    assert pinyin_slug("5G+智慧社区") == "5g-zhi-hui-she-qu"
    assert re.fullmatch(r"[0-9a-f]{6}", pinyin_slug("“”"))  # nothing to spell: a hash
    assert pinyin_slug("index") != "index"  # would collide with the folder's own index page


def test_colliding_slugs_are_told_apart_independently_of_order():
    names = ["章伟", "张伟", "李明"]
    slugs = assign_slugs(names)
    assert slugs == assign_slugs(list(reversed(names)))
    assert slugs["张伟"] == "zhang-wei" and slugs["李明"] == "li-ming"
    assert re.fullmatch(r"zhang-wei-[0-9a-f]{6}", slugs["章伟"])


def test_root_of_counts_folders():
    assert root_of("index.html") == ""
    assert root_of("issues/000_a1/001.html") == "../../"


def test_first_mention_of_each_topic_is_linked_once_and_never_in_headings():
    md = make_markdown()
    body = "## 任港街道新貌\n\n走进任港街道，任港街道的网格员说，崇川<b>很好</b>。\n\n崇川区也来了。"
    html = render_body(md, body, [("任港街道", "s.html"), ("崇川区", "d.html"), ("崇川", "d.html")])
    assert "<h2>任港街道新貌</h2>" in html
    assert html.count('href="s.html"') == 1 and html.count('href="d.html"') == 1
    assert '走进<a href="s.html" class="mention">任港街道</a>，任港街道' in html
    assert '<a href="d.html" class="mention">崇川</a>&lt;b&gt;' in html  # raw HTML stays text


def test_longest_needle_wins_at_one_position():
    html = render_body(make_markdown(), "崇川区召开会议。", [("崇川", "a.html"), ("崇川区", "b.html")])
    assert '<a href="b.html" class="mention">崇川区</a>' in html


@pytest.mark.parametrize("edition, expected", [("第5版", "5"), ("第 12 版", "12"), ("A3", "A3"), ("要闻", None), (None, None)])
def test_page_number(edition, expected):
    assert page_number(edition) == expected


def test_citation_forms():
    a = make_article(title="题名", byline=("甲", "乙"))
    assert gbt7714(a, ISSUE, "崇川新闻") == "甲, 乙. 题名[N]. 崇川新闻, 2023-04-07(5)."
    many = replace(a, byline=("甲", "乙", "丙", "丁"))
    assert gbt7714(many, ISSUE, "崇川新闻") == "甲, 乙, 丙, 等. 题名[N]. 崇川新闻, 2023-04-07(5)."
    undated = replace(ISSUE, date=None, edition=None)
    assert gbt7714(replace(a, byline=()), undated, None) == "题名[N]."
    assert gbt7714(replace(a, byline=()), replace(undated, year=2021), "报") == "题名[N]. 报, 2021."
    assert gbt7714(a, ISSUE, "崇川新闻", online=True) == "甲, 乙. 题名[N/OL]. 崇川新闻, 2023-04-07(5)"
    assert gbt7714(a, ISSUE, "崇川新闻", inferred=True) == "甲, 乙. 题名[N]. 崇川新闻, [2023-04-07](5)."


def test_json_ld_cannot_close_its_script():
    data = news_article(make_article(title="</script><b>"), ISSUE, "报", None, [])
    text = script_json(data)
    assert "</script>" not in text and "<" not in text
    assert json.loads(text)["headline"] == "</script><b>"


def test_two_records_with_one_url_are_an_error_and_the_first_stays(tmp_path):
    first, second = make_article(1, title="先来的"), make_article(1, id="100_x-dup", title="后来的")
    report = render_site(SiteConfig(title="t"), [ISSUE], [first, second], tmp_path)
    errors = [p for p in report.problems if p.severity == "error"]
    assert len(errors) == 1
    assert "both map to issues/100_x/001.html" in errors[0].message
    assert errors[0].path == "seeds/100_x.txt" and errors[0].line == 10
    assert "先来的" in (tmp_path / "issues/100_x/001.html").read_text(encoding="utf-8")


def test_missing_issue_and_dates_are_handled(tmp_path):
    orphan = make_article(1, issue="101_y", id="101_y-001", date=None, date_source=None, byline=("某人",))
    report = render_site(SiteConfig(title="t"), [], [orphan], tmp_path)
    assert [p.severity for p in report.problems] == ["warning"]
    page = (tmp_path / "issues/101_y/001.html").read_text(encoding="utf-8")
    assert "日期不详" in page and "某人. 标题1[N]." in page


def test_without_base_url_there_is_no_sitemap_and_feeds_link_relatively(tmp_path, records):
    config, issues, articles = records
    render_site(replace(config, base_url=None), issues, articles, tmp_path)
    assert not (tmp_path / "sitemap.xml").exists()
    feed = (tmp_path / "districts/320613-chong-chuan-qu.xml").read_text(encoding="utf-8")
    assert 'href="../issues/000_a1/001.html"' in feed and "https://" not in feed.split("<entry>")[1]
    assert "Sitemap" not in (tmp_path / "robots.txt").read_text(encoding="utf-8")


def test_feeds_are_dated_from_records_not_the_clock(built_site):
    feed = (built_site / "feed.xml").read_text(encoding="utf-8")
    # the undated issue 002_c3 is the newest by the date its records read from their text
    assert "<updated>2023-05-21T00:00:00Z</updated>" in feed.split("<entry>")[0]
    topic = (built_site / "programs/hong-bao-li-min.xml").read_text(encoding="utf-8")
    assert "<updated>2023-04-14T00:00:00Z</updated>" in topic.split("<entry>")[0]
    assert "<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/archive/issues/001_b2/001.html\"/>" in topic


def test_place_hierarchy_both_ways(built_site):
    district = (built_site / "districts/320613-chong-chuan-qu.html").read_text(encoding="utf-8")
    for street in ("320613001-ren-gang-jie-dao", "320613002-he-ping-qiao-jie-dao", "chong-chuan-jing-ji-kai-fa-qu"):
        assert f'href="../streets/{street}.html"' in district  # the uncoded zone by co-occurrence
    street = (built_site / "streets/320613001-ren-gang-jie-dao.html").read_text(encoding="utf-8")
    assert 'href="../districts/320613-chong-chuan-qu.html"' in street
    assert 'href="../communities/320613001001-ren-gang-she-qu.html"' in street


def test_topic_pages_list_records_in_date_order_and_mark_unreviewed(built_site):
    page = (built_site / "reporters/yang-yang.html").read_text(encoding="utf-8")  # short: not cut
    order = [page.index(f'issues/{i}.html') for i in ("003_d4/001", "000_a1/002")]
    assert order == sorted(order) and "全部" not in page.split('id="articles-heading"')[1]
    # 金驰 has 3 records, above the test archive's page_size of 2: the newest two on the topic
    # page (newest first), and all of them by year, in date order, on its parts.
    page = (built_site / "reporters/jin-chi.html").read_text(encoding="utf-8")
    recent = page.split('id="articles-heading"')[1].split("</section>")[0]
    assert recent.index("issues/001_b2/001.html") < recent.index("issues/000_a1/001.html")
    assert "003_d4" not in recent
    assert '<a href="../reporters/jin-chi/2022.html">2022年</a>' in page
    part_2023 = (built_site / "reporters/jin-chi/2023.html").read_text(encoding="utf-8")
    assert part_2023.index("issues/000_a1/001.html") < part_2023.index("issues/001_b2/001.html")
    assert "issues/003_d4/001.html" in (built_site / "reporters/jin-chi/2022.html").read_text(encoding="utf-8")
    for path in ("reporters/jin-chi.html", "reporters/jin-chi/2022.html", "reporters/jin-chi/2023.html"):
        assert "issues/001_b2/003.html" not in (built_site / path).read_text(encoding="utf-8")  # a duplicate
    program = (built_site / "programs/hong-bao-li-min.html").read_text(encoding="utf-8")
    assert "尚未经人工审核" in program and "首次提及" in program


def test_article_page_parts(built_site):
    page = (built_site / "issues/000_a1/001.html").read_text(encoding="utf-8")
    assert '<p class="kicker" data-search-text="head">用党的创新理论武装头脑指导实践</p>' in page
    assert '<p class="subtitle" data-search-text="head">春季学期主体班集中开班</p>' in page
    assert '记者 <a href="../../reporters/jin-chi.html">金驰</a>' in page
    assert "<h2>聚焦思想引领</h2>" in page
    assert ("金驰. 崇川区“三聚三提”活动启动[N/OL]. 崇川新闻, 2023-04-07(2)[<span data-access-date>引用日期</span>]. "
            "https://example.org/archive/issues/000_a1/001.html.") in page  # base_url set: online form
    assert "seeds/000_a1.txt</code> 第 3–14 行" in page
    data = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "NewsArticle" and data["datePublished"] == "2023-04-07"
    photo_issue = (built_site / "issues/000_a1/index.html").read_text(encoding="utf-8")
    assert '市民在和平桥街道口袋公园休憩</a> <span class="badge">图片</span>' in photo_issue


def test_render_page_for_other_stages(tmp_path):
    env = make_environment()
    out = tmp_path / "search.html"
    assert render_page(env, "search_placeholder.html", out, root="", config=SiteConfig(title="档案"))
    assert not render_page(env, "search_placeholder.html", out, root="", config=SiteConfig(title="档案"))
    assert 'href="static/site.css"' in out.read_text(encoding="utf-8")


def test_loader_records_template_dependencies():
    env = make_environment()
    assert env.loader.dependencies(env, "article.html") == ("_macros.html", "article.html", "base.html")


def test_undefined_names_are_errors(tmp_path):
    with pytest.raises(Exception, match="undefined"):
        render_page(make_environment(), "home.html", tmp_path / "x.html", root="", config=SiteConfig())


def test_preview_server_serves_the_site(built_site):
    import threading
    from urllib.request import urlopen

    from gazette.serve import make_server

    server = make_server(built_site, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with urlopen(f"http://127.0.0.1:{server.server_address[1]}/issues/index.html") as response:
            assert "<h1>期号</h1>" in response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()


def test_place_urls_come_from_the_code_kept_url_safe(tmp_path):
    tagged = make_article(1, streets=(Tag("任港街道", "3206/13 001", "任港街道"),), body="任港街道。")
    render_site(SiteConfig(title="t"), [ISSUE], [tagged], tmp_path)
    assert (tmp_path / "streets/3206-13-001-ren-gang-jie-dao.html").is_file()


def test_documents_have_their_own_topic_pages(built_site):
    slug = "chong-chuan-qu-ji-ceng-zhi-li-san-nian-xing-dong-ji-hua"
    page = (built_site / f"documents/{slug}.html").read_text(encoding="utf-8")
    assert '<h1>《崇川区基层治理三年行动计划》 <span class="kind">文件</span></h1>' in page
    assert "issues/000_a1/001.html" in page and "issues/001_b2/001.html" in page
    assert "首次提及" in page and "待审核" not in page
    index = (built_site / "documents/index.html").read_text(encoding="utf-8")
    assert f'<a href="../documents/{slug}.html">《崇川区基层治理三年行动计划》</a> <span class="count">2 篇</span>' in index
    article = (built_site / "issues/000_a1/001.html").read_text(encoding="utf-8")
    tags = article.split('id="tags-heading"')[1]
    assert f'<dt>文件</dt>\n<dd><ul>\n<li><a href="../../documents/{slug}.html">' in tags
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert '<a href="documents/index.html">文件</a> <span class="count">1</span>' in home
    assert slug not in home.split('id="top-program"')[1].split("</section>")[0]
    assert slug not in (built_site / "programs/index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("dates, expected", [
    ([], None), (["2023-04-07"], "2023年4月"), (["2019-11-03", "2019-10-30"], "2019年10月–11月"),
    (["2019-12-30", "2020-01-02"], "2019年12月–2020年1月"),
])
def test_month_span(dates, expected):
    assert month_span(dates) == expected


def test_home_date_range_uses_record_dates_and_marks_inferred_bounds(tmp_path):
    undated = replace(ISSUE, id="101_y", source="seeds/101_y.txt", date=None, year=2023)
    records = [make_article(1),  # dated by its issue
               make_article(1, id="101_y-001", issue="101_y", date="2023-04-01", date_source="inferred"),
               make_article(2, id="101_y-002", issue="101_y"),
               make_article(2, date="2023-04-07", date_source="inferred")]  # the masthead says so too
    render_site(SiteConfig(title="t"), [ISSUE, undated], records, tmp_path)
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "时间自 2023-04-01（推断） 至 2023-04-07。其中 2 篇的日期据正文推断，1 篇日期不详。</p>" in home
    assert "崇川新闻 2023年4月（推断） 第5版 · 标题1等" in home
    issue = (tmp_path / "issues/101_y/index.html").read_text(encoding="utf-8")
    assert "<dt>日期</dt><dd>2023年4月（推断）</dd>" in issue


def test_undated_issues_are_ordered_by_their_records_dates_then_their_year(tmp_path):
    def issue(iid, **kw):
        return replace(ISSUE, id=iid, source=f"seeds/{iid}.txt", **kw)

    def record(iid, date=None):
        return make_article(1, id=f"{iid}-001", issue=iid, title=f"{iid}的报道", date=date,
                            date_source="text" if date else None)

    issues = [issue("100_x", date="2023-04-07"),
              issue("101_y", date=None, year=2023),  # no record dates: before 2023's dated issues
              issue("102_z", date=None),              # nothing at all: last
              issue("103_w", date=None),              # its record reads 2023-05-02: newest
              issue("104_v", date="2022-01-05")]
    records = [record("100_x", "2023-04-07"), record("101_y"), record("102_z"),
               record("103_w", "2023-05-02"), record("104_v", "2022-01-05")]
    render_site(SiteConfig(title="t"), issues, records, tmp_path)
    home = (tmp_path / "index.html").read_text(encoding="utf-8")
    latest = home.split('id="latest-heading"')[1].split("</section>")[0]
    shown = re.findall(r'href="issues/(\d+_\w)/index.html"', latest)
    assert shown == ["103_w", "100_x", "101_y", "104_v", "102_z"]
    # Previous and next on an issue page follow the same order, oldest first.
    page = (tmp_path / "issues/101_y/index.html").read_text(encoding="utf-8")
    assert 'rel="prev" href="../../issues/104_v/index.html"' in page
    assert 'rel="next" href="../../issues/100_x/index.html"' in page


def test_search_labels_name_an_issue_without_repeating_the_record_s_date(tmp_path):
    def issue(iid, **kw):
        return replace(ISSUE, id=iid, source=f"seeds/{iid}.txt", **kw)

    issues = [issue("100_x", section="要闻"),                                  # dated: paper, edition, section
              issue("101_y", date=None, publication=None, edition=None, year=2023),  # undated: its year
              issue("102_z", publication=None, edition=None),                 # dated, nothing else: 本期
              issue("103_w", date=None, publication=None, edition=None)]      # nothing known: its title
    records = [make_article(1, id=f"{i.id}-001", issue=i.id, title=f"{i.id}的报道", date=i.date) for i in issues]
    labels = render_site(SiteConfig(title="t"), issues, records, tmp_path).issue_labels
    # issue 19: the date is the record's date label (gazette/dates.py), never in the issue label
    assert labels == {"100_x": "崇川新闻 第5版 要闻", "101_y": "本期", "102_z": "本期", "103_w": "本期"}
    from gazette.dates import record_dates
    shown = {i: d.label for i, d in record_dates(records, issues).items()}
    assert shown == {"100_x-001": ISSUE.date, "101_y-001": "2023年", "102_z-001": ISSUE.date, "103_w-001": "日期不详"}


def test_test_archive_dates(built_site):
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "时间自 2022-12-30 至 2023-05-21（推断）。其中 1 篇的日期据正文推断。</p>" in home
    assert "时间自 2022-12-30 至 2023-05-21（推断）。" in (built_site / "about.html").read_text(encoding="utf-8")
    issue = (built_site / "issues/002_c3/index.html").read_text(encoding="utf-8")
    assert "<h1>崇川新闻 2023年5月（推断） · 和平桥街道开展邻里节等</h1>" in issue
