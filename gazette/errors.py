"""Problems found in inputs, reported as ``path:line: message`` and collected per file.

The build never stops at the first bad file: stages append :class:`Problem` values to a
:class:`Problems` list and go on with the rest; the CLI prints them all and exits non-zero.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth knowing) about an input, tied to a file and line."""

    path: str
    """Path as the user knows it (relative to the project root where possible)."""
    line: int | None
    """1-based line, or ``None`` when the problem concerns the whole file."""
    message: str
    """What is wrong and what to do about it."""
    excerpt: str | None = None
    """The offending line, shown under the message where it helps."""
    severity: str = "error"
    """``error`` makes the build exit non-zero; ``warning`` and ``note`` do not."""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        label = "" if self.severity == "error" else f"{self.severity}: "
        text = f"{where}: {label}{self.message}"
        if self.excerpt:
            text += "\n    " + self.excerpt
        return text


class GazetteError(Exception):
    """An input problem that stops the processing of one file (never the whole build)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


@dataclass
class Problems:
    """Collects problems from all stages in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: str, line: int | None, message: str, *, excerpt: str | None = None,
            severity: str = "error") -> None:
        self.items.append(Problem(path, line, message, excerpt, severity))

    def extend(self, problems) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)
