"""What is not needed for the first screen waits (overrides/brief/loader.html), and nothing a reader relies on changes.

The features the bundle drives are tried here only where test_browser.py does not try them (it
tries search, instant navigation, the palette, glossary tooltips and copy buttons). Each check
also sees a planted fault.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import BrowserContext, Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from serve import serving
from support import PAGE_PATHS, READER_PATHS, Site, read, settle, start_bundle

# Counts the calls of a DOMContentLoaded listener added before any of the page's scripts run.
COUNT_DOMCONTENTLOADED = "document.addEventListener('DOMContentLoaded', () => { window.__loaded = (window.__loaded || 0) + 1 })"

# Code blocks, and the copy-button bars Material's bundle gives them: one each if its listener ran once.
COPY_BARS = "() => [document.querySelectorAll('.md-content pre > code').length, document.querySelectorAll('.md-content .md-code__nav').length]"

# When each file that should wait was first requested, against the first contentful paint.
REQUESTS = r"""() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  const started = (pattern) => performance.getEntriesByType("resource").filter((e) => pattern.test(e.name)).map((e) => e.startTime)[0] ?? null;
  return {
    paint: paint ? paint.startTime : null,
    bundle: started(/\/bundle\.[^/]*\.js$/),
    stylesheet: started(/\/stylesheets\/main\.[^/]*\.css$/),
  };
}"""

# The box of every element on the first screen (clipped to it), and the colours a reader sees first.
FIRST_SCREEN = """() => ({
  boxes: [...document.querySelectorAll("body *")].map((e, i) => {
    const r = e.getBoundingClientRect();
    return [i, e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ")[0] : ""),
            Math.round(r.left), Math.round(r.top), Math.round(r.width), Math.round(Math.min(r.bottom, innerHeight) - r.top)];
  }).filter((b) => b[3] < innerHeight && b[3] + b[5] > 0),
  colours: [document.body, document.querySelector(".md-header"), document.querySelector(".md-typeset")]
    .filter(Boolean).map((e) => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]),
})"""

# The full stylesheets, which the loader adds after the first paint, have all arrived.
STYLED = """() => document.getElementById("brief-styles")?.dataset.added === "true"
  && [...document.querySelectorAll("link[rel=stylesheet]")].every((link) => link.sheet)"""

SEARCH_FILES = ("/search/search_index.json", "/workers/search.")


def fetched_before_paint(page: Page) -> list[str]:
    """The files that should wait for the first paint but were requested before it."""
    times = page.evaluate(REQUESTS)
    if times["paint"] is None:
        return ["no first contentful paint"]
    return [f"{name} at {at:.0f} ms, before the first paint at {times['paint']:.0f} ms"
            for name, at in times.items() if name != "paint" and at is not None and at < times["paint"]]


def test_stylesheets_follow_the_first_paint_and_the_bundle_the_first_interaction(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(served + "aid/")
    page.wait_for_load_state("networkidle")
    times = page.evaluate(REQUESTS)
    assert times["stylesheet"] is not None, "the full stylesheets were not added after the first paint"
    assert times["bundle"] is None, "the bundle loaded before the reader did anything"
    assert page.evaluate("typeof window.document$") == "undefined"
    start_bundle(page)
    assert fetched_before_paint(page) == []


def test_the_paint_check_catches_a_bundle_fetched_early(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    bundle = re.search(r'<script src="([^"]*/bundle\.[^"]*\.js)"', (site.root / "aid" / "index.html").read_text(encoding="utf-8"))
    assert bundle, "/aid/ names no bundle"
    root = planted(site, tmp_path, "</head>", f'<link rel="preload" as="script" href="{bundle[1]}"></head>')
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    with serving(root, site.base_path) as url:
        page.goto(url + "aid/")
        page.wait_for_load_state("networkidle")
        problems = fetched_before_paint(page)
    assert any(problem.startswith("bundle") for problem in problems), problems


def planted(site: Site, tmp_path: Path, old: str, new: str, path: str = "aid") -> Path:
    """A copy of the built site with old replaced by new in one page, whose policy is dropped so the changed loader runs."""
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    page = root / path / "index.html"
    text = page.read_text(encoding="utf-8")
    assert old in text, f"the fault cannot be planted: {old!r} is not in /{path}/"
    text = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text.replace(old, new))
    page.write_text(text, encoding="utf-8")
    return root


def search_files_before_interaction(context: BrowserContext, url: str) -> list[str]:
    """The search files the page (or its workers) asks for before the reader does anything."""
    urls: list[str] = []
    context.on("request", lambda request: urls.append(request.url))
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return [u for u in urls if any(part in u for part in SEARCH_FILES)]


def test_search_waits_for_the_first_interaction_and_then_works(new_context: CreateContextCallback, served: str) -> None:
    context = new_context(viewport={"width": 1280, "height": 900})
    early = search_files_before_interaction(context, served + "aid/")
    assert not early, f"fetched before the reader did anything: {early}"
    page = context.pages[0]
    start_bundle(page)
    page.locator(".md-search__input").focus()
    page.keyboard.type("defensive weapons")
    expect(page.locator(".md-search-result__item a[href*='aid/']").first).to_be_visible(timeout=10_000)


def test_search_check_catches_an_index_fetched_on_arrival(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    root = planted(site, tmp_path, "</head>", '<link rel="preload" as="fetch" crossorigin href="../search/search_index.json"></head>')
    with serving(root, site.base_path) as url:
        early = search_files_before_interaction(new_context(viewport={"width": 1280, "height": 900}), url + "aid/")
    assert [u for u in early if u.endswith("/search/search_index.json")], "the planted early fetch was not seen"


def test_no_domcontentloaded_listener_runs_twice(new_context: CreateContextCallback, served: str) -> None:
    context = new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(COUNT_DOMCONTENTLOADED)
    page = context.new_page()
    read(page, served + "about/")
    assert page.evaluate("window.__loaded") == 1
    blocks, bars = page.evaluate(COPY_BARS)
    assert blocks and bars == blocks, f"{blocks} code blocks have {bars} copy bars: Material's listener did not run exactly once"


@pytest.mark.parametrize(("old", "new", "what"), [
    ("waiting.forEach(", 'document.dispatchEvent(new Event("DOMContentLoaded")); [].forEach(', "page"),
    ("waiting.forEach(", "waiting.concat(waiting).forEach(", "bundle"),
], ids=["dispatched to every listener", "bundle's listener called twice"])
def test_the_listener_checks_catch_a_replay_that_runs_a_listener_twice(new_context: CreateContextCallback, site: Site, tmp_path: Path, old: str, new: str, what: str) -> None:
    root = planted(site, tmp_path, old, new, "about")
    context = new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(COUNT_DOMCONTENTLOADED)
    page = context.new_page()
    with serving(root, site.base_path) as url:
        page.goto(url + "about/")
        page.wait_for_load_state("networkidle")
        start_bundle(page)
        if what == "page":
            assert page.evaluate("window.__loaded") == 2
        else:
            blocks, bars = page.evaluate(COPY_BARS)
            assert bars == 2 * blocks, f"{blocks} code blocks, {bars} copy bars"


def test_a_footnote_shows_in_a_tooltip_when_pointed_at(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 1280, "height": 900}).new_page()
    read(page, served + "context/")
    reference = page.locator("a.footnote-ref").first
    note = page.locator(f"[id='{(reference.get_attribute('href') or '').split('#')[-1]}']").inner_text().strip()
    reference.scroll_into_view_if_needed()
    reference.hover()
    expect(page.locator(".md-tooltip2--active")).to_contain_text(note[:40])


def test_the_contents_follow_the_reading_and_back_to_top_returns(new_context: CreateContextCallback, served: str) -> None:
    page = new_context(viewport={"width": 1280, "height": 500}).new_page()
    read(page, served + "aid/")
    links = page.eval_on_selector_all(".md-sidebar--secondary a.md-nav__link", "els => els.map((e) => new URL(e.href).hash)")
    # Read on, a section at a time, pausing in each as a reader does (Material waits for
    # scrolling to rest for 250 ms). It marks each section in the contents, and puts it
    # in the address from the second on: the first is where reading began.
    for step, target in enumerate(links[1:len(links) // 2 + 1]):
        page.evaluate(f"document.getElementById({target[1:]!r}).scrollIntoView()")
        page.mouse.wheel(0, 10)
        active = page.locator(f".md-sidebar--secondary a.md-nav__link--active[href$='{target}']")
        expect(active, f"the table of contents did not follow the reading to {target}").to_be_attached()
        if step:
            expect(page).to_have_url(f"{served}aid/{target}")
        page.wait_for_timeout(400)

    page.mouse.wheel(0, 5000)
    page.mouse.wheel(0, -400)
    top = page.locator(".md-top")
    expect(top, "scrolling back up showed no back-to-top button").to_be_visible()
    settle(page)
    top.click()
    page.wait_for_function("() => scrollY === 0", timeout=5_000)


def first_screen_differences(new_context: CreateContextCallback, url: str, width: int, scheme: str) -> list[str]:
    """Where the first screen drawn with the critical stylesheet alone differs from the same screen with every stylesheet.

    Scripts are held back in both, as they are at the first paint. The pixels
    decide; the boxes that moved and the colours that changed within the
    region that differs say why.
    """
    shots, screens = [], []
    page = new_context(viewport={"width": width, "height": 800}, color_scheme=scheme).new_page()
    page.route("**/*.js", lambda route: route.abort())
    page.route("**/*.css", lambda route: route.abort())
    for critical_only in (True, False):
        if not critical_only:
            page.unroute("**/*.css")
        page.goto(url)
        if not critical_only:
            page.wait_for_function(STYLED)
        settle(page)
        # A transition that the full stylesheets start ends before the shot, so no shot catches one halfway.
        shots.append(Image.open(io.BytesIO(page.screenshot(animations="disabled"))).convert("RGB"))
        screens.append(page.evaluate(FIRST_SCREEN))
    region = ImageChops.difference(*shots).getbbox()
    if region is None:
        return []
    left, top, right, bottom = region
    critical, full = screens
    problems = [f"pixels differ in x {left}-{right}, y {top}-{bottom}"]
    problems += [f"colours {critical['colours']} become {full['colours']}"] if critical["colours"] != full["colours"] else []
    later = {box[0]: box for box in full["boxes"]}
    problems += [f"{box[1]} {box[2:]} moves to {later.get(box[0], ['gone'])[2:]}" for box in critical["boxes"]
                 if later.get(box[0]) != box and box[2] < right and box[2] + box[4] > left and box[3] < bottom and box[3] + box[5] > top]
    return problems


# What to do when a first screen differs: the cut is made from synthetic pages, not the brief's.
RECUT = ("run `make critical` if a stylesheet or template changed; if this first screen shows something "
         "no page of SHAPES in tools/synthetic.py does, add it there first")

WIDTHS = pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")], ids=["390px-light", "1280px-dark"])


@WIDTHS
@pytest.mark.parametrize("path", READER_PATHS, ids=lambda p: p.strip("/") or "home")
def test_the_critical_stylesheet_draws_the_first_screen_as_the_full_ones_do(new_context: CreateContextCallback, served: str, path: str, width: int, scheme: str) -> None:
    problems = first_screen_differences(new_context, served + path, width, scheme)
    assert not problems, f"/{path} at {width}px, {scheme}: " + "; ".join(problems[:8]) + f". {RECUT}"


@WIDTHS
@pytest.mark.parametrize("path", PAGE_PATHS[:-1], ids=lambda p: p.strip("/") or "home")
def test_the_critical_stylesheet_draws_every_shape_of_first_screen(new_context: CreateContextCallback, shapes_served: str, path: str, width: int, scheme: str) -> None:
    """The synthetic pages it is cut from: a page of a few lines, all text, boxes, a table and cards… (synthetic.SHAPES)."""
    problems = first_screen_differences(new_context, shapes_served + path, width, scheme)
    assert not problems, f"synthetic /{path} at {width}px, {scheme}: " + "; ".join(problems[:8]) + f". {RECUT}"


def test_the_first_screen_check_catches_a_rule_missing_from_the_critical_stylesheet(new_context: CreateContextCallback, site: Site, tmp_path: Path) -> None:
    rule = "html{height:100%;overflow-x:hidden;font-size:125%}"
    root = planted(site, tmp_path, rule, "")
    with serving(root, site.base_path) as url:
        problems = first_screen_differences(new_context, url + "aid/", 390, "light")
    assert len(problems) > 1 and problems[0].startswith("pixels differ"), f"the moved boxes are not named: {problems}"
