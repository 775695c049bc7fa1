"""Fixture files of input/expected pairs, each case named by its line in the file.

    ### what the case shows
    .
    <issue text>
    .
    <expected records as YAML: a list of mappings with the keys to check>
    .

The expected YAML may instead be a mapping with ``records`` and ``issue`` keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Case:
    path: Path
    line: int
    title: str
    input: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.path.name}:{self.line}"


def read_fixture_file(path: Path) -> list[Case]:
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[Case] = []
    i = 0
    while i < len(lines):
        if not lines[i].startswith("### "):
            i += 1
            continue
        title, start = lines[i][4:].strip(), i + 1
        if lines[i + 1] != ".":
            raise ValueError(f"{path}:{i + 2}: expected '.' after the case title")
        sections: list[list[str]] = [[]]
        j = i + 2
        while j < len(lines) and len(sections) < 3:
            if lines[j] == ".":
                sections.append([])
            else:
                sections[-1].append(lines[j])
            j += 1
        if len(sections) < 3:
            raise ValueError(f"{path}:{start}: case '{title}' is not closed with '.' lines")
        cases.append(Case(path, start, title, "\n".join(sections[0]) + "\n", "\n".join(sections[1])))
        i = j
    return cases
