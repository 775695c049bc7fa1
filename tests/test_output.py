"""The output folder is the build's own and nothing else (issue 14, item 1).

Each refusal is run through the real CLI: exact message, exit code 2, and the project tree
(including hidden files) byte for byte as it was, because ``--output .`` once deleted the project.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.project import run, tree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
MANIFEST = ".gazette-manifest"


@pytest.fixture
def project(tmp_path) -> Path:
    """tests/data as a project with a seed file, an edited record and a .git folder."""
    work = tmp_path / "project"
    shutil.copytree(DATA, work)
    (work / "seeds").mkdir()
    shutil.copy(ROOT / "seeds" / sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))[0], work / "seeds")
    (work / ".git").mkdir()
    (work / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    return work


REFUSALS = [
    (["--output", "."], None,
     ".: the output folder (--output .) is the project root; the build replaces the contents of its output "
     "folder, so the site needs a folder of its own. Nothing was written; choose another folder, such as _site"),
    (["--output", "articles"], None,
     "articles: the output folder (--output articles) is the records folder (articles); the build replaces the "
     "contents of its output folder, so the site needs a folder of its own. Nothing was written; choose another "
     "folder, such as _site"),
    (["--output", "seeds/site"], None,
     "seeds/site: the output folder (--output seeds/site) lies inside the seeds folder (seeds); the build "
     "replaces the contents of its output folder, so the site needs a folder of its own. Nothing was written; "
     "choose another folder, such as _site"),
    ([], "output: .\n",
     ".: the output folder ('output: .' in the config) is the project root; the build replaces the contents of "
     "its output folder, so the site needs a folder of its own. Nothing was written; choose another folder, "
     "such as _site"),
    (["--output", ".git"], None,
     ".git: the output folder (--output .git) is not empty and no build wrote it (it has no .gazette-manifest); "
     "nothing was written. Choose an empty or new folder, or pass --force to let the build replace what is in it"),
]


@pytest.mark.parametrize("command", ["build", "render"])
@pytest.mark.parametrize("args, config_line, message", REFUSALS,
                         ids=["output-dot", "output-articles", "inside-seeds", "config-output-dot", "foreign"])
def test_refused_output_folder_changes_nothing(project, command, args, config_line, message):
    if config_line:
        with open(project / "site_config.yaml", "a", encoding="utf-8") as handle:
            handle.write(config_line)
    before = tree(project)
    result = run(project, command, *args)
    assert (result.returncode, result.stderr, result.stdout) == (2, message + "\n", "")
    assert tree(project) == before


def test_output_folder_containing_the_project_is_refused(project):
    before = tree(project.parent)
    result = run(project, "render", "--output", "..")
    assert result.returncode == 2
    # named relative to the project root, as every path in messages and records (issue 14)
    assert result.stderr == ("..: the output folder (--output ..) contains the project "
                             "root; the build replaces the contents of its output folder, so the site needs a "
                             "folder of its own. Nothing was written; choose another folder, such as _site\n")
    assert tree(project.parent) == before


def test_force_takes_over_a_foreign_folder(project):
    foreign = project / "www"
    foreign.mkdir()
    (foreign / "old.html").write_text("old", encoding="utf-8")
    result = run(project, "render", "--output", "www", "--force")
    assert result.returncode == 0, result.stderr
    assert not (foreign / "old.html").exists()
    assert (foreign / "index.html").is_file() and (foreign / MANIFEST).is_file()


def test_only_files_of_earlier_builds_are_removed(project):
    """A file a person put into _site/ survives the next build; a page the build no longer makes
    goes; a page whose name a person's file already holds is not written over (error, rc 1)."""
    assert run(project, "render").returncode == 0
    site = project / "_site"
    manifest = (site / MANIFEST).read_text(encoding="utf-8").splitlines()
    assert manifest[0].startswith("#") and "index.html" in manifest and MANIFEST not in manifest
    assert sorted(manifest[1:]) == sorted(p for p, data in tree(site).items() if data is not None and p != MANIFEST)
    (site / "CNAME").write_text("archive.example.org\n", encoding="utf-8")
    (site / "issues" / "notes.txt").write_text("mine\n", encoding="utf-8")

    # Withdraw the last issue: its pages go, the person's files stay.
    shutil.rmtree(project / "articles" / "003_d4")
    result = run(project, "render")
    assert result.returncode == 0, result.stderr
    assert (site / "CNAME").read_text(encoding="utf-8") == "archive.example.org\n"
    assert (site / "issues" / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    assert not (site / "issues" / "003_d4").exists()
    assert "CNAME" not in (site / MANIFEST).read_text(encoding="utf-8").splitlines()

    # The person's file now stands where the build wants to write a page: theirs is kept.
    (site / "issues" / "notes.txt").unlink()
    (site / "about.html").unlink()
    (site / "about.html").write_text("my about page\n", encoding="utf-8")
    lines = [line for line in (site / MANIFEST).read_text(encoding="utf-8").splitlines() if line != "about.html"]
    (site / MANIFEST).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run(project, "render")
    assert result.returncode == 1
    assert ("_site/about.html: this file was not written by the build, which now makes a page of this name; "
            "the file was kept and the page left out. Move the file away and build again") in result.stderr
    assert (site / "about.html").read_text(encoding="utf-8") == "my about page\n"
    assert not list(project.glob(".*gazette-build*")), "no staging folder is left behind"


def test_a_second_build_waits_for_the_first_then_gives_up(project):
    from gazette.output import BuildLock

    before = tree(project)
    with BuildLock(project / ".gazette", ".gazette", wait=0):
        during = tree(project)
        result = run(project, "render", "--wait", "0.5")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f".gazette: another build (process {os.getpid()}) is running in this project; nothing "
                             "was written. Wait for it to finish and run the build again, or pass --wait SECONDS "
                             "to wait longer\n")
    assert tree(project) == during and set(during) - set(before) == {".gazette", ".gazette/build.lock"}


def test_two_builds_at_once_both_finish(project):
    """They once shared one temporary file name, and one crashed in 3 of 7 runs."""
    command = [sys.executable, str(ROOT / "build.py"), "render", "--wait", "600"]
    builds = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(2)]
    outcomes = [(b.wait(timeout=900), b.stderr.read()) for b in builds]
    assert outcomes == [(0, ""), (0, "")]
    again = run(project, "render")
    assert again.returncode == 0 and ", 0 pages written;" in again.stdout
    leftovers = [p for p in project.rglob("*") if p.name.endswith(".tmp") or "gazette-build" in p.name]
    assert leftovers == []
