"""What a reader does in a real browser: keyboard, search, palette, permalinks, no JavaScript, print."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_playwright.pytest_playwright import CreateContextCallback

from support import MISSING_PATH, PAGE_PATHS, Site, read, settle

import citation
import record

# Brings CSS transitions and animations to their end (as support.settle does), then reads the
# focus: one round trip for each Tab. A stop that looks unseen is read again once any scrolling
# has come to rest, so only those wait for frames.
READ_FOCUS = """async () => {
  document.getAnimations().forEach((a) => { try { a.finish(); } catch { /* an endless animation */ } });
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const shown = (el) => {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility === "visible" && Number(s.opacity) > 0
      && r.bottom > 0 && r.right > 0 && r.left < innerWidth && r.top < innerHeight;
  };
  const ring = (el) => {
    const s = getComputedStyle(el);
    return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
  };
  const read = () => {
    const e = document.activeElement;
    let target = e;
    // Material's radio and checkbox toggles are invisible; their label, or a tab list, shows the focus.
    if (e.matches("input[type=radio], input[type=checkbox]") && !shown(e)) {
      const tabs = e.closest(".tabbed-set") && e.closest(".tabbed-set").querySelector(".tabbed-labels");
      const labels = [e.nextElementSibling, ...document.querySelectorAll(`label[for="${e.id}"]`), tabs];
      target = labels.find((l) => l && l.matches("label, .tabbed-labels") && shown(l) && ring(l)) || e;
    }
    return {
      tag: e.tagName, id: e.id, cls: String(e.className), href: e.href || null,
      name: (e.getAttribute("aria-label") || e.title || e.textContent || "").trim().slice(0, 40),
      visible: shown(target), ring: ring(target), drawer: Boolean(e.closest(".md-sidebar--primary")),
    };
  };
  const first = read();
  if (first.visible && first.ring) return first;
  for (let last = null; last !== `${scrollX},${scrollY}`; ) { last = `${scrollX},${scrollY}`; await frame(); await frame(); }
  return read();
}"""


def tab_walk(page: Page, limit: int = 400, drawer: bool = False) -> list[dict[str, Any]]:
    """Press Tab until focus comes round again, or, with drawer, until it leaves the navigation drawer; return every stop."""
    stops: list[dict[str, Any]] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        stop = page.evaluate(READ_FOCUS)
        if stop["tag"] == "BODY" or (stops and (stop["id"], stop["href"], stop["cls"]) == (stops[0]["id"], stops[0]["href"], stops[0]["cls"])):
            break
        if drawer and stops and stops[-1]["drawer"] and not stop["drawer"]:
            break
        stops.append(stop)
    return stops


@pytest.fixture
def reader(new_context: CreateContextCallback) -> Page:
    """A reader at 1280 × 900, in the light scheme."""
    return new_context(viewport={"width": 1280, "height": 900}, color_scheme="light").new_page()


@pytest.mark.parametrize("width", [1280, 390], ids=lambda w: f"{w}px")
@pytest.mark.parametrize("path", PAGE_PATHS, ids=lambda p: p.strip("/") or "home")
def test_keyboard_reaches_everything_with_focus_always_visible(new_context: CreateContextCallback, served: str, path: str, width: int) -> None:
    context = new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    read(page, served + path)
    headerlinks = set(page.eval_on_selector_all("a.headerlink", "els => els.map(e => e.href)"))
    pages = set(page.eval_on_selector_all(".md-sidebar--primary a.md-nav__link[href]", "els => els.map(e => e.href.split('#')[0])"))
    stops = tab_walk(page)
    unseen = [s for s in stops if not (s["visible"] and s["ring"])]
    assert not unseen, f"{path}: focus is not visible on {unseen}"
    reached = {s["href"] for s in stops if s["href"]}
    assert headerlinks or path == MISSING_PATH, f"{path}: no heading permalinks"
    assert headerlinks <= reached, f"{path}: permalinks never reached: {headerlinks - reached}"
    assert any("md-search__input" in s["cls"] for s in stops), "the search field is not reachable"
    assert any("md-option" in s["cls"] for s in stops), "the palette toggle is not reachable"
    # Material writes a skip link only on pages with headings in their table of contents.
    has_skip = page.locator(".md-skip").count() > 0
    assert has_skip or path == MISSING_PATH, f"{path}: no skip link"
    assert not has_skip or "md-skip" in stops[0]["cls"], f"the first stop is {stops[0]}, not the skip link"
    if width == 1280:
        assert pages <= reached, f"navigation links never reached: {pages - reached}"
    else:
        # On a phone the navigation is a drawer, opened from the keyboard by its menu button.
        menu = [i for i, s in enumerate(stops) if s["name"] == "Navigation menu"]
        assert menu, "the menu button is not reachable"
        # The closed drawer's links were not among the stops: every stop above was on screen.
        page.locator(".brief-menu-button").focus()
        page.keyboard.press("Enter")
        settle(page)
        assert page.locator("#__drawer").is_checked()
        assert page.locator(".brief-menu-button").get_attribute("aria-expanded") == "true"
        opened = {s["href"] for s in tab_walk(page, drawer=True) if s["href"]}
        # The drawer shows the current page as its table of contents, not as a link.
        others = pages - {page.url.split("#")[0]}
        assert others <= opened, f"the open drawer's links are not all reachable: {others - opened}"
        # Following a link closes the drawer, and the button says so.
        target = sorted(others)[0]
        page.locator(f".md-sidebar--primary a.md-nav__link[href='{target}']").first.focus()
        page.keyboard.press("Enter")
        # navigation.tracking may add the section in view to the address as a fragment.
        page.wait_for_url(lambda url: url.split("#")[0] == target)
        expect(page.locator("#__drawer")).not_to_be_checked()
        page.locator(".brief-menu-button").focus()
        assert page.locator(".brief-menu-button").get_attribute("aria-expanded") == "false"


def test_keyboard_operates_the_skip_link_navigation_and_permalinks(reader: Page, served: str, site: Site) -> None:
    read(reader, served + "aid/")
    reader.keyboard.press("Tab")
    reader.keyboard.press("Enter")
    assert reader.evaluate("location.hash") == "#" + reader.locator(".md-content h1").get_attribute("id")

    # Permalink: focus the first section's and follow it.
    permalink = reader.locator(".md-content article > h2 > a.headerlink").first
    target = "#" + str(permalink.get_attribute("href")).partition("#")[2]
    permalink.focus()
    reader.keyboard.press("Enter")
    assert reader.evaluate("location.hash") == target
    assert reader.locator(target).is_visible()

    # Navigation: the link to the context page, followed with Enter.
    reader.locator(".md-sidebar--primary a.md-nav__link[href$='context/']").focus()
    reader.keyboard.press("Enter")
    reader.wait_for_url("**/context/")
    expect(reader.locator(".md-content h1")).to_have_id(str(site.title("context/")["id"]))


@pytest.mark.parametrize("target", ["aid/", "peacekeeping/", "negotiation/"], ids=lambda t: t.strip("/"))
def test_search_finds_each_proposal_by_its_title_and_opens_the_hit(reader: Page, served: str, site: Site, target: str) -> None:
    title = site.title(target)
    words = " ".join(re.sub(r"[^\w\s]", " ", title.get_text()).split())  # lunr reads a colon as a field name
    read(reader, served + "context/")
    reader.locator(".md-search__input").focus()
    reader.keyboard.type(words)
    hit = reader.locator(f".md-search-result__item a[href*='{target}']").first
    hit.wait_for(state="visible", timeout=10_000)
    # Arrow down through the results to the hit, and open it with Enter, as a keyboard user would.
    for _ in range(20):
        reader.keyboard.press("ArrowDown")
        if reader.evaluate("document.activeElement.href ? new URL(document.activeElement.href).pathname : ''").endswith(target):
            break
    else:
        pytest.fail(f"arrow keys never reached the hit for {target}")
    reader.keyboard.press("Enter")
    reader.wait_for_url(f"**/{target}**")
    expect(reader.locator(".md-content h1")).to_have_id(str(title["id"]))


def test_palette_toggle_switches_scheme_and_the_choice_survives_navigation(reader: Page, served: str, site: Site) -> None:
    read(reader, served + "aid/")
    scheme = lambda: reader.locator("body").get_attribute("data-md-color-scheme")  # noqa: E731
    assert scheme() == "default"
    reader.locator("input.md-option").first.focus()
    for _ in range(3):
        if scheme() == "slate":
            break
        reader.keyboard.press("Enter")
        settle(reader)
    assert scheme() == "slate", "the palette toggle never reached the dark scheme"

    # Instant navigation: the page is replaced without a reload, so a marker on window survives.
    reader.evaluate("window.__sameDocument = true")
    reader.locator(".md-sidebar--primary a.md-nav__link[href$='negotiation/']").click()
    reader.wait_for_url("**/negotiation/")
    expect(reader.locator(".md-content h1")).to_have_id(str(site.title("negotiation/")["id"]))
    assert reader.evaluate("window.__sameDocument === true"), "navigation was not instant"
    assert scheme() == "slate"

    reader.reload()
    assert scheme() == "slate", "the choice did not survive a reload"


@pytest.mark.parametrize("path", PAGE_PATHS[:-1], ids=lambda p: p.strip("/") or "home")
def test_every_permalink_lands_on_its_heading(reader: Page, served: str, path: str) -> None:
    read(reader, served + path)
    targets = reader.eval_on_selector_all("a.headerlink", "els => els.map(e => new URL(e.href).hash)")
    assert targets
    for target in targets:
        reader.goto(served + path + target)
        settle(reader)
        top = reader.evaluate(f"document.getElementById({target[1:]!r}).getBoundingClientRect().top")
        if reader.evaluate("scrollY + innerHeight < document.documentElement.scrollHeight - 1"):
            # Not at the page's end, so the heading sits just under the sticky header.
            assert 0 <= top <= 120, f"{path}{target}: heading is at {top}px, not at the top"
        else:
            assert 0 <= top <= 900, f"{path}{target}: heading is off-screen at {top}px"


@pytest.mark.parametrize("width", [1280, 390], ids=lambda w: f"{w}px")
def test_without_javascript_every_page_and_the_navigation_can_be_read(new_context: CreateContextCallback, served: str, site: Site, width: int) -> None:
    context = new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    for path in PAGE_PATHS:
        page.goto(served + path)
        expected = site.soup(path + "index.html" if path != MISSING_PATH else "404.html").select_one("article")
        assert expected is not None
        article = page.locator(".md-content article")
        assert article.is_visible(), f"{path}: no visible article without JavaScript"
        shown = " ".join(article.inner_text().split())
        for paragraph in expected.find_all("p"):
            text = " ".join(paragraph.get_text().split())
            assert text[:60] in shown, f"{path}: paragraph not shown without JavaScript: {text[:60]!r}"
        if width == 390:
            # The drawer is pure CSS: its checkbox opens it without JavaScript.
            page.locator("label.md-header__button[for='__drawer']").click()
            settle(page)
        links = page.locator(".md-sidebar--primary a.md-nav__link")
        visible = [links.nth(i).get_attribute("href") for i in range(links.count()) if links.nth(i).is_visible()]
        assert len(visible) >= len(PAGE_PATHS) - 1, f"{path} ({width}px): navigation not readable without JavaScript: {visible}"


def test_print_hides_navigation_shows_all_text_and_prints_link_targets(reader: Page, served: str, site: Site) -> None:
    for path in ["peacekeeping/", "about/"]:
        read(reader, served + path)
        reader.emulate_media(media="print")
        for chrome in [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-search", ".md-footer"]:
            assert not reader.locator(chrome).first.is_visible(), f"{path}: {chrome} is printed"
        shown = " ".join(reader.locator(".md-content article").inner_text().split())
        for paragraph in site.soup(path + "index.html").select("article p:not(.brief-actions)"):
            text = " ".join(paragraph.get_text().split())
            assert text[:60] in shown, f"{path}: not printed: {text[:60]!r}"
        # Every panel of a tabbed block (the citation styles on the about page) is printed.
        for block in reader.locator(".tabbed-block").all():
            assert block.is_visible(), f"{path}: a tab panel is not printed"
        printed = reader.eval_on_selector_all(
            ".md-content article a[href]:not(.headerlink, .footnote-ref, .footnote-backref)",
            "els => els.map(a => [a.textContent.trim(), a.href, getComputedStyle(a, '::after').content])",
        )
        external = [p for p in printed if not p[1].startswith(served)]
        internal = [p for p in printed if p[1].startswith(served) and not p[0].startswith("¶") and "#" not in p[1]]
        for text, href, after in external + internal:
            assert href in after, f"{path}: the link {text!r} prints {after!r}, not its target {href}"
        bare = [p for p in printed if p[0].startswith("¶") or p[1].startswith(served + path + "#")]
        for text, href, after in bare:
            assert after == "none", f"{path}: the ¶ citation or same-page link {text!r} prints {after!r}"
        if path == "about/":
            assert external and internal, f"{path}: expected links both to other sites and to other pages"
        else:
            assert bare, f"{path}: expected ¶ citations to check"
        reader.emulate_media(media="screen")


@pytest.mark.parametrize("touch", [True, False], ids=["tapped on a phone", "pointed at"])
def test_a_glossary_term_shows_its_definition_when_tapped_or_pointed_at(new_context: CreateContextCallback, served: str, site: Site, touch: bool) -> None:
    viewport = {"width": 390, "height": 844} if touch else {"width": 1280, "height": 900}
    context = new_context(viewport=viewport, is_mobile=touch, has_touch=touch)
    page = context.new_page()
    terms = page.locator(".md-content abbr[title]")
    if touch:
        # The tap is the reader's first move: it starts Material's bundle, which shows the tooltip.
        # Scrolling would be a move of its own, so the term is one the first screen of some page shows.
        index = -1
        for path in PAGE_PATHS[:-1]:
            page.goto(served + path)
            page.wait_for_load_state("networkidle")
            index = page.evaluate("[...document.querySelectorAll('.md-content abbr[title]')]"
                                  ".findIndex((a) => { const r = a.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; })")
            if index >= 0:
                break
        assert index >= 0, "no page shows a glossary term on its first screen at 390 px"
        term = terms.nth(index)
    else:
        path = next(path for path in PAGE_PATHS[:-1] if site.soup(path + "index.html").select(".md-content abbr[title]"))
        read(page, served + path)
        term = terms.first
        term.scroll_into_view_if_needed()
    name, definition = term.inner_text(), term.get_attribute("title")
    assert definition, "no glossary term to try"
    if touch:
        assert page.evaluate("document.querySelector('body > script[src*=\"/bundle.\"]')") is None, "the bundle started before the tap"
        term.tap()
    else:
        term.hover()
    expect(page.locator(".md-tooltip2--active"), f"{name!r} shows no definition").to_have_text(definition, timeout=10_000)


def test_the_focus_check_catches_a_planted_invisible_focus(reader: Page, served: str) -> None:
    read(reader, served + "aid/")
    reader.evaluate("document.querySelectorAll('.md-content a').forEach((a) => { a.style.outline = 'none' })")
    stops = tab_walk(reader)
    assert any(not s["ring"] for s in stops if s["href"] and "/aid/#" not in s["href"]), "planted invisible focus not caught"


def test_each_citation_style_copies_exactly_its_text(new_context: CreateContextCallback, served: str, site: Site) -> None:
    expected = citation.citations(record.read_brief(site.config))
    context = new_context(viewport={"width": 390, "height": 844})
    # The test host is not a secure context, so the clipboard cannot be read back;
    # what the copy command copies is the selection at the moment it runs.
    context.add_init_script(
        "document.addEventListener('copy', () => { window.__copied = String(document.getSelection()) || document.activeElement.value })"
    )
    page = context.new_page()
    read(page, served + "about/#cite")
    tabs = page.locator("#cite ~ .tabbed-set").first
    for style, text in expected.items():
        tabs.locator(".tabbed-labels label", has_text=style).click()
        panel = tabs.locator(".tabbed-block:visible")
        panel.locator(".md-code__button").click()
        expect(page.locator(".md-dialog")).to_contain_text("Copied")
        copied = page.evaluate("window.__copied")
        assert copied.strip() == text, f"{style}: copied {copied!r}"
        # On a phone the whole citation is in view, wrapped rather than scrolled.
        scroll = panel.locator("code").evaluate("c => c.scrollWidth - c.clientWidth")
        assert scroll <= 1, f"{style}: the citation scrolls sideways by {scroll}px at 390px"
