#!/usr/bin/env python3
"""Score the parser on red-team fixture pages written blind (issue 18).

    python tests/parser/measure_redteam.py                      # tests/parser/fixtures/unseen12.txt
    python tests/parser/measure_redteam.py unseen12 unseen13    # fixture files by name
    python tests/parser/measure_redteam.py --errors             # list what was missed

Prints, over every case of the files:
- records found: expected records the parser cut as one record (same title, or the same body
  start when no title is expected) / expected records;
- merged: parser records that hold the start of another expected record (its title or body);
- extra: parser records that match no expected record and hold none (a headline cut off as a
  notice, page furniture read as a record);
- bylines exact: records found whose names (and roles, affiliations, outlet where expected) are
  exactly as expected / expected records with a ``byline`` key;
- subheads: ``## `` lines of the expected bodies that are subheads of the found record;
- programs P/R: tagged programs (repository site_config.yaml) of found records against the
  ``programs`` lists, over records that have one.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gazette.ingest import parse_issue  # noqa: E402
from tests.parser.fixture_file import read_fixture_file  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
BYLINE_KEYS = ("byline", "byline_roles", "byline_affiliations", "outlet")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").replace(" ", "").replace("\\", "")


def _start(want: dict) -> str:
    if "title" in want:
        return _norm(want["title"])[:12]
    return _norm(want.get("body", "").split("\n")[0])[:12]


def _matches(got, want: dict) -> bool:
    if "title" in want:
        return _norm(got.title) == _norm(want["title"])
    return _norm(got.body).startswith(_norm(want.get("body", ""))[:15])


def _view(article) -> dict:
    return {"byline": list(article.byline), "byline_roles": dict(article.byline_roles),
            "byline_affiliations": dict(article.byline_affiliations),
            "outlet": article.extra.get("outlet")}


def measure(names: list[str], errors: bool = False, tagger=None) -> dict:
    totals = dict(expected=0, found=0, merged=0, extra=0, bylines=0, bylines_ok=0, subheads=0, subheads_ok=0,
                  tp=0, fp=0, fn=0)
    for name in names:
        for case in read_fixture_file(FIXTURES / f"{name}.txt"):
            expected = yaml.safe_load(case.expected)
            wants = expected if isinstance(expected, list) else expected["records"]
            got = parse_issue(case.input.encode("utf-8"), "fixture.txt", "fx").articles
            if tagger is not None and any("programs" in w for w in wants):
                got, _ = tagger.tag_all(got)
            used: set[int] = set()
            for want in wants:
                totals["expected"] += 1
                hit = next((k for k, a in enumerate(got) if k not in used and _matches(a, want)), None)
                subs = [line[3:] for line in want.get("body", "").split("\n") if line.startswith("## ")]
                totals["subheads"] += len(subs)
                if "byline" in want:
                    totals["bylines"] += 1
                if hit is None:
                    if errors:
                        print(f"{case.id}: missed {_start(want)!r}")
                    totals["fn"] += len(want.get("programs", ()))
                    continue
                used.add(hit)
                a = got[hit]
                totals["found"] += 1
                subs_got = {_norm(line[3:]) for line in a.body.split("\n") if line.startswith("## ")}
                totals["subheads_ok"] += sum(_norm(s) in subs_got for s in subs)
                view = _view(a)
                if "byline" in want:
                    ok = all(view[k] == (want[k] if k != "outlet" else want.get(k))
                             for k in BYLINE_KEYS if k in want or k == "outlet")
                    totals["bylines_ok"] += ok
                    if errors and not ok:
                        print(f"{case.id}: byline of {_start(want)!r}: {view}")
                if "programs" in want:
                    tagged = {_norm(t.name) for t in a.programs}
                    wanted = {_norm(p) for p in want["programs"]}
                    totals["tp"] += len(tagged & wanted)
                    totals["fp"] += len(tagged - wanted)
                    totals["fn"] += len(wanted - tagged)
                    if errors and tagged != wanted:
                        print(f"{case.id}: programs of {_start(want)!r}: tagged {sorted(tagged)}, "
                              f"expected {sorted(wanted)}")
            starts = [(_start(w), w) for w in wants]
            for a in got:
                text = _norm(a.title) + "\n" + _norm(a.body)
                inside = [s for s, w in starts if s and s in text and not _matches(a, w)]
                if inside:
                    totals["merged"] += 1
                    if errors:
                        print(f"{case.id}: {_norm(a.title)[:12]!r} holds {inside}")
                elif not any(_matches(a, w) for w in wants):
                    totals["extra"] += 1
                    if errors:
                        print(f"{case.id}: extra record {a.kind} {_norm(a.title)[:20]!r}")
    return totals


def _tagger():
    from gazette.config import load_config
    from gazette.tag import build_tagger
    config, _ = load_config(ROOT / "site_config.yaml")
    tagger, _ = build_tagger(config, config_file=ROOT / "site_config.yaml")
    return tagger


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", default=["unseen12"], help="fixture file names without .txt")
    parser.add_argument("--errors", action="store_true", help="list misses, merges and wrong bylines")
    parser.add_argument("--no-programs", action="store_true", help="skip tagging (faster)")
    args = parser.parse_args(argv)
    t = measure(args.files, args.errors, None if args.no_programs else _tagger())
    ratio = lambda a, b: a / b if b else 1.0  # noqa: E731
    print(f"records found  {t['found']}/{t['expected']} = {ratio(t['found'], t['expected']):.3f}")
    print(f"merged         {t['merged']}")
    print(f"extra          {t['extra']}")
    print(f"bylines exact  {t['bylines_ok']}/{t['bylines']} = {ratio(t['bylines_ok'], t['bylines']):.3f}")
    print(f"subheads       {t['subheads_ok']}/{t['subheads']} = {ratio(t['subheads_ok'], t['subheads']):.3f}")
    if not args.no_programs:
        p, r = ratio(t["tp"], t["tp"] + t["fp"]), ratio(t["tp"], t["tp"] + t["fn"])
        print(f"programs       P {p:.3f}  R {r:.3f}  (tp {t['tp']}, fp {t['fp']}, fn {t['fn']})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
