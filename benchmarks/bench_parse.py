"""Parsing throughput: MB of issue text per second on one core, next to a peer parser.

    python benchmarks/bench_parse.py [--repeat 100] [--rounds 5]

The corpus is the seed issues, each parsed ``--repeat`` times as separate files (issue files are
10–25 KB each, so this is what a large archive looks like to the parser). The peer, measured in
the same run on the same bytes, is markdown-it-py's CommonMark parser: a mature pure-Python text
parser that also does a line-oriented block pass. The goal (issue 2) is ≥ 2 MB/s; the ratio to
the peer is the number to compare across machines, since these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from markdown_it import MarkdownIt

from gazette.ingest import parse_issue

ROOT = Path(__file__).resolve().parents[1]


def best_rate(fn, files: list[bytes], rounds: int) -> tuple[float, float]:
    """(best MB/s, median MB/s) over ``rounds`` passes over all files."""
    size = sum(len(f) for f in files) / 1e6
    rates = []
    for _ in range(rounds):
        start = time.perf_counter()
        for data in files:
            fn(data)
        rates.append(size / (time.perf_counter() - start))
    return max(rates), statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=100)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    seeds = [p.read_bytes() for p in sorted((ROOT / "seeds").glob("*.txt"))]
    files = seeds * args.repeat
    size = sum(len(f) for f in files) / 1e6
    md = MarkdownIt("commonmark")

    ours = best_rate(lambda data: parse_issue(data, "seeds/bench.txt", "bench"), files, args.rounds)
    peer = best_rate(lambda data: md.parse(data.decode("utf-8")), files, args.rounds)
    print(f"corpus: {len(files)} files, {size:.1f} MB (seeds x {args.repeat})")
    print(f"{'parser':<28}{'best MB/s':>12}{'median MB/s':>14}")
    print(f"{'gazette parse_issue':<28}{ours[0]:>12.2f}{ours[1]:>14.2f}")
    print(f"{'markdown-it-py (peer)':<28}{peer[0]:>12.2f}{peer[1]:>14.2f}")
    print(f"ratio gazette / markdown-it (median): {ours[1] / peer[1]:.2f}")
    print(f"goal >= 2 MB/s: {'met' if ours[1] >= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
