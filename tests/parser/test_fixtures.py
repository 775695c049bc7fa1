"""Parser cases from fixture files: each case is named by its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from gazette.ingest import parse_issue

from .fixture_file import read_fixture_file

FIXTURES = Path(__file__).parent / "fixtures"
CASES = [case for path in sorted(FIXTURES.glob("*.txt")) for case in read_fixture_file(path)]
KNOWN_FAILURE = "KNOWN FAILURE: "
"""A case title starting with this is a layout the parser does not handle yet: it must fail
(strict xfail), so fixing it is noticed and the marker removed."""


TAGGING_KEYS = ("programs",)
"""Expected keys the tagger fills, not the parser: scored by tests/parser/measure_redteam.py."""


def _param(case):
    # raises=AssertionError: a crash is not the known failure, so it fails the test.
    marks = [pytest.mark.xfail(strict=True, raises=AssertionError, reason=case.title)] if case.title.startswith(KNOWN_FAILURE) else []
    return pytest.param(case, id=case.id, marks=marks)


def record_view(article) -> dict:
    return {
        "kind": article.kind, "title": article.title, "headlines": list(article.headlines),
        "byline": list(article.byline), "byline_roles": dict(article.byline_roles),
        "byline_affiliations": dict(article.byline_affiliations), "date": article.date,
        "date_source": article.date_source, "body": article.body,
        "lines": [article.source.first, article.source.last],
        "event_date": article.extra.get("event_date"), "outlet": article.extra.get("outlet"),
    }


def issue_view(issue) -> dict:
    return {
        "date": issue.date, "date_source": issue.date_source, "year": issue.year, "section": issue.section,
        "editors": list(issue.editors),
        "furniture": [{"line": f.line, "role": f.role, "text": f.text} for f in issue.furniture],
    }


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_fixture(case):
    expected = yaml.safe_load(case.expected)
    if isinstance(expected, list):
        expected = {"records": expected}
    result = parse_issue(case.input.encode("utf-8"), "fixture.txt", "fx")
    records = [record_view(a) for a in result.articles]
    assert len(records) == len(expected["records"]), (
        f"{case.id} {case.title}: expected {len(expected['records'])} records, got "
        f"{[(r['kind'], r['title']) for r in records]}")
    for k, (got, want) in enumerate(zip(records, expected["records"])):
        want = {key: value for key, value in want.items() if key not in TAGGING_KEYS}
        subset = {key: got[key] for key in want}
        assert subset == want, f"{case.id} {case.title}: record {k + 1}"
    if "issue" in expected:
        got = issue_view(result.issue)
        assert {key: got[key] for key in expected["issue"]} == expected["issue"], f"{case.id} {case.title}"


def test_fixture_files_have_cases():
    assert len(CASES) >= 30
