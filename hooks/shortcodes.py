"""Generated blocks: a page asks for one with a marker, `<!-- brief:NAME -->`, on a line of its own.

One grammar and one dispatcher. Blocks made from Markdown are put in place
here, before the page is converted: `glossary` (the abbreviations, from
hooks/glossary.py) and `cite` (the "Cite this brief" tabs, from hooks/citation.py).
Two are left for a later stage that has what they need: `cover` (the home
page's cover line, placed by overrides/main.html) and `whole-brief` (every
page's HTML, placed by hooks/whole_brief.py). A marker with any other name
fails the build, naming the page, as does a block no page asks for.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

import citation
import glossary
from record import read_brief

MARKER = re.compile(r"^<!-- brief:(?P<name>[a-z-]+) -->$", re.M)
BLOCKS: dict[str, Callable[[MkDocsConfig], str]] = {
    "glossary": glossary.block,
    "cite": lambda config: citation.citation_markdown(read_brief(config)),
}
LATER = ("cover", "whole-brief")

_placed: set[str] = set()


def marker(name: str) -> str:
    """The marker that asks for a block, as a page writes it."""
    if name not in BLOCKS and name not in LATER:
        raise ValueError(f"no block is called {name!r}")
    return f"<!-- brief:{name} -->"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _placed.clear()
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def expand(match: re.Match[str]) -> str:
        name = match["name"]
        if name in LATER:
            return match.group()
        if name not in BLOCKS:
            raise PluginError(f"{page.file.src_uri}: no block is called '{name}'; the blocks are {', '.join([*BLOCKS, *LATER])}")
        _placed.add(name)
        return BLOCKS[name](config)

    return MARKER.sub(expand, markdown)


def on_post_build(config: MkDocsConfig) -> None:
    if missing := [name for name in BLOCKS if name not in _placed]:
        raise PluginError(f"no page asks for the {', '.join(missing)} block ({', '.join(marker(name) for name in missing)})")
