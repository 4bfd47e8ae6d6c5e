"""Material's bundle starts after the first paint (overrides/brief/loader.html), and nothing a reader relies on changes.

Checked here: the bundle's request starts after the first contentful paint; the
search index and the search worker are fetched only once search is opened; a
DOMContentLoaded listener of the page's own runs once; and the features the
bundle drives that the other browser tests do not already try (footnote
tooltips, the table of contents' tracking, the back-to-top button). Search,
instant navigation, the palette, glossary tooltips and copy buttons are tried
in test_browser.py. Each check also sees a planted fault.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from serve import serving
from support import Site, settle

# Counts the calls of a DOMContentLoaded listener added before any of the page's scripts run.
COUNT_DOMCONTENTLOADED = "document.addEventListener('DOMContentLoaded', () => { window.__loaded = (window.__loaded || 0) + 1 })"

PAINT_AND_BUNDLE = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const bundle = performance.getEntriesByType("resource").find((e) => /\\/bundle\\.[^/]*\\.js$/.test(e.name));
  return { paint: paint ? paint.startTime : null, bundle: bundle ? bundle.startTime : null };
}"""

# How many documents Material's document$ has emitted by now (it replays the last one).
DOCUMENT_EMITTED = """() => new Promise((resolve) => {
  let count = 0;
  const subscription = window.document$.subscribe(() => { count += 1; });
  setTimeout(() => { subscription.unsubscribe(); resolve(count); }, 100);
})"""

SEARCH_FILES = ("/search/search_index.json", "/workers/search.")


def requested(context: BrowserContext) -> list[str]:
    """Every URL the context's pages and workers ask for, as they ask."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    return urls


def first_visit(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("() => window.document$ !== undefined", timeout=10_000)
    page.wait_for_load_state("networkidle")
    settle(page)


def bundle_before_paint(page: Page) -> str | None:
    """A problem if Material's bundle was requested before the page's first contentful paint."""
    times = page.evaluate(PAINT_AND_BUNDLE)
    if times["paint"] is None or times["bundle"] is None:
        return f"no first paint or no bundle request: {times}"
    if times["bundle"] < times["paint"]:
        return f"the bundle was requested at {times['bundle']:.0f} ms, before the first paint at {times['paint']:.0f} ms"
    return None


def planted(site: Site, tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the built site with old replaced by new in /aid/, whose policy is dropped so the changed loader runs."""
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    page = root / "aid" / "index.html"
    text = page.read_text(encoding="utf-8")
    assert old in text, f"the fault cannot be planted: {old!r} is not in /aid/"
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text.replace(old, new))
    page.write_text(text, encoding="utf-8")
    return root


def test_the_bundle_starts_after_the_first_paint(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    first_visit(page, served + "aid/")
    assert bundle_before_paint(page) is None, bundle_before_paint(page)


def test_the_paint_check_catches_a_bundle_fetched_early(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    bundle = re.search(r'<script src="([^"]*/bundle\.[^"]*\.js)"', (site.root / "aid" / "index.html").read_text(encoding="utf-8"))
    assert bundle, "/aid/ names no bundle"
    root = planted(site, tmp_path, "</head>", f'<link rel="preload" as="script" href="{bundle[1]}"></head>')
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    with serving(root, site.base_path) as url:
        page.goto(url + "aid/")
        page.wait_for_load_state("networkidle")
        problem = bundle_before_paint(page)
    assert problem is not None and "before the first paint" in problem, problem


def test_search_files_are_fetched_only_once_search_is_opened(new_context: CreateContextCallback, served: str) -> None:
    context = new_context(viewport={"width": 1280, "height": 900})
    urls = requested(context)
    page = context.new_page()
    first_visit(page, served + "aid/")
    early = [u for u in urls if any(part in u for part in SEARCH_FILES)]
    assert not early, f"fetched before search was opened: {early}"

    page.locator(".md-search__input").focus()
    page.keyboard.type("defensive weapons")
    expect(page.locator(".md-search-result__item a[href*='aid/']").first).to_be_visible(timeout=10_000)
    for part in SEARCH_FILES:
        assert [u for u in urls if part in u], f"opening search fetched nothing matching {part}"


def test_search_check_catches_an_index_fetched_on_arrival(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    root = planted(site, tmp_path, "if (this.index && !searching)", "if (false)")
    context = new_context(viewport={"width": 1280, "height": 900})
    urls = requested(context)
    page = context.new_page()
    with serving(root, site.base_path) as url:
        first_visit(page, url + "aid/")
    assert [u for u in urls if u.endswith("/search/search_index.json")], "the planted early fetch was not seen"


def test_no_domcontentloaded_listener_runs_twice(new_context: CreateContextCallback, served: str) -> None:
    context = new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(COUNT_DOMCONTENTLOADED)
    page = context.new_page()
    first_visit(page, served + "aid/")
    assert page.evaluate("window.__loaded") == 1
    # Material's own listener ran too, once: document$ has emitted this document.
    assert page.evaluate(DOCUMENT_EMITTED) == 1


def test_the_listener_check_catches_a_replayed_event_dispatched_to_all(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    root = planted(site, tmp_path, "waiting.forEach(", 'document.dispatchEvent(new Event("DOMContentLoaded")); [].forEach(')
    context = new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(COUNT_DOMCONTENTLOADED)
    page = context.new_page()
    with serving(root, site.base_path) as url:
        page.goto(url + "aid/")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__loaded") == 2


def test_a_footnote_shows_in_a_tooltip_when_pointed_at(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    first_visit(page, served + "context/")
    reference = page.locator("a.footnote-ref").first
    note = page.locator(f"[id='{(reference.get_attribute('href') or '').split('#')[-1]}']").inner_text().strip()
    reference.scroll_into_view_if_needed()
    reference.hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text(note[:40])


def test_the_contents_follow_the_reading_and_back_to_top_returns(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 1280, "height": 500}).new_page()
    first_visit(page, served + "aid/")
    links = page.eval_on_selector_all(".md-sidebar--secondary a.md-nav__link", "els => els.map((e) => new URL(e.href).hash)")
    target = links[len(links) // 2]
    page.evaluate(f"document.getElementById({target[1:]!r}).scrollIntoView()")
    page.mouse.wheel(0, 10)
    active = page.locator(f".md-sidebar--secondary a.md-nav__link--active[href$='{target}']")
    expect(active, f"the table of contents did not follow the reading to {target}").to_be_attached()
    expect(page).to_have_url(f"{served}aid/{target}")

    page.mouse.wheel(0, 5000)
    page.mouse.wheel(0, -400)
    top = page.locator(".md-top")
    expect(top, "scrolling back up showed no back-to-top button").to_be_visible()
    settle(page)
    top.click()
    page.wait_for_function("() => scrollY === 0", timeout=5_000)
