"""``site_config.yaml`` → a frozen, typed :class:`SiteConfig`.

Every problem in the file is reported in one pass, each with its line; an unknown key gets a
"did you mean" hint. The schema is declarative (:data:`SCHEMA`) so that a section added for a
new stage is one entry here, not a new parser.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, yaml_error_line
from .textclean import strip_unsafe

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True, slots=True)
class IssueMeta:
    """Per-issue facts a curator states in the config; they win over anything parsed."""

    date: str | None = None
    """Publication date ``YYYY-MM-DD``."""
    publication: str | None = None
    """Newspaper name (``新华日报``)."""
    edition: str | None = None
    """Edition or page label (``第5版``)."""
    section: str | None = None
    """Page or section name."""


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """The whole site configuration; every field has a default so an empty file is valid."""

    title: str = "地方报纸档案"
    """Site title shown in the header and feeds."""
    description: str = ""
    """One-line description of the archive."""
    base_url: str | None = None
    """Absolute URL where the site is hosted; enables sitemap.xml and absolute feed links."""
    language: str = "zh-CN"
    publication: str | None = None
    """Default newspaper name for issues the ``issues`` section does not name."""
    seeds: str = "seeds"
    """Folder of raw issue files, relative to the config file."""
    articles: str = "articles"
    """Folder of records (committed, curator-editable), relative to the config file."""
    output: str = "_site"
    """Folder the site is written to, relative to the config file."""
    page_size: int = 100
    """Most records on one part of a topic page, and most lines on one page of an index."""
    issues: dict[str, IssueMeta] = field(default_factory=dict)
    """Issue id → facts stated by a curator."""
    places: dict[str, Any] = field(default_factory=dict)
    """Gazetteer settings (home region, aliases, zones); read by the tagger."""
    programs: dict[str, Any] = field(default_factory=dict)
    """Program authority list and discovery settings; read by the tagger."""
    show_discovered_programs: bool = False
    """Count discovered, unreviewed programs in the research views (marked) too (issue 16)."""
    root: Path = Path(".")
    """Folder the config file lives in: the project root. Relative folder settings are resolved
    against it, and paths written into records (``source:``) and pages are relative to it."""
    file: Path | None = None
    """The config file read, if any; the tagger reads its nested sections' lines from it."""
    shown: str = "site_config.yaml"
    """The config file as the user named it, for messages (``other.yaml:25``)."""

    def path(self, key: str) -> Path:
        """Absolute path for one of the folder settings (seeds, articles, output)."""
        return (self.root / getattr(self, key)).resolve()

    def issue_meta(self, issue_id: str) -> IssueMeta:
        return self.issues.get(issue_id, IssueMeta())


# key → (accepted python types, description used in messages)
_TOP = {
    "title": (str,), "description": (str,), "base_url": (str, type(None)), "language": (str,),
    "publication": (str, type(None)), "seeds": (str,), "articles": (str,), "output": (str,),
    "page_size": (int,), "show_discovered_programs": (bool,), "issues": (dict, type(None)), "places": (dict, type(None)), "programs": (dict, type(None)),
}
_ISSUE = {"date": (str, type(None)), "publication": (str, type(None)),
          "edition": (str, type(None)), "section": (str, type(None))}

SCHEMA = {"top": _TOP, "issue": _ISSUE}


def _hint(key: str, known) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else f" (known keys: {', '.join(sorted(known))})"


