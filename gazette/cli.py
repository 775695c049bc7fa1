"""Command line: argument parsing only; the work is :func:`gazette.pipeline.build`."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .config import load_config
from .pipeline import build
from .records_io import record_id_of

DEFAULT_CONFIG = "site_config.yaml"

USAGE_EXAMPLES = """\
examples:
  python build.py                      parse seeds/ into articles/, then render _site/
  python build.py parse                only (re)write the records in articles/
  python build.py render               only render _site/ from articles/
  python build.py parse --regenerate 000_2ab810940222e862-001
                                       replace a hand-edited record with the parser's version
  python build.py serve                preview _site/ at http://127.0.0.1:8000/
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build a static archive from newspaper issue files.",
                                epilog=USAGE_EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("command", nargs="?", default="build", choices=["build", "parse", "render", "serve"],
                   help="what to do (default: build = parse + render)")
    p.add_argument("--config", help="site config file; its folder is the project root (default: site_config.yaml)")
    p.add_argument("--seeds", help="folder of issue files (default: from the config, seeds/)")
    p.add_argument("--articles", help="folder of records (default: from the config, articles/)")
    p.add_argument("--output", help="folder the site is written to (default: from the config, _site/)")
    p.add_argument("--force", action="store_true",
                   help="let the build take over a non-empty output folder it did not write (its files "
                        "may be removed)")
    p.add_argument("--wait", type=float, default=30.0, metavar="SECONDS",
                   help="how long to wait for another build of the same project to finish (default: 30)")
    p.add_argument("--regenerate", action="append", default=[], metavar="ID|FILE|all",
                   help="overwrite this hand-edited record with the parser's version (repeatable)")
    p.add_argument("--port", type=int, default=8000, help="port for 'serve' (default: 8000)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    return p


def _record_ids(values: list[str]) -> set[str]:
    """--regenerate takes record ids, record file paths, or 'all'."""
    ids: set[str] = set()
    for value in values:
        path = Path(value)
        if value.endswith(".md") and path.is_file():
            record_id = record_id_of(path.read_text(encoding="utf-8", errors="replace"), value)
            if record_id is not None:
                ids.add(record_id)
                continue
        ids.add(value)
    return ids


def _config_stop(config_path: str) -> int:
    print(f"build stopped: fix {config_path} first", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    # jieba announces its dictionary loading on stderr (and sets its logger to DEBUG when it is
    # imported): import it first, then keep the output to what the user must read.
    import jieba

    jieba.setLogLevel(logging.WARNING)
    config_path = args.config or DEFAULT_CONFIG
    config, problems = load_config(config_path, display_path=config_path, required=args.config is not None)
    for problem in problems:
        print(problem, file=sys.stderr)
    if any(p.severity == "error" for p in problems):
        return _config_stop(config_path)

    if args.command == "serve":
        from .serve import serve
        out = Path(args.output).resolve() if args.output else config.path("output")
        return serve(out, args.port)

    steps = {"build": ("parse", "render"), "parse": ("parse",), "render": ("render",)}[args.command]
    report = build(config, seeds=args.seeds, articles=args.articles, output=args.output, steps=steps,
                   regenerate=_record_ids(args.regenerate), force=args.force, wait=args.wait)
    for problem in report.problems:
        if args.quiet and problem.severity == "note":
            continue
        print(problem, file=sys.stderr)
    if report.config_invalid:
        return _config_stop(config_path)
    if report.refused:
        return 2
    if not args.quiet:
        rec = report.records
        if "parse" in steps:
            print(f"records: {len(rec.written)} written, {rec.unchanged} unchanged, "
                  f"{len(rec.kept)} kept (hand-edited), {len(rec.removed)} removed")
        if "render" in steps:
            print(f"site: {len(report.articles)} records from {len(report.issues)} issues, "
                  f"{report.pages} pages written; keywords of {report.keywords_reused} records "
                  "reused from the last build")
        print("time: " + ", ".join(f"{k} {v:.2f}s" for k, v in report.timings.items()))
        print(report.summary())
    errors = sum(1 for p in report.problems if p.severity == "error")
    if errors:
        print(f"{errors} error(s); the other files were processed", file=sys.stderr)
        return 1
    return 0
