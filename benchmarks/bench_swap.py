"""What publishing a site in one step costs: the real build (``render``) of a synthetic archive,
the second time over an existing ``_site/``, against copying the published site once (the
cheapest way to keep an old copy whole while a new one is written).

    python benchmarks/bench_swap.py                   # 3,000 articles
    python benchmarks/bench_swap.py --articles 20000
    python benchmarks/bench_swap.py --files 60000    # the publish steps alone, on 60,000 files of 8 KB

The build renders into a fresh sibling of ``_site/`` whose files start as hard links to the
published ones ("stage output"), drops the files it no longer produces and writes the manifest
("prune"), and swaps the folders with one rename and removes the old one ("publish"). Reported:
the number of files, each of those steps, the whole render, and the peer (``shutil.copytree``
of the published site). The records come from ``bench_render.synthetic_archive``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_render import synthetic_archive  # noqa: E402

from gazette.config import load_config  # noqa: E402
from gazette.frontmatter import article_to_text, issue_to_text  # noqa: E402
from gazette.pipeline import build  # noqa: E402
from gazette.records_io import ISSUE_FILE, record_filename  # noqa: E402

STEPS = ("stage output", "prune", "publish")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--per-issue", type=int, default=10)
    parser.add_argument("--files", type=int, help="skip rendering: publish a site of this many files")
    args = parser.parse_args()
    if args.files:
        return publish_only(args.files)
    issues, articles = synthetic_archive(args.articles, args.per_issue)
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        (project / "site_config.yaml").write_text("title: bench\n", encoding="utf-8")
        for issue in issues:
            folder = project / "articles" / issue.id
            folder.mkdir(parents=True)
            (folder / ISSUE_FILE).write_text(issue_to_text(issue), encoding="utf-8")
        for article in articles:
            (project / "articles" / article.issue / record_filename(article)).write_text(
                article_to_text(article), encoding="utf-8")
        config, _ = load_config(project / "site_config.yaml")
        for label in ("first build", "second build"):
            start = time.perf_counter()
            report = build(config, steps=("render",))
            total = time.perf_counter() - start
            files = sum(1 for p in (project / "_site").rglob("*") if p.is_file())
            steps = ", ".join(f"{s} {report.timings.get(s, 0.0):.2f}s" for s in STEPS)
            print(f"{label}: {len(articles)} articles, {files} files, render total {total:.2f}s; {steps}")
        start = time.perf_counter()
        shutil.copytree(project / "_site", project / "copy")
        copy = time.perf_counter() - start
        swap = sum(report.timings.get(s, 0.0) for s in STEPS)
        print(f"peer: copytree of the published site {copy:.2f}s; one-step publish {swap:.2f}s "
              f"({swap / copy:.2f} of the copy, {swap / total:.1%} of the second build)")
    return 0


def publish_only(n_files: int) -> int:
    """Stage, prune and publish a synthetic published site of ``n_files`` files, every file
    produced again (the common case: a rebuild that changes a few pages)."""
    from gazette.output import MANIFEST, manifest_text, staged

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "_site"
        names = {f"d{i // 500:03d}/{i:06d}.html" for i in range(n_files)}
        for name in sorted(names):
            (site / name).parent.mkdir(parents=True, exist_ok=True)
            (site / name).write_bytes(name.encode() * (8192 // len(name)))
        (site / MANIFEST).write_text(manifest_text(names), encoding="utf-8")
        start = time.perf_counter()
        with staged(site) as stage:
            stage.finish(names, str, [])
        swap = time.perf_counter() - start
        steps = ", ".join(f"{s} {stage.timings.get(s, 0.0):.2f}s" for s in STEPS)
        start = time.perf_counter()
        shutil.copytree(site, Path(tmp) / "copy")
        copy = time.perf_counter() - start
        print(f"{n_files} files: one-step publish {swap:.2f}s ({steps}); peer copytree {copy:.2f}s; "
              f"ratio {swap / copy:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
