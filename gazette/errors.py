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


def yaml_error_line(exc: Exception, text: str) -> int | None:
    """0-based line of ``text`` where a YAML error should be reported.

    PyYAML marks where it noticed the problem, which for an unclosed ``[``, ``{`` or quote is the
    line after the bad one (or the end of the file): there the construct's opening line, which
    PyYAML gives as the context, is the line to fix (issue 14: ``[unclosed`` was reported one
    line too late). A mark past the last line is moved back onto it."""
    problem = getattr(exc, "problem_mark", None)
    context = getattr(exc, "context_mark", None)
    what = str(getattr(exc, "context", "") or "")
    mark = context if context is not None and ("flow" in what or "scalar" in what) else problem or context
    if mark is None:
        return None
    lines = text.splitlines()
    line = mark.line
    while line > 0 and (line >= len(lines) or not lines[line].strip()):
        line -= 1
    return line
