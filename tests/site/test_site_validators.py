"""The Nu Html Checker and axe-core on the built test archive. Both are required: a missing
tool fails the test (tests/run.sh installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[2]
AXE_PAGES = ["index.html", "issues/index.html", "issues/000_a1/index.html", "issues/000_a1/001.html",
             "issues/000_a1/003.html", "streets/320613001-ren-gang-jie-dao.html", "programs/hong-bao-li-min.html",
             "reporters/jin-chi.html", "districts/index.html", "about.html", "404.html",
             # cut into parts (the test archive's page_size is 2)
             "districts/320613-chong-chuan-qu.html", "districts/320613-chong-chuan-qu/2023-2.html",
             "reporters/index-2.html", "issues/2023.html",
             # the search page, with results, facets and snippets shown
             "search.html", "search.html?q=%E7%A4%BE%E5%8C%BA", "search.html?q=%E7%A4%BE%E5%8C%BA&year=2023",
             # research views (issue 16): charts, the adoption matrix, the coverage calendar
             "programs/san-ju-san-ti.html", "research/adoption.html", "research/adoption-320613-chong-chuan-qu.html",
             "research/coverage.html"]
BLOCKING = {"serious", "critical"}


def vnu_jar() -> str:
    path = os.environ.get("GAZETTE_VNU_JAR") or str(ROOT / ".tools/node_modules/vnu-jar/build/dist/vnu.jar")
    if not Path(path).is_file():
        pytest.fail(f"Nu Html Checker not found at {path}: run the tests with 'bash tests/run.sh'")
    if not shutil.which("java"):
        pytest.fail("java not found: the Nu Html Checker needs it")
    return path


def test_nu_html_checker_reports_no_errors(built_site):
    pages = sorted(str(p) for p in built_site.rglob("*.html"))  # search.html too
    assert len(pages) > 30 and str(built_site / "search.html") in pages
    run = subprocess.run(["java", "-jar", vnu_jar(), "--errors-only", "--format", "text", *pages],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def test_nu_html_checker_does_catch_errors(tmp_path):
    """The check above can fail: a page with a stray end tag is reported."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head><body></div></body></html>',
                   encoding="utf-8")
    run = subprocess.run(["java", "-jar", vnu_jar(), "--errors-only", str(bad)], capture_output=True, text=True,
                         timeout=120)
    assert run.returncode != 0


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_serious_violations(page, served_site, path):
    from axe_playwright_python.sync_playwright import Axe

    base, _ = served_site
    page.goto(base + path)
    if path.startswith("search.html"):
        page.wait_for_selector("#search-results[data-state=done]", state="attached")
        assert "?q=" not in path or page.locator("#search-results li").count() > 0
    violations = Axe().run(page).response["violations"]
    blocking = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
                for v in violations if v["impact"] in BLOCKING]
    assert blocking == []


def test_axe_does_catch_violations(page):
    """The check above can fail: an image without alt text is a critical violation."""
    from axe_playwright_python.sync_playwright import Axe

    page.set_content('<!DOCTYPE html><html lang="zh-CN"><head><title>x</title></head>'
                     '<body><main><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="></main></body></html>')
    violations = Axe().run(page).response["violations"]
    assert any(v["id"] == "image-alt" and v["impact"] in BLOCKING for v in violations)
