"""Shared fixtures: the site as `make pdf` (the deploy) and `make build` leave it, and throwaway copies to break."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page as MkDocsPage
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

import cite
from pages import WHOLE_BRIEF, nav_paths
from serve import CHROMIUM_ARGS, chromium_executable, serving

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("mkdocs.yml", "docs", "includes", "overrides", "hooks", "tools")
LYCHEE = Path(sys.executable).with_name("lychee")
# The article's paragraphs, ¶1 to ¶n, as mkdocs.yml counts them.
PARAGRAPHS = range(1, cite.read_brief(load_config(str(ROOT / "mkdocs.yml"))).source.paragraphs + 1)


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a Make target of the project exactly as a maintainer would, with this test run's .venv."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), f"VENV={Path(sys.executable).parent.parent}", *arguments],
        capture_output=True, text=True, check=False,
    )


def mkdocs_build(project: Path, site_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Build as `make build` does; strictness comes from mkdocs.yml, not from flags."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--clean", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},  # with the Makefile's switches for MkDocs' notices
        check=False,
    )


@dataclass(frozen=True)
class Site:
    root: Path  # the built site
    config: MkDocsConfig
    log: str

    @property
    def pages(self) -> list[Path]:
        """Every HTML page a reader can open, the 404 and whole-brief pages included, but not redirects."""
        return sorted(p for p in self.root.rglob("*.html") if "search" not in p.parts and not is_redirect(p))

    @property
    def nav_pages(self) -> list[MkDocsPage]:
        """The pages of the nav, in reading order."""
        return list(get_navigation(get_files(self.config), self.config).pages)

    def soup(self, page: Path | str) -> BeautifulSoup:
        path = self.root / page if isinstance(page, str) else page
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")

    @property
    def base_path(self) -> str:
        """The site_url path the site is served under, such as 'brief'."""
        return urlsplit(self.config.site_url or "").path.strip("/")


def is_redirect(page: Path) -> bool:
    """A mkdocs-redirects stub, which only sends the reader on."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"http-equiv": "refresh"}) is not None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test that uses Chromium, however indirectly, is marked browser: `make check` leaves it out."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site as the deploy workflow makes it: `make pdf`, which publishes and links the PDF."""
    work = tmp_path_factory.mktemp("site")
    result = make("pdf", f"SITE={work / 'site'}", f"PRINTED={work / 'printed.pdf'}")
    assert result.returncode == 0, f"make pdf failed:\n{result.stdout}{result.stderr}"
    return Site(work / "site", load_config(str(ROOT / "mkdocs.yml")), result.stderr)


@pytest.fixture(scope="session")
def brief(site: Site) -> cite.Brief:
    """mkdocs.yml's extra.brief, as the hooks and templates read it."""
    return cite.read_brief(site.config)


@pytest.fixture(scope="session")
def plain_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The site exactly as `make build` leaves it: no PDF."""
    out = tmp_path_factory.mktemp("plain") / "site"
    result = make("build", f"SITE={out}")
    assert result.returncode == 0, f"make build failed:\n{result.stdout}{result.stderr}"
    return Site(out, load_config(str(ROOT / "mkdocs.yml")), result.stderr)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's sources, to plant faults in."""
    copy = tmp_path / "project"
    copy.mkdir()
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, copy / part)
        else:
            shutil.copy2(source, copy / part)
    return copy


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@dataclass(frozen=True)
class LinkReport:
    returncode: int
    output: str
    stats: dict[str, object]


