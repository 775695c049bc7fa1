"""Issue 19: each issue's source text is published with line anchors, and each record's 来源
links to its lines, so a reader can check a record against what was printed."""

from __future__ import annotations

import re

import pytest

from gazette.ingest.decode import decode, physical_lines
from gazette.urls import article_url
from tests.reader.conftest import WIDTHS
from tests.reader.helpers import bases, opened, records


def test_source_pages_hold_every_line_of_the_issue_file(reader_build):
    workdir, site = reader_build
    seeds = sorted((workdir / "seeds").glob("*.txt"))
    assert seeds
    for seed in seeds:
        page = site / "issues" / seed.stem / "source.html"
        html = page.read_text(encoding="utf-8")
        lines = physical_lines(decode(seed.read_bytes(), seed.name)[0])
        anchors = re.findall(r'<li id="L(\d+)">', html)
        assert anchors == [str(n) for n in range(1, len(lines) + 1)], seed.name
        assert 'href="../../issues/' + seed.stem + '/source.html"' in (site / "issues" / seed.stem / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["http", "file"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_records_source_link_marks_exactly_its_lines(browser, reader_build, reader_served, where, width):
    workdir, _ = reader_build
    base = bases(reader_served)[where]
    for article in [a for a in records(workdir) if a.body][:4]:
        with opened(browser, base + article_url(article.issue, article.seq), width) as page:
            page.click(".provenance a.source-link")
            page.wait_for_url(re.compile(r"source\.html\?lines="))
            page.wait_for_selector(".source-lines li.marked")
            marked = page.eval_on_selector_all(".source-lines li.marked", "ls => ls.map(l => l.id)")
            assert marked == [f"L{n}" for n in range(article.source.first, article.source.last + 1)]
            text = "".join(page.eval_on_selector_all(".source-lines li.marked .line-text",
                                                     "ls => ls.map(l => l.textContent)"))
            # the record's body came from these lines: a run of its characters is there
            run = re.findall(r"[\u4e00-\u9fff]{6,}", article.body)[0][:6]
            assert run in re.sub(r"\s", "", text), (article.id, run)
            target = page.evaluate("document.querySelector(':target') && document.querySelector(':target').id")
            assert target == f"L{article.source.first}"
            assert page.errors == []
