"""File primitives every writer shares: atomic replacement under a name no other build uses, and
the test that a path (a symbolic link, say) stays inside the folder it was found in.

Two builds running at once once shared one temporary name (``007.html.tmp``) and one crashed
with FileNotFoundError (issue 14, item 9): the temporary name now carries the process id and a
random part. Writing through a temporary file and :func:`os.replace` also never changes a file in
place, which matters because the staged site hard-links the files of the published one
(:mod:`gazette.output`).
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from .errors import Problem

TMP_SUFFIX = ".tmp"
_TEMP_RE = re.compile(r"^\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.tmp$")


def temp_name(path: Path) -> Path:
    """A sibling of ``path`` no other process picks: ``.<name>.<pid>-<random>.tmp``."""
    return path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}{TMP_SUFFIX}")


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step: readers see the old bytes or the new ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def process_alive(pid: int) -> bool:
    """Whether another process with this id runs (this process counts as gone: what it left
    behind in an earlier, failed step is garbage)."""
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale_temps(folder: Path) -> None:
    """Remove temporary files (:func:`temp_name`) a killed build left in ``folder``."""
    for path in folder.glob(".*" + TMP_SUFFIX):
        match = _TEMP_RE.match(path.name)
        if match and not path.is_symlink() and not process_alive(int(match["pid"])):
            path.unlink(missing_ok=True)


def is_inside(path: Path, folder: Path) -> bool:
    """True when ``path``, with every symbolic link resolved, lies in ``folder`` (resolved too)."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True


def escapes(path: Path, folder: Path) -> bool:
    """True for a symbolic link (or a path through one) that leads out of ``folder``: such a file
    is not the folder's to publish (``ln -s /etc/passwd seeds/passwd.txt``, issue 14 item 3)."""
    return not is_inside(path, folder)


def inside_only(paths, folder: Path, shown, folder_shown: str, problems: list[Problem] | None) -> list[Path]:
    """``paths`` without the symbolic links that lead out of ``folder``; each one left out is
    reported (when ``problems`` is given) with :func:`link_problem`."""
    kept = []
    for path in paths:
        if path.is_symlink() and escapes(path, folder):
            if problems is not None:
                problems.append(link_problem(shown(path), folder_shown))
            continue
        kept.append(path)
    return kept


def link_problem(shown: str, folder_shown: str) -> Problem:
    """The warning for a skipped link, one wording for seeds, records and templates."""
    return Problem(shown, None, f"a symbolic link that leads outside {folder_shown}/; skipped. Copy the "
                   f"file into {folder_shown}/ if it belongs there", severity="warning")
