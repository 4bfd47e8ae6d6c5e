"""Serve a built site the way GitHub Pages does, and find a Chromium, for the browser tests and the benchmark.

- under the site_url sub-path (such as /brief/), with nothing at the root;
- a folder without its trailing slash is redirected, and a folder serves its index.html;
- a missing path gets the site's 404.html with status 404;
- text is gzip-compressed when the client accepts it.

Run directly to serve a folder: python tools/serve.py site/ --base brief --port 8001
"""

from __future__ import annotations

import argparse
import gzip
import mimetypes
import os
import shutil
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

# Without the background-networking flags, Chromium tries to reach Google at start.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def chromium_executable() -> str | None:
    """$CHROMIUM, then Debian's chromium, then a Chrome on the PATH."""
    if os.environ.get("CHROMIUM"):
        return os.environ["CHROMIUM"]
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if found := shutil.which(name):
            return found
    return None


COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def _handler(root: Path, base: str) -> type[BaseHTTPRequestHandler]:
    prefix = f"/{base}/" if base else "/"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
            pass

        def do_HEAD(self) -> None:
            self.do_GET(body=False)

        def do_GET(self, body: bool = True) -> None:
            path = unquote(urlsplit(self.path).path)
            if path == prefix.rstrip("/") and prefix != "/":
                return self._redirect(prefix)
            file = self._resolve(path)
            if file is not None and file.is_dir():
                return self._redirect(path + "/")
            if file is None or not file.is_file():
                return self._send(root / "404.html", HTTPStatus.NOT_FOUND, body)
            self._send(file, HTTPStatus.OK, body)

        def _resolve(self, path: str) -> Path | None:
            if not path.startswith(prefix) or "\0" in path:
                return None
            candidate = (root / path[len(prefix):]).resolve()
            if not candidate.is_relative_to(root):
                return None
            return candidate / "index.html" if path.endswith("/") else candidate

        def _redirect(self, location: str) -> None:
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def _send(self, file: Path, status: HTTPStatus, body: bool) -> None:
            # A site without a 404.html (the benchmark's bare articles) gets a plain one.
            data = file.read_bytes() if file.is_file() else b"<!doctype html><title>Not found</title>"
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            self.send_response(status)
            if kind.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
                data = gzip.compress(data, compresslevel=6)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            charset = "; charset=utf-8" if kind.startswith("text/") or kind.endswith(("javascript", "json")) else ""
            self.send_header("Content-Type", kind + charset)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            if body:
                self.wfile.write(data)

    return Handler


class Server(ThreadingHTTPServer):
    """A threaded server that does not print a traceback each time a browser hangs up."""

    def handle_error(self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


@contextmanager
def serving(root: Path, base: str, port: int = 0) -> Iterator[str]:
    """Serve root under /base/ on 127.0.0.1 in a background thread; yield the site's URL."""
    server = Server(("127.0.0.1", port), _handler(root.resolve(), base.strip("/")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, bound = server.server_address[:2]
        yield f"http://{host!s}:{bound}" + (f"/{base.strip('/')}/" if base.strip("/") else "/")
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--base", default="brief")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    with serving(args.root, args.base, args.port) as url:
        print(f"Serving {args.root} at {url} (Ctrl-C to stop)")
        threading.Event().wait()


if __name__ == "__main__":
    main()
