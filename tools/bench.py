"""`make bench`: Lighthouse on every page of the brief, against two references, median of 5 runs.

Each build is served as GitHub Pages serves it, under its sub-path, by nginx
(`make bench` installs Debian's nginx-light): HTTP/2 over TLS, with a
certificate made at run time for 127.0.0.1, and gzip. The tests use
tools/serve.py instead, which needs no system server. The builds:

- brief: the site as `make build` makes it, with the critical stylesheet inlined;
- stock: the same Markdown with stock Material (no overrides, no extra CSS), font: false;
- limit: each page's own article HTML alone, with a tiny inline stylesheet.

Lighthouse runs with its mobile preset and default (simulated) throttling, on the
same Chromium the tests use. This is a benchmark: it prints a table and the
targets, and fails nobody's build.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.utils.yaml import yaml_load

from pages import WHOLE_BRIEF, nav_paths
from serve import CHROMIUM_ARGS, chromium_executable

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
BASE = urlsplit(load_config(str(ROOT / "mkdocs.yml")).site_url or "").path.strip("/")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
AUDITS = {"fcp": "first-contentful-paint", "lcp": "largest-contentful-paint", "tbt": "total-blocking-time",
          "cls": "cumulative-layout-shift", "kib": "total-byte-weight"}
LCP_RATIO = 1.2
KIB = 70
LIMIT_STYLE = "body{max-width:40em;margin:0 auto;padding:1rem;font:1rem/1.6 system-ui,sans-serif;color:#222}"


# GitHub Pages compresses these; nginx's own default level (1) would send more.
NGINX = """\
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
        return int(s.getsockname()[1])


@contextmanager
def serving(root: Path, work: Path) -> Iterator[str]:
    """Serve root under /BASE/ at https://127.0.0.1:port/ with nginx, from a folder of its own in work; yield the site's URL."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        sys.exit("nginx is missing; `make bench` installs Debian's nginx-light.")
    work.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
         "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")],
        check=True, capture_output=True,
    )
    port = free_port()
    prefix = f"{BASE}/" if BASE else ""
    (work / "nginx.conf").write_text(NGINX.format(work=work, port=port, prefix=prefix, root=root.resolve()), encoding="utf-8")
    # nginx binds the port, then goes to the background: once it returns, it is listening.
    started = subprocess.run([nginx, "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")], capture_output=True, text=True)
    if started.returncode != 0:
        sys.exit(f"nginx did not start: {started.stderr}")
    try:
        yield f"https://127.0.0.1:{port}/{prefix}"
    finally:
        os.kill(int((work / "nginx.pid").read_text(encoding="utf-8")), signal.SIGTERM)


def build_brief(work: Path) -> Path:
    """The site exactly as `make build` makes it, by `make build` itself, with this run's .venv."""
    site = work / "brief"
    subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), f"VENV={Path(sys.executable).parent.parent}", "build", f"SITE={site}"],
                   check=True)
    return site


def build_stock(work: Path) -> Path:
    """The same sources with Material's own templates and styles only: a config that inherits
    mkdocs.yml, in a copy of the sources whose overrides/ is empty, without the brief's own
    optimisations (its stylesheet, script, robots.txt template, minify plugin and critical stylesheet)."""
    project = work / "stock-project"
    for part in ("docs", "includes", "hooks"):
        shutil.copytree(ROOT / part, project / part)
    (project / "overrides").mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as config:
        plugins = [entry for entry in yaml_load(config)["plugins"] if "minify" not in entry]  # a name, or {name: options}
    stock = {"INHERIT": "mkdocs.yml", "theme": {"static_templates": []}, "extra_css": [], "extra_javascript": [], "plugins": plugins,
             "extra": {"critical": False}}
    (project / "stock.yml").write_text(yaml.safe_dump(stock, sort_keys=False), encoding="utf-8")
    # `make bench` passes on the Makefile's switches for MkDocs' notices.
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "stock.yml"), "-d", str(work / "stock")], check=True, cwd=project)
    return work / "stock"


def build_limit(site: Path, work: Path, pages: list[str]) -> Path:
    """Each page's article alone: the least a page could send."""
    limit = work / "limit"
    for page in pages:
        soup = BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one(".md-content article")
        title = soup.title.string if soup.title else "Brief"
        description = soup.find("meta", attrs={"name": "description"})
        out = limit / page / "index.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(
            f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{title}</title>{description or ''}<style>{LIMIT_STYLE}</style></head>"
            f"<body><main>{article}</main></body></html>",
            encoding="utf-8",
        )
    return limit


def lighthouse(url: str, port: int) -> dict[str, float]:
    result = subprocess.run(
        [str(LIGHTHOUSE), url, f"--port={port}", "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}"],
        capture_output=True, text=True, check=True,
    )
    report = json.loads(result.stdout)
    figures = {c: report["categories"][c]["score"] * 100 for c in CATEGORIES}
    figures.update({key: report["audits"][audit]["numericValue"] for key, audit in AUDITS.items()})
    figures["kib"] /= 1024  # from bytes
    return figures


