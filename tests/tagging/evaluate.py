#!/usr/bin/env python3
"""Precision and recall of the tagger against the hand annotation of the seeds.

    python tests/tagging/evaluate.py                 # records cut from the raw seeds by the annotated spans
    python tests/tagging/evaluate.py --parsed        # the parser's records under articles/
    python tests/tagging/evaluate.py --no-curated    # discovery alone (authority list emptied)
    python tests/tagging/evaluate.py --errors        # list every false positive and miss
    python tests/tagging/evaluate.py --heldout       # places and programs in held-out text (heldout_annotation.yaml)
    python tests/tagging/evaluate.py --heldout --source unseen10   # only entries whose source contains 'unseen10'

Districts and streets are compared as sets of names per record, explicit and rolled-up tags
together (both are shown to readers); documents (titles in 《》) are scored on their own.
The held-out set is the parser's red-team fixtures (tests/parser/fixtures/unseen*.txt), text the
tagger was not tuned on; its districts, streets, communities and programs are annotated (no
documents), and names it marks `uncertain` count neither as hits nor as false positives. A field
an entry does not have is not scored for it (unseen10's entries annotate places only).
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazette.config import load_config  # noqa: E402
from gazette.frontmatter import article_from_text  # noqa: E402
from gazette.records import Article, SourceSpan  # noqa: E402
from gazette.tag import build_tagger  # noqa: E402

ANNOTATION = Path(__file__).with_name("seed_annotation.yaml")
HELDOUT = Path(__file__).with_name("heldout_annotation.yaml")
FIXTURES = Path(__file__).resolve().parents[1] / "parser" / "fixtures"
FIELDS = ("districts", "streets", "communities", "programs", "documents")
HELDOUT_FIELDS = FIELDS[:4]


def norm(name: str) -> str:
    return unicodedata.normalize("NFKC", name).replace(" ", "")


def load_annotation(path: Path = ANNOTATION) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    units = []
    for source, entries in data.items():
        for entry in entries:
            units.append({"source": source, **entry})
    return units


def articles_from_spans(units: list[dict], root: Path = ROOT) -> list[Article]:
    """One record per annotated span, cut from the raw seed: first line title, rest body."""
    out = []
    for n, unit in enumerate(units, 1):
        lines = (root / unit["source"]).read_text(encoding="utf-8").splitlines()
        first, last = unit["lines"]
        text = [l.strip() for l in lines[first - 1:last] if l.strip()]
        out.append(Article(id=f"unit-{n:03d}", issue=Path(unit["source"]).stem, seq=n,
                           source=SourceSpan(unit["source"], first, last), kind="article",
                           title=text[0], headlines=(text[0],), body="\n\n".join(text[1:])))
    return out


def heldout_articles() -> list[Article]:
    """The parser's records of every case in the unseen fixtures, each case its own source
    (``tests/parser/fixtures/unseen.txt:7``) so the annotation's spans are case-relative."""
    from gazette.ingest import parse_issue
    from tests.parser.fixture_file import read_fixture_file

    out = []
    for path in sorted(FIXTURES.glob("unseen*.txt")):
        for case in read_fixture_file(path):
            source = f"{path.relative_to(ROOT).as_posix()}:{case.line}"
            result = parse_issue(case.input.encode("utf-8"), source, f"{path.stem}-{case.line}")
            out += [dataclasses.replace(a, source=dataclasses.replace(a.source, path=source))
                    for a in result.articles]
    return out


def parsed_articles(root: Path = ROOT) -> list[Article]:
    files = sorted((root / "articles").glob("*/[0-9]*.md"))
    return [article_from_text(f.read_text(encoding="utf-8"), str(f.relative_to(root))) for f in files]


def tag_names(article: Article) -> dict[str, set[str]]:
    return {"districts": {norm(t.name) for t in article.districts},
            "streets": {norm(t.name) for t in article.streets},
            "communities": {norm(t.name) for t in article.communities},
            "programs": {norm(t.name) for t in article.programs},
            "documents": {norm(t.name) for t in article.documents}}


def assign(units: list[dict], articles: list[Article]) -> list[dict[str, set[str]]]:
    """Predicted names per annotated unit: each record goes to the unit it overlaps most."""
    predicted = [{f: set() for f in FIELDS} for _ in units]
    for article in articles:
        best, overlap = None, 0
        for i, unit in enumerate(units):
            if unit["source"] != article.source.path:
                continue
            first, last = unit["lines"]
            common = min(last, article.source.last) - max(first, article.source.first) + 1
            if common > overlap:
                best, overlap = i, common
        if best is not None:
            for f, names in tag_names(article).items():
                predicted[best][f] |= names
    return predicted


def score(units: list[dict], predicted: list[dict[str, set[str]]], fields=FIELDS) -> dict[str, dict]:
    result = {}
    for f in fields:
        tp = fp = fn = 0
        errors = []
        for unit, pred in zip(units, predicted):
            if f not in unit:
                continue
            gold = {norm(n) for n in unit.get(f) or []} - {norm(n) for n in unit.get("not_in_gazetteer") or []}
            uncertain = {norm(n) for n in unit.get("uncertain") or []}
            gold -= uncertain
            got = pred[f] - uncertain
            tp += len(gold & got)
            fp += len(got - gold)
            fn += len(gold - got)
            where = f"{unit['source']}:{unit['lines'][0]}"
            errors += [f"{where} FP {f}: {n}" for n in sorted(got - gold)]
            errors += [f"{where} FN {f}: {n}" for n in sorted(gold - got)]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        result[f] = {"precision": round(precision, 3), "recall": round(recall, 3), "tp": tp, "fp": fp,
                     "fn": fn, "errors": errors}
    return result


def evaluate(parsed: bool = False, curated: bool = True, root: Path = ROOT,
             heldout: bool = False, source: str = "") -> dict[str, dict]:
    """Scores per field; ``heldout`` scores the places and programs of the held-out fixtures instead."""
    config, _ = load_config(root / "site_config.yaml")
    if not curated:
        config = dataclasses.replace(config, programs={**config.programs, "authority": []})
    tagger, problems = build_tagger(config, config_file=root / "site_config.yaml")
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise SystemExit("\n".join(map(str, errors)))
    if heldout:
        units = [u for u in load_annotation(HELDOUT) if source in u["source"]]
        tagged, _ = tagger.tag_all([a for a in heldout_articles() if source in a.source.path])
        return score(units, assign(units, tagged), fields=HELDOUT_FIELDS)
    units = [u for u in load_annotation() if source in u["source"]]
    articles = parsed_articles(root) if parsed else articles_from_spans(units, root)
    tagged, _ = tagger.tag_all(articles)
    return score(units, assign(units, tagged))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--parsed", action="store_true", help="evaluate the parser's records under articles/")
    parser.add_argument("--no-curated", action="store_true", help="empty the authority list (discovery alone)")
    parser.add_argument("--errors", action="store_true", help="list false positives and misses")
    parser.add_argument("--heldout", action="store_true",
                        help="score places and programs in the held-out fixtures (tests/tagging/heldout_annotation.yaml)")
    parser.add_argument("--source", default="", help="score only entries whose source contains this text")
    args = parser.parse_args(argv)
    result = evaluate(parsed=args.parsed, curated=not args.no_curated, heldout=args.heldout, source=args.source)
    for f, r in result.items():
        print(f"{f:12} P {r['precision']:.3f}  R {r['recall']:.3f}  (tp {r['tp']}, fp {r['fp']}, fn {r['fn']})")
    if args.errors:
        for f, r in result.items():
            for line in r["errors"]:
                print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
