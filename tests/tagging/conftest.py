"""Shared tagging fixtures: the gazetteer (loaded once) and a jieba Tokenizer object."""

from __future__ import annotations

from pathlib import Path

import jieba
import pytest

from gazette.config import load_config
from gazette.places import Gazetteer
from gazette.records import Article, SourceSpan
from gazette.tag import build_tagger

HOME = """places:
  home: {province: 江苏省, city: 南通市, district: 崇川区}
"""


@pytest.fixture(scope="session")
def gazetteer():
    return Gazetteer.load()


@pytest.fixture(scope="session")
def tokenizer():
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@pytest.fixture
def make_tagger(tmp_path, gazetteer, tokenizer):
    """Build a tagger from a config text written to a temporary site_config.yaml."""

    def make(config_text: str):
        path = tmp_path / "site_config.yaml"
        path.write_text(config_text, encoding="utf-8")
        config, problems = load_config(path, display_path=path.name)  # as the CLI names it
        assert not [p for p in problems if p.severity == "error"], problems
        return build_tagger(config, tokenizer, gazetteer)

    return make


def article(body: str, title: str = "标题", path: str = "seeds/x.txt", first: int = 10) -> Article:
    return Article(id="x-001", issue="x", seq=1, source=SourceSpan(path, first, first + 5), kind="article",
                   title=title, headlines=(title,), body=body)


def names(tags) -> list[str]:
    return [t.name for t in tags]


ROOT = Path(__file__).resolve().parents[2]
