"""`make serve`, the command an editor runs: the open page reloads itself on every edit, and every link it serves works.

It runs on a copy of the project, so that the test can edit the sources the
server watches.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.error import URLError
from urllib.parse import urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import Page, expect

from support import CSP_RECORDER, LYCHEE, ROOT, PageLog, Site, edit

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


def make_serve(project: Path, address: str, **options: Any) -> subprocess.Popen[str]:
    """`make serve` on a copy of the project, with this test run's .venv."""
    for part in SERVED_PARTS:
        source = ROOT / part
        if not (project / part).exists():
            shutil.copytree(source, project / part) if source.is_dir() else shutil.copy2(source, project / part)
    # MkDocs logs to stderr: to a file, which cannot fill up and stop it as an unread pipe would.
    with (project.parent / "make-serve.log").open("a", encoding="utf-8") as log:
        return subprocess.Popen(
            ["make", "--no-print-directory", "-C", str(project), "serve", f"VENV={Path(sys.executable).parent.parent}", f"DEV_ADDR={address}"],
            stdout=subprocess.DEVNULL, stderr=log, text=True, **options,
        )


@pytest.fixture
def serving_copy(project: Path, site: Site) -> Iterator[tuple[Path, str]]:
    address = f"127.0.0.1:{free_port()}"
    server = make_serve(project, address)
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


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def policy_violations(page: Page, log: PageLog) -> list[str]:
    """What the page's Content-Security-Policy refused since it loaded, and what the console said about the policy since the test began."""
    recorded: list[str] = page.evaluate("window.__csp")
    return recorded + [line for line in log.console if "Content Security Policy" in line]


def test_an_open_page_reloads_itself_on_every_edit(serving_copy: tuple[Path, str], site: Site, page: Page) -> None:
    """An editor keeps a page open in Chromium; each watched source they edit reloads it, with nothing refused by the policy.
    A hook's new code runs on the rebuild its edit starts."""
    project, url = serving_copy
    source = next(p for p in site.nav_pages if not p.is_homepage)
    page.add_init_script(CSP_RECORDER)
    log = PageLog.watch(page, origin="{0.scheme}://{0.netloc}".format(urlsplit(url)))
    page.goto(url + source.url)
    page.wait_for_load_state("load")
    assert policy_violations(page, log) == [], "the policy refuses make serve's live-reload script"

    content = page.locator(".md-content")
    edits: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
        (
            "docs/",
            lambda: append(project / "docs" / source.file.src_uri, "\n\nPlanted paragraph, from the editor.\n"),
            lambda: expect(content).to_contain_text("Planted paragraph, from the editor."),
        ),
        (
            "overrides/",
            lambda: append(project / "overrides" / "brief" / "byline.html", '\n<p id="planted-template">Planted in a template.</p>\n'),
            lambda: expect(page.locator("#planted-template")).to_be_visible(),
        ),
        (
            "includes/",
            lambda: append(project / "includes" / "abbreviations.md", "\n*[Planted]: Planted in an include.\n"),
            lambda: expect(content.locator("abbr[title='Planted in an include.']").first).to_be_attached(),
        ),
        (
            "hooks/",
            lambda: edit(project / "hooks" / "glossary.py", '<dl class="glossary"', '<dl class="glossary planted"'),
            lambda: wait_for(lambda: 'class="glossary planted"' in fetch(url + "glossary/"), "hooks/glossary.py changed, but /glossary/ did not", 45),
        ),
        ("mkdocs.yml", lambda: edit(project / "mkdocs.yml", "\nstrict: true\n", "\nstrict: true  # planted\n"), lambda: None),
    ]
    for folder, make_edit, shows in edits:
        page.evaluate("window.__unchanged = true")
        make_edit()
        page.wait_for_function("() => window.__unchanged === undefined && document.readyState === 'complete'", timeout=45_000)
        shows()
        assert policy_violations(page, log) == [], f"after an edit in {folder}"


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


# --- Stopping it ---------------------------------------------------------------

def listening(address: str) -> bool:
    host, port = address.rsplit(":", 1)
    try:
        socket.create_connection((host, int(port)), timeout=1).close()
    except OSError:
        return False
    return True


def processes_serving(address: str) -> list[int]:
    """The processes whose command line names this address: make and MkDocs, and nothing else on this machine."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if address in cmdline.read_bytes().decode(errors="replace").split("\0"):
                found.append(int(cmdline.parent.name))
        except OSError:
            pass  # the process has ended
    return found


def left_running_after(project: Path, stop: Callable[[int], None]) -> list[str]:
    """Start `make serve`, stop it as a person would (stop is given make's pid), and name what is left serving."""
    address = f"127.0.0.1:{free_port()}"
    # Its own process group, as a terminal gives a command; Ctrl-C's SIGINT is not ignored, as it would be in a background job.
    make = make_serve(project, address, start_new_session=True, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        wait_for(lambda: make.poll() is None and listening(address), "nothing listened")
        stop(make.pid)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and make.poll() is None:
            time.sleep(0.25)
        # Once make has exited, MkDocs has a few seconds to follow it: a planted fault need not wait out the 20.
        grace = time.monotonic() + 3
        while time.monotonic() < grace and (listening(address) or processes_serving(address)):
            time.sleep(0.25)
        left = [f"make (pid {make.pid}) still running"] if make.poll() is None else []
        left += [f"{Path(f'/proc/{pid}/cmdline').read_text(errors='replace').replace(chr(0), ' ').strip()} (pid {pid}) still running" for pid in processes_serving(address) if pid != make.pid]
        return left + ([f"{address} still answers"] if listening(address) else [])
    finally:
        for pid in processes_serving(address):
            os.kill(pid, signal.SIGKILL)  # only what this test started: the address is its own
        make.wait(timeout=10)


STOPS: dict[str, Callable[[int], None]] = {
    "kill <pid of make>": lambda pid: os.kill(pid, signal.SIGTERM),
    "Ctrl-C": lambda pid: os.killpg(pid, signal.SIGINT),
}


@pytest.mark.parametrize("how", STOPS)
def test_stopping_make_serve_stops_mkdocs(project: Path, how: str) -> None:
    assert left_running_after(project, STOPS[how]) == [], f"make serve stopped with {how}"


def test_a_serve_recipe_that_leaves_mkdocs_running_is_caught(project: Path) -> None:
    """Planted: a recipe with a shell in it, which dies of make's SIGTERM and leaves MkDocs serving."""
    shutil.copy2(ROOT / "Makefile", project / "Makefile")
    edit(project / "Makefile", "--dev-addr $(DEV_ADDR)\n", "--dev-addr $(DEV_ADDR); echo stopped\n")
    left = left_running_after(project, STOPS["kill <pid of make>"])
    assert any("mkdocs serve" in line for line in left) and left[-1].endswith("still answers"), left
