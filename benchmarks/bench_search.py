"""Search benchmark (issue 5): our index against Pagefind, extended build, on the same pages.

Run from the project root (needs Pagefind in .tools/, installed by tests/run.sh or by
``npm install --prefix .tools pagefind@1.5.2``, and Debian's chromium):

    python3 benchmarks/bench_search.py --articles 50000

It makes a synthetic archive by recombining the paragraphs of the committed seed records
(articles/), tagged by the tagging stage; a synthetic record keeps the headlines and tags of one
seed record (as many tags as a real record has) and takes 3–12 random paragraphs. Then, for each engine, in this order and never in parallel:

* build the index in a child process: wall time and peak resident memory;
* index size and file count;
* in headless Chromium over HTTP, a fresh browser context per query (nothing cached): bytes
  downloaded until the first ten results are shown with their snippets and highlights (index
  files, plus for ours any article pages snippets were read from), both as stored and as a host
  that compresses its responses would send them (Pagefind's own files are gzip already), time
  from the start of the search to that moment (and to the next frame after it), where that time
  went (the marks
  search.js sets and when each file arrived), and the number of results, next to an exact
  substring scan; then the same query again in the same page, everything loaded (warm: the
  cost of the search itself).

``--no-pagefind`` measures ours alone, for quick runs while working on it. ``--long-tail 8`` puts
eight made-up names into each record (tests/search/archive.py ``with_long_tail``): recombined
paragraphs repeat a few hundred paragraphs, so nearly every term of that corpus is common, while a
real archive's terms are mostly rare; three of those names are then queried too.

Everything is written under benchmarks/out/ (ignored by git). Heavy: keep it out of the test suite.
"""

from __future__ import annotations

import argparse
import html
import json
import pickle
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "benchmarks" / "out"
PAGEFIND = ROOT / ".tools" / "node_modules" / "@pagefind" / "linux-x64" / "bin" / "pagefind_extended"
QUERIES = ["胡拥军", "崇川", "崇川区", "网格", "党群服务", "秦灶社区党总支", "垃圾分类", "红色物业", "双报到",
           "新城桥", "社区花园", "党", "2023", "15分钟", "红色物业 秦灶"]
CONFIRMED = ["崇川区社区", "垃圾分类工作", "社区党群服务中心", "网格员胡拥军"]
"""Not in the issue's list and not in the summary: phrases that may need confirming with bigram
positions (longer than the stored grams and outside their fixed context, or rarer than
``gram_docs``), the costliest path of our index; reported apart so that its cost stays in view."""


def url_for(article) -> str:
    return f"issues/{article.issue}/{article.seq:03d}.html"


def synthetic_archive(count: int, names: int = 0, seed: int = 5):
    """``count`` records recombined from the seed records' paragraphs, dated 2015–2024, with
    ``names`` made-up names put into each (the long tail of a real archive), and the records
    before the names went in."""
    from tests.search.archive import recombined_records, with_long_tail

    plain, issues = recombined_records(count, seed)
    return with_long_tail(plain, names), issues, plain


def rare_names(articles, plain) -> list[str]:
    """Three made-up names of the long tail that 3 to 30 records hold (``plain``: the records
    before the names went in, to draw the same pool)."""
    from tests.search.archive import name_pool

    texts = [a.body for a in articles]
    picked = []
    for name in name_pool(plain):
        if name not in picked and 3 <= sum(name in t for t in texts) <= 30:
            picked.append(name)
        if len(picked) == 3:
            return picked
    return picked


def measure(command: list[str]) -> dict:
    """Wall time and peak RSS of a command (GNU time)."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{command[0]} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    peak_kb = int(done.stderr.strip().splitlines()[-1])
    return {"seconds": seconds, "peak_mb": peak_kb / 1024, "stdout": done.stdout}


def folder_size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def build_ours_child(pickled: Path, site: Path) -> None:
    """Child process: load the records (not timed by the parent's clock below), build the index."""
    from gazette.search import write_search_index

    articles, issues = pickle.loads(pickled.read_bytes())
    started = time.perf_counter()
    report = write_search_index(articles, issues, site, url_for)
    print(json.dumps({"index_seconds": time.perf_counter() - started, "terms": report.terms}))


def write_pages(site: Path, articles) -> None:
    for a in articles:
        page = site / url_for(a)
        page.parent.mkdir(parents=True, exist_ok=True)
        heads = "".join(f"<p>{html.escape(h)}</p>" for h in a.headlines if h != a.title)
        body = "".join(f"<p>{html.escape(p)}</p>" for p in a.body.split("\n\n"))
        page.write_text(f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(a.title)}'
                        f'</title></head><body><main data-pagefind-body><h1>{html.escape(a.title)}</h1>{heads}{body}'
                        f'</main></body></html>', encoding="utf-8")


