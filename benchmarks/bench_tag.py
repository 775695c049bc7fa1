#!/usr/bin/env python3
"""Tagging speed (issue 3: at least 1 MB of text per second on one core) and gazetteer load time.

    python benchmarks/bench_tag.py [--mb 3]

Tags the seed records (parsed from seeds/ into a temporary folder) repeated, each copy's texts
made distinct, until the text reaches ``--mb`` megabytes (UTF-8), and times, in the same run and over the same text, a peer:
jieba's ``Tokenizer.lcut`` (what a part-of-speech approach to places would have to run first).
Prints MB/s for both and their ratio.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import jieba  # noqa: E402

from gazette.config import load_config  # noqa: E402
from gazette.pipeline import parse_seeds, Paths, BuildReport  # noqa: E402
from gazette.places import Gazetteer  # noqa: E402
from gazette.tag import build_tagger, record_texts  # noqa: E402


def seed_records():
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(ROOT / "seeds", Path(tmp) / "seeds")
        shutil.copy(ROOT / "site_config.yaml", Path(tmp) / "site_config.yaml")
        config, _ = load_config(Path(tmp) / "site_config.yaml")
        _, articles = parse_seeds(config, Paths.from_config(config), BuildReport())
    return config, articles


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mb", type=float, default=3.0, help="megabytes of text to tag")
    args = parser.parse_args(argv)
    config, seeds = seed_records()

    start = time.perf_counter()
    gazetteer = Gazetteer.load()
    load_s = time.perf_counter() - start
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    start = time.perf_counter()
    tagger, _ = build_tagger(config, tokenizer, gazetteer, config_file=ROOT / "site_config.yaml")
    build_s = time.perf_counter() - start

    size = sum(len(t.encode("utf-8")) for a in seeds for _, t in record_texts(a))
    copies = max(1, int(args.mb * 1e6 / size) + 1)
    # Each copy's texts differ (a copy number at the end), so nothing the tagger keeps per text
    # (discovery scores each distinct text once) makes a copy cheaper than new text.
    articles = [dataclasses.replace(a, id=f"{a.id}-{n}", title=f"{a.title} {n}",
                                    headlines=tuple(f"{h} {n}" for h in a.headlines), body=f"{a.body}\n\n{n}")
                for n in range(copies) for a in seeds]
    total = size * copies

    start = time.perf_counter()
    tagger.tag_all(articles)
    tag_s = time.perf_counter() - start

    start = time.perf_counter()
    for a in articles:
        for _, text in record_texts(a):
            tokenizer.lcut(text)
    jieba_s = time.perf_counter() - start

    mb = total / 1e6
    print(f"gazetteer load: {load_s:.3f} s ({len(gazetteer.places)} places); "
          f"tagger build (matchers, config): {build_s:.3f} s")
    print(f"text: {mb:.2f} MB UTF-8 ({len(articles)} records, seeds x{copies})")
    print(f"tagger:     {tag_s:.3f} s  {mb / tag_s:.2f} MB/s")
    print(f"jieba lcut: {jieba_s:.3f} s  {mb / jieba_s:.2f} MB/s")
    print(f"ratio tagger/jieba: {jieba_s / tag_s:.2f}x")
    return 0 if mb / tag_s >= 1.0 and load_s < 1.0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
