"""Links in the built site, checked with lychee as the site is served under site_url."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from support import LYCHEE, PLACEHOLDER_HOSTS, LinkReport, Site, lychee_offline


def test_lychee_is_installed() -> None:
    assert LYCHEE.is_file(), f"lychee not found at {LYCHEE}; `make check` installs it (requirements/test.lock)"


def test_no_broken_internal_links_anchors_images_or_assets(link_report: LinkReport) -> None:
    assert link_report.returncode == 0, link_report.output
    assert link_report.stats["errors"] == 0, link_report.output
    # A check that found nothing to check would pass too: make sure it read the site.
    assert link_report.stats["successful"] >= 300, link_report.stats
    assert link_report.stats["remaps"] >= 1, "absolute links to site_url were not checked"


def test_make_build_leaves_no_broken_link(plain_site: Site, tmp_path: Path) -> None:
    """The site exactly as `make build` leaves it, without the PDF that only `make pdf` prints."""
    report = lychee_offline(plain_site.root, plain_site.base_path, plain_site.config.site_url or "", tmp_path)
    assert report.returncode == 0 and report.stats["errors"] == 0, report.output
    assert report.stats["successful"] >= 300, report.stats


def test_external_links_are_https_to_real_hosts(site: Site) -> None:
    own = urlsplit(site.config.site_url or "").netloc
    links: dict[str, set[str]] = {}  # each link to another site: the pages it is on
    for page in site.pages:
        for element in site.soup(page).find_all(["a", "link"], href=True):
            if urlsplit(element["href"]).netloc not in ("", own):
                links.setdefault(element["href"], set()).add(page.relative_to(site.root).as_posix())
    assert links, "expected links to the publication and to sources"
    for link, pages in links.items():
        url = urlsplit(link)
        assert url.scheme == "https", f"{link} (on {sorted(pages)}) is not https"
        assert url.hostname and "." in url.hostname, f"{link} (on {sorted(pages)}) has no real host"
        assert not url.hostname.endswith(PLACEHOLDER_HOSTS), f"{link} (on {sorted(pages)}) is a placeholder"


def test_the_publication_is_linked_from_the_home_page(site: Site) -> None:
    hosts = {urlsplit(a["href"]).hostname for a in site.soup("index.html").find_all("a", href=True)}
    assert urlsplit(site.config.extra["brief"]["source"]["publisher_url"]).hostname in hosts


FAULTS = {
    "missing page": ('<a href="../no-such-page/">a page that is not there</a>', "no-such-page"),
    "missing anchor": ('<a href="../{page}#no-such-anchor">a heading that is not there</a>', "no-such-anchor"),
    "missing image": ('<img src="../assets/no-such-image.png" alt="">', "no-such-image.png"),
    "missing asset under the sub-path": ('<link rel="stylesheet" href="/{base}/assets/no-such.css">', "no-such.css"),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_lychee_reports_a_planted_fault(fault: str, site: Site, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site.root, copy)
    html, target = FAULTS[fault]
    url = site.nav_pages[1].url  # a page one level down, as the planted links expect
    page = copy / url / "index.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("</article>", html.format(base=site.base_path, page=url) + "</article>", 1), encoding="utf-8")

    report = lychee_offline(copy, site.base_path, site.config.site_url or "", tmp_path)

    assert report.returncode != 0
    assert report.stats["errors"] == 1, report.output
    assert f"{url}index.html" in report.output and target in report.output, report.output