def write_search_pages(site: Path) -> None:
    from gazette.config import SiteConfig
    from gazette.render import make_environment, render_to_bytes

    env = make_environment(ROOT / "templates")
    (site / "search.html").write_bytes(render_to_bytes(env, "search.html", config=SiteConfig(), root=""))
    (site / "static").mkdir(exist_ok=True)
    for name in ("search.js", "search.css", "site.css", "site.js"):
        if (ROOT / "templates" / "static" / name).exists():
            shutil.copyfile(ROOT / "templates" / "static" / name, site / "static" / name)
    (site / "pagefind-search.html").write_text(
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><script type="module">'
        'const q = new URLSearchParams(location.search).get("q");'
        'const t0 = performance.now();'
        'const pf = await import("./pagefind/pagefind.js");'
        'await pf.init();'
        'const found = await pf.search(q);'
        'const shown = await Promise.all(found.results.slice(0, 10).map(r => r.data()));'
        'window.benchResult = {total: found.results.length, ms: performance.now() - t0,'
        ' urls: shown.map(d => d.url)};'
        '</script></body></html>', encoding="utf-8")


def exact_counts(articles, queries: list[str]) -> dict[str, int]:
    counts = {}
    texts = [(a.title, *a.headlines, a.body) for a in articles]
    for q in queries:
        phrases = q.split()
        counts[q] = sum(all(any(p in f for f in fields) for p in phrases) for fields in texts)
    return counts


TIMELINE = """() => {
    const t = {};
    performance.getEntriesByType("mark").forEach(m => { t[m.name.replace("gazette-search-", "")] = m.startTime; });
    t.resources = performance.getEntriesByType("resource").map(r => [r.name.split("/archive/")[1] || r.name,
        Math.round(r.startTime * 10) / 10, Math.round(r.responseEnd * 10) / 10]);
    return t;
}"""


def browser_runs(site: Path, queries: list[str], engines=("ours", "pagefind")) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.conftest import serve_directory

    base, stop = serve_directory(site, "/archive/")
    results = {"ours": {}, "pagefind": {}}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium",
                                        args=["--no-sandbox", "--disable-gpu"])
            for engine, folder in (("ours", "searchindex/"), ("pagefind", "pagefind/")):
                if engine not in engines:
                    continue
                for q in queries:
                    context = browser.new_context()
                    page = context.new_page()
                    sizes, page_sizes, packed = [], [], []

                    def on_response(response, folder=folder, sizes=sizes, page_sizes=page_sizes, packed=packed):
                        target = sizes if "/" + folder in response.url else (
                            page_sizes if "/issues/" in response.url else None)
                        if target is not None:
                            try:
                                body = response.body()
                            except Exception:  # noqa: BLE001 - a response without a body
                                return
                            target.append(len(body))
                            packed.append(served_size(body))
                    page.on("response", on_response)
                    if engine == "ours":
                        page.goto(base + "search.html?q=" + quote(q))
                        page.wait_for_selector("#search-results[data-painted-ms]", state="attached", timeout=120_000)
                        total = int(page.get_attribute("#search-results", "data-total"))
                        ms = float(page.get_attribute("#search-results", "data-ms"))
                        painted = float(page.get_attribute("#search-results", "data-painted-ms"))
                        timeline = page.evaluate(TIMELINE)
                    else:
                        page.goto(base + "pagefind-search.html?q=" + quote(q))
                        page.wait_for_function("window.benchResult", timeout=120_000)
                        r = page.evaluate("window.benchResult")
                        total, ms = r["total"], r["ms"]
                        timeline = painted = None
                    # the same query again, everything loaded: the cost of searching itself
                    warm = page.evaluate("""q => { const t0 = performance.now();
                        return (window.gazetteSearch ? gazetteSearch.search({q: q})
                                : import("./pagefind/pagefind.js").then(pf => pf.search(q)))
                            .then(() => performance.now() - t0); }""", q)
                    results[engine][q] = {"total": total, "ms": ms, "painted_ms": painted, "warm_ms": warm, "bytes": sum(sizes) + sum(page_sizes), "gzip_bytes": sum(packed),
                                          "index_bytes": sum(sizes), "page_bytes": sum(page_sizes), "files": len(sizes),
                                          "timeline": timeline}
                    context.close()
            browser.close()
    finally:
        stop()
    return results


