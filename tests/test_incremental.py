"""An incremental build equals a clean build byte for byte (ARCHITECTURE.md, "Incremental builds").

The seeds' records are copied into a project, rendered, one record file is changed and the same
output folder is rendered again, with the build state of the first build. A second project with
the changed records and no state or output is rendered from scratch. Both output folders must
hold the same files with the same bytes: nothing stale kept (pages, feeds, search index, cached
keywords), nothing missing.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from gazette.cache import CACHE_FILE
from gazette.config import load_config
from gazette.frontmatter import article_from_text, article_to_text
from gazette.pipeline import build
from gazette.related import keyword_text

ROOT = Path(__file__).resolve().parents[1]
TAGGED = "000_2ab810940222e862/001-chong-chuan-qu-san-ju-san-ti-huo.md"
"""Tags, a document of its own, a byline, an inferred date."""
UNTAGGED = "004_01c548c15f85f51b/001-zheng-zuo-huan-bao-shi-zhe-gong-chuang.md"
"""No place or program tags: its related articles come from its keywords alone."""


def new_body(article):
    # Words that records of another issue share: the record's related articles change, so
    # stale cached keywords would show on its page.
    return dataclasses.replace(article, body="中秋节前夕,社区志愿者为独居老人送去月饼。\n\n"
                                             "在中秋诗词会上,居民朗诵中秋诗词,分享月饼。")


def new_title(article):
    return dataclasses.replace(article, title="崇川区干部队伍集中培训开班",
                               headlines=("崇川区干部队伍集中培训开班",))


def fewer_tags(article):
    # Its document appears in no other record: the document's page and feed must go.
    return dataclasses.replace(article, programs=article.programs[:1], documents=())


def new_date(article):
    return dataclasses.replace(article, date="2022-01-05", date_source="inferred")


def project(folder: Path, articles: Path) -> Path:
    folder.mkdir()
    shutil.copytree(articles, folder / "articles")
    shutil.copy(ROOT / "site_config.yaml", folder / "site_config.yaml")
    return folder


def render(folder: Path):
    config, problems = load_config(folder / "site_config.yaml")
    assert not [p for p in problems if p.severity == "error"]
    report = build(config, steps=("render",))
    assert [str(p) for p in report.problems if p.severity == "error"] == []
    return report


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("path, change", [(UNTAGGED, new_body), (TAGGED, new_title), (TAGGED, fewer_tags),
                                          (TAGGED, new_date)],
                         ids=["new_body", "new_title", "fewer_tags", "new_date"])
def test_incremental_build_equals_clean_build(tmp_path, path, change):
    incremental = project(tmp_path / "incremental", ROOT / "articles")
    render(incremental)
    before = tree(incremental / "_site")

    record = incremental / "articles" / path
    article = article_from_text(record.read_text(encoding="utf-8"), path)
    changed = change(article)
    assert changed != article
    record.write_text(article_to_text(changed), encoding="utf-8")
    second = render(incremental)
    originals = [a for a in second.articles if not a.duplicate_of]
    keywords_stale = keyword_text(changed) != keyword_text(article)
    assert second.keywords_reused == len(originals) - keywords_stale  # the state was used
    after = tree(incremental / "_site")
    assert after != before, "the change did not reach the site; pick another"

    clean = project(tmp_path / "clean", incremental / "articles")
    render(clean)
    expected = tree(clean / "_site")
    assert sorted(after) == sorted(expected), (
        f"stale files: {sorted(set(after) - set(expected))}; missing: {sorted(set(expected) - set(after))}")
    differing = [url for url in sorted(expected) if after[url] != expected[url]]
    assert differing == []
    # The cached stage results (cache.sqlite) hold absolute paths and file times, so they differ
    # between two projects by design; the state the pages are made from must not.
    def state(folder):
        return {k: v for k, v in tree(folder / ".gazette").items() if k != CACHE_FILE}
    assert state(incremental) == state(clean)
