"""`make serve`, the command an editor runs: every link it serves works, and it rebuilds on every source folder.

It runs on a copy of the project, so that the test can edit the sources the
server watches.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.error import URLError
from urllib.request import urlopen

import pytest

from support import LYCHEE, ROOT, Site, edit

SERVED_PARTS = ("Makefile", "requirements")

pytestmark = pytest.mark.slow  # starts `make serve` on a copy of the project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    with urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


def wait_for(check: Callable[[], bool], what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    pytest.fail(f"make serve: {what} within {timeout:.0f} s")


@pytest.fixture
def serving_copy(project: Path, site: Site) -> Iterator[tuple[Path, str]]:
    for part in SERVED_PARTS:
        source = ROOT / part
        shutil.copytree(source, project / part) if source.is_dir() else shutil.copy2(source, project / part)
    address = f"127.0.0.1:{free_port()}"
    server = subprocess.Popen(
        ["make", "--no-print-directory", "-C", str(project), "serve", f"VENV={Path(sys.executable).parent.parent}", f"DEV_ADDR={address}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://{address}/{site.base_path}/"
    try:
        wait_for(lambda: server.poll() is None and "<h1" in fetch(url), "the home page was not served")
        yield project, url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_make_serve_serves_every_page_with_working_links(serving_copy: tuple[Path, str], site: Site, tmp_path: Path) -> None:
    _, url = serving_copy
    pages = [url + ("" if page.is_homepage else page.url) for page in site.nav_pages]
    result = subprocess.run(
        [str(LYCHEE), "--no-progress", "--include-fragments", "--scheme", "http", "--format", "json", *pages],
        capture_output=True, text=True, cwd=tmp_path, check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    stats = json.loads(result.stdout)
    # A check that reached nothing would pass too: it must have followed the site's own links.
    assert stats["errors"] == 0 and stats["successful"] >= 300, {k: stats[k] for k in ("total", "successful", "errors")}


@pytest.mark.parametrize(
    ("source", "old", "new", "page", "shown"),
    [
        ("includes/abbreviations.md", "*[UN]: United Nations.", "*[UN]: United Nations, planted.", "glossary/", "United Nations, planted."),
        ("overrides/brief/byline.html", "Reading time: about {{ minutes }}", "Planted reading time: about {{ minutes }}", "aid/", "Planted reading time"),
        ("hooks/glossary.py", '<dl class="glossary"', '<dl class="glossary planted"', "glossary/", 'class="glossary planted"'),
    ],
    ids=["includes", "overrides", "hooks"],
)
def test_make_serve_rebuilds_when_a_source_folder_changes(serving_copy: tuple[Path, str], source: str, old: str, new: str, page: str, shown: str) -> None:
    project, url = serving_copy
    assert shown not in fetch(url + page)
    edit(project / source, old, new)
    wait_for(lambda: shown in fetch(url + page), f"{source} changed, but /{page} did not", timeout=45)
