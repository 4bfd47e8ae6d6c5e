"""Fixtures only: the site as `make pdf` (the deploy) and `make build` leave it, throwaway copies to break, and the browser.

The helpers the tests share are in support.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from mkdocs.config import load_config

import record
from serve import CHROMIUM_ARGS, chromium_executable, serving
from synthetic import synthetic_project
from support import PROJECT_PARTS, ROOT, TEST_HOST, LinkReport, Site, lychee_offline, make, mkdocs_build


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
def brief(site: Site) -> record.Brief:
    """mkdocs.yml's extra.brief, as the hooks and templates read it."""
    return record.read_brief(site.config)


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
            shutil.copytree(source, copy / part, ignore=shutil.ignore_patterns("node_modules"))
        else:
            shutil.copy2(source, copy / part)
    return copy


@pytest.fixture
def synthetic_copy(tmp_path: Path) -> Path:
    """A copy of the project's sources with a short synthetic page for each of the nav's, to plant faults in (synthetic.py)."""
    return synthetic_project(tmp_path / "synthetic")


@pytest.fixture(scope="session")
def shapes_served(site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of the synthetic pages `make critical` cuts from, one shape of first screen to a page (synthetic.py), built as `make build` builds."""
    work = tmp_path_factory.mktemp("shapes")
    result = mkdocs_build(synthetic_project(work / "project", shapes=True), work / "site")
    assert result.returncode == 0, f"the synthetic pages' build failed:\n{result.stderr[-2000:]}"
    with serving(work / "site", site.base_path) as url:
        yield url


@pytest.fixture(scope="session")
def link_report(site: Site, tmp_path_factory: pytest.TempPathFactory) -> LinkReport:
    return lychee_offline(site.root, site.base_path, site.config.site_url or "", tmp_path_factory.mktemp("lychee"))


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[str]:
    """The built site's local URL, served like GitHub Pages: gzip, under the sub-path."""
    with serving(site.root, site.base_path) as url:
        yield url


@pytest.fixture(scope="session")
def served(server: str, site: Site) -> str:
    """The URL the browser tests open: the site under its sub-path, on TEST_HOST."""
    return f"http://{TEST_HOST}/{site.base_path}/" if site.base_path else f"http://{TEST_HOST}/"


# pytest-playwright supplies browser, context, page and new_context (which
# closes what it opens); this tells it which Chromium to start, and how.
@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], server: str) -> dict[str, Any]:
    """Debian's Chromium, offline, resolving TEST_HOST to the test server. Never skipped: no Chromium is a failure."""
    path = chromium_executable()
    if path is None:
        pytest.fail("No Chromium found. `make test` installs Debian's chromium; or set CHROMIUM=/path/to/chrome.")
    port = urlsplit(server).port
    return {
        **browser_type_launch_args,
        "executable_path": path,
        "args": [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {TEST_HOST} 127.0.0.1:{port}"],
    }
