"""A reader's first visit to any page, the whole brief included, costs at most 70 KiB on the wire.

This counts bytes, not time: what Chromium receives (compressed bodies and
headers) on a first visit with an empty cache, until the network is quiet,
before the reader does anything. The page, its critical stylesheet and the full
stylesheets arrive; Material's bundle (about 35 KiB) waits for the reader's
first interaction, and the search index for search (overrides/brief/loader.html).
How fast it all arrives is measured by `make bench`, not here.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Request
from pytest_playwright.pytest_playwright import CreateContextCallback

from support import READER_PATHS, Site
from serve import serving

BUDGET = 70 * 1024


def first_visit(new_context: CreateContextCallback, url: str) -> dict[str, int]:
    """Bytes received for each URL a first visit to url fetches."""
    context = new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    finished: list[Request] = []
    page.on("requestfinished", lambda request: finished.append(request))
    # The full stylesheets follow the first paint; on a busy machine the network
    # can fall quiet before they are asked for, so wait for them first.
    with page.expect_request_finished(lambda request: "/stylesheets/main." in request.url):
        page.goto(url)
    page.wait_for_load_state("networkidle")
    received: dict[str, int] = {}
    for request in finished:
        if request.url.startswith("data:"):
            continue
        sizes = request.sizes()
        received[request.url] = received.get(request.url, 0) + sizes["responseBodySize"] + sizes["responseHeadersSize"]
    return received


def over_budget(received: dict[str, int]) -> str | None:
    total = sum(received.values())
    if total <= BUDGET:
        return None
    largest = sorted(received.items(), key=lambda item: -item[1])[:5]
    return f"{total / 1024:.1f} KiB, over {BUDGET // 1024}; largest: " + ", ".join(
        f"{urlsplit(url).path} {size / 1024:.1f} KiB" for url, size in largest
    )


@pytest.mark.parametrize("path", READER_PATHS[:-1], ids=lambda p: p.strip("/") or "home")
def test_first_visit_is_within_the_budget(new_context: CreateContextCallback, served: str, path: str) -> None:
    received = first_visit(new_context, served + path)
    assert any("/stylesheets/main." in url for url in received), "the visit ended before the full stylesheets loaded"
    assert over_budget(received) is None, f"/{path}: {over_budget(received)}"


def test_the_budget_catches_a_planted_heavy_image(site: Site, new_context: CreateContextCallback, tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(site.root, root)
    # Random bytes do not compress, so the image costs what it weighs.
    (root / "heavy.png").write_bytes(random.Random(3).randbytes(40 * 1024))
    page = root / "aid" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</article>", '<img src="../heavy.png" alt=""></article>', 1), encoding="utf-8")
    with serving(root, site.base_path) as url:
        problem = over_budget(first_visit(new_context, url + "aid/"))
    assert problem is not None and "heavy.png" in problem, problem
