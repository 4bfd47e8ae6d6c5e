"""What the brief promises its readers: proposal pages, a complete source map, working ¶ citations, a glossary."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from bs4 import Tag

from support import PARAGRAPHS, Site
from pages import WHOLE_BRIEF

import glossary
from typography import typographic

SOURCE_MAP = "source-map/index.html"


def proposals(site: Site) -> list[str]:
    """The proposal pages, as the home page's cards link them, in order."""
    cards = [a for a in site.soup("index.html").select(".grid.cards li a:not(.headerlink)") if not a.get_text().startswith("¶")]
    return [urlsplit(str(a["href"])).path for a in cards]


def test_every_proposal_page_has_every_part(site: Site) -> None:
    assert proposals(site), "the home page links no proposal"
    for url in proposals(site):
        soup = site.soup(url + "index.html")
        recommendation = soup.select_one(".admonition:has(> h2#recommendation)")
        assert recommendation is not None, f"{url}: no recommendation admonition"
        assert recommendation.find("a", string=re.compile("^¶")), f"{url}: the recommendation cites no paragraph"
        assert re.search(r"\b(the author|the article|it) recommends\b|\bwhat it recommends\b", recommendation.get_text(), re.I), f"{url}: the recommendation does not name the author"
        # Each part keeps its address, as a heading or, where sections were merged, a paragraph.
        for part in ("reasoning", "conditions", "london-plan", "open-questions", "sources"):
            assert soup.find(id=part), f"{url}: no #{part}"


def _citations(site: Site) -> list[tuple[str, str, str]]:
    """(page, link text, resolved target) for every ¶ link outside the source map.

    The whole-brief page repeats the others, with its links turned into
    anchors on itself; lychee checks those lead somewhere.
    """
    found = []
    for page in site.pages:
        rel = page.relative_to(site.root).as_posix()
        if rel in (SOURCE_MAP, WHOLE_BRIEF + "index.html"):
            continue
        for a in site.soup(page).find_all("a", href=True, string=re.compile(r"^¶\d+$")):
            found.append((rel, a.get_text(), urljoin(f"/{rel}", a["href"])))
    return found


def test_every_citation_leads_to_its_own_source_map_entry(site: Site) -> None:
    citations = _citations(site)
    assert len(citations) > 50
    source_map_ids = {tag["id"] for tag in site.soup(SOURCE_MAP).find_all(id=True)}
    for page, text, target in citations:
        url = urlsplit(target)
        assert url.path == "/source-map/", f"{page}: {text} leads to {target}"
        assert url.fragment == f"p{text[1:]}", f"{page}: {text} leads to #{url.fragment}"
        assert url.fragment in source_map_ids, f"{page}: {text} leads to a missing entry"


def test_source_map_has_one_entry_per_paragraph_with_back_links(site: Site) -> None:
    soup = site.soup(SOURCE_MAP)
    entries = [h for h in soup.find_all("h2") if re.fullmatch(r"p\d+", h["id"])]
    assert [h["id"] for h in entries] == [f"p{n}" for n in PARAGRAPHS]
    cited_by: dict[int, set[str]] = {}
    for page, text, _ in _citations(site):
        cited_by.setdefault(int(text[1:]), set()).add(page)
    assert sorted(cited_by) == list(PARAGRAPHS), "every paragraph is cited from the brief, and no other"
    for n, heading in zip(PARAGRAPHS, entries):
        summary = heading.find_next_sibling("p")
        assert summary and summary.get_text(strip=True), f"¶{n}: no summary"
        back = heading.find_next_sibling("p", class_="cited-by")
        assert back is not None, f"¶{n}: no back-links"
        linked_pages = {urlsplit(urljoin(f"/{SOURCE_MAP}", a["href"])).path.lstrip("/") + "index.html" for a in back.find_all("a")}
        assert linked_pages == cited_by[n], f"¶{n}: back-links {sorted(linked_pages)}, cited from {sorted(cited_by[n])}"


def test_home_page_links_every_recommendation_as_a_card_in_reading_order(site: Site) -> None:
    recommending = [page.url for page in site.nav_pages if site.soup(page.url + "index.html").find(id="recommendation")]
    assert proposals(site) == recommending


def test_glossary_terms_render_as_abbr_with_a_title(site: Site) -> None:
    terms = glossary.definitions(site.config)
    assert terms, "no glossary terms were read from the includes"
    shown: dict[str, str] = {}
    for page in site.pages:
        for abbr in site.soup(page).find_all("abbr"):
            shown[abbr.get_text()] = abbr["title"]
    for term, definition in terms.items():
        assert shown.get(term) == typographic(site.config, definition), f"{term} is never shown as <abbr> with its definition"


def _words(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def test_glossary_page_lists_every_term_once(site: Site) -> None:
    soup = site.soup("glossary/index.html")
    listed = {_words(dt): _words(dt.find_next_sibling("dd")) for dt in soup.select("dl.glossary dt")}
    assert listed == {term: typographic(site.config, meaning) for term, meaning in glossary.definitions(site.config).items()}
    assert all(dt.get("id") for dt in soup.select("dl.glossary dt")), "every term has an id to link to"


def test_about_page_gives_policy_citation_corrections_and_licences(site: Site) -> None:
    soup = site.soup("about/index.html")
    ids = {h["id"] for h in soup.find_all(["h2", "h3"])}
    assert {"what", "editorial-policy", "cite", "corrections", "licence"} <= ids
    text = soup.get_text()
    assert "@misc{" in text and "CC BY 4.0" in text and "MIT" in text
    assert re.search(r"\d{4}-\d{2}-\d{2}", soup.find(id="corrections").find_next("table").get_text())


def test_context_is_labelled_and_sourced(site: Site) -> None:
    """Background the article does not give is marked as context and carries a source link."""
    for note in site.soup("context/index.html").select(".footnote li"):
        assert _words(note).startswith("Added context"), _words(note)
        assert note.find("a", href=re.compile("^https://")), note.get_text()
