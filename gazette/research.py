"""Research views (issue 16): how named programs start and spread, computed from the planned site.

Everything here reads what :class:`gazette.site.SitePlanner` has already worked out (records
without duplicates, topics, the date a record counts under) and returns plain dicts for the
templates and the exports, so a chart, its table and the CSV files are made from one set of
numbers. A record's date is its own, else its issue's (as everywhere on the site); records
with neither are counted as undated and never placed in a month.

Only reviewed programs (curated, or accepted by a curator) count in the views by default;
``show_discovered_programs: true`` in the config adds the discovered ones, marked.
"""

from __future__ import annotations

from collections import Counter

from .charts import month_bar_chart
from .exports import DATA_DIR, PACKAGE, RESOURCES
from .topics import PLACE_KINDS, TAG_FIELD, Topic, tag_key

MATRIX_KIND = "street"
"""Columns of the adoption matrix: streets, towns and townships."""
BEAT_SIZE = 5
"""How many places and programs a reporter's beat lists."""
ADOPTION_URL = "research/adoption.html"
COVERAGE_URL = "research/coverage.html"


def month_of(date: str | None) -> str | None:
    return date[:7] if date else None


def month_label(month: str) -> str:
    return f"{int(month[:4])}年{int(month[5:7])}月"


def month_range(months) -> list[str]:
    """Every month from the earliest to the latest of ``months`` (``YYYY-MM``), in order."""
    months = sorted(set(m for m in months if m))
    if not months:
        return []
    year, month = int(months[0][:4]), int(months[0][5:7])
    out = []
    while True:
        current = f"{year:04d}-{month:02d}"
        out.append(current)
        if current >= months[-1]:
            return out
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