@dataclass(frozen=True)
class Figure:
    """One figure over the runs: its median and its spread."""

    median: float
    low: float
    high: float

    def show(self, scale: float = 1, digits: int = 0) -> str:
        m, lo, hi = (f"{v / scale:.{digits}f}" for v in (self.median, self.low, self.high))
        return m if lo == hi else f"{m} ({lo}–{hi})"


def summarise(runs: list[dict[str, float]]) -> dict[str, Figure]:
    return {key: Figure(statistics.median(r[key] for r in runs), min(r[key] for r in runs), max(r[key] for r in runs))
            for key in runs[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description="Lighthouse benchmark of the brief")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", metavar="PAGE", help="only these pages, such as aid/ or / (default: every page)")
    args = parser.parse_args()
    browser = chromium_executable()
    if browser is None:
        sys.exit("No Chromium found; `make bench` installs Debian's chromium.")
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing; `make bench` installs it with npm ci.")

    pages = [*nav_paths(ROOT / "mkdocs.yml"), WHOLE_BRIEF]
    if args.pages:
        chosen = [page.strip("/") + "/" if page.strip("/") else "" for page in args.pages]
        if unknown := [page for page in chosen if page not in pages]:
            sys.exit(f"No such page: {', '.join('/' + p for p in unknown)}; the pages are {', '.join('/' + p for p in pages)}")
        pages = chosen

    # Chromium's helpers may still be writing its profile as it exits: a late file must not lose the run's results.
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        work = Path(tmp)
        print("==> Building the brief, the stock-Material reference and the bare-article reference", flush=True)
        variants = {"brief": build_brief(work), "stock": build_stock(work), "limit": build_limit(work / "brief", work, pages)}

        port = free_port()
        chrome = subprocess.Popen(
            [browser, "--headless", f"--remote-debugging-port={port}", f"--user-data-dir={work / 'profile'}",
             # The benchmark's certificate is made at run time and signed by nobody.
             "--ignore-certificate-errors", *CHROMIUM_ARGS, "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(2)
        results: dict[tuple[str, str], dict[str, Figure]] = {}
        try:
            for name, root in variants.items():
                with serving(root, work / f"nginx-{name}") as url:
                    for page in pages:
                        print(f"==> {name:5} /{BASE}/{page}", flush=True)
                        results[(page, name)] = summarise([lighthouse(url + page, port) for _ in range(args.runs)])
        finally:
            chrome.terminate()
            chrome.wait()

    version = subprocess.run([browser, "--version"], capture_output=True, text=True).stdout.strip()
    print(f"\nLighthouse 12 (mobile preset, simulated throttling), median of {args.runs} runs (min–max); served by nginx "
          f"over HTTP/2 and TLS with gzip; {date.today()}, {platform.machine()} {os.cpu_count()}-core Linux, {version}.\n")
    print("| Page | Build | Perf | A11y | Best pr. | SEO | FCP s | LCP s | LCP ÷ limit | TBT ms | CLS | KiB |")
    print("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    misses: list[str] = []
    for page in pages:
        limit_lcp = results[(page, "limit")]["lcp"].median
        for name in variants:
            r = results[(page, name)]
            print(f"| /{page} | {name} | " + " | ".join(r[c].show() for c in CATEGORIES)
                  + f" | {r['fcp'].show(1000, 2)} | {r['lcp'].show(1000, 2)} | {r['lcp'].median / limit_lcp:.2f}"
                  + f" | {r['tbt'].show()} | {r['cls'].show(1, 3)} | {r['kib'].show()} |")
        brief, stock = (results[(page, n)] for n in ("brief", "stock"))
        if low := [c for c in CATEGORIES if brief[c].median < 100]:
            misses.append(f"/{page}: {', '.join(f'{c} {brief[c].median:.0f}' for c in low)}, not 100")
        if brief["lcp"].median > LCP_RATIO * limit_lcp:
            misses.append(f"/{page}: LCP {brief['lcp'].median:.0f} ms is {brief['lcp'].median / limit_lcp:.2f} x the bare article's {limit_lcp:.0f} ms, over {LCP_RATIO}")
        if brief["kib"].median > KIB:
            misses.append(f"/{page}: a first visit transfers {brief['kib'].median:.1f} KiB, over {KIB}")
        if brief["cls"].high > 0:
            misses.append(f"/{page}: CLS up to {brief['cls'].high:.3f}, not 0")
        for figure in ("lcp", "kib"):
            if brief[figure].median >= stock[figure].median:
                misses.append(f"/{page}: {figure.upper()} {brief[figure].median:.0f} is not better than stock's {stock[figure].median:.0f}")
    print(f"\nTargets: 100 in all four categories; LCP at most {LCP_RATIO} x the bare article's; at most {KIB} KiB; "
          "CLS 0; better LCP and transfer than stock.")
    print("All targets met." if not misses else "Missed:\n" + "\n".join(f"- {m}" for m in misses))


if __name__ == "__main__":
    main()
