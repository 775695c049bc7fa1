"""``python build.py serve``: preview a built site over HTTP on the loopback interface."""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path


def make_server(out_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``out_dir`` (port 0 picks a free one); call ``serve_forever`` on it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(out_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> int:
    """Serve ``out_dir`` until interrupted (Ctrl-C); returns the exit code.

    A missing site or a port in use is reported as ``path: what; what to do`` (exit 1), not as a
    traceback."""
    out_dir = Path(out_dir)
    if not (out_dir / "index.html").is_file():
        print(f"{out_dir}: no built site here; run 'python build.py' first, or pass --output DIR",
              file=sys.stderr)
        return 1
    try:
        server = make_server(out_dir, port, host)
    except OSError as exc:
        print(f"{out_dir}: cannot listen on {host}:{port} ({exc.strerror}); "
              "pass another --port", file=sys.stderr)
        return 1
    # Flushed at once: whoever started the preview (a person, a script) waits for this line.
    print(f"serving {out_dir} at http://{host}:{server.server_address[1]}/index.html (Ctrl-C stops)",
          flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
