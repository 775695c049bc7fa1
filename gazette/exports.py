"""The data exports under ``data/`` (issue 16): the records, their tags, the programs and where
they were adopted, as CSV and JSON Lines, described by a Frictionless Data Package.

Each file's columns are declared once in :data:`RESOURCES` (name, type, description); the CSV
header, the rows and ``datapackage.json`` all come from that list, so they cannot disagree.
Output is deterministic: rows in id or name order, JSON with sorted keys, no timestamps.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass

from .frontmatter import RECORD_KEYS, article_front
from .topics import PLACE_KINDS, TAG_FIELD

DATA_DIR = "data/"
PACKAGE = DATA_DIR + "datapackage.json"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    """A Table Schema type: string, integer, number, boolean, date, yearmonth, array, object."""
    description: str


def _columns(*specs: tuple[str, str, str]) -> tuple[Column, ...]:
    return tuple(Column(*spec) for spec in specs)


_ARTICLE_COLUMNS = _columns(
    ("id", "string", "Record id: issue id and position in the issue; stable across builds."),
    ("issue", "string", "Id of the issue the record was printed in (see the issue's page)."),
    ("seq", "integer", "1-based position of the record in its issue, in print order."),
    ("url", "string", "The record's page, relative to the site root."),
    ("source", "string", "Issue text file the record was cut from."),
    ("first_line", "integer", "First line of the record in the source file (1-based)."),
    ("last_line", "integer", "Last line of the record in the source file (inclusive)."),
    ("kind", "string", "article, photo or notice."),
    ("title", "string", "Main headline (for photos, made from the caption's first sentence)."),
    ("headlines", "array", "Every printed headline line in order, as a JSON array."),
    ("byline", "array", "Names in the byline, as a JSON array."),
    ("byline_roles", "object", "Name to role (记者, 通讯员, 摄 …), as a JSON object."),
    ("byline_affiliations", "object", "Name to affiliation, as a JSON object."),
    ("date", "date", "Publication date read for the record itself; empty when unknown (never guessed)."),
    ("date_source", "string", "Where the date came from: config, masthead, text or inferred."),
    ("issue_date", "date", "Publication date of the issue; the site dates a record by it when the record has none."),
    ("districts", "array", "Canonical names of the districts tagged (JSON array); details in tags.csv."),
    ("streets", "array", "Canonical names of the streets and towns tagged (JSON array)."),
    ("communities", "array", "Canonical names of the communities and villages tagged (JSON array)."),
    ("programs", "array", "Canonical names of the programs tagged, reviewed or not (JSON array)."),
    ("documents", "array", "Titles printed in 《》 (JSON array)."),
    ("duplicate_of", "string", "Id of the earlier copy when this record repeats one; empty otherwise."),
    ("extra", "object", "Other front-matter fields (event_date, a curator's own keys), as a JSON object."),
    ("body", "string", "The record's text as Markdown: one paragraph per line, subheads as '## '."),
)

_TAG_COLUMNS = _columns(
    ("record_id", "string", "Id of the tagged record (articles.csv id)."),
    ("tag_type", "string", "district, street, community, program or document."),
    ("name", "string", "Canonical name: the official place name, or the program's name."),
    ("code", "string", "Official administrative code of a place (12 digits at most); empty for programs."),
    ("matched", "string", "The text that matched in the record."),
    ("position", "integer", "Character offset of the match in the record's body; empty when not from the body."),
    ("rule", "string", "What made the tag: gazetteer, alias, rollup (from a lower place), curated, "
                       "discovered, title-marks or curator."),
    ("reviewed", "boolean", "false for automatically discovered programs nobody has reviewed."),
)

_PROGRAM_COLUMNS = _columns(
    ("name", "string", "Canonical name of the program."),
    ("url", "string", "The program's page, relative to the site root."),
    ("kind", "string", "Kind of program (campaign, platform, brand, team, project …), the most common its tags give."),
    ("reviewed", "boolean", "true when in the authority list or accepted by a curator."),
    ("counted", "boolean", "true when the site's research views count it (reviewed, or the config shows discovered ones)."),
    ("records", "integer", "Records that mention it (duplicates of a page not counted)."),
    ("undated_records", "integer", "Of those, records with no date (neither their own nor their issue's)."),
    ("first_date", "date", "Date of the first record that mentions it; empty when that record is undated."),
    ("first_record", "string", "Id of that record."),
    ("last_date", "date", "Date of the last record that mentions it."),
    ("last_record", "string", "Id of that record."),
    ("districts", "integer", "Districts mentioned together with it."),
    ("streets", "integer", "Streets and towns mentioned together with it."),
    ("communities", "integer", "Communities and villages mentioned together with it."),
)

_ADOPTION_COLUMNS = _columns(
    ("program", "string", "Canonical name of the program (programs.csv name)."),
    ("program_reviewed", "boolean", "Whether the program is reviewed (programs.csv reviewed)."),
    ("place_type", "string", "district, street or community."),
    ("place", "string", "Official name of the place."),
    ("place_code", "string", "Official administrative code of the place; empty when it has none."),
    ("parent", "string", "The place's parent (the street of a community, the district of a street)."),
    ("adoption_rank", "integer", "1 for the first place of this type to mention the program, then 2 …"),
    ("first_date", "date", "Date of the first record naming both; empty when undated."),
    ("first_record", "string", "Id of that record."),
    ("records", "integer", "Records naming both."),
)

_MONTH_COLUMNS = _columns(
    ("program", "string", "Canonical name of the program."),
    ("month", "yearmonth", "A month in which the archive has records."),
    ("records", "integer", "Records that month mentioning the program."),
    ("month_records", "integer", "All records that month (what a program's chart divides by)."),
    ("share", "number", "records / month_records, rounded to 4 places: the height of the month's bar on the program page."),
)

RESOURCES = {
    "articles": ("articles.csv", "One row per record: every front-matter field and the body.", _ARTICLE_COLUMNS),
    "articles-jsonl": ("articles.jsonl", "The records as JSON Lines: the front matter exactly as in the record "
                       "files (tags with all their fields), plus url, issue_date and body.", None),
    "tags": ("tags.csv", "One row per tag on a record, with the evidence for it.", _TAG_COLUMNS),
    "programs": ("programs.csv", "One row per program: first and last mention and counts.", _PROGRAM_COLUMNS),
    "adoption": ("adoption.csv", "One row per program and place mentioned together: the first record naming both.",
                 _ADOPTION_COLUMNS),
    "program-months": ("program_months.csv", "Mentions of each program per month, normalised by the month's "
                       "records: the numbers of the charts on the program pages.", _MONTH_COLUMNS),
}


def _jsonl_columns(extras: list[str]) -> tuple[Column, ...]:
    """The JSON Lines fields: the front-matter keys in the order record files have them (tags as
    arrays of objects with every field), then url, issue_date and body."""
    described = {c.name: c for c in _ARTICLE_COLUMNS}
    fields = []
    for key in RECORD_KEYS:
        if key == "lines":
            fields.append(Column("lines", "array", "[first, last] line of the record in the source file."))
        elif key in TAG_FIELD.values():
            fields.append(Column(key, "array", f"The {key} tags, each an object with name, code, matched, "
                                               "position, rule, reviewed and further facts (level, parent, kind …)."))
        else:
            fields.append(described[key])
    fields += [Column(k, "any", "A further front-matter field of some records.") for k in extras
               if k not in RECORD_KEYS]
    return tuple(fields) + tuple(described[k] for k in ("url", "issue_date", "body"))


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple, dict)):
        return _json(value)
    return str(value)


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _csv(columns: tuple[Column, ...], rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in columns])
    for row in rows:
        writer.writerow([_cell(row.get(c.name)) for c in columns])
    return out.getvalue().encode("utf-8")


class Exports:
    """The files under ``data/`` for one build; ``site`` is the planned
    :class:`~gazette.site.SitePlanner` and ``research`` its :class:`~gazette.research.Research`."""

    def __init__(self, site, research):
        self.site = site
        self.research = research

    def files(self) -> dict[str, bytes]:
        """URL (``data/…``) → bytes, for every export and ``datapackage.json``."""
        files = {
            "articles.csv": _csv(_ARTICLE_COLUMNS, self.article_rows()),
            "articles.jsonl": "".join(r + "\n" for r in self.article_lines()).encode("utf-8"),
            "tags.csv": _csv(_TAG_COLUMNS, self.tag_rows()),
            "programs.csv": _csv(_PROGRAM_COLUMNS, self.program_rows()),
            "adoption.csv": _csv(_ADOPTION_COLUMNS, self.adoption_rows()),
            "program_months.csv": _csv(_MONTH_COLUMNS, self.month_rows()),
        }
        files["datapackage.json"] = (json.dumps(self.package(), ensure_ascii=False, sort_keys=True, indent=2)
                                     + "\n").encode("utf-8")
        return {DATA_DIR + name: data for name, data in files.items()}

    # -- rows -----------------------------------------------------------------------------------

    def _common(self, article) -> dict:
        issue = self.site.issues.get(article.issue)
        return {"url": self.site.summaries[article.id]["url"], "issue_date": issue.date if issue else None,
                "body": article.body}

    def article_rows(self):
        for article in self.site.records_as_written():
            front = article_front(article)
            row = {**front, **self._common(article), "first_line": article.source.first,
                   "last_line": article.source.last,
                   "extra": dict(article.extra)}
            for name in TAG_FIELD.values():
                row[name] = list(dict.fromkeys(t.name for t in getattr(article, name)))
            yield row

    def article_lines(self):
        """One JSON object per record with every field of the package's schema, in its order
        (readers of JSON Lines take the columns from the first object), so keys are not sorted."""
        fields = [c.name for c in _jsonl_columns(self.extras())]
        for article in self.site.records_as_written():
            data = {**article_front(article), **self._common(article)}
            yield json.dumps({name: data.get(name) for name in fields}, ensure_ascii=False, default=str)

    def extras(self) -> list[str]:
        """Front-matter keys beyond the standard ones that some record has (event_date …)."""
        return sorted({k for a in self.site.records_as_written() for k in a.extra})

    def tag_rows(self):
        for article in self.site.records_as_written():
            for kind, name in TAG_FIELD.items():
                for tag in getattr(article, name):
                    yield {"record_id": article.id, "tag_type": kind, "name": tag.name, "code": tag.code,
                           "matched": tag.matched, "position": tag.position, "rule": tag.rule,
                           "reviewed": tag.reviewed}

    def program_rows(self):
        for program in self.site.topics["program"]:
            kinds = Counter(str(t.extra["kind"]) for t in program.tags.values() if t.extra.get("kind"))
            kind = min(kinds, key=lambda k: (-kinds[k], k)) if kinds else None
            places = {k: 0 for k in PLACE_KINDS}
            for entry in self.research.adoption(program):
                places[entry["place"].kind] += 1
            first, last = program.articles[0], program.articles[-1]
            _, undated = self.research.program_months(program)
            yield {"name": program.name, "url": program.url, "kind": kind, "reviewed": program.reviewed,
                   "counted": self.research.counts(program), "records": program.count,
                   "undated_records": undated,
                   "first_date": self.site.date_of(first), "first_record": first.id,
                   "last_date": self.site.date_of(last), "last_record": last.id,
                   "districts": places["district"], "streets": places["street"],
                   "communities": places["community"]}

    def adoption_rows(self):
        for program in self.site.topics["program"]:
            ranks = {k: 0 for k in PLACE_KINDS}
            for entry in self.research.adoption(program):
                place = entry["place"]
                ranks[place.kind] += 1
                yield {"program": program.name, "program_reviewed": program.reviewed, "place_type": place.kind,
                       "place": place.name, "place_code": place.code,
                       "parent": place.parent.name if place.parent else None, "adoption_rank": ranks[place.kind],
                       "first_date": entry["first"]["date"], "first_record": entry["first"]["id"],
                       "records": entry["count"]}

    def month_rows(self):
        for program in self.site.topics["program"]:
            per_month, _ = self.research.program_months(program)
            for row in self.research.month_rows(per_month):
                yield {"program": program.name, "month": row["month"], "records": row["count"],
                       "month_records": row["articles"], "share": row["share"]}

    # -- the package ------------------------------------------------------------------------------

    def package(self) -> dict:
        config = self.site.config
        extras = self.extras()
        resources = []
        for name, (path, description, columns) in RESOURCES.items():
            jsonl = columns is None
            resource = {"name": name, "path": path, "description": description,
                        "profile": "tabular-data-resource", "encoding": "utf-8",
                        "format": "jsonl" if jsonl else "csv",
                        "mediatype": "application/jsonl" if jsonl else "text/csv",
                        "schema": {"fields": [{"name": c.name, "type": c.type, "description": c.description}
                                              for c in (_jsonl_columns(extras) if jsonl else columns)]}}
            if not jsonl:
                resource["dialect"] = {"delimiter": ",", "lineTerminator": "\r\n", "header": True}
            resources.append(resource)
        return {"profile": "tabular-data-package", "name": "gazette-archive",
                "title": config.title, "description": (config.description or config.title)
                + " Records, tags and program adoption exported by gazette; every file is rewritten by each build.",
                "resources": resources}
