"""Regenerate the golden copy of the test archive's site: ``python -m tests.site.regen_golden``.

Review the result as a diff (``git diff tests/golden``) before committing it. Files other stages
own (search.html, searchindex/, and static files other than static/site.*) are left out, so their changes do
not touch these. It prints what changed: files added, removed and changed, with a short diff each.
"""

from __future__ import annotations

import difflib
import shutil
import sys
import tempfile
from pathlib import Path

from tests.site.archive import GOLDEN, ROOT, build_test_site


def covered(url: str) -> bool:
    """Whether the golden copy covers ``url``: everything the render stage writes."""
    if url.startswith("static/"):
        return url.startswith("static/site.")
    return url != "search.html" and not url.startswith("searchindex/")


def site_files(folder: Path) -> dict[str, bytes]:
    """URL → bytes of every file under ``folder`` the golden copy covers."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and covered(p.relative_to(folder).as_posix())}


def changes(old: dict[str, bytes], new: dict[str, bytes], lines: int = 12) -> str:
    """What differs between two site_files() maps, for a reviewer: every added, removed and
    changed file (in that order), each changed one with the first ``lines`` lines of its diff.
    Empty when they are equal."""
    added, removed = sorted(new.keys() - old.keys()), sorted(old.keys() - new.keys())
    changed = sorted(url for url in old.keys() & new.keys() if old[url] != new[url])
    if not (added or removed or changed):
        return ""
    out = [f"{len(added)} added, {len(removed)} removed, {len(changed)} changed"]
    out += [f"added:   {url}" for url in added] + [f"removed: {url}" for url in removed]
    for url in changed:
        diff = list(difflib.unified_diff(old[url].decode("utf-8", "replace").splitlines(),
                                         new[url].decode("utf-8", "replace").splitlines(),
                                         f"golden/{url}", f"built/{url}", n=1, lineterm=""))
        shown = diff[2:2 + lines]
        more = len(diff) - 2 - len(shown)
        out.append(f"changed: {url}")
        out += ["    " + line for line in shown] + ([f"    … {more} more diff lines"] if more > 0 else [])
    return "\n".join(out)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = build_test_site(Path(tmp) / "site")
        if any(p.severity == "error" for p in report.problems):
            print("\n".join(map(str, report.problems)), file=sys.stderr)
            return 1
        old, new = site_files(GOLDEN), site_files(Path(tmp) / "site")
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for url, data in new.items():
            target = GOLDEN / url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    print(changes(old, new) or "no golden file changed")
    print(f"wrote {len(new)} golden files under {GOLDEN.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
