"""Cached stage results in the build state (``.gazette/cache.sqlite``): what an earlier build
computed from exactly the same inputs, so the next build does only what changed (issue 15).

Every entry is stored under a key made of the fingerprints of everything the computation read:
the bytes of its input, the config it used, and the code (every file of the ``gazette`` package,
its data included, so any code change is a new key: when unsure, the key holds more, never
less). Three kinds of entries:

- ``seeds``: a seed file's :class:`~gazette.ingest.ParseResult`, keyed by the file's bytes, its
  issue id and config facts, and the code;
- ``records``: a record file read back (an ``Issue``, an ``Article`` or the problem it has),
  keyed by its path, size and mtime; when the stat changed but the bytes did not (a checkout,
  ``touch``), the hash of the bytes still matches and the entry is kept;
- ``stages``: a whole stage's output under one key (the tagged records of the whole corpus, since
  program discovery scores names by their counts in every record; what an issue folder held
  after its records were written).

A missing, unreadable or other-format file is an empty cache. Values are pickles of the
project's own frozen dataclasses, read only from the project's own ``.gazette/`` folder.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from .state import STATE_DIR, package_version

CACHE_FILE = "cache.sqlite"
FORMAT = 1
RACY_NS = 100_000_000
"""A file's stat is trusted only once its mtime is this much older than the moment it was recorded."""


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of every file of the installed ``gazette`` package (code and data) and its version."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(f"{FORMAT}\0{package_version()}".encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def fingerprint(*parts: Any) -> str:
    """Hash of values and the code. Values are hashed by their ``repr`` (bytes as they are):
    records and config are dataclasses, tuples, dicts and strings, whose repr is their value,
    whereas a pickle also records which equal objects happen to be shared."""
    digest = hashlib.sha256(code_fingerprint().encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass")
        if not isinstance(part, bytes) and b" object at 0x" in data:
            raise TypeError(f"no stable fingerprint for {data[:80]!r}")
        digest.update(len(data).to_bytes(8, "big") + data)
    return digest.hexdigest()


class BuildCache:
    """The SQLite file of cached stage results; ``hits`` and ``misses`` count lookups per kind."""

    def __init__(self, root: Path):
        self.path = Path(root) / STATE_DIR / CACHE_FILE
        self.hits: dict[str, int] = {}
        self.misses: dict[str, int] = {}
        self.db = self._open()

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(self.path)
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != FORMAT:
                db.executescript("DROP TABLE IF EXISTS seeds; DROP TABLE IF EXISTS records; "
                                 "DROP TABLE IF EXISTS stages;")
            db.executescript(
                "CREATE TABLE IF NOT EXISTS seeds (path TEXT PRIMARY KEY, key TEXT, value BLOB);"
                "CREATE TABLE IF NOT EXISTS records (path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER,"
                " digest TEXT, value BLOB);"
                "CREATE TABLE IF NOT EXISTS stages (name TEXT PRIMARY KEY, key TEXT, value BLOB);"
                f"PRAGMA user_version = {FORMAT};")
            return db
        except sqlite3.DatabaseError:  # not an SQLite file, or a damaged one: start again
            self.path.unlink(missing_ok=True)
            return self._open()

    def _count(self, kind: str, hit: bool) -> None:
        counts = self.hits if hit else self.misses
        counts[kind] = counts.get(kind, 0) + 1

    def _load(self, blob: bytes | None) -> Any:
        try:
            return pickle.loads(blob) if blob is not None else None
        except Exception:  # written by other code: a miss
            return None

    def keyed(self, table: str, name: str, key: str, compute: Callable[[], Any]) -> Any:
        """The value stored for ``name`` under ``key``, or ``compute()`` stored under it."""
        column = "path" if table == "seeds" else "name"
        row = self.db.execute(f"SELECT key, value FROM {table} WHERE {column} = ?", (name,)).fetchone()
        if row is not None and row[0] == key and (value := self._load(row[1])) is not None:
            self._count(table, True)
            return value
        self._count(table, False)
        value = compute()
        self.db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?, ?)",
                        (name, key, pickle.dumps(value, protocol=5)))
        return value

    def stage(self, name: str, key: str, still_valid: Callable[[Any], bool] = lambda value: True) -> Any:
        """The value a stage stored under ``key`` if ``still_valid(value)``, or None; counted as
        a hit or a miss of the stage's kind (the name up to a colon)."""
        row = self.db.execute("SELECT key, value FROM stages WHERE name = ?", (name,)).fetchone()
        value = self._load(row[1]) if row is not None and row[0] == key else None
        if value is not None and not still_valid(value):
            value = None
        self._count(name.split(":")[0], value is not None)
        return value

    def put_stage(self, name: str, key: str, value: Any) -> None:
        self.db.execute("INSERT OR REPLACE INTO stages VALUES (?, ?, ?)",
                        (name, key, pickle.dumps(value, protocol=5)))

    def record_file(self, path: Path, read: Callable[[bytes], Any]) -> Any:
        """``read(bytes)`` of a record file, reused while its stat or its bytes are unchanged."""
        name = str(path)
        stat = path.stat()
        row = self.db.execute("SELECT size, mtime_ns, digest, value FROM records WHERE path = ?",
                              (name,)).fetchone()
        if row is not None and row[0] == stat.st_size and row[1] == stat.st_mtime_ns \
                and (value := self._load(row[3])) is not None:
            self._count("records", True)
            return value
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest() + code_fingerprint()
        value = self._load(row[3]) if row is not None and row[2] == digest else None
        self._count("records", value is not None)
        if value is None:
            value = read(data)
        # A file changed again within the clock's resolution could keep size and mtime (git's
        # "racy" case): a recent mtime is not trusted, the bytes are hashed next time.
        mtime = stat.st_mtime_ns if time.time_ns() - stat.st_mtime_ns > RACY_NS else -1
        self.db.execute("INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)",
                        (name, stat.st_size, mtime, digest, pickle.dumps(value, protocol=5)))
        return value

    def forget_records_except(self, paths: set[str]) -> None:
        """Drop the entries of record files that no longer exist, so the file does not grow."""
        stale = [(p,) for (p,) in self.db.execute("SELECT path FROM records") if p not in paths]
        self.db.executemany("DELETE FROM records WHERE path = ?", stale)

    def close(self) -> None:
        self.db.commit()
        self.db.close()


