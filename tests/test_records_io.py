"""Curators come first: parsing again never loses a hand edit, and the output is reproducible."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.config import load_config
from gazette.frontmatter import article_from_text
from gazette.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


@pytest.fixture
def project(tmp_path):
    """A small project: two seed files and the repository's config."""
    (tmp_path / "seeds").mkdir()
    for path in SEEDS[:2]:
        shutil.copy(path, tmp_path / "seeds" / path.name)
    shutil.copy(ROOT / "site_config.yaml", tmp_path / "site_config.yaml")
    return tmp_path


def parse(project: Path, **kw):
    config, problems = load_config(project / "site_config.yaml")
    assert not [p for p in problems if p.severity == "error"]
    return build(config, steps=("parse",), **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_second_parse_changes_nothing(project):
    parse(project)
    before = snapshot(project / "articles")
    report = parse(project)
    assert report.records.written == [] and report.records.removed == []
    assert snapshot(project / "articles") == before


def test_hand_edited_record_is_kept_and_can_be_regenerated(project):
    parse(project)
    record = sorted((project / "articles").rglob("001-*.md"))[0]
    edited = record.read_text(encoding="utf-8").replace("byline: [金驰]", "byline: [金驰, 新作者]")
    assert edited != record.read_text(encoding="utf-8")
    record.write_text(edited, encoding="utf-8")

    report = parse(project)
    assert record.read_text(encoding="utf-8") == edited
    rel = record.relative_to(project).as_posix()
    assert report.records.kept == [rel]
    record_id = article_from_text(edited, rel).id
    notes = [str(p) for p in report.problems if p.path == rel]
    assert notes == [f"{rel}: note: kept: edited by hand, so the parser left it as it is; to replace it "
                     f"with the parser's version run: python build.py parse --regenerate {record_id}"]

    report = parse(project, regenerate={record_id})
    assert "新作者" not in record.read_text(encoding="utf-8")
    assert rel in report.records.written


def test_a_kept_edit_whose_text_the_parser_now_cuts_elsewhere_is_a_warning(project):
    """Ids follow print order: when the source changes so that record 003 is other text, the
    hand-edited 003 is still kept, but the build says loudly that the two no longer match."""
    parse(project)
    folder = project / "articles" / SEEDS[0].stem
    record = sorted(folder.glob("003-*.md"))[0]
    edited = record.read_text(encoding="utf-8").replace("\nkind: article", "\nkind: article\n# 已核对", 1)
    record.write_text(edited, encoding="utf-8")
    rel = record.relative_to(project).as_posix()
    report = parse(project)  # unchanged source: the usual note
    assert [p.severity for p in report.problems if p.path == rel] == ["note"]

    seed = project / "seeds" / SEEDS[0].name
    seed.write_text("".join(f"第{n}条消息的标题\n\n第{n}条消息的正文，写得完整。\n\n·金驰·\n\n" for n in "一二三"),
                    encoding="utf-8")
    report = parse(project)
    assert record.read_text(encoding="utf-8") == edited
    [problem] = [p for p in report.problems if p.path == rel]
    assert problem.severity == "warning"
    assert f"now cuts record {SEEDS[0].stem}-003 from lines 13–17 of seeds/{SEEDS[0].name} (“第三条消息的标题”)" \
        in problem.message
    assert "(lines 45–73) does not overlap" in problem.message
    assert problem.message.endswith(f"python build.py parse --regenerate {SEEDS[0].stem}-003")


def test_cli_regenerate_accepts_a_file_path(project):
    parse(project)
    record = sorted((project / "articles").rglob("002-*.md"))[0]
    record.write_text(record.read_text(encoding="utf-8") + "\n补充一段。\n", encoding="utf-8")
    rel = record.relative_to(project).as_posix()
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "parse", "--regenerate", rel],
                            cwd=project, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "补充一段" not in record.read_text(encoding="utf-8")


def test_new_issue_adds_records_without_touching_others(project):
    parse(project)
    before = snapshot(project / "articles")
    shutil.copy(SEEDS[2], project / "seeds" / SEEDS[2].name)
    report = parse(project)
    after = snapshot(project / "articles")
    assert {k: v for k, v in after.items() if k in before} == before
    new_issue = SEEDS[2].stem
    assert report.records.written and all(f"articles/{new_issue}/" in w for w in report.records.written)