class Research:
    """The research views of one build. ``site`` is the :class:`~gazette.site.SitePlanner`
    after it planned its records and topics."""

    def __init__(self, site):
        self.site = site
        self.show_discovered = site.config.show_discovered_programs
        self.months_all = Counter(month_of(site.date_of(a)) for a in site.originals)
        self.undated_all = self.months_all.pop(None, 0)
        self.months = month_range(self.months_all)
        self.programs = [t for t in site.topics["program"] if self.counts(t)]
        self._adoption: dict[str, list[dict]] = {}

    # -- shared -------------------------------------------------------------------------------

    def counts(self, program: Topic) -> bool:
        """Whether a program takes part in the views: reviewed, or shown by the config switch."""
        return program.reviewed or self.show_discovered

    def ref(self, article) -> dict:
        """A record as the views link it: summary (url, title, date …) and its issue's title."""
        return self.site.summaries[article.id]

    def places_of(self, article, kinds=PLACE_KINDS) -> list[Topic]:
        """The place topics a record is tagged with (rolled-up places included), in tag order."""
        found: dict[tuple[str, str], Topic] = {}
        for kind in kinds:
            for tag in getattr(article, TAG_FIELD[kind]):
                place = self.site.lookup.get((kind, tag_key(kind, tag)))
                if place is not None:
                    found.setdefault((kind, place.key), place)
        return list(found.values())

    def programs_of(self, article) -> list[Topic]:
        found: dict[str, Topic] = {}
        for tag in article.programs:
            program = self.site.lookup.get(("program", tag_key("program", tag)))
            if program is not None and self.counts(program):
                found.setdefault(program.key, program)
        return list(found.values())

    def month_rows(self, per_month: Counter) -> list[dict]:
        """One row per month in which the archive has records: the topic's count, the archive's
        count and the share (the numbers a chart shows and its table lists)."""
        rows = []
        for month in self.months:
            total = self.months_all.get(month, 0)
            if total:
                count = per_month.get(month, 0)
                rows.append({"month": month, "label": month_label(month), "count": count, "articles": total,
                             "share": round(count / total, 4)})
        return rows

    # -- programs -----------------------------------------------------------------------------

    def adoption(self, program: Topic) -> list[dict]:
        """Every place the program was mentioned with, in adoption order: the first record that
        names both (by date, undated last), with how many records do."""
        if program.key in self._adoption:
            return self._adoption[program.key]
        seen: dict[tuple[str, str], dict] = {}
        for article in program.articles:  # already in date order
            for place in self.places_of(article):
                entry = seen.get((place.kind, place.key))
                if entry is None:
                    seen[(place.kind, place.key)] = {"place": place, "first": self.ref(article), "count": 1}
                else:
                    entry["count"] += 1
        self._adoption[program.key] = list(seen.values())
        return self._adoption[program.key]

    def program_months(self, program: Topic) -> tuple[Counter, int]:
        per_month = Counter(month_of(self.site.date_of(a)) for a in program.articles)
        undated = per_month.pop(None, 0)
        return per_month, undated

    def program_history(self, program: Topic) -> dict:
        per_month, undated = self.program_months(program)
        rows = self.month_rows(per_month)
        name = program.name
        places = [{"name": e["place"].name, "url": e["place"].url, "kind": e["place"].kind,
                   "first": e["first"], "count": e["count"]}
                  for e in self.adoption(program) if e["place"].kind in ("street", "community")]
        chart = month_bar_chart(
            self.months, {r["month"]: r["share"] for r in rows}, {r["month"] for r in rows},
            title=f"“{name}”逐月提及比例",
            desc=(f"每月提及“{name}”的稿件占当月全部稿件的比例，共 {len(rows)} 个有稿件的月份；"
                  "灰色短线表示档案中该月没有稿件。逐月数字见下表。"),
            percent=True)
        return {"kind": "program", "first": self.ref(program.articles[0]) if program.articles else None,
                "last": self.ref(program.articles[-1]) if program.articles else None,
                "rows": rows, "undated": undated, "chart": chart, "places": places,
                "dated": any(r["count"] for r in rows),
                "counted": self.counts(program), "adoption_url": ADOPTION_URL}

    # -- places -------------------------------------------------------------------------------

    def place_history(self, place: Topic) -> dict:
        programs: dict[str, dict] = {}
        per_month: dict[str, set[str]] = {}
        for article in place.articles:  # in date order
            month = month_of(self.site.date_of(article))
            for program in self.programs_of(article):
                entry = programs.setdefault(program.key, {"name": program.name, "url": program.url,
                                                          "reviewed": program.reviewed,
                                                          "first": self.ref(article), "count": 0})
                entry["count"] += 1
                entry["last"] = self.ref(article)
                if month:
                    per_month.setdefault(month, set()).add(program.key)
        counts = Counter({m: len(keys) for m, keys in per_month.items()})
        rows = self.month_rows(counts)
        chart = month_bar_chart(
            self.months, {r["month"]: r["count"] for r in rows}, {r["month"] for r in rows},
            title=f"{place.name}逐月提及的项目数",
            desc=(f"每月有多少个项目在涉及{place.name}的稿件中被提及；灰色短线表示档案中该月没有稿件。"
                  "逐月数字见下表。"))
        return {"kind": "place", "programs": list(programs.values()), "rows": rows, "chart": chart}

    # -- reporters ----------------------------------------------------------------------------

    def reporter_beat(self, reporter: Topic) -> dict:
        places: Counter = Counter()
        programs: Counter = Counter()
        years: Counter = Counter()
        refs: dict[tuple[str, str], Topic] = {}
        for article in reporter.articles:
            for place in self.places_of(article, ("street", "community")):
                places[(place.kind, place.key)] += 1
                refs[(place.kind, place.key)] = place
            for program in self.programs_of(article):
                programs[("program", program.key)] += 1
                refs[("program", program.key)] = program
            date = self.site.date_of(article)
            years[date[:4] if date else None] += 1

        def top(counter: Counter) -> list[dict]:
            ranked = sorted(counter.items(), key=lambda kv: (-kv[1], refs[kv[0]].slug))[:BEAT_SIZE]
            return [{"name": refs[k].name, "url": refs[k].url, "count": n, "reviewed": refs[k].reviewed}
                    for k, n in ranked]

        undated = years.pop(None, 0)
        return {"kind": "reporter", "places": top(places), "programs": top(programs),
                "years": [{"year": y, "count": years[y]} for y in sorted(years)], "undated": undated}

    def topic_view(self, topic: Topic) -> dict | None:
        """What the research include shows on a topic's page, or ``None``."""
        if topic.kind == "program":
            return self.program_history(topic)
        if topic.kind in ("district", "street"):
            return self.place_history(topic)
        if topic.kind == "reporter":
            return self.reporter_beat(topic)
        return None

    # -- whole-archive pages -------------------------------------------------------------------

    def matrix(self, district: Topic | None = None) -> dict:
        """Programs × streets: each cell the first record naming both. Rows: widely adopted
        programs first, then the earliest; columns: streets grouped by district, the earliest
        adopter first."""
        cells: dict[tuple[str, str], dict] = {}
        columns: dict[str, Topic] = {}
        rows = []
        for program in self.programs:
            row_cells = {}
            for entry in self.adoption(program):
                place = entry["place"]
                if place.kind != MATRIX_KIND or (district and place.parent is not district):
                    continue
                row_cells[place.key] = entry
                columns[place.key] = place
            if row_cells:
                first = min(row_cells.values(), key=lambda e: self.sort_date(e["first"]))
                rows.append({"program": program, "cells": row_cells, "first": first})
        rows.sort(key=lambda r: (-len(r["cells"]), self.sort_date(r["first"]["first"]), r["program"].slug))
        earliest: dict[str, tuple] = {}
        for row in rows:
            for key, entry in row["cells"].items():
                earliest[key] = min(earliest.get(key, ("~",)), self.sort_date(entry["first"]))
        # Districts with most adoptions first (the home district, usually), then by slug.
        per_district = Counter(p.parent.key if p.parent else None for r in rows for p in
                               (columns[k] for k in r["cells"]))
        order = sorted(columns.values(), key=lambda p: (-per_district[p.parent.key if p.parent else None],
                                                        p.parent.slug if p.parent else "~",
                                                        earliest[p.key], p.slug))
        for row in rows:
            row["program_ref"] = {"name": row["program"].name, "url": row["program"].url,
                                  "reviewed": row["program"].reviewed}
            row["row"] = [dict(row["cells"][p.key], first_adopter=row["cells"][p.key] is row["first"])
                          if p.key in row["cells"] else None for p in order]
        return {"rows": rows, "columns": [{"name": p.name, "url": p.url,
                                           "district": p.parent.name if p.parent else None,
                                           "count": sum(1 for r in rows if p.key in r["cells"])}
                                          for p in order]}

    def sort_date(self, ref: dict) -> tuple:
        return (ref["date"] or "9999-99-99", ref["url"])

    def districts_with_streets(self) -> list[Topic]:
        return [d for d in self.site.topics["district"]
                if any(c.kind == MATRIX_KIND for c in d.children)]

    def coverage(self) -> dict:
        """Per month: the issues the archive holds (an undated issue under the month its records'
        dates put it, marked) and how many records are dated in it."""
        site = self.site
        by_month: dict[str, list[dict]] = {}
        undated = []
        for issue in site.issue_order:
            dates = site.issue_dates(issue)
            ref = {**site.issue_ref(issue), "inferred": not issue.date}
            if dates:
                by_month.setdefault(month_of(max(dates)), []).append(ref)
            else:
                undated.append(ref)
        months = month_range(list(by_month) + list(self.months_all))
        years = []
        for year in sorted({m[:4] for m in months}):
            cells = []
            for month in range(1, 13):
                key = f"{year}-{month:02d}"
                cells.append({"month": key, "label": month_label(key), "issues": by_month.get(key, []),
                              "articles": self.months_all.get(key, 0)})
            years.append({"year": year, "months": cells})
        return {"years": years, "undated_issues": undated, "undated_articles": self.undated_all}



