"""The whole brief on one page, in reading order: for reading straight through, and the source of the PDF.

`docs/whole-brief.md` holds the page's front matter and the `whole-brief`
block's marker (hooks/shortcodes.py); when the page is rendered, every page has
been converted, so the marker is replaced with each page of the nav in turn.
Inside each page's section, ids take the page's name as a prefix
(`aid-recommendation`), and links between pages become links within this one,
so nothing collides and nothing leads away.

mkdocs-print-site-plugin 2.9 was tried first. It wrote invalid HTML (a
`heading-number` attribute), missed footnote ids that follow a link on the same
line, turned a link to the home page into `#.`, and needed an inline script and
style that the Content-Security-Policy refuses, with its script on every page.
"""

from __future__ import annotations

import posixpath
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from shortcodes import marker

SOURCE = "whole-brief.md"
MARKER = marker("whole-brief")
ID_ATTRIBUTES = ("id", "for", "name", "aria-controls", "aria-labelledby", "aria-describedby")


def page_key(page: Page) -> str:
    return page.url.strip("/").replace("/", "-") or "index"


def section(page: Page, keys: dict[str, str], here: str) -> str:
    """One page's content, with its ids prefixed and its links pointed within the whole brief."""
    key = keys["/" + page.url]
    soup = BeautifulSoup(page.content or "", "html.parser")
    for tag in soup.find_all(True):
        for attribute in ID_ATTRIBUTES:
            if tag.has_attr(attribute) and not (tag.name == "a" and attribute == "name"):
                tag[attribute] = " ".join(f"{key}-{value}" for value in str(tag[attribute]).split())
        for attribute in ("href", "src"):
            if tag.has_attr(attribute):
                tag[attribute] = relink(str(tag[attribute]), "/" + page.url, keys, here)
    return f'<section class="brief-whole-page" id="{key}">\n{soup}\n</section>'


def relink(link: str, base: str, keys: dict[str, str], here: str) -> str:
    """A link within the brief (`#x` resolves to the page itself) as an anchor in this page; any other left to lead away."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return link
    target = urlsplit(urljoin(base, link))
    if target.path in keys:
        return f"#{keys[target.path]}-{target.fragment}" if target.fragment else f"#{keys[target.path]}"
    relative = posixpath.relpath(target.path, here)
    return relative + ("/" if target.path.endswith("/") else "") + (f"#{target.fragment}" if target.fragment else "")


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    if page.file.src_uri != SOURCE:
        return context
    if not page.content or MARKER not in page.content:
        raise PluginError(f"whole_brief: docs/{SOURCE} must contain the marker {MARKER}")
    pages = [p for p in nav.pages if isinstance(p, Page) and p.file.src_uri != SOURCE]
    keys = {"/" + p.url: page_key(p) for p in pages}
    if missing := [p.file.src_uri for p in pages if not p.content]:
        raise PluginError(f"whole_brief: {', '.join(missing)} had no content when docs/{SOURCE} was assembled")
    whole = "\n".join(section(p, keys, "/" + page.url) for p in pages)
    page.content = page.content.replace(MARKER, whole)
    return context
