"""Print the whole brief to a PDF with headless Chromium, offline.

`make pdf` (which the deploy workflow runs, and the tests too) builds the site,
runs this to print it, then builds again with BRIEF_PDF naming the printed
file, so that the site publishes it and its pages link it (hooks/printed.py).
The whole-brief page is served the way GitHub Pages serves it and printed with
the brief's print stylesheet. Headings become the PDF's outline (bookmarks).

    python tests/pdf.py SITE_DIR MKDOCS_YML TARGET_PDF
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.config import load_config

from serve import CHROMIUM_ARGS, chromium_executable, serving

WHOLE_BRIEF = "whole-brief/"


def make_pdf(site_dir: Path, config_file: Path, target: Path) -> Path:
    """Print the built site's whole brief to target and return its path; exit with a message if it cannot."""
    config = load_config(str(config_file))
    page = site_dir / WHOLE_BRIEF / "index.html"
    if not page.is_file():
        sys.exit(f"pdf: {page} is missing; build the site first (make build)")
    chromium = chromium_executable()
    if chromium is None:
        sys.exit("pdf: no Chromium found; `make pdf` installs Debian's chromium, or set CHROMIUM=/path/to/chrome")
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    base = urlsplit(config.site_url or "").path.strip("/")
    with serving(site_dir, base) as url, tempfile.TemporaryDirectory() as profile:
        result = subprocess.run(
            [
                chromium, "--headless", *CHROMIUM_ARGS, f"--user-data-dir={profile}",
                "--no-pdf-header-footer", "--generate-pdf-document-outline",
                "--virtual-time-budget=10000", f"--print-to-pdf={target}", url + WHOLE_BRIEF,
            ],
            capture_output=True, text=True, timeout=120, check=False,
        )
    if result.returncode != 0 or not target.is_file() or target.stat().st_size == 0:
        sys.exit(f"pdf: Chromium could not print {url + WHOLE_BRIEF} to {target}:\n{result.stderr[-2000:]}")
    return target


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[-1].strip())
    target = make_pdf(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"Wrote {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
