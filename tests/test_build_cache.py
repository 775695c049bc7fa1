"""The build cache (issue 15): a build with nothing changed redoes nothing, and a build after
edits, with the cache of earlier builds, gives the bytes of a clean build.

Every build here is the real one (``gazette.pipeline.build``, or ``build.py`` as a subprocess for
the summary line) on a project made of seed files, the repository's config and its templates.
"""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.config import load_config
from gazette.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def make_project(folder: Path, seeds: list[Path]) -> Path:
    (folder / "seeds").mkdir(parents=True)
    for path in seeds:
        shutil.copy(path, folder / "seeds" / path.name)
    shutil.copy(ROOT / "site_config.yaml", folder / "site_config.yaml")
    return folder


def run(folder: Path):
    config, problems = load_config(folder / "site_config.yaml")
    assert not [p for p in problems if p.severity == "error"]
    return build(config)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def outputs(folder: Path) -> dict[str, bytes]:
    return {**{"articles/" + k: v for k, v in tree(folder / "articles").items()},
            **{"_site/" + k: v for k, v in tree(folder / "_site").items()},
            **{"review/" + k: v for k, v in tree(folder / "review").items()}}


def test_nothing_changed_parses_tags_writes_and_reads_nothing(tmp_path):
    project = make_project(tmp_path / "p", SEEDS[:2])
    first = run(project)
    assert first.cache_misses.get("seeds") == 2 and first.cache_misses.get("records", 0) > 0
    before = outputs(project)
    second = run(project)
    assert second.cache_misses == {}, "a step was redone though nothing changed"
    assert second.cache_hits["seeds"] == 2 and second.cache_hits["tag"] == 1
    assert second.cache_hits["write"] == 2 and second.cache_hits["records"] == first.cache_misses["records"]
    assert second.cache_hits["render"] == 1 and second.records.written == [] and second.pages == 0
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert outputs(project) == before


def test_a_page_removed_from_the_output_is_rendered_again(tmp_path):
    project = make_project(tmp_path / "p", SEEDS[:1])
    run(project)
    before = outputs(project)
    page = sorted((project / "_site").rglob("*.html"))[-1]
    page.unlink()
    again = run(project)
    assert again.cache_misses.get("render") == 1 and outputs(project) == before


def test_summary_line_says_what_was_reused(tmp_path):
    project = make_project(tmp_path / "p", SEEDS[:1])
    cmd = [sys.executable, str(ROOT / "build.py"), "--config", str(project / "site_config.yaml")]
    subprocess.run(cmd, check=True, capture_output=True, cwd=project)
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=project).stdout
    last = out.strip().splitlines()[-1]
    assert last.startswith("build: ") and "seed files parsed 0 (reused 1)" in last, last
    assert "tagging runs 0 (reused 1)" in last and "issue folders written 0 (reused 1)" in last, last
    assert " 0 pages written" in last, last


def test_hand_edited_record_is_still_reported_when_its_folder_is_skipped(tmp_path):
    project = make_project(tmp_path / "p", SEEDS[:1])
    run(project)
    record = sorted((project / "articles" / SEEDS[0].stem).glob("001-*.md"))[0]
    record.write_text(record.read_text(encoding="utf-8") + "\n我加的一段。\n", encoding="utf-8")
    kept = [str(p) for p in run(project).problems if "kept: edited by hand" in str(p)]
    assert len(kept) == 1
    again = run(project)
    assert again.cache_hits.get("write") == 1  # the folder was not written...
    assert [str(p) for p in again.problems if "kept: edited by hand" in str(p)] == kept  # ...and still said so


# One fixed random sequence of edits; each is applied to a project that keeps its cache and
# output, and to a fresh copy of its inputs built from nothing.
def add_issue(project: Path, rng: random.Random) -> None:
    source = rng.choice(SEEDS)
    shutil.copy(source, project / "seeds" / f"zz{rng.randrange(100)}_{source.name}")


def remove_issue(project: Path, rng: random.Random) -> None:
    files = sorted((project / "seeds").glob("*.txt"))
    if len(files) > 1:
        rng.choice(files).unlink()


def edit_record(project: Path, rng: random.Random) -> None:
    records = sorted(p for p in (project / "articles").rglob("*.md") if p.name != "_issue.md")
    record = rng.choice(records)
    text = record.read_text(encoding="utf-8")
    record.write_text(text.rstrip("\n") + f"\n\n编辑补记第{rng.randrange(1000)}条。\n", encoding="utf-8")


def edit_seed(project: Path, rng: random.Random) -> None:
    seed = rng.choice(sorted((project / "seeds").glob("*.txt")))
    lines = seed.read_text(encoding="utf-8").splitlines()
    del lines[rng.randrange(len(lines))]
    seed.write_text("\n".join(lines) + "\n", encoding="utf-8")


def edit_config(project: Path, rng: random.Random) -> None:
    config = project / "site_config.yaml"
    text = config.read_text(encoding="utf-8")
    if rng.random() < 0.5:  # read by the parser
        text = text.replace("publication: null", "publication: 崇川日报", 1)
    else:  # read by the tagger
        text = text.replace("ignore: [", "ignore: [崇川区, ", 1)
    config.write_text(text, encoding="utf-8")


EDITS = [add_issue, remove_issue, edit_record, edit_seed, edit_config]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_builds_after_random_edits_equal_clean_builds(tmp_path, seed):
    rng = random.Random(seed)
    project = make_project(tmp_path / "incremental", SEEDS[:2])
    run(project)
    for step, edit in enumerate(rng.sample(EDITS, len(EDITS))[:3]):
        edit(project, rng)
        incremental = run(project)
        clean = tmp_path / f"clean{step}"
        shutil.copytree(project, clean, ignore=shutil.ignore_patterns("_site", ".gazette", "review"))
        reference = run(clean)
        got, expected = outputs(project), outputs(clean)
        assert sorted(got) == sorted(expected), f"after {edit.__name__}: files differ"
        assert [k for k in sorted(got) if got[k] != expected[k]] == [], f"after {edit.__name__}: bytes differ"
        # a config named by its absolute path is shown so (issue 14): strip each project's folder
        assert sorted(str(p).replace(str(project), "") for p in incremental.problems) == \
            sorted(str(p).replace(str(clean), "") for p in reference.problems)
