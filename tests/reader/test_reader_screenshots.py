"""Issue 19: scripts/screenshots.py writes every page type at 1280 and 390 px from a built site."""

from __future__ import annotations

import struct
import subprocess
import sys

from tests.conftest import chromium_path
from tests.reader.conftest import ROOT, WIDTHS


def png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">I", data[16:20])[0]


def test_screenshot_script_writes_each_page_type_at_both_widths(reader_site, tmp_path):
    out = tmp_path / "shots"
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--site", str(reader_site),
                          "--out", str(out), "--chromium", chromium_path()],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    names = {p.stem.rsplit("-", 1)[0] for p in out.glob("*.png")}
    assert {"home", "article", "issue", "issues", "search", "search-empty", "street", "program", "reporter",
            "streets-index", "about", "404"} <= names
    for name in names:
        for width in WIDTHS:
            assert png_width((out / f"{name}-{width}.png").read_bytes()) == width, name


def test_screenshot_script_refuses_a_folder_without_a_site(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "screenshots.py"), "--site", str(tmp_path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and run.stderr.startswith(f"{tmp_path}: no index.html;")
