"""Typographic quotes and apostrophes in what the reader reads outside the Markdown.

The Markdown is written with straight quotes, and the `smarty` extension
(mkdocs.yml, markdown_extensions) sets them as typographic ones. Front matter
titles and descriptions, nav labels, the site's description and its copyright
line are plain text, not Markdown, but a reader sees them too: in the title bar,
the nav, link previews and the footer; so is a glossary term's definition,
which its tooltip shows (an <abbr> title). Each is written the same way and
gets the same rules here, from the same extension and its settings. Nothing
else of Markdown applies to them, and markup in the copyright line is kept.
hooks/frontmatter.py still refuses a straight double quote in a title or
description, so there only apostrophes are converted.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape, unescape

from markdown import Markdown
from markdown.blockparser import BlockParser
from markdown.blockprocessors import ParagraphProcessor
from markdown.inlinepatterns import ENTITY_RE, HTML_RE, HtmlInlineProcessor
from markdown.postprocessors import build_postprocessors
from markdown.preprocessors import build_preprocessors
from markdown.treeprocessors import build_treeprocessors
from markdown.util import Registry
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure import StructureItem
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

FIELDS = ("title", "description")  # the front matter a reader sees
# A glossary term's definition, which its tooltip shows (the abbr extension's output).
ABBR_TITLE = re.compile(r'(<abbr title=")([^"]*)(")')


class Educator(Markdown):
    """Markdown with the smarty extension and none of the rest of Markdown's syntax but raw HTML and entities."""

    def build_parser(self) -> Educator:
        self.preprocessors = build_preprocessors(self)
        self.parser = BlockParser(self)
        self.parser.blockprocessors.register(ParagraphProcessor(self.parser), "paragraph", 10)
        self.inlinePatterns = Registry()
        self.inlinePatterns.register(HtmlInlineProcessor(HTML_RE, self), "html", 90)
        self.inlinePatterns.register(HtmlInlineProcessor(ENTITY_RE, self), "entity", 80)
        self.treeprocessors = build_treeprocessors(self)
        self.postprocessors = build_postprocessors(self)
        return self


def educator(config: MkDocsConfig) -> Markdown:
    """The smarty extension with the site's settings (mkdocs.yml, markdown_extensions)."""
    if "smarty" not in config.markdown_extensions:
        raise PluginError("mkdocs.yml: hooks/typography.py needs the smarty extension in markdown_extensions")
    return Educator(extensions=["smarty"], extension_configs={"smarty": config.mdx_configs.get("smarty", {})})


def educate(md: Markdown, text: str, where: str, markup: bool = False) -> str:
    """text with typographic quotes: as HTML if markup, else as plain text."""
    result = md.reset().convert(text)
    if not (result.startswith("<p>") and result.endswith("</p>")) or result.count("<p>") != 1:
        raise PluginError(f"{where} must be one paragraph of plain text: {text!r}")
    result = result[3:-4]
    return result if markup else unescape(result)


def typographic(config: MkDocsConfig, text: str) -> str:
    """Plain text as the site shows it: with typographic quotes."""
    return educate(educator(config), text, "text")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    md = educator(config)
    if config.site_description:
        config.site_description = educate(md, config.site_description, "mkdocs.yml: site_description")
    if config.copyright:
        config.copyright = educate(md, config.copyright, "mkdocs.yml: copyright", markup=True)
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    md = educator(config)

    def visit(items: list[StructureItem]) -> None:
        for item in items:
            if isinstance(item.title, str):  # a page's own title is set later, from its front matter
                item.title = educate(md, item.title, f"mkdocs.yml: the nav label {item.title!r}")
            if isinstance(item, Section):
                visit(item.children)

    visit(nav.items)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    md = educator(config)
    for key in FIELDS:
        if isinstance(page.meta.get(key), str):
            page.meta[key] = educate(md, page.meta[key], f"{page.file.src_uri}: front matter '{key}'")
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    md = educator(config)

    @cache
    def definition(title: str) -> str:
        return escape(educate(md, unescape(title), f"{page.file.src_uri}: the definition {unescape(title)!r}"))

    return ABBR_TITLE.sub(lambda match: match[1] + definition(match[2]) + match[3], html)
