"""The command line: exact messages and exit codes, one folder per broken input (tests/invalid/)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
INVALID = sorted(p for p in (ROOT / "tests" / "invalid").iterdir() if p.is_dir())


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


def read_expected(path: Path):
    """``command:`` (default parse), ``args:`` (default ``--config site_config.yaml``), ``exit:``,
    ``page:`` (a page the build must still write), ``absent:`` (text no output line may contain),
    then the lines the output must contain."""
    command, code, lines, args, pages, absent = "parse", None, [], ["--config", "site_config.yaml"], [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("command: "):
            command = line.split(": ", 1)[1]
        elif line.startswith("absent: "):
            absent.append(line.split(": ", 1)[1])
        elif line.startswith("page: "):
            pages.append(line.split(": ", 1)[1])
        elif line.startswith("args: "):
            args = line.split(": ", 1)[1].split()
        elif line.startswith("exit: "):
            code = int(line.split(": ", 1)[1])
        else:
            lines.append(line)
    return command, code, lines, args, pages, absent


@pytest.mark.parametrize("case", INVALID, ids=[p.name for p in INVALID])
def test_invalid_input(case, tmp_path):
    work = tmp_path / case.name
    shutil.copytree(case, work, ignore=shutil.ignore_patterns("expected"))
    before = {p.relative_to(work): p.read_bytes() for p in work.rglob("*") if p.is_file()}
    command, code, expected, args, pages, absent = read_expected(case / "expected")
    result = run(work, command, *args, "--output", str(tmp_path / "site"))
    output = (result.stderr + result.stdout).splitlines()
    missing = [line for line in expected if line not in output]
    assert not missing, f"missing lines: {missing}\n--- output ---\n" + "\n".join(output)
    # Within each stream, lines appear in the expected order.
    for stream in (result.stderr.splitlines(), result.stdout.splitlines()):
        positions = [stream.index(line) for line in expected if line in stream]
        assert positions == sorted(positions)
    assert result.returncode == code, "\n".join(output)
    assert not [line for line in output for text in absent if text in line], "\n".join(output)
    for page in pages:  # the other records still render
        assert (tmp_path / "site" / page).is_file(), f"{page} was not written"
    # Nothing a person wrote was changed: seeds, config and existing records are as they were.
    for rel, data in before.items():
        assert (work / rel).read_bytes() == data, f"{rel} was modified"
    if code == 2:  # a config problem stops the build before anything is written
        assert sorted(p.relative_to(work) for p in work.rglob("*") if p.is_file()) == sorted(before)
        assert not (tmp_path / "site").exists()


def test_unknown_command_exits_2():
    result = run(ROOT, "publish")
    assert result.returncode == 2
    assert "invalid choice: 'publish'" in result.stderr
