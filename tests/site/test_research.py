"""Research views and data exports (issue 16), on the seed archive built by the real CLI and on
the small test archive.

The expected values were read off the record files in ``articles/`` by hand (the file each comes
from is named beside it); nothing here is computed by the code under test.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from gazette.charts import month_bar_chart
from gazette.research import month_range

ROOT = Path(__file__).resolve().parents[2]

SHUANG = "双报到·通通在"
SHUANG_FIRST = "001_7f1fae4339dc0c94-003"
"""articles/001_7f1fae4339dc0c94/003-zai-zhi-dang-yuan-yi-xian-ling-pao.md: the three records tagged
双报到·通通在 (001-003, 001-005, 003-001) are all undated, so print order decides: issue 001 before
003, record 3 before 5."""
SHUANG_FIRST_STREETS = {"虹桥街道", "任港街道", "新城桥街道"}
"""The streets that record 001-003 is tagged with."""
HONGSE = "红色物业"
HONGSE_STREETS = {"秦灶街道": "000_2ab810940222e862-005", "张码办": "004_01c548c15f85f51b-002"}
"""The two records tagged 红色物业 and the street each names (000-005 秦灶街道; 004-002 张码办)."""
DISCOVERED = "红色物业议事会"
"""Tagged in 000-005 with ``rule: discovered, reviewed: false``."""


def run_build(tmp: Path, extra_config: str = "") -> Path:
    """Copy the seed archive's records and config, add ``extra_config``, and run
    ``build.py render`` on the copy as a user would; returns the site folder."""
    shutil.copytree(ROOT / "articles", tmp / "articles")
    (tmp / "seeds").mkdir()
    (tmp / "site_config.yaml").write_text((ROOT / "site_config.yaml").read_text(encoding="utf-8") + extra_config,
                                          encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), "render", "--config", str(tmp / "site_config.yaml")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    return tmp / "_site"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    return run_build(tmp_path_factory.mktemp("seed"))


def read_csv(site: Path, name: str) -> list[dict]:
    with open(site / "data" / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class _Tables(HTMLParser):
    """Rows (lists of cell texts) of the table with a given id, and the bars of the SVG chart."""

    def __init__(self, table_id: str):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell, self.bars = table_id, False, [], None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.cell = ""
        elif tag == "rect" and "bar" in (attrs.get("class") or "").split():
            self.bars.append((attrs["data-month"], attrs["data-value"]))

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def chart_of(page: Path, table_id: str) -> _Tables:
    parser = _Tables(table_id)
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def program_page(site: Path, name: str) -> Path:
    row = next(r for r in read_csv(site, "programs.csv") if r["name"] == name)
    return site / row["url"]


# -- exports ---------------------------------------------------------------------------------------


def test_exports_validate_against_their_data_package(seed_site):
    from frictionless import validate

    report = validate(str(seed_site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:10]
    names = {task.name: task.stats["rows"] for task in report.tasks}
    # 33 record files under articles/ (ls articles/*/[0-9]*.md | wc -l)
    assert names["articles"] == 33 and names["articles-jsonl"] == 33
    assert set(names) == {"articles", "articles-jsonl", "tags", "programs", "adoption", "program-months"}


def test_the_validation_can_fail(seed_site, tmp_path):
    """The check above is not vacuous: a text in an integer column is reported."""
    from frictionless import validate

    shutil.copytree(seed_site / "data", tmp_path / "data")
    path = tmp_path / "data" / "programs.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    cells = lines[1].split(",")
    cells[5] = "many"  # records
    lines[1] = ",".join(cells)
    path.write_text("".join(lines), encoding="utf-8")
    assert not validate(str(tmp_path / "data" / "datapackage.json")).valid


def test_articles_exports_hold_every_front_matter_field_and_the_body(seed_site):
    record = ROOT / "articles/000_2ab810940222e862/005-hong-se-wu-ye-qi-dong-xiao-qu.md"
    text = record.read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    lines = (seed_site / "data/articles.jsonl").read_text(encoding="utf-8").splitlines()
    data = next(json.loads(line) for line in lines if json.loads(line)["id"] == "000_2ab810940222e862-005")
    assert data["title"] == "“红色物业”启动小区治理新引擎"
    assert data["lines"] == [91, 125] and data["byline"] == ["凌越"] and data["date"] is None
    assert data["body"] == body.rstrip("\n")
    assert [t["name"] for t in data["programs"]] == ["红管家", "红色物业", "红管家、通通优", "双向进入、交叉任职",
                                                     DISCOVERED]
    assert data["programs"][-1]["reviewed"] is False and data["programs"][-1]["score"] == 3.5
    row = next(r for r in read_csv(seed_site, "articles.csv") if r["id"] == "000_2ab810940222e862-005")
    assert row["body"] == data["body"] and row["first_line"] == "91" and row["last_line"] == "125"
    assert json.loads(row["streets"]) == ["秦灶街道"] and row["date"] == "" and row["issue_date"] == ""
    issue004 = next(r for r in read_csv(seed_site, "articles.csv") if r["id"] == "004_01c548c15f85f51b-002")
    assert issue004["issue_date"] == "2021-12-23" and issue004["date_source"] == "masthead"


def test_tags_csv_has_a_row_per_tag_with_its_evidence(seed_site):
    tags = [r for r in read_csv(seed_site, "tags.csv") if r["record_id"] == "000_2ab810940222e862-005"]
    assert [(r["tag_type"], r["name"]) for r in tags] == [
        ("district", "崇川区"), ("street", "秦灶街道"), ("community", "秦灶社区"), ("program", "红管家"),
        ("program", "红色物业"), ("program", "红管家、通通优"), ("program", "双向进入、交叉任职"),
        ("program", DISCOVERED)]
    street = tags[1]
    assert (street["code"], street["matched"], street["position"], street["rule"], street["reviewed"]) == \
        ("320613019", "秦灶街道", "89", "gazetteer", "true")
    assert tags[0]["rule"] == "rollup" and tags[0]["position"] == ""
    assert tags[-1]["rule"] == "discovered" and tags[-1]["reviewed"] == "false"


def test_first_mention_of_shuang_bao_dao(seed_site):
    row = next(r for r in read_csv(seed_site, "programs.csv") if r["name"] == SHUANG)
    assert (row["first_record"], row["first_date"], row["records"], row["reviewed"]) == (SHUANG_FIRST, "", "3", "true")
    assert row["last_record"] == "003_b0bdc98c9b6712e3-001" and row["undated_records"] == "3"
    page = program_page(seed_site, SHUANG).read_text(encoding="utf-8")
    first = re.search(r'<dt>首次提及</dt><dd><a href="([^"]+)">日期不详 [^<]+</a> <span class="meta">([^<]+)</span>',
                      page)
    assert first.group(1) == "../issues/001_7f1fae4339dc0c94/003.html"
    assert "区领导调研重点片区建设推进情况" in first.group(2)  # issue 001 is named by its lead story (001-001)
    adoption = [r for r in read_csv(seed_site, "adoption.csv") if r["program"] == SHUANG and r["place_type"] == "street"]
    # The first record's three streets come first (ranks 1–3), then 唐闸镇街道 (001-005), 城东街道 (003-001).
    assert {r["place"] for r in adoption[:3]} == SHUANG_FIRST_STREETS
    assert [r["place"] for r in adoption[3:]] == ["唐闸镇街道", "城东街道"]
    assert [r["adoption_rank"] for r in adoption] == ["1", "2", "3", "4", "5"]
    assert all(r["first_record"] == SHUANG_FIRST for r in adoption[:3])


def test_streets_where_hongse_wuye_appears(seed_site):
    rows = [r for r in read_csv(seed_site, "adoption.csv") if r["program"] == HONGSE and r["place_type"] == "street"]
    assert {r["place"]: r["first_record"] for r in rows} == HONGSE_STREETS
    # 004 is dated by the config (2021-12-23); 000-005 has no date: dated records come first.
    assert [r["place"] for r in rows] == ["张码办", "秦灶街道"]
    assert [r["first_date"] for r in rows] == ["2021-12-23", ""]
    page = program_page(seed_site, HONGSE).read_text(encoding="utf-8")
    listed = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a> <span class="meta">街道乡镇', page)
    assert listed == ["张码办", "秦灶街道"]


# -- charts ----------------------------------------------------------------------------------------


def test_program_chart_numbers_match_the_export(seed_site):
    months = read_csv(seed_site, "program_months.csv")
    programs = read_csv(seed_site, "programs.csv")
    charted = set()
    for program in programs:
        expected = [(r["month"], r["records"], r["month_records"], float(r["share"]))
                    for r in months if r["program"] == program["name"]]
        html = (seed_site / program["url"]).read_text(encoding="utf-8")
        if not any(int(n) for _, n, _, _ in expected):
            # Every mention undated: no chart of zeros, but a sentence saying why.
            assert 'id="program-chart-data"' not in html and "无法按月统计" in html, program["name"]
            continue
        chart = chart_of(seed_site / program["url"], "program-chart-data")
        table = [(re.sub(r"(\d+)年(\d+)月", lambda m: f"{m[1]}-{int(m[2]):02d}", row[0]), row[1], row[2],
                  round(float(row[3].rstrip("%")) / 100, 3)) for row in chart.rows[1:]]
        assert table == [(m, n, t, round(s, 3)) for m, n, t, s in expected], program["name"]
        assert [(m, float(v)) for m, v in chart.bars] == [(m, s) for m, _, _, s in expected], program["name"]
        charted.add(program["name"])
    # 红色物业 has a dated mention (004-002, 2021-12-23); 双报到·通通在 has none (see above).
    assert HONGSE in charted and SHUANG not in charted


def test_chart_shares_are_normalised_by_the_month_s_records(seed_site):
    # 004_01c548c15f85f51b is the only issue of 2021-12 and has 6 records, all dated 2021-12-23;
    # 红色物业 is in one of them (004-002).
    rows = {r["month"]: r for r in read_csv(seed_site, "program_months.csv") if r["program"] == HONGSE}
    assert (rows["2021-12"]["records"], rows["2021-12"]["month_records"], rows["2021-12"]["share"]) == ("1", "6", "0.1667")
    # Months with records in other issues: 2019-10 (002-004), 2019-11 (002-007), 2023-04 (000-001…004).
    assert sorted(rows) == ["2019-10", "2019-11", "2021-12", "2023-04"]
    assert rows["2023-04"]["month_records"] == "4" and rows["2023-04"]["records"] == "0"


def test_a_month_without_records_is_drawn_apart_from_a_month_without_mentions():
    chart = month_bar_chart(["2023-01", "2023-02", "2023-03"], {"2023-01": 0.5, "2023-03": 0.0},
                            {"2023-01", "2023-03"}, title="t", desc="d", percent=True)
    assert [b["month"] for b in chart["bars"]] == ["2023-01", "2023-03"]
    assert len(chart["gaps"]) == 1 and chart["bars"][1]["h"] == 0 and chart["bars"][0]["label"] == "50%"


def test_month_range_crosses_years():
    assert month_range(["2020-02", "2019-11"]) == ["2019-11", "2019-12", "2020-01", "2020-02"]
    assert month_range([]) == []


# -- pages -----------------------------------------------------------------------------------------


def matrix_rows(page: Path) -> dict[str, dict[str, str]]:
    """Program → {street: cell text} from an adoption matrix page."""
    parser = _Tables("")
    html = page.read_text(encoding="utf-8")
    table = html[html.index('<table class="matrix">'):]
    parser.table_id = None
    parser.inside = True
    parser.feed(table[:table.index("</table>")])
    _, *rows = parser.rows
    thead = table[:table.index("</thead>")]
    streets = re.findall(r'<th scope="col"><a href="[^"]+">([^<]+)</a>', thead)
    return {row[0].replace("待审核", "").strip(): {s: c for s, c in zip(streets, row[1:-1]) if c} for row in rows}


def test_adoption_matrix_counts_reviewed_programs_only_by_default(seed_site):
    rows = matrix_rows(seed_site / "research/adoption.html")
    assert set(rows[HONGSE]) == set(HONGSE_STREETS) and rows[HONGSE]["张码办"] == "2021-12-23"
    assert rows[HONGSE]["秦灶街道"] == "日期不详"
    assert set(rows[SHUANG]) == SHUANG_FIRST_STREETS | {"唐闸镇街道", "城东街道"}
    assert DISCOVERED not in rows
    html = (seed_site / "research/adoption.html").read_text(encoding="utf-8")
    assert 'href="../issues/000_2ab810940222e862/005.html"' in html
    # Widely adopted first: 双报到·通通在 (5 streets) is above 红色物业 (2).
    names = list(rows)
    assert names.index(SHUANG) < names.index(HONGSE)
    # Filtered to 崇川区: 张码办 (淮安经济技术开发区) is not a column there.
    chongchuan = matrix_rows(next((seed_site / "research").glob("adoption-320613-*.html")))
    assert set(chongchuan[HONGSE]) == {"秦灶街道"}


def test_the_switch_adds_discovered_programs_marked(tmp_path):
    site = run_build(tmp_path, "show_discovered_programs: true\n")
    rows = matrix_rows(site / "research/adoption.html")
    assert set(rows[DISCOVERED]) == {"秦灶街道"}
    html = (site / "research/adoption.html").read_text(encoding="utf-8")
    row = html[html.index(f">{DISCOVERED}</a>"):]
    assert row[:row.index("</th>")].count("待审核") == 1
    programs = {r["name"]: r for r in read_csv(site, "programs.csv")}
    assert programs[DISCOVERED]["counted"] == "true" and programs[DISCOVERED]["reviewed"] == "false"


def test_place_and_reporter_pages_show_their_history(seed_site):
    street = next((seed_site / "streets").glob("320613019-*.html")).read_text(encoding="utf-8")  # 秦灶街道
    section = street[street.index('id="place-history-heading"'):]
    listed = re.findall(r'<tr><th scope="row"><a href="[^"]+">([^<]+)</a>', section)
    # 000-005's reviewed programs, in tag order; the discovered one is not counted.
    assert listed[:4] == ["红管家", HONGSE, "红管家、通通优", "双向进入、交叉任职"] and DISCOVERED not in listed
    # Both records of 秦灶街道 (000-005, 003-003) are undated: no chart of zeros.
    assert 'id="place-chart-data"' not in section and "无法按月统计" in section
    reporter = next(p for p in (seed_site / "reporters").glob("*.html")
                    if ">凌越 <" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")
    beat = reporter[reporter.index('id="beat-heading"'):]
    assert "秦灶街道" in beat and HONGSE in beat


def test_coverage_calendar_tells_months_without_issues(seed_site):
    html = (seed_site / "research/coverage.html").read_text(encoding="utf-8")
    cell = re.search(r'<td data-month="2021-12"[^>]*>(.*?)</td>', html, re.S).group(1)
    assert "6 篇" in cell and "issues/004_01c548c15f85f51b/index.html" in cell
    # 000 has no printed date; its records are dated 2023-04-06…09, so it sits in 2023-04, marked.
    cell = re.search(r'<td data-month="2023-04"[^>]*>(.*?)</td>', html, re.S).group(1)
    assert "issues/000_2ab810940222e862/index.html" in cell and "推断" in cell
    empty = re.search(r'<td data-month="2020-06">(.*?)</td>', html, re.S).group(1)
    assert empty.strip() == ""


def test_exports_are_deterministic_and_documented(seed_site, tmp_path):
    again = run_build(tmp_path)
    for path in sorted((seed_site / "data").iterdir()):
        assert (again / "data" / path.name).read_bytes() == path.read_bytes(), path.name
    about = (seed_site / "about.html").read_text(encoding="utf-8")
    for name in ("articles.csv", "articles.jsonl", "tags.csv", "programs.csv", "adoption.csv", "datapackage.json"):
        assert f'href="data/{name}"' in about
    package = json.loads((seed_site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert all(f.get("description") for r in package["resources"] for f in r["schema"]["fields"])
