"""A build killed at any moment leaves the published site as the previous complete build left it,
or as the next complete build leaves it: never a mix (issue 14, "Interrupted builds").

The build renders beside ``_site/`` and swaps the new folder in with one rename
(:mod:`gazette.output`). Here a record changes before each round, the real CLI is started and
killed with SIGKILL at a random moment of its run, ``_site/`` is compared with the site before,
and a complete build must then succeed; its site is the "next" one the killed state is allowed
to equal, and the "previous" one of the next round.
"""

from __future__ import annotations

import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.project import ROOT, run, tree

DATA = ROOT / "tests" / "data"
ROUNDS = 10


def complete_build(project: Path) -> tuple[dict, float]:
    start = time.monotonic()
    result = run(project, "render", "--wait", "120")
    assert result.returncode == 0, result.stderr
    return tree(project / "_site"), time.monotonic() - start


def test_a_killed_build_leaves_the_previous_or_the_next_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(DATA, project)
    record = sorted((project / "articles").rglob("001-*.md"))[0]
    previous, duration = complete_build(project)
    seed = random.randrange(10**6)
    rng = random.Random(seed)
    outcomes = []
    for round_ in range(ROUNDS):
        with open(record, "a", encoding="utf-8") as handle:
            handle.write(f"\n第{round_ + 1}次补记。\n")
        # half the kills anywhere in the run, half near its end, where the new site is swapped in
        moment = rng.uniform(0.1, 1.0) * duration if round_ % 2 else rng.uniform(0.8, 1.1) * duration
        build = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "render", "--wait", "120"], cwd=project,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(moment)
        build.send_signal(signal.SIGKILL)
        build.wait()
        killed = tree(project / "_site")
        following, duration = complete_build(project)
        assert following != previous, "each round changes the site"
        assert killed in (previous, following), (
            f"round {round_}, killed after {moment:.2f}s (random seed {seed}): _site/ is neither the previous "
            f"nor the next complete build")
        outcomes.append("previous" if killed == previous else "next")
        previous = following
        assert not [p.name for p in project.iterdir() if "gazette-build" in p.name], "abandoned stages are removed"
        assert not [p for p in project.rglob("*.tmp")], "no temporary file is left behind"
    print(f"random seed {seed}: killed state was {outcomes}")
