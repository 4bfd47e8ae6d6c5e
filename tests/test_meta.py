"""What link previews, search engines and reference managers read, read the way they read it.

Every page is parsed with extruct (Open Graph and JSON-LD) and BeautifulSoup
(Highwire citation tags), and held to mkdocs.yml `extra.brief`, the one record
of the brief's title, editors, dates, version, licence and source.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

import extruct
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from PIL import Image

from printed import squash
from support import ROOT, Site, mkdocs_build
from pages import WHOLE_BRIEF

import cards
import citation
import record
import whole_brief

OG_FIELDS = ["og:title", "og:description", "og:url", "og:type", "og:site_name", "og:locale", "og:image"]


def linkable_pages(site: Site) -> list[Path]:
    """Every page with an address of its own: all but the not-found page."""
    return [p for p in site.pages if p.name != "404.html"]


def site_file(site: Site, url: str) -> Path:
    """The built file an absolute site_url address points to."""
    assert site.config.site_url and url.startswith(site.config.site_url), f"{url} is not under site_url"
    path = site.root / url.removeprefix(site.config.site_url)
    return path / "index.html" if url.endswith("/") else path


def read_as_clients(html: str) -> dict[str, Any]:
    """A page's canonical URL, Open Graph blocks and JSON-LD, as extruct reads them for a link previewer."""
    soup = BeautifulSoup(html, "html.parser")
    canonical = soup.find("link", rel="canonical")
    base = str(canonical["href"]) if isinstance(canonical, Tag) else None
    data = extruct.extract(html, base_url=base, syntaxes=["opengraph", "json-ld"], uniform=True)
    # extruct's uniform form moves og:type to @type; it goes back under its own name.
    opengraph = [{**{k: v for k, v in og.items() if k != "@type"}, "og:type": og.get("@type")} for og in data["opengraph"]]
    return {"canonical": base, "opengraph": opengraph, "json-ld": data["json-ld"], "soup": soup}


def extract(site: Site, page: Path) -> dict[str, Any]:
    data = read_as_clients(page.read_text(encoding="utf-8"))
    assert data["canonical"], f"{page}: no canonical link"
    return data


def preview_problems(html: str) -> list[str]:
    """What a link previewer or reference manager would miss on a page."""
    data = read_as_clients(html)
    if not data["canonical"]:
        return ["no canonical link"]
    og = data["opengraph"][0] if data["opengraph"] else {}
    problems = [f"no {field}" for field in OG_FIELDS if not og.get(field)]
    if og.get("og:url") != data["canonical"]:
        problems.append(f"og:url {og.get('og:url')} is not the canonical {data['canonical']}")
    if not data["soup"].find("meta", attrs={"name": "twitter:card", "content": "summary_large_image"}):
        problems.append("no twitter:card summary_large_image")
    reports = [item for item in data["json-ld"] if item.get("@type") in ("Report", "Article")]
    if len(reports) != 1:
        return [*problems, f"{len(reports)} JSON-LD Report or Article blocks"]
    problems += [f"JSON-LD has no {key}" for key in JSON_LD_FIELDS if not reports[0].get(key)]
    if reports[0].get("isBasedOn", {}).get("@type") != "CreativeWork":
        problems.append("JSON-LD isBasedOn is not a CreativeWork")
    return problems


JSON_LD_FIELDS = ["headline", "description", "inLanguage", "datePublished", "dateModified", "publisher", "license", "isBasedOn"]


def test_preview_check_catches_planted_omissions(site: Site) -> None:
    html = (site.root / "aid" / "index.html").read_text(encoding="utf-8")
    planted = html.replace('<meta property="og:image"', '<meta property="og:imagex"').replace('"isBasedOn"', '"basedOn"')
    assert preview_problems(planted) == ["no og:image", "JSON-LD has no isBasedOn", "JSON-LD isBasedOn is not a CreativeWork"]
    moved = html.replace('<meta property="og:url" content="https://', '<meta property="og:url" content="http://')
    assert [p for p in preview_problems(moved) if p.startswith("og:url")], "an og:url that differs from the canonical passed"


def test_every_page_has_a_canonical_url_under_site_url(site: Site) -> None:
    assert len(linkable_pages(site)) == len(site.nav_pages) + 1, "the nav's pages and the whole brief"
    for page in linkable_pages(site):
        canonical = extract(site, page)["canonical"]
        assert canonical.startswith(site.config.site_url or "-"), f"{page}: canonical {canonical}"
        assert site_file(site, canonical) == page, f"{page}: canonical {canonical} names another page"


