"""Front-matter values of a record file, checked in one place when the file is read.

A curator edits records by hand, so any field may hold anything YAML can say. Each check turns
a wrong value into ``path:line: what; what to do`` (the line of the key in the ``.md`` file),
and the record is skipped, instead of a traceback somewhere in the render (issue 14:
``date: 2023-4-7`` crashed the month index, ``byline_roles: [记者]`` the article page).
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from .errors import GazetteError, Problem
from .records import DATE_SOURCES, KINDS

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_LOOSE_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class FieldReader:
    """Reads typed values out of one record's front matter; the first wrong value raises a
    :class:`GazetteError` at the line of its key."""

    def __init__(self, data: dict[str, Any], yaml_text: str, first_line: int, path: str):
        self.data = data
        self.path = path
        self._lines = yaml_text.splitlines()
        self._first = first_line

    def line_of(self, key: str) -> tuple[int, str | None]:
        for i, line in enumerate(self._lines):
            if line.startswith(key + ":"):
                return self._first + i, line
        return self._first, None

    def fail(self, key: str, message: str) -> GazetteError:
        line, excerpt = self.line_of(key)
        return GazetteError(Problem(self.path, line, message, excerpt))

    def text(self, key: str, *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        converted = _as_text(value)
        if converted is None:
            raise self.fail(key, f"'{key}' must be text{' or empty' if optional else ''}, got {_describe(value)}; "
                            f"write it as {key}: 'text'")
        return converted

    def choice(self, key: str, choices: tuple[str, ...], *, optional: bool = False) -> str | None:
        value = self.data.get(key)
        if value is None and optional:
            return None
        if value not in choices:
            raise self.fail(key, f"'{key}' must be one of {', '.join(choices)}"
                            f"{' (or empty)' if optional else ''}, got {_describe(value)}; write one of them")
        return value

    def whole_number(self, key: str, minimum: int = 1) -> int:
        value = self.data.get(key)
        if not isinstance(value, int) or isinstance(value, bool) or value < minimum:
            raise self.fail(key, f"'{key}' must be a whole number of at least {minimum}, got {_describe(value)}; "
                            f"write it with digits ({key}: {minimum})")
        return value

    def line_span(self, key: str = "lines") -> tuple[int, int]:
        value = self.data.get(key)
        ok = (isinstance(value, list) and len(value) == 2
              and all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in value)
              and value[0] <= value[1])
        if not ok:
            raise self.fail(key, f"'{key}' must be [first, last], two line numbers with first ≤ last, "
                            f"got {_describe(value)}; write the source lines the record comes from")
        return value[0], value[1]

    def date(self, key: str) -> str | None:
        """``YYYY-MM-DD`` (quoted or not) or empty; a date written another way is refused with
        the ISO form to write instead, since the site sorts and groups by this string."""
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, _dt.datetime):
            value = value.date()
        if isinstance(value, _dt.date):
            return value.isoformat()
        text = _as_text(value)
        m = _ISO_DATE.match(text or "")
        if m and _valid_date(*m.groups()):
            return text
        loose = _LOOSE_DATE.match(text or "")
        if loose and _valid_date(*loose.groups()):
            y, mo, d = (int(g) for g in loose.groups())
            hint = f"write it as {key}: '{y:04d}-{mo:02d}-{d:02d}'"
        else:
            hint = f"write it as {key}: 'YYYY-MM-DD' (a real calendar date) or leave it empty"
        raise self.fail(key, f"'{key}' must be a date YYYY-MM-DD, got {_describe(value)}; {hint}")

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        items = [_as_text(v) for v in value] if isinstance(value, list) else [None]
        if any(v is None for v in items):
            raise self.fail(key, f"'{key}' must be a list of text, got {_describe(value)}; "
                            f"write it as {key}: [甲, 乙]")
        return tuple(items)

    def text_map(self, key: str, what: str) -> dict[str, str]:
        value = self.data.get(key)
        if value is None:
            return {}
        pairs = [(_as_text(k), _as_text(v)) for k, v in value.items()] if isinstance(value, dict) else [(None, None)]
        if any(k is None or v is None for k, v in pairs):
            raise self.fail(key, f"'{key}' must map each name to {what}, got {_describe(value)}; "
                            f"write it as {key}: {{姓名: …}} or {{}}")
        return dict(pairs)

    def tag_entries(self, key: str) -> list[Any]:
        """The raw entries of a tag list: each a bare name or a mapping with a ``name``."""
        value = self.data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(key, f"'{key}' must be a list of tags, got {_describe(value)}")
        for entry in value:
            problem = _tag_problem(entry)
            if problem:
                raise self.fail(key, f"a tag in '{key}' {problem}; "
                                "write a bare name (- 红色物业) or a mapping with name:")
        return value


def _tag_problem(entry: Any) -> str | None:
    if isinstance(entry, str):
        return None if entry.strip() else "is empty"
    if not isinstance(entry, dict):
        return f"is {_describe(entry)}"
    if _as_text(entry.get("name")) is None:
        return f"has no name ({_describe(entry)})"
    for field, check, kind in (("code", _as_text, "text"), ("matched", _as_text, "text"), ("rule", _as_text, "text")):
        if entry.get(field) is not None and check(entry[field]) is None:
            return f"'{entry['name']}' has a {field} that is not {kind}"
    position = entry.get("position")
    if position is not None and (not isinstance(position, int) or isinstance(position, bool) or position < 0):
        return f"'{entry['name']}' has a position that is not a character offset"
    if "reviewed" in entry and not isinstance(entry["reviewed"], bool):
        return f"'{entry['name']}' has reviewed: {entry['reviewed']!r}, not true or false"
    return None


def _valid_date(year: str, month: str, day: str) -> bool:
    try:
        _dt.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def _as_text(value: Any) -> str | None:
    """Scalars a curator may write unquoted (数字 titles, ids) count as text; lists, mappings,
    booleans and empties do not."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return f"a list {_short(value)}"
    if isinstance(value, dict):
        return f"a mapping {_short(value)}"
    return f"'{value}'"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


__all__ = ["FieldReader", "KINDS", "DATE_SOURCES"]
