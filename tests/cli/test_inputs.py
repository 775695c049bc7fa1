"""Whole-build checks of inputs (issue 14): where paths in records come from when the config
lives in a subfolder, and what happens to control characters in seeds and records."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

from gazette.site import FEED_TITLES
from tests.cli.test_cli import ROOT, run

SEED = ROOT / "tests" / "invalid" / "binary_seed" / "seeds" / "a.txt"


def test_config_in_subfolder_keeps_paths_relative(tmp_path):
    project = tmp_path / "archive"
    (project / "seeds").mkdir(parents=True)
    (project / "conf").mkdir()
    shutil.copy(SEED, project / "seeds" / "a.txt")
    (project / "conf" / "site.yaml").write_text(
        "title: 档案\nseeds: ../seeds\narticles: ../articles\noutput: ../_site\n", encoding="utf-8")
    result = run(project, "--config", "conf/site.yaml")
    assert result.returncode == 0, result.stderr
    records = sorted((project / "articles").rglob("*.md"))
    assert records, result.stdout
    for record in records:
        assert "source: ../seeds/a.txt\n" in record.read_text(encoding="utf-8"), record
    written = records + [p for p in (project / "_site").rglob("*") if p.is_file()]
    leaked = [p for p in written if str(tmp_path).encode() in p.read_bytes()]
    assert not leaked, f"absolute paths written into {leaked}"


UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def test_control_characters_never_reach_records_pages_or_feeds(tmp_path):
    """A seed and a hand-edited record with ESC, C1 controls and a right-to-left override: both
    are reported at their line, and every feed still parses as XML (issue 14, item 7)."""
    project = tmp_path / "archive"
    shutil.copytree(ROOT / "tests" / "invalid" / "control_characters", project,
                    ignore=shutil.ignore_patterns("expected"))
    assert run(project, "parse").returncode == 0
    record = next((project / "articles" / "a").glob("001-*.md"))
    text = record.read_text(encoding="utf-8")
    assert not UNSAFE.search(text)
    edited = text.replace("title: ", "title: \u202e手改\x1b", 1)
    record.write_text(edited, encoding="utf-8")
    title_line = edited.splitlines().index(next(l for l in edited.splitlines() if l.startswith("title: "))) + 1
    result = run(project, "render")
    assert result.returncode == 0, result.stderr
    shown = record.relative_to(project).as_posix()
    assert (f"{shown}:{title_line}: warning: removed 2 characters that cannot be shown or put in a feed: "
            "U+202E (RIGHT-TO-LEFT OVERRIDE), U+001B (ESCAPE); check the text around it "
            "(an OCR or export glitch?)") in result.stderr.splitlines()
    assert record.read_text(encoding="utf-8") == edited  # the curator's file is left as it is
    site = project / "_site"
    feeds = sorted(site.rglob("*.xml"))
    assert len(feeds) > 1
    for feed in feeds:
        ElementTree.parse(feed)  # raises on a character XML does not allow
    page = (site / "issues" / "a" / "001.html").read_text(encoding="utf-8")
    assert "手改" in page
    dirty = [p for p in site.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json", ".js"}
             and UNSAFE.search(p.read_text(encoding="utf-8", errors="replace"))]
    assert not dirty, dirty


def _issue(number: int) -> str:
    return f"第{number}条消息标题党建引领\n\n本报讯 崇川区第{number}个社区开展活动,居民踊跃参加。\n\n·杨阳·\n"


def test_slugs_escapes_and_feed_entry_cap(tmp_path):
    """Item 12: ASCII runs stay whole in file names and URLs, Markdown escapes do not reach the
    search text, and one issue's feed entry lists a bounded number of titles."""
    project = tmp_path / "archive"
    (project / "seeds").mkdir(parents=True)
    (project / "site_config.yaml").write_text("title: 档案\n", encoding="utf-8")
    first = ("script-al 2023年工作总结\n\n4月7日,崇川区召开会议,页面出现 <img src=x onerror=alert(1)> 字样。"
             "\n\n·金驰·\n")
    text = "\n".join([first, *(_issue(n) for n in range(1, 41))])
    (project / "seeds" / "2023年4月7日.txt").write_text(text, encoding="utf-8")
    result = run(project)
    assert result.returncode == 0, result.stderr
    records = project / "articles" / "2023-nian-4-yue-7-ri"
    assert (records / "001-script-al-2023-nian-gong-zuo-zong-jie.md").is_file(), sorted(records.iterdir())
    site = project / "_site"
    assert (site / "issues" / "2023-nian-4-yue-7-ri" / "001.html").is_file()
    record = (records / "001-script-al-2023-nian-gong-zuo-zong-jie.md").read_text(encoding="utf-8")
    assert "\\<img" in record  # the record escapes it for Markdown ...
    texts = "".join(p.read_text(encoding="utf-8") for p in (site / "searchindex" / "x").glob("*.js"))
    assert "<img src=x onerror=alert(1)>" in texts  # ... the search text shows it as printed
    assert "\\\\<img" not in texts  # (a backslash, JSON-encoded, before <img)
    feed = ElementTree.parse(site / "feed.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    summaries = [e.findtext("a:summary", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert len(summaries) == 1
    titles, more = summaries[0].rsplit(" 等 ", 1)
    assert more == "41 篇"
    assert titles.split("、") == ["script-al 2023年工作总结", *(f"第{n}条消息标题党建引领" for n in range(1, FEED_TITLES))]


def test_a_copy_of_an_issue_changes_no_record_of_the_original(tmp_path):
    """Item 10: adding an issue again (a byte copy, a GB18030 re-export) under another name
    leaves every record of the other issues byte for byte as it was: a copy is no new evidence
    for the program scores that count mentions across records."""
    project = tmp_path / "archive"
    shutil.copytree(ROOT / "seeds", project / "seeds")
    shutil.copy(ROOT / "site_config.yaml", project / "site_config.yaml")
    assert run(project, "parse", "-q").returncode == 0
    before = {p.relative_to(project): p.read_bytes() for p in (project / "articles").rglob("*") if p.is_file()}
    originals = sorted((project / "seeds").glob("*.txt"))
    shutil.copy(originals[2], project / "seeds" / "zz-copy.txt")
    text = originals[3].read_text(encoding="utf-8")
    (project / "seeds" / "zz-gb18030.txt").write_bytes(text.encode("gb18030"))
    result = run(project, "parse", "-q")
    assert result.returncode == 0, result.stderr
    after = {p.relative_to(project): p.read_bytes() for p in (project / "articles").rglob("*") if p.is_file()}
    changed = [str(rel) for rel, data in before.items() if after.get(rel) != data]
    assert not changed, changed
    added = {rel.parts[1] for rel in set(after) - set(before)}
    assert added == {"zz-copy", "zz-gb18030"}