def test_open_graph_as_a_link_preview_reads_it(site: Site, brief: record.Brief) -> None:
    for page in linkable_pages(site):
        assert preview_problems(page.read_text(encoding="utf-8")) == [], page
        data = extract(site, page)
        assert len(data["opengraph"]) == 1, f"{page}: {data['opengraph']}"
        og = data["opengraph"][0]
        assert og["og:site_name"] == site.config.site_name and og["og:locale"] == site.config.extra["brief"]["locale"]
        description = site.soup(page).find("meta", attrs={"name": "description"})
        assert isinstance(description, Tag) and og["og:description"] == description["content"], page
        title = site.soup(page).title
        assert title is not None and title.string is not None
        if page != site.root / "index.html":
            assert title.string.startswith(og["og:title"]), f"{page}: og:title {og['og:title']!r} is not the page's"


def test_every_card_exists_and_measures_1200_by_630(site: Site) -> None:
    seen = set()
    for page in linkable_pages(site):
        og = extract(site, page)["opengraph"][0]
        image = og["og:image"]
        seen.add(image)
        with Image.open(site_file(site, image)) as card:
            assert card.size == (1200, 630) and card.format == "PNG", f"{page}: {image} is {card.size}"
            assert (int(og["og:image:width"]), int(og["og:image:height"])) == card.size, f"{page}: og:image size is not the card's"
    assert len(seen) == len(linkable_pages(site)), "one card for each page"


def test_cards_are_legible_when_shrunk_to_600_px() -> None:
    """The smallest title size still gives 26 px text on a 600 px card, in colours well above AA contrast."""
    colours = cards.brand_colours(ROOT / "docs" / cards.STYLESHEET)
    assert min(cards.TITLE_SIZES) / 2 >= 26
    assert contrast("#ffffff", colours["primary"]) >= 7, "title on background"
    assert contrast(colours["accent-light"], colours["primary"]) >= 4.5, "site name on background"
    for page in sorted((ROOT / "docs").glob("*.md")):
        title = yaml.safe_load(page.read_text(encoding="utf-8").split("---")[1])["title"]
        size, lines = cards.title_layout(title)
        assert size >= min(cards.TITLE_SIZES) and len(lines) <= cards.MAX_TITLE_LINES


def test_a_title_too_long_for_its_card_is_refused() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        cards.title_layout("A title that goes on " * 12)