def served_size(body: bytes) -> int:
    """Bytes a host that compresses its responses (gzip, level 6: GitHub Pages, Netlify,
    Cloudflare and nginx with gzip on all do) sends for ``body``; a body that does not shrink
    (Pagefind's files are gzip already) is sent as it is."""
    return min(len(body), len(zlib.compress(body, 6)) + 18)  # + gzip's header and trailer


def summarize(per: dict) -> dict:
    kb = [per[q]["bytes"] / 1024 for q in QUERIES]
    gz = [per[q]["gzip_bytes"] / 1024 for q in QUERIES]
    ms = sorted(per[q]["ms"] for q in QUERIES)
    return {"first query KB median": statistics.median(kb), "first query KB max": max(kb),
            "served gzip: first query KB median": statistics.median(gz), "served gzip: first query KB max": max(gz),
            "query ms median": statistics.median(ms),
            "query ms p95": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
            **({"query ms to next frame median": statistics.median(per[q]["painted_ms"] for q in QUERIES)}
               if per[QUERIES[0]]["painted_ms"] is not None else {}),
            "warm query ms median": statistics.median(per[q]["warm_ms"] for q in QUERIES),
            "warm query ms max": max(per[q]["warm_ms"] for q in QUERIES)}


def print_timelines(per: dict, queries: list[str]) -> None:
    """Where a cold query of ours spends its time, from the marks search.js sets: the result
    (count, facets, first page ids) known, then the shown rows with snippets; and when the
    index files and article pages it loaded arrived (ms after the search started)."""
    print(f"\n{'query':<16}{'result':>8}{'done':>8}{'frame':>8}  loads after the search started: file start→end")
    for q in queries:
        t = per[q]["timeline"]
        start = t["start"]
        loads = [(name, a - start, b - start) for name, a, b in t["resources"] if b > start]
        shown = " ".join(f"{name.split('/')[-2] if '/' in name else name}/{name.rsplit('/', 1)[-1].split('.')[0]}"
                         f" {a:.0f}→{b:.0f}" for name, a, b in loads[:14])
        print(f"{q:<16}{t['result'] - start:>8.1f}{t['done'] - start:>8.1f}{per[q]['painted_ms']:>8.1f}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=50_000)
    parser.add_argument("--no-pagefind", action="store_true",
                        help="measure only our index (while iterating: Pagefind needs minutes and ~12 GB)")
    parser.add_argument("--long-tail", type=int, default=0, metavar="N",
                        help="put N made-up three-character names into each record (default 0: the issue's "
                             "corpus; 8 gives the long tail of rare terms a real archive has)")
    parser.add_argument("--child-build", nargs=2, metavar=("PICKLE", "SITE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        build_ours_child(Path(args.child_build[0]), Path(args.child_build[1]))
        return

    OUT.mkdir(parents=True, exist_ok=True)
    site = OUT / "site"
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir()
    print(f"making {args.articles} synthetic records…", flush=True)
    articles, issues, plain = synthetic_archive(args.articles, args.long_tail)
    confirmed = CONFIRMED + (rare_names(articles, plain) if args.long_tail else [])  # + the long tail's
    del plain
    pickled = OUT / "archive.pickle"
    pickled.write_bytes(pickle.dumps((articles, issues)))
    write_pages(site, articles)
    write_search_pages(site)
    chars = sum(len(a.title) + sum(map(len, a.headlines)) + len(a.body) for a in articles)
    print(f"{len(articles)} records, {chars / 1e6:.1f} M characters", flush=True)

    print("building our index…", flush=True)
    ours = measure([sys.executable, __file__, "--child-build", str(pickled), str(site)])
    ours.update(json.loads(ours.pop("stdout").strip().splitlines()[-1]))
    ours["size"], ours["count"] = folder_size(site / "searchindex")

    engines = ("ours",) if args.no_pagefind else ("ours", "pagefind")
    pagefind, version = None, None
    if not args.no_pagefind:
        print("building Pagefind's index…", flush=True)
        version = subprocess.run([str(PAGEFIND), "--version"], capture_output=True, text=True).stdout.strip()
        pagefind = measure([str(PAGEFIND), "--site", str(site), "--output-subdir", "pagefind", "--glob",
                            "issues/**/*.html", "--force-language", "zh-cn"])
        pagefind.pop("stdout")
        pagefind["size"], pagefind["count"] = folder_size(site / "pagefind")

    print("querying in Chromium…", flush=True)
    runs = browser_runs(site, QUERIES + confirmed, engines)
    exact = exact_counts(articles, QUERIES + confirmed)
    for engine in engines:
        runs[engine]["_summary"] = summarize(runs[engine])
        runs[engine]["_summary"]["exact"] = sum(runs[engine][q]["total"] == exact[q] for q in QUERIES)

    def theirs(text) -> str:
        return "-" if pagefind is None else text

    tail = f", {args.long_tail} made-up names each" if args.long_tail else ""
    print(f"\n{len(articles)} synthetic records{tail}; Pagefind: {version or 'not run'} (extended)\n")
    rows = [("build time (s)", f"{ours['seconds']:.1f} (index {ours['index_seconds']:.1f})",
             theirs(lambda: f"{pagefind['seconds']:.1f}")),
            ("build peak memory (MB)", f"{ours['peak_mb']:.0f}", theirs(lambda: f"{pagefind['peak_mb']:.0f}")),
            ("index size (MB)", f"{ours['size'] / 1e6:.1f}", theirs(lambda: f"{pagefind['size'] / 1e6:.1f}")),
            ("index files", str(ours["count"]), theirs(lambda: str(pagefind["count"])))]
    for key in ("first query KB median", "first query KB max", "served gzip: first query KB median",
                "served gzip: first query KB max", "query ms median", "query ms p95",
                "query ms to next frame median", "warm query ms median", "warm query ms max"):
        rows.append((key, f"{runs['ours']['_summary'][key]:.0f}",
                     theirs(lambda key=key: f"{runs['pagefind']['_summary'].get(key, float('nan')):.0f}")))
    rows.append(("queries with exact result count", f"{runs['ours']['_summary']['exact']}/{len(QUERIES)}",
                 theirs(lambda: f"{runs['pagefind']['_summary']['exact']}/{len(QUERIES)}")))
    width = max(len(r[0]) for r in rows)
    print(f"{'':{width}}  {'ours':>22}  {'pagefind':>10}")
    for name, a, b in rows:
        print(f"{name:{width}}  {a:>22}  {b() if callable(b) else b:>10}")
    print(f"\n{'query':<16}{'exact':>7}{'ours':>7}{'KB':>7}{'gz KB':>7}{'pages':>7}{'ms':>8}"
          f"{'pagefind':>10}{'KB':>7}{'gz KB':>7}{'ms':>8}")
    for q in QUERIES + [None] + confirmed:
        if q is None:
            print("phrases that may need confirming with positions (not in the summary above):")
            continue
        o = runs["ours"][q]
        p = runs["pagefind"].get(q)
        theirs_cols = (f"{p['total']:>10}{p['bytes'] / 1024:>7.0f}{p['gzip_bytes'] / 1024:>7.0f}{p['ms']:>8.0f}" if p
                       else f"{'-':>10}{'-':>7}{'-':>7}{'-':>8}")
        print(f"{q:<16}{exact[q]:>7}{o['total']:>7}{o['bytes'] / 1024:>7.0f}{o['gzip_bytes'] / 1024:>7.0f}"
              f"{o['page_bytes'] / 1024:>7.0f}{o['ms']:>8.0f}"
              + theirs_cols)
    print_timelines(runs["ours"], QUERIES + confirmed)
    (OUT / "results.json").write_text(json.dumps({"ours": ours, "pagefind": pagefind, "runs": runs, "exact": exact,
                                                  "pagefind_version": version}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
