"""Regenerate the golden copy of the test archive's site: ``python -m tests.site.regen_golden``.

Review the result as a diff (``git diff tests/golden``) before committing it. Files other stages
own (search.html, searchindex/, and static files other than static/site.*) are left out, so their changes do
not touch these.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from tests.site.archive import GOLDEN, build_test_site

def covered(url: str) -> bool:
    """Whether the golden copy covers ``url``: everything the render stage writes."""
    if url.startswith("static/"):
        return url.startswith("static/site.")
    return url != "search.html" and not url.startswith("searchindex/")


def site_files(folder: Path) -> dict[str, bytes]:
    """URL → bytes of every file under ``folder`` the golden copy covers."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and covered(p.relative_to(folder).as_posix())}


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = build_test_site(Path(tmp) / "site")
        if any(p.severity == "error" for p in report.problems):
            print("\n".join(map(str, report.problems)), file=sys.stderr)
            return 1
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for url, data in site_files(Path(tmp) / "site").items():
            target = GOLDEN / url
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
    print(f"wrote {len(site_files(GOLDEN))} golden files under {GOLDEN.relative_to(Path.cwd())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
