"""Helpers the tests share: running Make and MkDocs, the built site, link checking, the browser's watch on a page."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page as MkDocsPage
from playwright.sync_api import Page, Request

import record
from pages import MISSING, WHOLE_BRIEF, nav_paths
from synthetic import PROJECT_PARTS

ROOT = Path(__file__).resolve().parent.parent
LYCHEE = Path(sys.executable).with_name("lychee")
# Hosts no published link may point at.
PLACEHOLDER_HOSTS = ("example.com", "example.org", "example.net", "localhost", "127.0.0.1", "owner.github.io")
# The project's mkdocs.yml, and its extra.brief as the hooks and templates read it.
CONFIG = load_config(str(ROOT / "mkdocs.yml"))
BRIEF = record.read_brief(CONFIG)
# The article's paragraphs, ¶1 to ¶n, as mkdocs.yml counts them.
PARAGRAPHS = range(1, BRIEF.source.paragraphs + 1)


def make(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run a Make target of the project exactly as a maintainer would, with this test run's .venv."""
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), f"VENV={Path(sys.executable).parent.parent}", *arguments],
        capture_output=True, text=True, check=False,
    )


def mkdocs_build(project: Path, site_dir: Path, **environment: str) -> subprocess.CompletedProcess[str]:
    """Build a copy of the project as `mkdocs build` does from its directory, in this process; strictness comes from mkdocs.yml.

    In-process to spare an interpreter and its imports for each of the many
    planted faults, but with nothing shared: the copy's hooks are imported
    afresh from its hooks/ (the tests' own imports of the hooks are set aside
    meanwhile and put back after), and MkDocs' log is what the result reports,
    as the command would print it, with a traceback for anything but a build error.
    """
    hook_modules = {path.stem for path in (project / "hooks").glob("*.py")}
    kept_modules = {name: sys.modules.pop(name) for name in hook_modules if name in sys.modules}
    kept_path, kept_cwd, kept_env = sys.path[:], Path.cwd(), dict(os.environ)
    log = io.StringIO()
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    returncode = 0
    try:
        sys.path.insert(0, str(project / "hooks"))
        os.chdir(project)  # pymdownx.snippets' base_path is relative to it, as under `make`
        os.environ.update(environment)
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except Abort as error:
        returncode = 1
        log.write(f"Aborted: {error}\n")
    except Exception:
        returncode = 1
        log.write(traceback.format_exc())
    finally:
        logger.removeHandler(handler)
        os.chdir(kept_cwd)
        os.environ.clear()
        os.environ.update(kept_env)
        sys.path[:] = kept_path
        for name in hook_modules:
            sys.modules.pop(name, None)
        sys.modules.update(kept_modules)
    return subprocess.CompletedProcess(["mkdocs", "build", "-f", str(project / "mkdocs.yml")], returncode, "", log.getvalue())


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

    def title(self, url: str) -> Tag:
        """The h1 of the page at url (relative to site_url, such as 'aid/'), without its permalink."""
        h1 = self.soup(url + "index.html").find("h1")
        assert isinstance(h1, Tag), f"{url}index.html: no <h1>"
        for permalink in h1.select(".headerlink"):
            permalink.decompose()
        return h1

    @property
    def base_path(self) -> str:
        """The site_url path the site is served under, such as 'brief'."""
        return urlsplit(self.config.site_url or "").path.strip("/")


def is_redirect(page: Path) -> bool:
    """A mkdocs-redirects stub, which only sends the reader on."""
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find("meta", attrs={"http-equiv": "refresh"}) is not None


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
        capture_output=True, text=True, check=False,
    )
    stats = json.loads(report.read_text()) if report.exists() else {}
    return LinkReport(result.returncode, result.stdout + result.stderr + json.dumps(stats.get("error_map", {})), stats)


# Pages as readers reach them, relative to site_url; the last is a missing
# path two levels deep, which must get the 404 page.
PAGE_PATHS = [*nav_paths(ROOT / "mkdocs.yml"), MISSING]
MISSING_PATH = PAGE_PATHS[-1]
# Every page a reader can open, with the whole brief on one page as well.
READER_PATHS = [*PAGE_PATHS[:-1], WHOLE_BRIEF, MISSING_PATH]


# The browser reaches the site at this host, which Chromium resolves to the test
# server. A real host with no port matters: Material's instant navigation keeps
# the sitemap's host but not its port, so under 127.0.0.1:<port> it would fall
# back to full page loads.
TEST_HOST = "brief.test"


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


def read(page: Page, url: str) -> None:
    """Open url as a reader does: the page loads, then the reader's first move starts Material's bundle."""
    page.goto(url)
    start_bundle(page)


def start_bundle(page: Page) -> None:
    """Do what a reader's first move does: the loader (overrides/brief/loader.html) starts Material's bundle. Wait until it has."""
    # What the bundle asks for (brief.js, the stylesheets, the sitemap, the search index and worker)
    # is asked for as it starts; it is done once nothing is in flight twice running, 50 ms apart.
    # Playwright's "networkidle" would wait 500 ms of quiet each time.
    pending: set[Request] = set()
    def add(request: Request) -> None:
        pending.add(request)

    def done(request: Request) -> None:
        pending.discard(request)

    events = {"request": add, "requestfinished": done, "requestfailed": done}
    for event, handler in events.items():
        page.on(event, handler)
    page.mouse.move(2, 2)
    page.wait_for_function("() => window.document$ !== undefined", timeout=10_000)
    quiet = 0
    while quiet < 2:
        page.wait_for_timeout(50)
        quiet = 0 if pending else quiet + 1
    for event, handler in events.items():
        page.remove_listener(event, handler)
    settle(page)
