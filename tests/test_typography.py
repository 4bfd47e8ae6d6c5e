"""Typographic quotes and apostrophes, on the site and in the PDF, from Markdown written with straight ones.

The smarty extension sets the Markdown's quotes; hooks/typography.py gives the
same rules to front matter titles and descriptions, nav labels, the site's
description and its copyright line. Code, and the citation blocks (BibTeX's
``...'' and Chicago's quotation marks among them), keep their straight
characters: tests/test_meta.py checks those blocks against hooks/citation.py.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment
from playwright.sync_api import expect
from pytest_playwright.pytest_playwright import CreateContextCallback

import support
from printed import read
from support import Site

STRAIGHT = re.compile("['\"]")
# Where a straight quote is no prose: code, and what the browser does not show as text.
NOT_PROSE = "code, pre, kbd, samp, script, style, template"
# The <meta> a reader sees, in search results and link previews.
SHOWN_META = "meta[name=description], meta[property^='og:'], meta[name^='twitter:']"


def straight_quotes(html: str) -> list[str]:
    """Each straight quote left in a page's prose, its <title>, nav and shown <meta>, with the words around it."""
    soup = BeautifulSoup(html, "html.parser")
    found = [
        f"<meta {meta.get('name') or meta.get('property')}>: {meta['content']}"
        for meta in soup.select(SHOWN_META)
        if STRAIGHT.search(str(meta.get("content", "")))
    ]
    for tag in soup.select(NOT_PROSE):
        tag.decompose()
    for text in soup.find_all(string=True):
        if isinstance(text, Comment):
            continue
        for match in STRAIGHT.finditer(text):
            found.append(f"<{text.parent.name if text.parent else '?'}>: {' '.join(text[max(0, match.start() - 30) : match.end() + 30].split())}")
    return found


def test_no_straight_quote_is_left_in_the_prose_of_any_page(site: Site) -> None:
    left = {page.relative_to(site.root).as_posix(): found for page in site.pages if (found := straight_quotes(page.read_text(encoding="utf-8")))}
    assert left == {}


def test_a_straight_quote_planted_in_a_synthetic_page_is_caught_and_code_attributes_are_not() -> None:
    page = """<html><head><title>A page</title>
    <meta name="description" content="The author's view"><meta name="viewport" content="width='device-width'">
    <script>const quoted = "a string";</script></head>
    <body><nav><a href="/" title="the brief's home">Home</a></nav>
    <p>As the author’s “plan” says, <code>'code'</code> and:</p><pre>"a citation"</pre>
    <p>the author's view</p></body></html>"""
    found = straight_quotes(page)
    assert len(found) == 2, found
    assert found[0].startswith("<meta description>") and found[1] == "<p>: the author's view"


def test_the_pdf_keeps_straight_quotes_only_in_the_citations_it_prints(site: Site) -> None:
    pdf = site.root / str(site.config.extra["brief"]["pdf"])
    printed = " ".join(line.text for sheet in read(pdf) for line in sheet.lines)
    soup = BeautifulSoup((site.root / "whole-brief" / "index.html").read_text(encoding="utf-8"), "html.parser")
    in_citations = sum(len(STRAIGHT.findall(block.get_text())) for block in soup.select("article pre"))
    assert in_citations > 0, "the printed citations hold no straight quote: is the cite block still printed?"
    assert len(STRAIGHT.findall(printed)) == in_citations
    assert "’" in printed and "“" in printed


def test_a_search_typed_with_a_straight_apostrophe_finds_the_typographic_one(site: Site, served: str, new_context: CreateContextCallback) -> None:
    """A reader types "author's"; the text says "author’s" (mkdocs.yml, the search plugin's separator)."""
    text = site.soup("aid/index.html").select_one("article")
    assert text is not None
    word = re.search(r"\b([A-Za-z]{4,})’s\b", text.get_text())
    assert word, "the aid page has no word with a typographic apostrophe to search for"
    reader = new_context(viewport={"width": 1280, "height": 900}).new_page()
    support.read(reader, served + "context/")
    reader.locator(".md-search__input").focus()
    reader.keyboard.type(f"{word[1]}'s")
    expect(reader.locator(".md-search-result__item").first).to_contain_text(f"{word[1]}’s", timeout=10_000)