def adoption_district_url(district: Topic) -> str:
    return f"research/adoption-{district.slug}.html"


def research_pages(research: Research, registry) -> list[tuple[str, str, dict]]:
    """(url, template, context) of the adoption matrix (all districts, then one per district
    that has streets) and the coverage calendar; the data exports' URLs are claimed too."""
    for path, *_ in RESOURCES.values():
        registry.claim(DATA_DIR + path, "the data exports", "templates")
    registry.claim(PACKAGE, "the data exports", "templates")
    districts = [{"name": d.name, "url": adoption_district_url(d), "topic": d}
                 for d in research.districts_with_streets()]
    common = {"districts": [{"name": d["name"], "url": d["url"]} for d in districts],
              "show_discovered": research.show_discovered}
    pages = []
    if registry.claim(ADOPTION_URL, "the adoption matrix", "templates"):
        pages.append((ADOPTION_URL, "research_adoption.html", {**common, "district": None,
                                                               "matrix": research.matrix()}))
    for d in districts:
        if registry.claim(d["url"], f"the adoption matrix of {d['name']}", "templates"):
            pages.append((d["url"], "research_adoption.html", {**common, "district": {"name": d["name"]},
                                                               "matrix": research.matrix(d["topic"])}))
    if registry.claim(COVERAGE_URL, "the coverage calendar", "templates"):
        pages.append((COVERAGE_URL, "research_coverage.html", {"coverage": research.coverage()}))
    return pages
