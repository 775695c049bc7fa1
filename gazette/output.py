"""The output folder: which folder the build may use, the lock against a second build, and
publishing a new site in one step.

Issue 14: ``--output .`` once deleted the whole project, because the build removed every file in
its output folder that it had not produced. Now:

* :func:`check_output` refuses a folder that is, contains or lies inside the project root, the
  seeds, records, templates or state folders, and a non-empty folder no build of ours wrote
  (unless ``force``), before anything is written.
* Each build lists the files it wrote in ``<output>/.gazette-manifest``. Only files an earlier
  build listed there are ever left out of the next site; files a person put into the folder are
  carried over.
* :class:`Stage` builds the new site in a fresh sibling folder whose files start as hard links to
  the published ones (so unchanged pages cost a link, not a write), then swaps it with the
  published folder in one ``renameat2(RENAME_EXCHANGE)`` call. A server pointed at ``_site/``
  sees the old site or the new one, never a mix; a build killed before the swap leaves the old
  site as it was, and the next build removes the abandoned folder.
* :class:`BuildLock` makes a second build wait for the first (up to a time limit).
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .errors import Problem
from .files import process_alive

MANIFEST = ".gazette-manifest"
MANIFEST_HEADER = "# gazette output manifest 1: the files the last build wrote, one per line"
STAGING = ".{name}.gazette-build-{pid}-{token}"
_STAGING_RE = re.compile(r"^\.(?P<name>.+)\.gazette-build-(?P<pid>\d+)-[0-9a-f]+(-old)?$")
LOCK_FILE = "build.lock"


class Refused(Exception):
    """The build must not run: nothing was written (exit code 2)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


# -- which folder ---------------------------------------------------------------------------------

def check_output(output: Path, origin: str, shown: str, protected: list[tuple[str, Path, bool]],
                 force: bool) -> None:
    """Raise :class:`Refused` unless ``output`` may be replaced by the build.

    ``protected`` lists (what, folder, may_contain_output): the output may lie inside the project
    root (``_site/`` does) but not inside ``seeds/``; it may never be or contain any of them."""
    output = output.resolve()
    for what, folder, may_contain in protected:
        folder = folder.resolve()
        if output == folder:
            relation = "is"
        elif folder.is_relative_to(output):
            relation = "contains"
        elif output.is_relative_to(folder) and not may_contain:
            relation = "lies inside"
        else:
            continue
        raise Refused(Problem(shown, None, f"the output folder ({origin}) {relation} {what}; the build "
                              "replaces the contents of its output folder, so the site needs a folder of its "
                              "own. Nothing was written; choose another folder, such as _site"))
    if output.exists() and not output.is_dir():
        raise Refused(Problem(shown, None, f"the output folder ({origin}) is a file; nothing was written. "
                              "Choose a folder"))
    if output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()) and not force:
        raise Refused(Problem(shown, None, f"the output folder ({origin}) is not empty and no build wrote it "
                              f"(it has no {MANIFEST}); nothing was written. Choose an empty or new folder, "
                              "or pass --force to let the build replace what is in it"))


def read_manifest(output: Path) -> set[str] | None:
    """The files the last build wrote into ``output``, or None when no build of ours wrote it."""
    try:
        text = (output / MANIFEST).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def manifest_text(files: set[str]) -> str:
    return "\n".join([MANIFEST_HEADER, *sorted(files)]) + "\n"


# -- the lock ---------------------------------------------------------------------------------------

class BuildLock:
    """An exclusive lock on ``<state>/build.lock`` for the whole build (records, state, site).

    A second build waits up to ``wait`` seconds for the first, then gives up with
    :class:`Refused`. The lock is the kernel's (``flock``): a build killed with ``kill -9``
    releases it, and the file left behind locks nothing."""

    def __init__(self, state_dir: Path, shown: str, wait: float):
        self.path = Path(state_dir) / LOCK_FILE
        self.shown = shown
        self.wait = wait
        self.handle = None

    def __enter__(self) -> "BuildLock":
        try:
            import fcntl
        except ImportError:  # no flock (Windows): builds are not serialised there
            return self
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+", encoding="utf-8")
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    handle.close()
                    raise Refused(Problem(self.shown, None, f"another build (process {holder}) is running in "
                                          "this project; nothing was written. Wait for it to finish and run "
                                          "the build again, or pass --wait SECONDS to wait longer")) from None
                time.sleep(0.05)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        self.handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self.handle is not None:
            self.handle.close()  # closing releases the flock
            self.handle = None


# -- staging and publishing -------------------------------------------------------------------------

