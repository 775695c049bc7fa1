"""Shared fixtures: a real headless Chromium (Debian's, via Playwright) and a real HTTP server.

The browser is required, never skipped: tests/run.sh installs it, and a missing one fails here.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def chromium_path() -> str:
    path = os.environ.get("GAZETTE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail("Chromium not found: run the tests with 'bash tests/run.sh', which installs it")
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=chromium_path(),
            args=["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    pg = context.new_page()
    yield pg
    context.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output readable
        pass


def serve_directory(directory: Path, prefix: str = "/"):
    """Serve ``directory`` under URL ``prefix`` (e.g. ``/archive/``) on a free loopback port.
    Returns (base_url, stop)."""
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"

    class Handler(_QuietHandler):
        def translate_path(self, path):
            if not path.startswith(prefix):
                return str(directory / "__outside_prefix__")
            return super().translate_path("/" + path[len(prefix):])

    handler = functools.partial(Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"

    def stop():
        server.shutdown()
        server.server_close()

    return base, stop
