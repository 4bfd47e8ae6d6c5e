"""Accessibility: axe-core on every page, in both schemes, at phone and desktop widths."""

from __future__ import annotations

from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page
from pytest_playwright.pytest_playwright import CreateContextCallback

from support import READER_PATHS, read, settle

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = {"light": "default", "dark": "slate"}
WIDTHS = [1280, 390]
axe = Axe()


def violations(page: Page) -> list[dict[str, Any]]:
    result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
    found: list[dict[str, Any]] = result.response["violations"]
    return found


def describe(found: list[dict[str, Any]]) -> str:
    return "\n".join(
        f"- {v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"    {n['target']}: {n['failureSummary'].splitlines()[-1].strip()}" for n in v["nodes"][:5])
        for v in found
    )


def open_page(new_context: CreateContextCallback, url: str, scheme: str, width: int) -> Page:
    context = new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    read(page, url)
    return page


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", READER_PATHS, ids=lambda p: p.strip("/") or "home")
def test_no_axe_violations(new_context: CreateContextCallback, served: str, path: str, scheme: str) -> None:
    # A desktop reader, then the same page narrowed to a phone's width. (A scheme switched on an open
    # page is left to first loads: colours still in transition would read as faults.)
    page = open_page(new_context, served + path, scheme, WIDTHS[0])
    assert page.locator("body").get_attribute("data-md-color-scheme") == SCHEMES[scheme], "the scheme asked for is not shown"
    report = [f"{width}px:\n{describe(found)}" for width in WIDTHS if (found := violations(resized(page, width)))]
    assert not report, f"{path or 'home'} ({scheme}) has axe violations at " + "\n".join(report)


def resized(page: Page, width: int) -> Page:
    """The page at width, once the transitions the resize starts (the drawer's titles fade) have begun and been run to their end."""
    page.set_viewport_size({"width": width, "height": 900})
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
    settle(page)
    return page


# Faults planted in the live page: each must be caught by the same check.
PLANTED = {
    "label": "document.querySelector('article').insertAdjacentHTML('beforeend', '<input type=\"text\">')",
    "aria-dialog-name": "document.querySelector('[data-md-component=search]').removeAttribute('aria-label')",
    "color-contrast": "document.querySelector('article p').style.color = '#bbbbbb'",
    "landmark-unique": "document.querySelector('article').insertAdjacentHTML('beforeend', '<nav><a href=\"#\">a</a></nav><nav><a href=\"#\">b</a></nav>')",
    "link-in-text-block": "document.querySelectorAll('article p a').forEach((a) => a.style.textDecoration = 'none')",
}


def test_axe_catches_each_planted_fault(new_context: CreateContextCallback, served: str) -> None:
    page = open_page(new_context, served + "aid/", "light", 1280)
    assert not PLANTED.keys() & {v["id"] for v in violations(page)}
    for plant in PLANTED.values():
        page.evaluate(plant)
    missed = PLANTED.keys() - {v["id"] for v in violations(page)}
    assert not missed, f"axe missed the planted faults {sorted(missed)}"