def lychee_offline(site_dir: Path, base_path: str, site_url: str, workdir: Path) -> LinkReport:
    """Check every link in a built site offline, as it will be served under its sub-path.

    The site is mounted at <root>/<base_path>/ so that root-relative links (the
    404 page uses them) resolve, and absolute links to site_url are remapped to
    the files. External links are excluded here; the weekly workflow checks them.
    """
    mount = workdir / "served"
    target = mount / base_path if base_path else mount
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        target.symlink_to(site_dir, target_is_directory=True)
    report = workdir / "lychee.json"
    result = subprocess.run(
        [
            str(LYCHEE), "--offline", "--no-progress", "--include-fragments",
            "--index-files", "index.html",
            "--root-dir", str(mount),
            "--remap", f"^{re.escape(site_url)}(.*) file://{target}/$1",
            "--format", "json", "--output", str(report),
            str(target) + "/",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    stats = json.loads(report.read_text()) if report.exists() else {}
    return LinkReport(result.returncode, result.stdout + result.stderr + json.dumps(stats.get("error_map", {})), stats)


@pytest.fixture(scope="session")
def link_report(site: Site, tmp_path_factory: pytest.TempPathFactory) -> LinkReport:
    return lychee_offline(site.root, site.base_path, site.config.site_url or "", tmp_path_factory.mktemp("lychee"))


@pytest.fixture(scope="session")
def doc_pages() -> list[str]:
    return sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))


# --- The browser suite -------------------------------------------------------

# Pages as readers reach them, relative to site_url; the last is a missing
# path two levels deep, which must get the 404 page.
PAGE_PATHS = [*nav_paths(ROOT / "mkdocs.yml"), "no-such-page/deeper/"]
MISSING_PATH = PAGE_PATHS[-1]
# Every page a reader can open, with the whole brief on one page as well.
READER_PATHS = [*PAGE_PATHS[:-1], WHOLE_BRIEF, MISSING_PATH]

# The browser reaches the site at this host, which Chromium resolves to the test
# server. A real host with no port matters: Material's instant navigation keeps
# the sitemap's host but not its port, so under 127.0.0.1:<port> it would fall
# back to full page loads.
TEST_HOST = "brief.test"


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[str]:
    """The built site's local URL, served like GitHub Pages: gzip, under the sub-path."""
    with serving(site.root, site.base_path) as url:
        yield url


@pytest.fixture(scope="session")
def served(server: str, site: Site) -> str:
    """The URL the browser tests open: the site under its sub-path, on TEST_HOST."""
    return f"http://{TEST_HOST}/{site.base_path}/" if site.base_path else f"http://{TEST_HOST}/"


@pytest.fixture(scope="session")
def playwright_api() -> Iterator[Playwright]:
    with sync_playwright() as api:
        yield api


@pytest.fixture(scope="session")
def browser(playwright_api: Playwright, server: str) -> Iterator[Browser]:
    path = chromium_executable()
    if path is None and Path(playwright_api.chromium.executable_path).exists():
        path = playwright_api.chromium.executable_path
    if path is None:
        pytest.fail("No Chromium found. `make test` installs Debian's chromium; or set CHROMIUM=/path/to/chrome.")
    port = urlsplit(server).port
    browser = playwright_api.chromium.launch(
        executable_path=path, args=[*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {TEST_HOST} 127.0.0.1:{port}"]
    )
    yield browser
    browser.close()


@dataclass
class PageLog:
    """What a page did that a reader should never see: console messages, errors, failed or off-site requests."""

    origin: str
    console: list[str]
    errors: list[str]
    failed: list[str]
    off_origin: list[str]

    @classmethod
    def watch(cls, page: Page, origin: str = f"http://{TEST_HOST}") -> "PageLog":
        log = cls(origin, [], [], [], [])
        page.on("console", lambda m: log.console.append(f"{m.type}: {m.text} ({m.location.get('url')})"))
        page.on("pageerror", lambda e: log.errors.append(str(e)))
        page.on("requestfailed", lambda r: log.failed.append(f"{r.url} ({r.failure})"))
        page.on("request", lambda r: None if r.url.startswith((origin + "/", "data:", "blob:")) else log.off_origin.append(r.url))
        return log

    @property
    def problems(self) -> list[str]:
        return self.console + self.errors + self.failed + [f"off-origin request: {u}" for u in self.off_origin]


# Records every Content-Security-Policy violation on window.__csp for the tests to read.
CSP_RECORDER = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


def settle(page: Page) -> None:
    """Bring CSS transitions and animations to their end at once, so what is measured is what a reader sees once they have run."""
    page.evaluate("() => document.getAnimations().forEach((a) => { try { a.finish(); } catch { /* an endless animation */ } })")
