"""A link to every point, and each page's foot: what a reader does with them.

A point is an element a page marks `{ #id .point }`; hooks/points.py gives it a
link to itself, which brief.js makes copy the point's full address, as a
heading's permalink does. The copies are read back from the clipboard, so these
tests open the site at the test server's own address: 127.0.0.1 is a secure
context, where a page may write the clipboard, and brief.test is not.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from points import LINK_LABEL
from support import Site, read, settle
from pages import WHOLE_BRIEF
from test_a11y import describe, violations

CLIPBOARD = ["clipboard-read", "clipboard-write"]

# Where the element is against the sticky header and the window.
PLACE = """(id) => {
  const box = document.getElementById(id).getBoundingClientRect();
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  return { top: box.top, bottom: box.bottom, left: box.left, header, height: innerHeight, width: innerWidth };
}"""


def points(site: Site) -> dict[str, list[str]]:
    """Each page's points, as the built site has them: {address: [id, ...]}."""
    found = {}
    for page in site.nav_pages:
        ids = [str(tag["id"]) for tag in site.soup(page.file.dest_uri).select("article .point[id]")]
        if ids:
            found[page.url] = ids
    return found


@pytest.fixture
def clipboard_page(new_context: CreateContextCallback, server: str) -> Page:
    context = new_context(viewport={"width": 1280, "height": 900}, permissions=CLIPBOARD)
    return context.new_page()


def clipboard(page: Page) -> str:
    text: str = page.evaluate("navigator.clipboard.readText()")
    return text


def in_view(page: Page, id: str) -> None:
    place = page.evaluate(PLACE, id)
    assert place["header"] - 1 <= place["top"] < place["height"] and place["left"] < place["width"], f"#{id} is not in view: {place}"


def test_the_home_page_has_a_linkable_point_for_each_finding_verdict_and_recommendation(site: Site) -> None:
    home = site.soup("index.html")
    findings = home.select("#thesis + ul > li")
    rows = home.select("#verdict ~ table tbody tr")
    cards = home.select(".grid.cards > ul > li")
    assert findings and rows and cards
    for item in [*findings, *rows, *cards]:
        point = item if item.has_attr("id") and "point" in item.get_attribute_list("class") else item.select_one(".point[id]")
        assert point is not None, f"not marked as a point: {item.get_text(' ', strip=True)[:60]!r}"
        link = point.select_one("a.brief-point-link")
        assert link is not None and link["href"] == f"#{point['id']}" and link["aria-label"] == LINK_LABEL


def test_each_point_link_copies_its_full_address_and_says_so(clipboard_page: Page, server: str, site: Site) -> None:
    page = clipboard_page
    site_url = site.config.site_url or ""
    status = page.locator(".brief-status")
    for url, ids in points(site).items():
        read(page, server + url)
        assert status.get_attribute("role") == "status"  # a polite live region
        for id in ids:
            page.evaluate("navigator.clipboard.writeText('')")
            page.locator(f"a.brief-point-link[href$='#{id}']").click()
            expect(status).to_have_text("Link copied")
            assert clipboard(page) == f"{site_url}{url}#{id}"
            assert page.evaluate("location.hash") == f"#{id}"
            in_view(page, id)


def test_a_heading_permalink_copies_its_full_address_and_the_status_line_passes_axe(clipboard_page: Page, server: str, site: Site) -> None:
    page = clipboard_page
    read(page, server + "aid/")
    permalink = page.locator(".md-content article > h2 > a.headerlink").first
    permalink.click()
    expect(page.locator(".brief-status")).to_have_text("Link copied")
    assert clipboard(page) == f"{site.config.site_url}aid/#{str(permalink.get_attribute('href')).partition('#')[2]}"
    found = violations(page)
    assert not found, describe(found)


def test_the_keyboard_reaches_a_point_link_and_copies_with_enter(clipboard_page: Page, server: str, site: Site) -> None:
    page = clipboard_page
    url, ids = next(iter(points(site).items()))
    read(page, server + url)
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.brief-point-link')"):
            break
    else:
        pytest.fail("Tab never reached a point's link")
    focused = page.evaluate("document.activeElement.hash")
    assert focused == f"#{ids[0]}", f"the first point link Tab reaches is {focused}, not #{ids[0]}"
    page.keyboard.press("Enter")
    expect(page.locator(".brief-status")).to_have_text("Link copied")
    assert clipboard(page) == f"{site.config.site_url}{url}#{ids[0]}"


