"""Config location: the config's folder is the project root, and nothing absolute leaks into
records or pages when the config lives in a subfolder (issue 14, item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.test_cli import ROOT, run

SEED = ROOT / "tests" / "invalid" / "binary_seed" / "seeds" / "a.txt"


def test_config_in_subfolder_keeps_paths_relative(tmp_path):
    project = tmp_path / "archive"
    (project / "seeds").mkdir(parents=True)
    (project / "conf").mkdir()
    shutil.copy(SEED, project / "seeds" / "a.txt")
    (project / "conf" / "site.yaml").write_text(
        "title: 档案\nseeds: ../seeds\narticles: ../articles\noutput: ../_site\n", encoding="utf-8")
    result = run(project, "--config", "conf/site.yaml")
    assert result.returncode == 0, result.stderr
    records = sorted((project / "articles").rglob("*.md"))
    assert records, result.stdout
    for record in records:
        assert "source: ../seeds/a.txt\n" in record.read_text(encoding="utf-8"), record
    written = records + [p for p in (project / "_site").rglob("*") if p.is_file()]
    leaked = [p for p in written if str(tmp_path).encode() in p.read_bytes()]
    assert not leaked, f"absolute paths written into {leaked}"
