"""Paragraph citations: pages cite the article as [¶n], the source map links back.

A citation is a reference link defined in includes/citations.md, so MkDocs
validates its target. This hook adds what configuration cannot: it fails on a
citation that did not become a link, and fills each source-map placeholder
with links to every section that cites that paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from markupsafe import escape

SOURCE_MAP = "source-map.md"
PARAGRAPHS = range(1, 13)

# Citations, headings and code may mention ¶n; anywhere else, a link to the source map must.
CITATION = r'<a href="(?:\.\./)*source-map/#p(?P<n>\d+)">(?P<text>.*?)</a>'
NOT_PROSE = re.compile(rf"{CITATION}|<(?P<tag>h[1-6]|code)\b.*?</(?P=tag)>", re.S)
STRAY = re.compile(r"\[?¶\s*\d+\]?")
HEADING_OR_CITATION = re.compile(rf'<h(?P<level>[1-6]) id="(?P<id>[^"]+)"|{CITATION}')
PLACEHOLDER = re.compile(r'<div class="cited-by" data-paragraph="(\d+)"></div>')


@dataclass(frozen=True)
class Place:
    page: Page
    anchor: str
    heading: str


_cited: dict[int, list[Place]] = {}
_reading_order: list[str] = []


def on_pre_build(config: MkDocsConfig) -> None:
    _cited.clear()


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _reading_order[:] = [page.file.src_uri for page in nav.pages]
    return nav


def _headings(items: list[AnchorLink]) -> dict[str, str]:
    found: dict[str, str] = {}
    for item in items:
        found[item.id] = item.title
        found.update(_headings(item.children))
    return found


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = page.file.src_uri
    if stray := STRAY.search(NOT_PROSE.sub("", html)):
        raise PluginError(
            f"{source}: citation '{stray.group()}' is not a link to the source map; "
            f"cite paragraphs ¶{PARAGRAPHS[0]} to ¶{PARAGRAPHS[-1]} as [¶n]"
        )
    if source == SOURCE_MAP:
        return html
    titles = _headings(list(page.toc))
    place = Place(page, "", page.title or source)
    for match in HEADING_OR_CITATION.finditer(html):
        if match["id"]:
            # Citations above the first section belong to the page as a whole.
            if match["level"] != "1":
                place = Place(page, match["id"], titles.get(match["id"], match["id"]))
            continue
        # "[¶1] [¶11]" is Markdown for a link reading ¶1 that leads to ¶11.
        if match["text"] != f"¶{match['n']}":
            raise PluginError(
                f"{source}: citation '{match['text']}' links to ¶{match['n']}; "
                "separate adjacent citations with a comma, as in [¶1], [¶11]"
            )
        places = _cited.setdefault(int(match["n"]), [])
        if place not in places:
            places.append(place)
    return html


def _link(place: Place, source_map: Page) -> str:
    """A link named after the page (its nav title), to the first section there that cites the paragraph."""
    href = place.page.file.url_relative_to(source_map.file) + (f"#{place.anchor}" if place.anchor else "")
    return f'<a href="{escape(href)}">{escape(place.page.title or place.page.file.src_uri)}</a>'


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    file = files.get_file_from_path(SOURCE_MAP)
    source_map = file.page if file else None
    html = source_map.content if source_map else None
    if source_map is None or html is None:
        raise PluginError(f"{SOURCE_MAP}: the source map page is missing")
    seen = [int(n) for n in PLACEHOLDER.findall(html)]
    for n in PARAGRAPHS:
        if n not in seen:
            raise PluginError(f"{SOURCE_MAP}: no entry placeholder for ¶{n} (<div class=\"cited-by\" data-paragraph=\"{n}\"></div>)")
        if n not in _cited:
            raise PluginError(f"{SOURCE_MAP}: ¶{n} is not cited from any page of the brief")
    if extra := sorted(set(seen) - set(PARAGRAPHS)):
        raise PluginError(f"{SOURCE_MAP}: placeholder for ¶{extra[0]}, which the article does not have")

    def fill(match: re.Match[str]) -> str:
        first: dict[str, Place] = {}
        for place in _cited[int(match[1])]:
            first.setdefault(place.page.file.src_uri, place)
        pages = sorted(first, key=_reading_order.index)
        links = ", ".join(_link(first[page], source_map) for page in pages)
        return f'<p class="cited-by">Cited in: {links}.</p>'

    source_map.content = PLACEHOLDER.sub(fill, html)
    return env
