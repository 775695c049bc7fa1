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


SECRET = "外部机密文件内容ZQX"


def secret_file(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def mentions_secret(folder: Path) -> list[str]:
    return [p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and not p.is_symlink() and SECRET.encode("utf-8") in p.read_bytes()]


def test_links_out_of_seeds_and_articles_are_skipped_with_a_warning(project, tmp_path):
    outside = tmp_path / "outside"
    seed = secret_file(outside, "passwd.txt", f"{SECRET}\n\n崇川区召开会议。{SECRET}\n")
    record = first_record(project)
    secret_record = secret_file(outside, "record.md", record.read_text(encoding="utf-8")
                                .replace(f"id: {ISSUE}-001", f"id: {ISSUE}-901").replace("seq: 1", "seq: 901")
                                + f"\n{SECRET}\n")
    issue_folder = outside / "issue"
    secret_file(issue_folder, "001-a.md", secret_record.read_text(encoding="utf-8"))
    (project / "seeds" / "passwd.txt").symlink_to(seed)
    (project / "articles" / ISSUE / "901-link.md").symlink_to(secret_record)
    (project / "articles" / "999_link").symlink_to(issue_folder, target_is_directory=True)

    result = run(project, "build")
    lines = result.stderr.splitlines()
    for link, folder in [("seeds/passwd.txt", "seeds"), (f"articles/{ISSUE}/901-link.md", "articles"),
                         ("articles/999_link", "articles")]:
        assert (f"{link}: warning: a symbolic link that leads outside {folder}/; skipped. Copy the file into "
                f"{folder}/ if it belongs there") in lines, result.stderr
    assert mentions_secret(project / "_site") == [] and mentions_secret(project / "articles") == []
    assert not list(project.rglob("*passwd*.md"))
    assert (project / "articles" / ISSUE / "901-link.md").is_symlink(), "the link itself is left alone"


def test_a_static_file_linked_from_outside_templates_is_not_published(tmp_path):
    from gazette.config import load_config
    from gazette.render import TEMPLATES
    from gazette.site import render_site
    from tests.site.archive import DATA, load_records

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "static" / "secret.txt").symlink_to(secret_file(tmp_path / "outside", "s.txt", SECRET))
    config, _ = load_config(DATA / "site_config.yaml")
    issues, articles = load_records(DATA / "articles")
    report = render_site(config, issues, articles, tmp_path / "site", templates=templates)
    assert [str(p) for p in report.problems] == [
        "templates/static/secret.txt: warning: a symbolic link that leads outside templates/; skipped. Copy the "
        "file into templates/ if it belongs there"]
    assert not (tmp_path / "site" / "static" / "secret.txt").exists()
    assert mentions_secret(tmp_path / "site") == []


def test_parse_removes_temporary_files_of_killed_builds_only(project):
    import os

    folder = project / "articles" / ISSUE
    dead = folder / ".001-x.md.99999999-0123abcd.tmp"
    running = folder / f".001-x.md.{os.getpid()}-0123abcd.tmp"
    mine = folder / ".notes.tmp"
    for path in (dead, running, mine):
        path.write_text("partial", encoding="utf-8")
    result = run(project, "parse")
    assert result.returncode == 0, result.stderr
    assert not dead.exists() and running.exists() and mine.exists()
