"""Paragraph citations: pages cite the article as [¶n], the source map links back.

The article's paragraph count lives once, in mkdocs.yml (extra.brief.source.
paragraphs). From it this hook gives every page the reference definitions that
make [¶n] a link to the source map's entry `#pn`, so MkDocs validates each
target. Before any page is rendered, it reads every page's Markdown for its
citations; when the source map is rendered, it adds under each entry a "Cited
in" line linking the first section of each page that cites that paragraph. It
fails on a citation that did not become a link, on a paragraph without an entry
or cited nowhere, and on an entry for a paragraph the article does not have.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from record import read_brief

SOURCE_MAP = "source-map.md"
WHOLE_BRIEF = "whole-brief.md"  # assembled from the other pages; its citations are theirs

# Citations, headings and code may mention ¶n; anywhere else, a link to the source map must.
CITATION = r'<a href="(?:\.\./)*source-map/#p(?P<n>\d+)">(?P<text>.*?)</a>'
NOT_PROSE = re.compile(rf"{CITATION}|<(?P<tag>h[1-6]|code)\b.*?</(?P=tag)>", re.S)
STRAY = re.compile(r"\[?¶\s*\d+\]?")
ADJACENT = re.compile(CITATION)
# In Markdown: a heading with its explicit id, and a citation, [¶n] or [¶n](...).
MD_HEADING = re.compile(r"^[ \t]*(?P<level>#{1,6})[ \t]+(?P<title>.*?)[ \t]*\{#(?P<id>[^}\s]+)[^}]*\}[ \t]*$", re.M)
MD_CITATION = re.compile(r"\[¶(?P<n>\d+)\]")
MD_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Place:
    page: Page
    anchor: str  # the citing section's id, or "" for the page as a whole


_cited: dict[int, dict[str, Place]] = {}  # ¶n -> each page that cites it (its source) -> the first place there


def paragraphs(config: MkDocsConfig) -> range:
    return range(1, read_brief(config).source.paragraphs + 1)


def places(page: Page) -> list[tuple[int, Place]]:
    """Each citation in a page's Markdown, with the section it sits in (its last heading below the title)."""
    markdown, _ = get_data(page.file.content_string)
    markdown = MD_FENCE.sub("", markdown)
    place, found = Place(page, ""), []
    for match in sorted([*MD_HEADING.finditer(markdown), *MD_CITATION.finditer(markdown)], key=lambda m: m.start()):
        if match.re is MD_CITATION:
            found.append((int(match["n"]), place))
        elif len(match["level"]) > 1:
            place = Place(page, match["id"])
    return found


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Where each paragraph is cited, in reading order, read from the Markdown before any page is rendered."""
    _cited.clear()
    for page in nav.pages:
        if isinstance(page, Page) and page.file.src_uri not in (SOURCE_MAP, WHOLE_BRIEF):
            for n, place in places(page):
                _cited.setdefault(n, {}).setdefault(page.file.src_uri, place)
    return nav


def definitions(page: Page, known: range) -> str:
    """The reference definitions that make [¶n] a link to the source map, relative to the page."""
    target = posixpath.relpath(SOURCE_MAP, posixpath.dirname(page.file.src_uri) or ".")
    return "\n".join(f"[¶{n}]: {target}#p{n}" for n in known)


def cited_in(n: int, source_map: Page) -> str:
    """'Cited in' for one paragraph: each citing page (its nav title), at the first section there that cites it."""
    links = []
    for place in _cited.get(n, {}).values():
        href = posixpath.relpath(place.page.file.src_uri, posixpath.dirname(source_map.file.src_uri) or ".")
        links.append(f"[{place.page.title or place.page.file.src_uri}]({href}{'#' + place.anchor if place.anchor else ''})")
    return "Cited in: " + ", ".join(links) + ".\n{: .cited-by }"


def source_map(markdown: str, page: Page, known: range) -> str:
    """The source map with a 'Cited in' line closing each paragraph's entry."""
    entries = {int(m["id"][1:]): m for m in MD_HEADING.finditer(markdown) if re.fullmatch(r"p\d+", m["id"])}
    for n in known:
        if n not in entries:
            raise PluginError(f"{SOURCE_MAP}: no entry for ¶{n} (a heading '## ¶{n} … {{#p{n}}}')")
        if n not in _cited:
            raise PluginError(f"{SOURCE_MAP}: ¶{n} is not cited from any page of the brief")
    if extra := sorted(set(entries) - set(known)):
        raise PluginError(f"{SOURCE_MAP}: an entry for ¶{extra[0]}, which the article does not have (it has ¶{known[0]} to ¶{known[-1]})")
    # Each entry runs to the next heading of its level or above.
    starts = sorted(m.start() for m in MD_HEADING.finditer(markdown) if len(m["level"]) <= 2)
    out, last = [], 0
    for n, match in sorted(entries.items(), key=lambda item: item[1].start()):
        end = next((start for start in starts if start > match.start()), len(markdown))
        out.append(markdown[last:end].rstrip("\n") + "\n\n" + cited_in(n, page) + "\n\n")
        last = end
    out.append(markdown[last:])
    return "".join(out)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    known = paragraphs(config)
    if page.file.src_uri == SOURCE_MAP:
        markdown = source_map(markdown, page, known)
    return markdown + "\n\n" + definitions(page, known) + "\n"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = page.file.src_uri
    known = paragraphs(config)
    if stray := STRAY.search(NOT_PROSE.sub("", html)):
        raise PluginError(
            f"{source}: citation '{stray.group()}' is not a link to the source map; "
            f"cite paragraphs ¶{known[0]} to ¶{known[-1]} as [¶n]"
        )
    for match in ADJACENT.finditer(html):
        # "[¶1] [¶11]" is Markdown for a link reading ¶1 that leads to ¶11.
        if match["text"] != f"¶{match['n']}":
            raise PluginError(
                f"{source}: citation '{match['text']}' links to ¶{match['n']}; "
                "separate adjacent citations with a comma, as in [¶1], [¶11]"
            )
    return html
