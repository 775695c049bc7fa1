"""Long topic pages and indexes cut into parts (gazette/paginate.py): the plan's boundaries, its
stability when a record is added, and what a new issue rewrites in a built site."""

from __future__ import annotations

import datetime
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.config import load_config
from gazette.paginate import chunks, day_span, numbered_parts, year_parts
from gazette.records import Issue, SourceSpan, Tag
from gazette.site import render_site
from tests.site.archive import DATA, load_records

FOLDER = "streets/x/"


def year(date):
    return date[:4] if date else None


def plan(dates, size=3):
    return [(p.key, p.url, p.items) for p in year_parts(dates, year, size, FOLDER)]


def test_chunks_bounds():
    assert chunks([], 2) == [()]
    assert chunks([1, 2], 2) == [(1, 2)]
    assert chunks([1, 2, 3], 2) == [(1, 2), (3,)]
    with pytest.raises(ValueError):
        chunks([1], 0)


def test_a_year_is_cut_only_above_the_page_size():
    full = ["2020-01-01", "2020-02-01", "2020-03-01"]
    assert plan(full) == [("2020", "streets/x/2020.html", tuple(full))]
    over = plan(full + ["2020-04-01"])
    assert [(k, u) for k, u, _ in over] == [("2020", "streets/x/2020.html"), ("2020-2", "streets/x/2020-2.html")]
    assert over[1][2] == ("2020-04-01",)


def test_years_in_order_and_undated_last():
    parts = year_parts(["2019-05-01", "2021-01-01", "2021-01-02", None, None], year, 1, FOLDER)
    assert [p.key for p in parts] == ["2019", "2021", "2021-2", "undated", "undated-2"]
    assert [p.label for p in parts] == ["2019年", "2021年", "2021年（2）", "日期不详", "日期不详（2）"]


def test_numbered_index_pages():
    parts = numbered_parts(list("abcde"), 2, "streets/index.html")
    assert [(p.url, p.items, p.label) for p in parts] == [
        ("streets/index.html", ("a", "b"), "第1页"), ("streets/index-2.html", ("c", "d"), "第2页"),
        ("streets/index-3.html", ("e",), "第3页")]
    assert [p.url for p in numbered_parts([], 2, "streets/index.html")] == ["streets/index.html"]


def test_day_span():
    assert day_span([]) == "" and day_span([None]) == ""
    assert day_span(["2023-04-07"]) == "4月7日"
    assert day_span(["2023-04-07", None, "2023-01-03"]) == "1月3日–4月7日"


dates = st.lists(st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2020, 12, 31)).map(str),
                 max_size=40)


@settings(max_examples=200, deadline=None)
@given(dates, st.integers(1, 5), st.integers(0, 3))
def test_a_newer_record_changes_only_the_last_part(existing, size, days_later):
    existing = sorted(existing)
    newest = existing[-1] if existing else "2015-01-01"
    added = str(datetime.date.fromisoformat(newest) + datetime.timedelta(days=days_later))
    before, after = plan(existing, size), plan(existing + [added], size)
    assert plan(existing, size) == before  # deterministic
    assert after[:len(before) - 1] == before[:-1]  # every part but the last: same URL, same records
    assert len(after) - len(before) in (0, 1)
    assert all(0 < len(items) <= size for _, _, items in after)
    assert [d for _, _, items in after for d in items] == existing + [added]  # nothing lost or repeated


@settings(max_examples=100, deadline=None)
@given(dates, st.integers(1, 5), st.data())
def test_an_older_record_changes_only_its_own_year(existing, size, data):
    existing = sorted(existing)
    added = data.draw(st.sampled_from(existing)) if existing else "2016-03-01"
    before, after = plan(existing, size), plan(sorted(existing + [added]), size)
    other_years = lambda parts: [p for p in parts if not p[0].startswith(added[:4])]  # noqa: E731
    assert other_years(after) == other_years(before)


# -- the built site --------------------------------------------------------------------------------

def test_a_new_issue_rewrites_no_older_part(tmp_path):
    """With the test archive's page_size of 2, a new issue adds a record to 崇川区, 任港街道 and
    金驰, whose pages are cut into parts: only their last part, their topic page and the pages
    that list the new issue are rewritten; older parts keep their bytes."""
    config, _ = load_config(DATA / "site_config.yaml")
    issues, articles = load_records(DATA / "articles")
    render_site(config, issues, articles, tmp_path)
    template = next(a for a in articles if a.id == "003_d4-001")
    issue = Issue(id="005_e5", source="seeds/005_e5.txt", encoding="utf-8", layout="blank-lines",
                  date="2023-06-02", publication="崇川新闻", edition="第2版")
    new = replace(template, id="005_e5-001", issue="005_e5", seq=1, source=SourceSpan("seeds/005_e5.txt", 3, 9),
                  title="任港街道举行夏季纳凉晚会", headlines=("任港街道举行夏季纳凉晚会",), byline=("金驰",),
                  byline_roles={"金驰": "记者"}, date="2023-06-02", date_source="config",
                  streets=(Tag("任港街道", "320613001", "任港街道", 0),), communities=(), programs=(), documents=(),
                  districts=(Tag("崇川区", "320613", rule="rollup"),), body="任港街道举行夏季纳凉晚会。")
    report = render_site(config, issues + [issue], articles + [new], tmp_path)
    assert not [p for p in report.problems if p.severity == "error"]
    written = {u for u in report.written if not u.endswith(".xml")}
    parts = {u for u in written if u.count("/") == 2 and not u.startswith("issues/")}
    assert parts == {
        # 崇川区 had 2023 / 2023-2 / 2023-3, the last full: a new part, and the old last part
        # gains its link to it.
        "districts/320613-chong-chuan-qu/2023-3.html", "districts/320613-chong-chuan-qu/2023-4.html",
        # 任港街道 and 金驰 had a full 2023 part too.
        "streets/320613001-ren-gang-jie-dao/2023.html", "streets/320613001-ren-gang-jie-dao/2023-2.html",
        "reporters/jin-chi/2023.html", "reporters/jin-chi/2023-2.html",
    }
    assert "issues/2022.html" not in written and "issues/2023.html" in written
    for url in ("districts/320613-chong-chuan-qu/2022.html", "districts/320613-chong-chuan-qu/2023.html",
                "streets/320613001-ren-gang-jie-dao/2022.html", "reporters/jin-chi/2022.html"):
        assert url in report.unchanged