def tree_fingerprint(folder: Path) -> str:
    """Hash of the names and bytes of every file under ``folder`` (the templates, say)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def folder_state(folder: Path) -> tuple[int, dict[str, tuple[int, int, str | None]]]:
    """When it was taken, and (size, mtime, hash) of each file under a folder: what a later build
    compares (:func:`folder_unchanged`) to know that nobody touched it since. Only files too
    recent for their stat to vouch for them are hashed."""
    taken = time.time_ns()
    files = {}
    for path in folder.rglob("*") if folder.is_dir() else ():
        st = path.stat()
        if path.is_file():
            recent = taken - st.st_mtime_ns <= RACY_NS
            files[path.relative_to(folder).as_posix()] = (
                st.st_size, st.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest() if recent else None)
    return taken, files


def folder_unchanged(folder: Path, state: tuple[int, dict[str, tuple[int, int, str | None]]]) -> bool:
    """Whether the folder holds exactly the files of ``state`` with the same bytes. A file's size
    and mtime vouch for it only if its mtime is clearly older than the state: a file changed
    again within the clock's resolution could keep both (git's "racy" case); such a file was
    hashed when the state was taken, and is hashed again now."""
    taken, files = state
    seen = 0
    for path in folder.rglob("*") if folder.is_dir() else ():
        if not path.is_file():
            continue
        old = files.get(path.relative_to(folder).as_posix())
        if old is None:
            return False
        seen += 1
        st = path.stat()
        if (st.st_size, st.st_mtime_ns) == old[:2] and taken - st.st_mtime_ns > RACY_NS:
            continue
        if old[2] is None or hashlib.sha256(path.read_bytes()).hexdigest() != old[2]:
            return False
    return seen == len(files)