def _type_name(types) -> str:
    names = {str: "text", dict: "a mapping", list: "a list", type(None): "empty", int: "a number",
             bool: "true/false"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def _line(node) -> int:
    return node.start_mark.line + 1


def load_config(path: str | Path, display_path: str | None = None,
                required: bool = False) -> tuple[SiteConfig, list[Problem]]:
    """Read and validate a config file. Returns the config (defaults where a value was bad)
    and every problem found, each with its line. A missing file gives the defaults with a
    warning, or an error when ``required`` (the user named the file with ``--config``)."""
    path = Path(path)
    shown = display_path or str(path)
    problems: list[Problem] = []
    root = path.parent.resolve()
    defaults = SiteConfig(root=root, shown=shown)
    if path.is_dir():
        inside = path / "site_config.yaml"
        hint = f"pass the file, e.g. --config {Path(shown) / 'site_config.yaml'}" if inside.is_file() \
            else "pass a config file (YAML), not a folder"
        problems.append(Problem(shown, None, f"is a folder, not a config file; {hint}"))
        return defaults, problems
    if not path.exists():
        if required:
            problems.append(Problem(shown, None, "config file not found; check the path given to --config"))
        else:
            problems.append(Problem(shown, None, "config file not found; using defaults "
                                    "(create it or pass --config FILE)", severity="warning"))
        return defaults, problems
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(shown, None, f"cannot read the config ({exc.strerror}); check its permissions"))
        return defaults, problems
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        problems.append(Problem(shown, line, f"cannot decode byte 0x{raw[exc.start]:02x} as UTF-8; "
                                "save the config as UTF-8 (not GBK or another legacy encoding) and build again"))
        return defaults, problems
    text, unsafe = strip_unsafe(text, shown)  # a control character in the title would break every feed
    problems.extend(unsafe)
    defaults = SiteConfig(root=root, file=path.resolve(), shown=shown)
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = yaml_error_line(exc, text)
        problems.append(Problem(shown, line + 1 if line is not None else None,
                                f"invalid YAML: {getattr(exc, 'problem', None) or exc}; "
                                "fix the syntax (indentation, colons, quotes)"))
        return defaults, problems
    if data is None:
        return defaults, problems
    if not isinstance(data, dict):
        problems.append(Problem(shown, 1, "the config must be a mapping of keys to values"))
        return defaults, problems

    nodes = {k.value: (k, v) for k, v in node.value}
    values: dict[str, Any] = {}
    for key, value in data.items():
        knode, vnode = nodes.get(str(key), (node, node))
        if key not in _TOP:
            problems.append(Problem(shown, _line(knode), f"unknown key '{key}'{_hint(str(key), _TOP)}"))
            continue
        if not isinstance(value, _TOP[key]) or isinstance(value, bool) and bool not in _TOP[key]:
            problems.append(Problem(shown, _line(vnode), f"'{key}' must be {_type_name(_TOP[key])}"))
            continue
        if key == "page_size" and value < 1:
            problems.append(Problem(shown, _line(vnode), f"'page_size' must be at least 1, got {value}"))
            continue
        values[key] = value

    issues: dict[str, IssueMeta] = {}
    if values.get("issues"):
        inodes = {k.value: (k, v) for k, v in nodes["issues"][1].value}
        for issue_id, meta in values["issues"].items():
            knode, vnode = inodes[str(issue_id)]
            if not isinstance(meta, dict):
                problems.append(Problem(shown, _line(knode), f"issues.{issue_id} must be a mapping "
                                        "of date, publication, edition, section"))
                continue
            mnodes = {k.value: (k, v) for k, v in vnode.value}
            fields: dict[str, Any] = {}
            for mkey, mval in meta.items():
                mk, mv = mnodes[str(mkey)]
                if mkey not in _ISSUE:
                    problems.append(Problem(shown, _line(mk), f"unknown key 'issues.{issue_id}.{mkey}'"
                                            f"{_hint(str(mkey), _ISSUE)}"))
                    continue
                if mkey == "date" and mval is not None:
                    mval = str(mval)  # YAML reads an unquoted 2023-04-07 as a date
                    if not DATE_RE.match(mval):
                        problems.append(Problem(shown, _line(mv), f"issues.{issue_id}.date must be "
                                                f"YYYY-MM-DD, got '{mval}'"))
                        continue
                elif not isinstance(mval, _ISSUE[mkey]):
                    problems.append(Problem(shown, _line(mv), f"issues.{issue_id}.{mkey} must be "
                                            f"{_type_name(_ISSUE[mkey])}"))
                    continue
                fields[mkey] = mval
            issues[str(issue_id)] = IssueMeta(**fields)
    values["issues"] = issues
    values["places"] = values.get("places") or {}
    values["programs"] = values.get("programs") or {}
    return SiteConfig(root=root, file=path.resolve(), shown=shown, **values), problems
