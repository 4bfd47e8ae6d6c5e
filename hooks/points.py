"""A link to every point: each element a page marks as a point gets a link to itself, as a paragraph of a W3C specification does.

A page marks a point with attr_list, giving it an id and the class `point`:
`{ #keep-aid .point }` on the line after a list item's or a paragraph's text,
or at the end of a table cell's. The id is the point's address (page/#id),
listed in the address contract (tests/urls.yml). This hook appends to each
point a plain link to that address, `<a class="headerlink brief-point-link">`,
whose # the stylesheet draws, so that text read from the page has none.
Without JavaScript it is a permalink like a heading's; brief.js makes a click
on either copy the full address. As a headerlink, the print and the PDF leave
it out. A point without an id, or with an id the page gives twice, fails the
build naming the page's file.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

POINT = "point"
LINK_CLASS = "headerlink brief-point-link"
LINK_LABEL = "Link to this point"


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    soup = BeautifulSoup(html, "html.parser")
    points = soup.find_all(class_=POINT)
    if not points:
        return html
    source = Path(page.file.abs_src_path or page.file.src_uri).relative_to(Path(config.config_file_path).parent)
    ids = Counter(str(tag["id"]) for tag in soup.find_all(id=True))
    for point in points:
        name = point.get("id")
        if not name:
            raise PluginError(f"{source}: a point (class {POINT}) has no id; mark it {{ #an-id .{POINT} }}")
        if ids[str(name)] > 1:
            raise PluginError(f"{source}: the id {name!r} is given {ids[str(name)]} times; a point's id must be unique on its page")
        point.append(soup.new_tag("a", attrs={"class": LINK_CLASS, "href": f"#{name}", "aria-label": LINK_LABEL}))
    return str(soup)