@dataclass
class Stage:
    """A new site under construction beside the published one (see the module docstring)."""

    output: Path
    folder: Path
    owned: set[str]
    """Files of the published site that an earlier build wrote (all of them with ``force``)."""
    carried: set[str] = field(default_factory=set)
    """Files of the published site that a person put there: kept in every later site."""
    timings: dict[str, float] = field(default_factory=dict)

    @classmethod
    def open(cls, output: Path) -> "Stage":
        """Remove folders abandoned by killed builds, then make the stage: a fresh sibling of
        ``output`` holding hard links to every file of the published site."""
        start = time.perf_counter()
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        remove_abandoned(output)
        folder = output.parent / STAGING.format(name=output.name, pid=os.getpid(), token=secrets.token_hex(6))
        folder.mkdir()
        published = _clone(output, folder) if output.is_dir() else set()
        (folder / MANIFEST).unlink(missing_ok=True)
        published.discard(MANIFEST)
        manifest = read_manifest(output)  # None: an empty folder, or one taken over with --force
        owned = published if manifest is None else published & manifest
        stage = cls(output, folder, owned, published - owned)
        stage.timings["stage output"] = time.perf_counter() - start
        return stage

    def finish(self, produced: set[str], shown, problems: list[Problem]) -> None:
        """Drop the earlier build's files this build did not produce, restore a person's file the
        build would have replaced (reported), write the manifest and publish in one step."""
        start = time.perf_counter()
        for rel in sorted(self.carried & produced):
            mine, theirs = self.folder / rel, self.output / rel
            if not os.path.samefile(mine, theirs):
                mine.unlink()
                _link(theirs, mine)
                problems.append(Problem(shown(theirs), None, "this file was not written by the build, which "
                                        "now makes a page of this name; the file was kept and the page left "
                                        "out. Move the file away and build again"))
        produced = produced - self.carried
        for rel in sorted(self.owned - produced, reverse=True):
            (self.folder / rel).unlink(missing_ok=True)
        _remove_empty_folders(self.folder)
        (self.folder / MANIFEST).write_text(manifest_text(produced), encoding="utf-8")
        self.timings["prune"] = time.perf_counter() - start
        start = time.perf_counter()
        publish(self.folder, self.output)
        self.timings["publish"] = time.perf_counter() - start

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _clone(source: Path, target: Path) -> set[str]:
    """Fill the empty folder ``target`` with hard links to every file under ``source`` (links
    stay links, never followed); returns the files' relative paths. One pass of ``scandir`` and
    one ``link`` per file: this is most of the cost of a one-step publish."""
    files: set[str] = set()
    todo = [""]
    while todo:
        rel = todo.pop()
        with os.scandir(source / rel) as entries:
            for entry in entries:
                name = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    os.symlink(os.readlink(entry.path), target / name)
                    files.add(name)
                elif entry.is_dir():
                    os.mkdir(target / name)
                    todo.append(name)
                else:
                    try:
                        os.link(entry.path, target / name)
                    except OSError:  # a file system without hard links: a copy costs more
                        shutil.copy2(entry.path, target / name)
                    files.add(name)
    return files


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
        return
    try:
        os.link(source, target)
    except OSError:  # a file system without hard links: a copy costs more but is as safe
        shutil.copy2(source, target)


def _remove_empty_folders(root: Path) -> None:
    for dirpath, dirnames, filenames in os.walk(root, topdown=False):
        if Path(dirpath) != root and not os.listdir(dirpath):
            os.rmdir(dirpath)


def remove_abandoned(output: Path) -> None:
    """Remove staging folders of ``output`` left by builds that are no longer running."""
    for sibling in output.parent.iterdir():
        match = _STAGING_RE.match(sibling.name)
        if match and match["name"] == output.name and sibling.is_dir() and not sibling.is_symlink() \
                and not process_alive(int(match["pid"])):
            shutil.rmtree(sibling, ignore_errors=True)


def publish(staged: Path, output: Path) -> None:
    """Put ``staged`` in the place of ``output`` in one step, then remove the old site."""
    if not output.exists():
        os.rename(staged, output)
        return
    if _exchange(staged, output):
        shutil.rmtree(staged)  # now the old site
        return
    # No atomic exchange (not Linux, or an old kernel): two renames, a moment without a site.
    aside = staged.with_name(staged.name + "-old")
    os.rename(output, aside)
    os.rename(staged, output)
    shutil.rmtree(aside)


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux ``renameat2``; False where that is not available."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(b))


@contextmanager
def staged(output: Path):
    """A :class:`Stage` removed again if the build fails before publishing it."""
    stage = Stage.open(output)
    try:
        yield stage
    finally:
        if stage.folder.exists():
            stage.discard()