def test_stale_records_are_removed_unless_hand_edited(project):
    parse(project)
    folder = project / "articles" / SEEDS[0].stem
    stale_machine = folder / "090-stale.md"
    stale_machine.write_text(sorted(folder.glob("001-*.md"))[0].read_text(encoding="utf-8")
                             .replace(f"id: {SEEDS[0].stem}-001", f"id: {SEEDS[0].stem}-090"), encoding="utf-8")
    stale_human = folder / "091-mine.md"
    stale_human.write_text(f"---\nid: {SEEDS[0].stem}-091\nissue: {SEEDS[0].stem}\nseq: 91\n"
                           "source: seeds/x.txt\nlines: [1, 1]\nkind: notice\ntitle: 我写的\n---\n我写的。\n",
                           encoding="utf-8")
    report = parse(project)
    # The copy with a changed id no longer matches its hash: it counts as a person's edit.
    assert stale_machine.exists() and stale_human.exists()
    assert {Path(k).name for k in report.records.kept} == {"090-stale.md", "091-mine.md"}
    # A machine-written record for an id the parser no longer makes is removed.
    (project / "seeds" / SEEDS[0].name).write_text("标题一行\n\n只有一段。\n\n·金驰·\n", encoding="utf-8")
    report = parse(project)
    removed = {Path(p).name for p in report.records.removed}
    assert {"002-qu-ling-dao-diao-yan-ji-ceng-she.md", "005-hong-se-wu-ye-qi-dong-xiao-qu.md"} <= removed
    assert sorted(p.name for p in folder.glob("*.md")) == ["001-biao-ti-yi-xing.md", "090-stale.md",
                                                          "091-mine.md", "_issue.md"]
    assert stale_human.exists()


def test_same_article_in_two_issue_files_is_kept_once(project):
    shutil.copy(SEEDS[0], project / "seeds" / "zz_reexport.txt")
    report = parse(project)
    config, _ = load_config(project / "site_config.yaml")
    records = [article_from_text(p.read_text(encoding="utf-8"), p.name)
               for p in sorted((project / "articles" / "zz_reexport").glob("*.md")) if p.name != "_issue.md"]
    originals = [article_from_text(p.read_text(encoding="utf-8"), p.name)
                 for p in sorted((project / "articles" / SEEDS[0].stem).glob("*.md")) if p.name != "_issue.md"]
    assert [r.duplicate_of for r in records] == [o.id for o in originals]
    assert all(o.duplicate_of is None for o in originals)
    assert report.ok


def test_parse_reproduces_committed_records_byte_for_byte(tmp_path):
    config, _ = load_config(ROOT / "site_config.yaml")
    build(config, articles=tmp_path / "articles", steps=("parse",))
    assert snapshot(tmp_path / "articles") == snapshot(ROOT / "articles")


def test_every_record_has_a_documents_key_after_programs():
    from gazette.frontmatter import article_to_text
    from gazette.records import Article, SourceSpan

    text = article_to_text(Article(id="x-001", issue="x", seq=1, source=SourceSpan("seeds/x.txt", 1, 2),
                                   kind="article", title="标题", body="正文。"))
    assert "\nprograms: []\ndocuments: []\nduplicate_of: null\n" in text


def test_a_record_from_before_documents_reads_its_titles_as_documents():
    # Older records filed titles in 《》 under programs with kind: document; a curator's copy of
    # one is kept as written, so reading it must still put them where they belong.
    old = ("---\nid: x-001\nissue: x\nseq: 1\nsource: seeds/x.txt\nlines: [1, 2]\nkind: article\n"
           "title: 标题\nprograms:\n  - name: 红色物业\n    rule: curated\n    kind: brand\n"
           "  - name: 实施细则\n    matched: 实施细则\n    position: 3\n    rule: discovered\n"
           "    reviewed: false\n    kind: document\n---\n学习《实施细则》。\n")
    article = article_from_text(old, "articles/x/001-x.md")
    assert [t.name for t in article.programs] == ["红色物业"]
    (doc,) = article.documents
    assert (doc.name, doc.position, doc.extra) == ("实施细则", 3, {})
    new = old.replace("programs:", "documents: []\nprograms:")
    assert [t.name for t in article_from_text(new, "articles/x/001-x.md").programs] == ["红色物业", "实施细则"]