def test_a_tap_on_a_phone_copies_a_point_link(new_context: CreateContextCallback, server: str, site: Site) -> None:
    context = new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, permissions=CLIPBOARD)
    page = context.new_page()
    url, ids = next(iter(points(site).items()))
    read(page, server + url)
    link = page.locator(f"a.brief-point-link[href$='#{ids[-1]}']")
    box = link.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24, f"the link is too small to tap: {box}"
    link.tap()
    expect(page.locator(".brief-status")).to_have_text("Link copied")
    assert clipboard(page) == f"{site.config.site_url}{url}#{ids[-1]}"


def test_a_click_before_the_scripts_start_follows_the_link_and_the_next_one_copies(clipboard_page: Page, server: str, site: Site) -> None:
    """The reader's first move starts the scripts (brief/loader.html); a click that is that move is a plain link."""
    page = clipboard_page
    url, ids = next(iter(points(site).items()))
    held: list[Route] = []
    page.route("**/assets/javascripts/brief*.js", lambda route: held.append(route))
    page.goto(server + url)
    page.wait_for_load_state("networkidle")
    page.evaluate("navigator.clipboard.writeText('untouched')")
    page.locator(f"a.brief-point-link[href$='#{ids[1]}']").click()
    page.wait_for_function("() => window.document$ !== undefined")
    assert held, "brief.js was never asked for"
    settle(page)
    assert page.evaluate("location.hash") == f"#{ids[1]}"
    in_view(page, ids[1])
    assert clipboard(page) == "untouched" and page.locator(".brief-status").count() == 0
    held[0].continue_()
    page.wait_for_function("() => document.documentElement.dataset.printTargets === 'marked'")
    page.locator(f"a.brief-point-link[href$='#{ids[1]}']").click()
    expect(page.locator(".brief-status")).to_have_text("Link copied")
    assert clipboard(page) == f"{site.config.site_url}{url}#{ids[1]}"


@pytest.mark.parametrize("width", [1280, 390], ids=lambda w: f"{w}px")
def test_each_point_address_lands_with_the_point_in_view(new_context: CreateContextCallback, served: str, site: Site, width: int) -> None:
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    for url, ids in points(site).items():
        for id in ids:
            page.goto(f"{served}{url}#{id}")
            page.wait_for_load_state("networkidle")
            settle(page)
            in_view(page, id)


def test_without_javascript_a_point_link_is_a_plain_link(new_context: CreateContextCallback, served: str, site: Site) -> None:
    page = new_context(viewport={"width": 1280, "height": 800}, java_script_enabled=False).new_page()
    url, ids = next(iter(points(site).items()))
    page.goto(served + url)
    page.locator(f"a.brief-point-link[href$='#{ids[-1]}']").click()
    assert page.url == f"{served}{url}#{ids[-1]}"
    in_view(page, ids[-1])


# --- The page's foot: suggest a correction, see what changed --------------------

def test_each_page_links_a_correction_and_its_history_and_the_404_page_neither(site: Site) -> None:
    repository = site.config.extra["brief"]["repository"]
    site_url = site.config.site_url or ""
    sources = {page.url: f"docs/{page.file.src_uri}" for page in site.nav_pages}
    sources[WHOLE_BRIEF] = "docs"  # assembled from every page
    for url, source in sources.items():
        soup = site.soup(url + "index.html")
        title = soup.title.get_text().rsplit(" - ", 1)[0] if soup.title else ""
        links = {a.get_text(strip=True): str(a["href"]) for a in soup.select("article .brief-foot a[href]")}
        correction, history = links.get("Suggest a correction", ""), links.get("See what changed on this page", "")
        issue = urlsplit(correction)
        fields = parse_qs(issue.query)
        assert f"{issue.scheme}://{issue.netloc}{issue.path}" == f"{repository}/issues/new", f"/{url}: {correction}"
        assert title in fields["title"][0] and title in fields["body"][0], f"/{url}: the issue does not name the page: {fields}"
        assert site_url + url in fields["body"][0].split(), f"/{url}: the issue does not give the page's address: {fields}"
        assert history == f"{repository}/commits/main/{source}", f"/{url}: {history}"
    assert not site.soup("404.html").select(".brief-foot")
