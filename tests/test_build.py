"""The site builds strictly, and every page is titled, described and in the nav."""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from support import MISSING_PATH, PLACEHOLDER_HOSTS, READER_PATHS, ROOT, Site


def test_strictness_lives_in_the_config(site: Site) -> None:
    assert site.config.strict is True
    validation = site.config.validation
    options = {
        "nav.omitted_files": validation.nav.omitted_files,
        "nav.not_found": validation.nav.not_found,
        "nav.absolute_links": validation.nav.absolute_links,
        "links.not_found": validation.links.not_found,
        "links.anchors": validation.links.anchors,
        "links.absolute_links": validation.links.absolute_links,
        "links.unrecognized_links": validation.links.unrecognized_links,
    }
    assert options == dict.fromkeys(options, logging.WARNING)


def test_site_builds_without_warnings(site: Site) -> None:
    assert "WARNING" not in site.log, site.log
    assert (site.root / "index.html").is_file()


def test_site_url_is_a_project_sub_path(site: Site) -> None:
    url = urlsplit(site.config.site_url or "")
    assert url.scheme == "https"
    assert url.path.endswith("/") and url.path.strip("/"), "site_url must name the repository sub-path"
    assert url.hostname and not url.hostname.endswith(PLACEHOLDER_HOSTS)


def test_every_page_has_a_title_heading_and_short_description_of_its_own(site: Site) -> None:
    descriptions = []
    for page in site.pages:
        soup = site.soup(page)
        title = soup.title.get_text(strip=True) if soup.title else ""
        assert title, f"{page}: no <title>"
        assert soup.find("h1"), f"{page}: no <h1>"
        description = soup.find("meta", attrs={"name": "description"})
        assert description and description.get("content"), f"{page}: no meta description"
        assert len(description["content"]) <= 160, f"{page}: description of {len(description['content'])} characters"
        if page.name != "404.html":
            descriptions.append(description["content"])
    assert len(set(descriptions)) == len(descriptions), "two pages share a description"


def test_every_page_is_in_the_nav(site: Site) -> None:
    """All but the whole brief, which is assembled from the others and linked from the home page."""
    doc_pages = sorted(p.relative_to(ROOT / "docs").as_posix() for p in (ROOT / "docs").rglob("*.md"))
    assert sorted(page.file.src_uri for page in site.nav_pages) == [p for p in doc_pages if p != "whole-brief.md"]


def test_pages_request_nothing_from_other_hosts(site: Site) -> None:
    """No web fonts, CDN scripts or analytics: every asset comes from the site itself."""
    for page in site.pages:
        soup = site.soup(page)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in soup.find_all(tag):
                value = element.get(attribute)
                if not value or (tag == "link" and "canonical" in (element.get("rel") or [])):
                    continue
                assert not urlsplit(value).netloc, f"{page}: <{tag}> loads {value}"
        assert "fonts.googleapis" not in page.read_text(encoding="utf-8")


def test_no_template_or_config_file_is_published(site: Site) -> None:
    published = {p.suffix for p in site.root.rglob("*") if p.is_file()}
    assert not published & {".yml", ".yaml", ".py", ".j2", ".jinja"}
    assert not list(site.root.rglob("main.html"))


def test_the_benchmark_references_build(site: Site, tmp_path: Path) -> None:
    """make bench takes twenty minutes, so its two reference builds are checked here."""
    import bench

    stock = bench.build_stock(tmp_path)
    pages = [path for path in READER_PATHS if path != MISSING_PATH]
    limit = bench.build_limit(site.root, tmp_path, pages)
    for page in pages:
        soup = BeautifulSoup((stock / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        ours = [tag for tag in soup.select("link[rel=stylesheet], script[src]") if "brief" in (tag.get("href") or tag.get("src"))]
        assert not ours and not soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"}), f"stock /{page} is not stock"
        bare = BeautifulSoup((limit / page / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert bare.select("main > article h1") and not bare.select("link, script[src]"), f"limit /{page} is not bare"
