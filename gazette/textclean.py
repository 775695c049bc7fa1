"""Characters that must not pass from an input into records, pages or feeds.

C0 and C1 control characters cannot appear in XML 1.0 at all (one ``\\x1b`` in a headline made
``feed.xml`` unreadable, issue 14) and show as nothing or as garbage in a page; bidirectional
overrides and isolates (U+202A–202E, U+2066–2069) silently reorder the text around them, so a
title can display differently from what it says. They are removed when text is read, seeds
and records alike, and each line that held one is reported with its ``path:line``.
"""

from __future__ import annotations

import re
import unicodedata

from .errors import Problem

_BIDI = "\u202a-\u202e\u2066-\u2069"
_NONCHARACTERS = "\ufffe\uffff"  # not allowed in XML either
_UNSAFE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}{_NONCHARACTERS}]")
_UNSAFE_KEEP_FF = re.compile(f"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f{_BIDI}{_NONCHARACTERS}]")
_LINE_END = re.compile(r"\r\n|\r|\n")


def _name(ch: str) -> str:
    name = unicodedata.name(ch, "")
    if not name:
        name = {"\x1b": "ESCAPE", "\x7f": "DELETE", "\x85": "NEXT LINE"}.get(ch, "control")
    return f"U+{ord(ch):04X} ({name})"


def strip_unsafe(text: str, path: str, *, keep_form_feeds: bool = False) -> tuple[str, list[Problem]]:
    """``text`` without control characters (tab and line ends kept; form feeds too when
    ``keep_form_feeds``, as seeds use them between pages) and bidi overrides, and one warning
    per line that held any, numbered as an editor numbers lines (CRLF, CR and LF each end one)."""
    pattern = _UNSAFE_KEEP_FF if keep_form_feeds else _UNSAFE
    if not pattern.search(text):
        return text, []
    problems: list[Problem] = []
    line_starts = [0] + [m.end() for m in _LINE_END.finditer(text)]
    found: dict[int, list[str]] = {}
    line = 0
    for m in pattern.finditer(text):
        while line + 1 < len(line_starts) and line_starts[line + 1] <= m.start():
            line += 1
        found.setdefault(line + 1, []).append(m.group())
    for number, chars in found.items():
        kinds = ", ".join(_name(ch) for ch in dict.fromkeys(chars))
        what = "a character" if len(chars) == 1 else f"{len(chars)} characters"
        problems.append(Problem(path, number, f"removed {what} that cannot be shown or put in a feed: {kinds}; "
                                "check the text around it (an OCR or export glitch?)", severity="warning"))
    return pattern.sub("", text), problems


_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
"""A CommonMark backslash escape: a backslash before ASCII punctuation shows only the punctuation."""


def plain_body(markdown: str) -> str:
    """A record body as a reader sees it, for the search index, snippets and feed summaries:
    heading markers and backslash escapes removed (the parser writes ``\\<img`` so Markdown
    shows ``<img``; the backslash must not reach a snippet or a search term, issue 14)."""
    return _ESCAPE.sub(r"\1", _HEADING.sub("", markdown))
