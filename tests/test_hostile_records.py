"""Record files a person changed in ways the parser did not expect (issue 14, items 2 and 8).

Run through the real CLI: a hand edit is never overwritten or removed, whatever its ``id:`` line
looks like, and an id or issue that does not fit the file's folder is an error at its line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.project import run, tree

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "003_b0bdc98c9b6712e3.txt"
ISSUE = "003_b0bdc98c9b6712e3"


@pytest.fixture(scope="module")
def parsed(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("parsed")
    (work / "seeds").mkdir()
    shutil.copy(SEED, work / "seeds")
    shutil.copy(ROOT / "site_config.yaml", work)
    result = run(work, "parse")
    assert result.returncode == 0, result.stderr
    return work


@pytest.fixture
def project(parsed, tmp_path) -> Path:
    work = tmp_path / "project"
    shutil.copytree(parsed, work)
    return work


def edit(record: Path, old: str, new: str) -> bytes:
    text = record.read_text(encoding="utf-8")
    assert old in text
    record.write_text(text.replace(old, new, 1), encoding="utf-8")
    return record.read_bytes()


def first_record(project: Path) -> Path:
    return sorted((project / "articles" / ISSUE).glob("001-*.md"))[0]


def test_an_id_line_with_a_comment_keeps_the_edit(project):
    record = first_record(project)
    rel = record.relative_to(project).as_posix()
    edited = edit(record, f"id: {ISSUE}-001\n", f"id: {ISSUE}-001  # checked\n")
    before = tree(project / "articles")
    result = run(project, "parse")
    assert result.returncode == 0, result.stderr
    assert record.read_bytes() == edited
    assert tree(project / "articles") == before
    assert "records: 0 written, " in result.stdout and ", 1 kept (hand-edited), 0 removed" in result.stdout
    assert (f"{rel}: note: kept: edited by hand, so the parser left it as it is; to replace it with the "
            f"parser's version run: python build.py parse --regenerate {ISSUE}-001") in result.stderr.splitlines()


@pytest.mark.parametrize("command", ["parse", "render"])
def test_an_id_that_leaves_its_folder_is_an_error_and_the_file_is_kept(project, command):
    record = first_record(project)
    rel = record.relative_to(project).as_posix()
    edited = edit(record, f"id: {ISSUE}-001\n", "id: ../../evil\n")
    before = tree(project / "articles")
    result = run(project, command)
    assert result.returncode == 1
    assert (f"{rel}:2: id '../../evil' does not fit the folder this file is in: ids there are '{ISSUE}-' and "
            f"the record's number (such as {ISSUE}-001); fix the id. The file was left as it is and is not on "
            "the site") in result.stderr.splitlines()
    assert record.read_bytes() == edited
    assert tree(project / "articles") == before
    assert not (project.parent / "evil").exists() and not list(project.parent.rglob("evil*"))
    if command == "parse":
        assert (f"{rel}: warning: kept: this file is yours (edited by hand), but the parser's record {ISSUE}-001 "
                "(“") in result.stderr


def test_an_issue_that_leaves_its_folder_is_an_error(project):
    """It was dropped from the site with exit code 0 and no message."""
    record = first_record(project)
    rel = record.relative_to(project).as_posix()
    edited = edit(record, f"issue: {ISSUE}\n", "issue: ../../evil\n")
    result = run(project, "render")
    assert result.returncode == 1
    assert (f"{rel}:3: issue '../../evil' is not the issue of the folder this file is in ({ISSUE}); set "
            f"'issue: {ISSUE}' or move the file into its issue's folder. The file was left as it is and is not "
            "on the site") in result.stderr.splitlines()
    assert record.read_bytes() == edited
    assert not list(project.parent.rglob("evil*"))


def test_regenerate_by_path_reads_an_id_with_a_comment(project):
    record = first_record(project)
    edit(record, f"id: {ISSUE}-001\n", f"id: {ISSUE}-001  # checked\n")
    result = run(project, "parse", "--regenerate", record.relative_to(project).as_posix())
    assert result.returncode == 0, result.stderr
    assert f"id: {ISSUE}-001\n" in record.read_text(encoding="utf-8")
    assert "# checked" not in record.read_text(encoding="utf-8")
