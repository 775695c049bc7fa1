"""The build state: cached keywords are reused only while what they came from is unchanged."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from gazette import state
from gazette.config import load_config
from gazette.pipeline import build
from gazette.records import Article, SourceSpan
from gazette.related import article_keywords, make_tfidf
from gazette.site import render_site
from gazette.state import KeywordCache
from tests.site.archive import DATA, load_records

ROOT = Path(__file__).resolve().parents[1]


def record(seq: int, body: str) -> Article:
    return Article(id=f"x-{seq:03d}", issue="x", seq=seq, source=SourceSpan("seeds/x.txt", seq, seq),
                   kind="article", title=f"标题{seq}", body=body)


def test_saved_keywords_come_back_for_unchanged_text_only(tmp_path):
    a, b = record(1, "社区网格员走访居民。"), record(2, "街道开展志愿服务。")
    cache = KeywordCache.load(tmp_path)
    assert cache.valid([a, b]) == {}
    assert cache.save([a, b], {"x-001": ("网格员", "社区"), "x-002": ("志愿",)})
    loaded = KeywordCache.load(tmp_path)
    assert loaded.valid([a, b]) == {"x-001": ("网格员", "社区"), "x-002": ("志愿",)}
    edited = replace(b, body="街道开展文明实践。")
    assert loaded.valid([a, edited]) == {"x-001": ("网格员", "社区")}
    renamed = replace(a, id="x-009")
    assert loaded.valid([renamed]) == {}


def test_state_file_is_deterministic_and_forgets_records_that_are_gone(tmp_path):
    a, b = record(1, "甲。"), record(2, "乙。")
    KeywordCache.load(tmp_path).save([b, a], {"x-002": ("乙",), "x-001": ("甲",)})
    path = tmp_path / ".gazette" / "keywords.json"
    first = path.read_bytes()
    assert not KeywordCache.load(tmp_path).save([a, b], {"x-001": ("甲",), "x-002": ("乙",)})
    assert path.read_bytes() == first
    assert first.index(b'"x-001"') < first.index(b'"x-002"')
    KeywordCache.load(tmp_path).save([a], {"x-001": ("甲",), "x-002": ("乙",)})
    assert KeywordCache.load(tmp_path).valid([a, b]) == {"x-001": ("甲",)}


@pytest.mark.parametrize("damage", ["version", "recipe", "garbage", "wrong shape"])
def test_a_state_file_from_elsewhere_is_an_empty_cache(tmp_path, monkeypatch, damage):
    a = record(1, "甲。")
    KeywordCache.load(tmp_path).save([a], {"x-001": ("甲",)})
    path = tmp_path / ".gazette" / "keywords.json"
    if damage == "version":
        monkeypatch.setattr(state, "package_version", lambda: "99.0")
    elif damage == "recipe":
        monkeypatch.setattr(state, "KEYWORD_RECIPE", "another extractor")
    elif damage == "garbage":
        path.write_bytes(b"\x00{not json")
    else:
        path.write_text(path.read_text(encoding="utf-8").replace('"keywords":["甲"]', '"keywords":"甲"'),
                        encoding="utf-8")
    assert KeywordCache.load(tmp_path).valid([a]) == {}


def test_render_site_returns_the_keywords_it_computed(tmp_path):
    config, _ = load_config(DATA / "site_config.yaml")
    issues, articles = load_records(DATA / "articles")
    first = render_site(config, issues, articles, tmp_path / "a")
    originals = [a.id for a in articles if not a.duplicate_of]
    assert sorted(first.keywords) == sorted(originals) and first.keywords_computed == len(originals)
    again = render_site(config, issues, articles, tmp_path / "b", keywords=first.keywords)
    assert again.keywords == first.keywords and again.keywords_computed == 0


def test_pipeline_reuses_keywords_and_recomputes_an_edited_record(tmp_path):
    shutil.copytree(DATA / "articles", tmp_path / "articles")
    shutil.copy(DATA / "site_config.yaml", tmp_path / "site_config.yaml")
    config, _ = load_config(tmp_path / "site_config.yaml")
    first = build(config, steps=("render",))
    assert first.keywords_reused == 0 and (tmp_path / ".gazette" / "keywords.json").is_file()
    before = KeywordCache.load(tmp_path).valid(first.articles)["002_c3-001"]
    # with nothing changed the whole render is skipped (issue 15); without the build cache the
    # pages are rendered again and the keywords come from the state instead of jieba
    (tmp_path / ".gazette" / "cache.sqlite").unlink()
    assert build(config, steps=("render",)).keywords_reused == 9
    path = tmp_path / "articles" / "002_c3" / "001-002-c3-001.md"
    path.write_text(path.read_text(encoding="utf-8").replace("邻里节活动", "垃圾分类宣传活动"), encoding="utf-8")
    third = build(config, steps=("render",))
    assert third.keywords_reused == 8
    (edited,) = [a for a in third.articles if a.id == "002_c3-001"]
    after = KeywordCache.load(tmp_path).valid(third.articles)["002_c3-001"]
    assert after == article_keywords(make_tfidf(), edited) != before
