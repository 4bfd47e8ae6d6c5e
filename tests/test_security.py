"""Privacy and security: nothing leaves the site, nothing in the console, and a Content-Security-Policy that holds."""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import BrowserContext, Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from support import CONFIG, CSP_RECORDER, READER_PATHS, ROOT, PageLog, Site, mkdocs_build, read, settle
from serve import serving


def policy(soup: BeautifulSoup) -> dict[str, list[str]]:
    meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert isinstance(meta, Tag), "no Content-Security-Policy <meta>"
    directives = [d.split() for d in str(meta["content"]).split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


def inline_hashes(soup: BeautifulSoup, tag: str = "script") -> set[str]:
    """The policy's hash of each inline script (JSON data aside), or each inline style."""
    return {
        "sha256-" + base64.b64encode(hashlib.sha256(s.string.encode()).digest()).decode()
        for s in soup.find_all(tag, src=False)
        if s.get("type") not in ("application/json", "application/ld+json") and s.string
    }


def test_every_page_has_a_strict_policy_before_any_script(site: Site) -> None:
    """One critical stylesheet, the same on every page, is the only inline style the policy allows."""
    critical: set[str] = set()
    for page in site.pages:
        soup = site.soup(page)
        csp = policy(soup)
        where = page.relative_to(site.root)
        assert "'unsafe-inline'" not in str(csp) and "'unsafe-eval'" not in str(csp), where
        assert csp["default-src"] == ["'self'"], where
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"], where
        styles = inline_hashes(soup, "style")
        assert len(styles) == 1, f"{where}: {len(styles)} inline stylesheets, not the one critical stylesheet"
        assert csp["style-src"] == ["'self'", f"'{next(iter(styles))}'"], where
        critical |= styles
        meta = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        first_script = soup.find("script")
        assert meta is not None and first_script is not None
        assert first_script.find_previous("meta", attrs={"http-equiv": "Content-Security-Policy"}) is meta, (
            f"{where}: the policy comes after a script"
        )
        referrer = soup.find("meta", attrs={"name": "referrer"})
        assert isinstance(referrer, Tag) and referrer["content"] == "same-origin", where
    assert len(critical) == 1, f"the pages inline {len(critical)} different critical stylesheets, not one"


def test_policy_allows_exactly_the_inline_scripts_each_page_carries(site: Site) -> None:
    """Each page allows each inline script it runs, and no other: no hash that the page does not need."""
    for page in site.pages:
        soup = site.soup(page)
        hashes = {h.strip("'") for h in policy(soup)["script-src"] if h.startswith("'sha256-")}
        carried = inline_hashes(soup)
        assert hashes == carried, (
            f"{page.relative_to(site.root)}: inline scripts the policy blocks: {sorted(carried - hashes)}; "
            f"hashes allowed but not used: {sorted(hashes - carried)}"
        )


def test_mkdocs_yml_lists_only_hashes_of_materials_scripts_that_pages_carry(site: Site) -> None:
    """The brief's own inline scripts are hashed from their templates at build time; mkdocs.yml lists Material's, each still carried by some page."""
    own = {h for t in (ROOT / "overrides").rglob("*.html") for h in inline_hashes(BeautifulSoup(t.read_text(encoding="utf-8"), "html.parser"))}
    assert own, "no inline script found in overrides/"
    listed = {f"sha256-{h}" for h in CONFIG.extra["csp"]["script_hashes"]}
    assert not own & listed
    carried = {h for page in site.pages for h in inline_hashes(site.soup(page))}
    assert listed <= carried, f"extra.csp.script_hashes lists hashes no page carries: {sorted(listed - carried)}"


def test_an_edited_script_of_the_brief_is_allowed_by_its_new_hash(project: Path, tmp_path: Path) -> None:
    loader = project / "overrides" / "brief" / "loader.html"
    loader.write_text(loader.read_text(encoding="utf-8").replace("<script>", "<script>/* planted */", 1), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    soup = BeautifulSoup((tmp_path / "out" / "index.html").read_text(encoding="utf-8"), "html.parser")
    planted = [s for s in soup.find_all("script", src=False) if s.string and s.string.startswith("/* planted */")]
    assert len(planted) == 1
    assert inline_hashes(BeautifulSoup(str(planted[0]), "html.parser")) <= {h.strip("'") for h in policy(soup)["script-src"]}


@pytest.fixture
def watched(new_context: CreateContextCallback) -> BrowserContext:
    """A reader's browser at 1280 × 900 that records every Content-Security-Policy violation."""
    context = new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(CSP_RECORDER)
    return context


def csp_violations(page: Page) -> list[str]:
    found: list[str] = page.evaluate("window.__csp")
    return found


@pytest.mark.parametrize("path", READER_PATHS, ids=lambda p: p.strip("/") or "home")
def test_reading_a_page_stays_on_the_site_and_the_console_stays_empty(watched: BrowserContext, served: str, path: str) -> None:
    page = watched.new_page()
    log = PageLog.watch(page)
    response = page.goto(served + path)
    assert response is not None and response.status == (404 if path.startswith("no-such") else 200)
    page.wait_for_load_state("networkidle")
    settle(page)
    page.mouse.wheel(0, 4000)
    page.wait_for_load_state("networkidle")
    problems = log.problems
    if path.startswith("no-such"):
        # The browser logs the 404 status of the missing page itself, and nothing else may fail.
        problems.remove(f"error: Failed to load resource: the server responded with a status of 404 (Not Found) ({served + path})")
    assert not problems, f"{path}: {problems}"
    assert csp_violations(page) == []


def test_search_navigation_palette_and_copy_work_under_the_policy(watched: BrowserContext, served: str, site: Site) -> None:
    page = watched.new_page()
    log = PageLog.watch(page)
    read(page, served + "about/")

    # Copy: the button copies the citation, and says so.
    page.locator(".md-code__button").first.click()
    expect(page.locator(".md-dialog")).to_contain_text("Copied")

    # Palette.
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    settle(page)
    page.locator("label.md-header__button[for^='__palette']:visible").click()
    settle(page)
    assert page.locator("body").get_attribute("data-md-color-scheme") != before

    # Search, then instant navigation to the hit.
    page.locator(".md-search__input").focus()
    page.keyboard.type("Global South")
    hit = page.locator(".md-search-result__item a[href*='peacekeeping/']").first
    hit.click()
    page.wait_for_url("**/peacekeeping/**")
    title = site.soup("peacekeeping/index.html").select_one(".md-content h1")
    assert title is not None
    expect(page.locator(".md-content h1")).to_contain_text(title.get_text().removesuffix("#").strip())
    page.wait_for_load_state("networkidle")

    assert not log.problems, log.problems
    assert csp_violations(page) == []
    assert page.evaluate("typeof window.document$") == "object", "the page was reloaded, not navigated instantly"


def test_planted_inline_script_and_style_are_blocked(site: Site, new_context: CreateContextCallback, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    page_file = copy / "about" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    planted = (
        '<script>window.__planted = "ran"</script>'
        '<style>body { background: rgb(1, 2, 3) !important }</style>'
        '<p id="planted-style" style="color: rgb(4, 5, 6)">planted</p>'
    )
    page_file.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    with serving(copy, site.base_path) as url:
        context = new_context()
        context.add_init_script(CSP_RECORDER)
        page = context.new_page()
        page.goto(url + "about/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__planted") is None, "a planted inline script ran"
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(1, 2, 3)"
        assert page.evaluate("getComputedStyle(document.getElementById('planted-style')).color") != "rgb(4, 5, 6)"
        blocked = " ".join(csp_violations(page))
        for directive in ("script-src-elem", "style-src-elem", "style-src-attr"):
            assert directive in blocked, f"no {directive} violation reported: {blocked}"


def test_the_watch_catches_a_planted_off_site_request_and_console_error(watched: BrowserContext, served: str) -> None:
    page = watched.new_page()
    log = PageLog.watch(page)
    page.goto(served + "aid/")
    page.wait_for_load_state("networkidle")
    assert not log.problems
    page.evaluate("fetch('https://example.org/tracker.gif').catch(() => null); console.error('planted')")
    page.wait_for_timeout(500)
    assert any("example.org" in p for p in log.problems), log.problems
    assert any("planted" in p for p in log.problems), log.problems
    assert any("connect-src" in v for v in csp_violations(page)), "the policy did not block the request"


# --- The workflows -------------------------------------------------------------

ZIZMOR = Path(sys.executable).with_name("zizmor")


def zizmor(workflows: Path) -> subprocess.CompletedProcess[str]:
    """zizmor, the GitHub Actions linter, offline, at its default (regular) persona."""
    return subprocess.run([str(ZIZMOR), "--offline", "--format", "plain", str(workflows)], capture_output=True, text=True, check=False)


def test_zizmor_finds_nothing_in_the_workflows() -> None:
    result = zizmor(ROOT / ".github" / "workflows")
    assert result.returncode == 0 and "No findings" in result.stdout + result.stderr, result.stdout + result.stderr


def test_zizmor_catches_a_checkout_that_keeps_its_credentials(tmp_path: Path) -> None:
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    ci = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "persist-credentials: false" in ci
    (workflows / "ci.yml").write_text(ci.replace("        with:\n          persist-credentials: false\n", "", 1), encoding="utf-8")
    result = zizmor(workflows)
    assert result.returncode != 0 and "artipacked" in result.stdout + result.stderr, result.stdout + result.stderr
