"""Serve a built site as GitHub Pages does, for `make bench`: nginx, HTTP/2 over TLS, gzip.

The certificate is made at run time for 127.0.0.1 and thrown away afterwards;
the browser that measures is told to accept it (--ignore-certificate-errors).
nginx comes from Debian (`make bench` installs nginx-light when it is missing).
The tests use tools/serve.py instead, which needs no system server.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# GitHub Pages compresses these; nginx's own default level (1) would send more.
CONFIG = """\
daemon off;
master_process off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{}}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  charset utf-8;
  charset_types text/css application/javascript application/json application/xml image/svg+xml;
  access_log off;
  client_body_temp_path {work}/body;
  proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi;
  uwsgi_temp_path {work}/uwsgi;
  scgi_temp_path {work}/scgi;
  gzip on;
  gzip_comp_level 6;
  gzip_types text/css application/javascript application/json application/xml text/xml image/svg+xml;
  server {{
    listen 127.0.0.1:{port} ssl http2;
    ssl_certificate {work}/cert.pem;
    ssl_certificate_key {work}/key.pem;
    {redirect}
    location /{prefix} {{
      alias {root}/;
      add_header Cache-Control "max-age=600";
      error_page 404 /{prefix}404.html;
    }}
  }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextmanager
def serving(root: Path, base: str) -> Iterator[str]:
    """Serve root under /base/ at https://127.0.0.1:port/ with nginx; yield the site's URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is missing; `make bench` installs Debian's nginx-light.")
    base = base.strip("/")
    with tempfile.TemporaryDirectory(prefix="bench-nginx-") as tmp:
        work = Path(tmp)
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
             "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
             "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
            check=True, capture_output=True,
        )
        port = free_port()
        prefix = f"{base}/" if base else ""
        redirect = f"location = /{base} {{ return 301 /{base}/; }}" if base else ""
        (work / "nginx.conf").write_text(CONFIG.format(work=work, port=port, prefix=prefix, redirect=redirect, root=root.resolve()), encoding="utf-8")
        server = subprocess.Popen([nginx, "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(100):
                if server.poll() is not None:
                    raise SystemExit(f"nginx stopped: {server.stderr.read().decode() if server.stderr else ''}")
                with socket.socket() as probe:
                    if probe.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.05)
            else:
                raise SystemExit(f"nginx did not listen on port {port}")
            yield f"https://127.0.0.1:{port}/{base}/" if base else f"https://127.0.0.1:{port}/"
        finally:
            server.terminate()
            server.wait()
