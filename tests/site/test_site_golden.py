"""The test archive's site equals the golden copy byte for byte, and rebuilding changes nothing.

Regenerate the golden copy with ``python -m tests.site.regen_golden`` and review it as a diff.
"""

from __future__ import annotations

from tests.site.archive import GOLDEN, build_test_site
from tests.site.regen_golden import changes, covered, site_files

REGEN = "python -m tests.site.regen_golden"


def test_site_matches_golden_files(built_site):
    summary = changes(site_files(GOLDEN), site_files(built_site))
    assert not summary, f"the built site differs from the golden copy (if intended, run {REGEN}):\n{summary}"


def test_the_summary_names_every_difference():
    old = {"a.html": b"<p>1</p>\n<p>2</p>\n", "b.html": b"x\n", "c.html": b"same\n", "d.html": b"1\n"}
    new = {"a.html": b"<p>1</p>\n<p>3</p>\n", "c.html": b"same\n", "d.html": b"2\n", "e.xml": b"<e/>\n"}
    assert changes(old, new).splitlines() == [
        "1 added, 1 removed, 2 changed", "added:   e.xml", "removed: b.html",
        "changed: a.html", "    @@ -1,2 +1,2 @@", "     <p>1</p>", "    -<p>2</p>", "    +<p>3</p>",
        "changed: d.html", "    @@ -1 +1 @@", "    -1", "    +2"]
    assert changes(old, old) == ""


def test_second_build_writes_nothing(tmp_path):
    first = build_test_site(tmp_path)
    before = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()}
    second = build_test_site(tmp_path)
    assert second.written == []
    assert sorted(second.unchanged) == sorted(first.written)
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file()} == before


def test_changed_record_rewrites_only_pages_that_show_it(tmp_path):
    from dataclasses import replace

    from gazette.config import load_config
    from gazette.site import render_site
    from tests.site.archive import DATA, load_records

    config, _ = load_config(DATA / "site_config.yaml")
    issues, articles = load_records(DATA / "articles")
    render_site(config, issues, articles, tmp_path)
    edited = [replace(a, body=a.body + "\n\n补记一段。") if a.id == "002_c3-002" else a for a in articles]
    report = render_site(config, issues, edited, tmp_path)
    # The body is also in the data exports (issue 16), which carry every record's text.
    assert sorted(report.written) == ["data/articles.csv", "data/articles.jsonl", "issues/002_c3/002.html"]
    assert "补记一段" in (tmp_path / "issues/002_c3/002.html").read_text(encoding="utf-8")


def test_golden_copy_leaves_out_the_search_stage_files():
    assert not covered("search.html") and not covered("static/search.js") and not covered("static/highlight.js")
    assert not covered("searchindex/index.js")
    assert covered("static/site.css") and covered("index.html")