def contrast(foreground: str, background: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_json_ld_describes_a_report_based_on_the_article(site: Site, brief: record.Brief) -> None:
    for page in linkable_pages(site):
        data = extract(site, page)
        assert len(data["json-ld"]) == 1, page
        report = data["json-ld"][0]
        og = data["opengraph"][0]
        assert report["@type"] == "Report" and report["url"] == data["canonical"], page
        assert report["headline"] == og["og:title"] and report["description"] == og["og:description"], page
        assert report["inLanguage"] == brief.language
        assert report["datePublished"] == brief.published.isoformat() and report["dateModified"] == brief.modified.isoformat()
        assert report["version"] == brief.version and report["license"] == brief.licence_url
        assert [a["name"] for a in report["author"]] == list(brief.editors)
        assert report["publisher"]["name"] == site.config.site_name
        assert report["image"] == og["og:image"]
        source = report["isBasedOn"]
        assert source["@type"] == "CreativeWork" and source["name"] == brief.source.title and source["url"] == brief.source.url, page
        assert source["publisher"]["name"] == brief.source.publisher and source["datePublished"] == brief.source.published
        assert " ".join(brief.source.date_context.split()) in source["description"]
        assert ("isPartOf" in report) == (page != site.root / "index.html"), page


def test_highwire_tags_name_the_editors_and_the_pdf(site: Site, brief: record.Brief) -> None:
    for page in linkable_pages(site):
        soup = site.soup(page)

        def meta(name: str) -> list[str]:
            return [str(tag["content"]) for tag in soup.find_all("meta", attrs={"name": name})]

        assert meta("citation_title") == [extract(site, page)["opengraph"][0]["og:title"]], page
        # The brief's own editors: never the article's author, whom the copy does not name.
        assert meta("citation_author") == list(brief.editors), page
        assert meta("author") == [", ".join(brief.editors)], page
        assert meta("citation_publication_date") == [brief.published.strftime("%Y/%m/%d")], page
        [pdf] = meta("citation_pdf_url")
        assert pdf == (site.config.site_url or "") + brief.pdf and site_file(site, pdf).is_file(), page


def test_the_not_found_page_asks_not_to_be_indexed(site: Site) -> None:
    soup = site.soup("404.html")
    assert soup.find("meta", attrs={"name": "robots", "content": "noindex"})
    assert not soup.find("link", rel="canonical") and not soup.find("meta", property="og:url")


def test_the_version_lives_only_in_mkdocs_yml() -> None:
    """pyproject.toml declares its version dynamic and holds none, so a release changes extra.brief.version alone."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project.get("dynamic", []), "pyproject.toml holds a second copy of the version"


def test_the_licence_is_stated_as_mkdocs_yml_records_it(site: Site, brief: record.Brief) -> None:
    """The footer and the about page state the licence in prose; both must agree with extra.brief."""
    assert brief.licence_url in (site.config.copyright or "") and brief.licence_name in (site.config.copyright or "")
    licence = site.soup("about/index.html").find(id="licence")
    assert isinstance(licence, Tag)
    section = licence.find_next("p")
    assert isinstance(section, Tag), "the about page states no licence"
    link = section.find("a", href=brief.licence_url)
    assert isinstance(link, Tag) and link.get_text() == brief.licence_name, "the about page links another licence"


def test_citation_cff_is_generated_from_mkdocs_yml(brief: record.Brief) -> None:
    committed = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert committed == citation.cff(brief), "CITATION.cff is out of date with mkdocs.yml: run `make citation`"
    assert committed != citation.cff(dataclasses.replace(brief, version=brief.version + ".1")), "the check misses a new version"
    record = yaml.safe_load(committed)
    assert record["cff-version"] == "1.2.0" and record["title"] == brief.title
    assert [a["name"] for a in record["authors"]] == list(brief.editors)
    assert record["version"] == brief.version and record["license"] == brief.licence_spdx
    assert record["preferred-citation"]["type"] == "report"


def test_cite_this_brief_gives_four_styles_each_copyable(site: Site, brief: record.Brief) -> None:
    tabs = site.soup("about/index.html").select_one("#cite ~ .tabbed-set")
    assert isinstance(tabs, Tag), "no tabbed citation styles after #cite"
    labels = [label.get_text() for label in tabs.select(".tabbed-labels label")]
    assert labels == ["APA", "Chicago", "MLA", "BibTeX"]
    blocks = [" ".join(block.get_text().split()) for block in tabs.select(".tabbed-block pre code")]
    expected = [" ".join(text.split()) for text in citation.citations(brief).values()]
    assert blocks == expected
    for text in expected:
        assert brief.version in text and str(brief.modified.year) in text
        assert brief.url.removeprefix("https://") in text
    # Material gives every code block a copy button, as content.code.copy is on.
    assert "content.code.copy" in site.config.theme["features"]


def test_every_recommendation_is_in_the_pdf(site: Site, brief: record.Brief) -> None:
    """Every page's title is, and in the outline: test_pdf.py."""
    from pypdf import PdfReader

    text = squash(" ".join(page.extract_text() for page in PdfReader(site.root / brief.pdf).pages))
    recommendations = [h for page in site.nav_pages if (h := site.soup(page.url + "index.html").find(id="recommendation"))]
    assert recommendations, "no page has a recommendation"
    for heading in recommendations:
        assert isinstance(heading, Tag)
        words = " ".join(heading.find_next("p").get_text().split())
        assert words[:80] in text, f"the recommendation {words[:40]!r}… is not in the PDF"
    assert "127.0.0.1" not in text and "localhost" not in text, "the PDF prints the test server's address"


def test_whole_brief_holds_every_page_in_reading_order(site: Site) -> None:
    soup = site.soup(WHOLE_BRIEF + "index.html")
    sections = [str(s["id"]) for s in soup.select("article section.brief-whole-page")]
    nav = [whole_brief.page_key(p) for p in site.nav_pages]
    assert sections == nav
    # Links between pages now point within the page, and every one has its target.
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    internal = [str(a["href"]) for a in soup.select("article a[href^='#']")]
    assert len(internal) > 100 and all(href[1:] in ids for href in internal if href != "#")


# --- Planted fault: it must fail the build, naming what is wrong (the others are in test_faults.py)

def test_a_missing_printed_pdf_fails_the_build_naming_it(synthetic_copy: Path) -> None:
    result = mkdocs_build(synthetic_copy, synthetic_copy / "site", BRIEF_PDF="no-such-print.pdf")
    assert result.returncode != 0, "a build told to publish a missing PDF passed"
    assert "extra.brief.pdf_file (BRIEF_PDF) names" in result.stderr and "no-such-print.pdf" in result.stderr, result.stderr[-800:]
