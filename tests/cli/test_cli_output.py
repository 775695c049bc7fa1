"""The command line as a user runs it: ``python build.py …`` in a subprocess on a copy of a
one-issue archive (tests/cli/archive/), comparing the whole of exit code, stdout and stderr with
tests/cli/expected/<case>.txt. Only timings, the temporary folder and the preview server's
request dates are normalised, so a traceback, a stray line or a changed count fails.

To rewrite the expected files after a deliberate change of output, run the tests with
GAZETTE_UPDATE_CLI=1 and read the diff of tests/cli/expected/ before committing it."""

from __future__ import annotations

import difflib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from gazette.urls import article_url

ROOT = Path(__file__).resolve().parents[2]
ARCHIVE = Path(__file__).resolve().parent / "archive"
EXPECTED = Path(__file__).resolve().parent / "expected"
ISSUE = "003_b0bdc98c9b6712e3"


def normalise(text: str, work: Path, port: int | None = None) -> str:
    """``work``'s folder becomes ``<tmp>``, the port ``PORT``, timings ``N.NNs``."""
    text = text.replace(str(work.parent.resolve()), "<tmp>").replace(str(work.parent), "<tmp>")
    if port is not None:
        text = text.replace(f":{port}", ":PORT").replace(f"--port {port}", "--port PORT")
    text = re.sub(r"(?<= )\d+\.\d\ds\b", "N.NNs", text)          # step timings
    return re.sub(r"\[\d\d/\w{3}/\d{4} \d\d:\d\d:\d\d\]", "[DATE]", text)  # http.server's log


def transcript(args: tuple[str, ...], code: int, stdout: str, stderr: str, work: Path,
               port: int | None = None) -> str:
    return normalise(f"$ build.py {' '.join(args)}\nexit: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}",
                     work, port)


def check(case: str, actual: str) -> None:
    path = EXPECTED / f"{case}.txt"
    if os.environ.get("GAZETTE_UPDATE_CLI"):
        path.write_text(actual, encoding="utf-8")
    expected = path.read_text(encoding="utf-8") if path.exists() else ""
    diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        f"expected/{case}.txt", "actual"))
    assert actual == expected, f"whole output differs from tests/cli/expected/{case}.txt:\n{diff}"


def run(work: Path, *args: str, port: int | None = None) -> str:
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=work,
                            capture_output=True, text=True, timeout=600)
    return transcript(args, result.returncode, result.stdout, result.stderr, work, port)


def copy_archive(source: Path, dest: Path) -> Path:
    shutil.copytree(source, dest, symlinks=True)
    return dest


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The archive after a default ``python build.py``; its transcript is checked by
    test_default_build. Tests copy it before they change anything."""
    work = copy_archive(ARCHIVE, tmp_path_factory.mktemp("cli") / "archive")
    return work, run(work)


def test_default_build(built):
    work, output = built
    check("build", output)
    assert (work / "_site" / "index.html").is_file()
    assert sorted(p.name for p in (work / "articles" / ISSUE).iterdir())[0] == "001-cheng-dong-jie-dao-jin-jin-wei-rao.md"


def test_parse_again_changes_nothing(built, tmp_path):
    work = copy_archive(built[0], tmp_path / "archive")
    before = tree(work / "articles")
    check("parse", run(work, "parse"))
    assert tree(work / "articles") == before


def test_render_only(built, tmp_path):
    work = copy_archive(built[0], tmp_path / "archive")
    shutil.rmtree(work / "_site")
    articles = tree(work / "articles")
    check("render", run(work, "render"))
    assert tree(work / "_site") == tree(built[0] / "_site")
    assert tree(work / "articles") == articles


def test_quiet_prints_only_problems(built, tmp_path):
    """-q drops the summary and notes (a kept hand edit), never warnings or errors."""
    work = copy_archive(built[0], tmp_path / "archive")
    hand_edit(work)
    (work / "seeds" / "999_broken.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe\x00" * 20)
    (work / "articles" / "998_withdrawn").mkdir()
    check("quiet", run(work, "-q"))


def test_folders_from_the_command_line(built, tmp_path):
    """--seeds, --articles and --output replace the config's folders; the defaults stay unmade."""
    work = copy_archive(ARCHIVE, tmp_path / "archive")
    (work / "seeds").rename(work / "issues-in")
    check("folders", run(work, "--seeds", "issues-in", "--articles", str(work / "records"),
                         "--output", str(tmp_path / "public")))
    assert not (work / "articles").exists() and not (work / "_site").exists()
    # The same records and pages as the default build's, with the seed path the user gave.
    records = tree(work / "records")
    assert records.keys() == tree(built[0] / "articles").keys()
    assert all(f"\nsource: issues-in/{ISSUE}.txt\n".encode() in data for data in records.values())
    assert tree(tmp_path / "public").keys() == tree(built[0] / "_site").keys()


def hand_edit(work: Path) -> Path:
    record = sorted((work / "articles" / ISSUE).glob("002-*.md"))[0]
    record.write_text(record.read_text(encoding="utf-8").replace("\n---\n", "\n---\n\n手工补记一段。\n", 1),
                      encoding="utf-8")
    return record


@pytest.mark.parametrize("case,how", [("regenerate_all", "all"), ("regenerate_id", f"{ISSUE}-002"),
                                      ("regenerate_file", "path")])
def test_regenerate(built, tmp_path, case, how):
    work = copy_archive(built[0], tmp_path / "archive")
    record = hand_edit(work)
    original = (built[0] / "articles" / ISSUE / record.name).read_bytes()
    check("hand_edit_kept", run(work, "parse"))
    assert "手工补记一段" in record.read_text(encoding="utf-8")
    target = str(record.relative_to(work)) if how == "path" else how
    check(case, run(work, "parse", "--regenerate", target))
    assert record.read_bytes() == original
    assert tree(work / "articles") == tree(built[0] / "articles")


def test_help_whole_text(tmp_path):
    check("help", run(tmp_path, "--help"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_previews_the_site_over_http(built):
    """``build.py serve --port N`` serves the built site until Ctrl-C, then exits 0."""
    work = built[0]
    port = free_port()
    args = ("serve", "--port", str(port))
    proc = subprocess.Popen([sys.executable, str(ROOT / "build.py"), *args], cwd=work,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = proc.stdout.readline()  # the server says where it listens once it does
        assert first == f"serving {work / '_site'} at http://127.0.0.1:{port}/index.html (Ctrl-C stops)\n", \
            first + proc.stderr.read() if proc.poll() is not None else first
        page = article_url(ISSUE, 2)
        for path in ("index.html", page):
            with urlopen(f"http://127.0.0.1:{port}/{path}", timeout=30) as response:
                assert response.status == 200
                assert response.read() == (work / "_site" / path).read_bytes()
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            stdout, stderr = proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise
    log = "".join(f'127.0.0.1 - - [DATE] "GET /{p} HTTP/1.1" 200 -\n' for p in ("index.html", page))
    check("serve", transcript(args, proc.returncode, first + stdout, stderr, work, port))
    assert normalise(stderr, work) == log


def test_serve_port_in_use(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        output = run(built[0], "serve", "--port", str(port), port=port)
    check("serve_port_in_use", output)


def test_serve_without_a_site(tmp_path):
    work = copy_archive(ARCHIVE, tmp_path / "archive")
    port = free_port()
    check("serve_no_site", run(work, "serve", "--port", str(port), port=port))
