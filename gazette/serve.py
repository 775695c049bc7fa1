"""``python build.py serve``: preview a built site over HTTP on the loopback interface."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path


def make_server(out_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> http.server.ThreadingHTTPServer:
    """An HTTP server for ``out_dir`` (port 0 picks a free one); call ``serve_forever`` on it."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out_dir))
    return http.server.ThreadingHTTPServer((host, port), handler)


def serve(out_dir: Path, port: int = 8000, host: str = "127.0.0.1") -> None:
    """Serve ``out_dir`` until interrupted (Ctrl-C)."""
    server = make_server(Path(out_dir), port, host)
    print(f"serving {out_dir} at http://{host}:{server.server_address[1]}/index.html (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
