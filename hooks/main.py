"""The brief's one hook: MkDocs loads this module (mkdocs.yml `hooks:`), which imports the rest and hands them each event.

Each module in MODULES is an ordinary module holding one concern, with the
usual `on_*` event functions; this one calls them in the order listed, passing
on what each returns. Order matters where two act on the same thing: page
sources are checked (frontmatter) before blocks are expanded (shortcodes) and
citations are linked (paragraphs).

Under `make serve`, MkDocs keeps the hook module it first loaded for the whole
session (mkdocs/mkdocs#3993), so on_config reloads the others on each rebuild;
an edit to this file needs the server restarted.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, TypeVar

from mkdocs.config.defaults import MkDocsConfig

import cards
import citation
import frontmatter
import glossary
import markup
import paragraphs
import points
import policy
import published_pdf
import reading
import record
import shortcodes
import styles
import typography
import whole_brief

# In event order, which is also an order in which each module's imports come before it.
MODULES: tuple[ModuleType, ...] = (
    record,
    citation,
    glossary,
    frontmatter,
    shortcodes,
    paragraphs,
    points,
    whole_brief,
    cards,
    reading,
    published_pdf,
    policy,
    styles,
    markup,
    typography,
)

_T = TypeVar("_T")
_started: dict[str, Any] = {}  # what MkDocs told on_startup: the command, and whether the build is dirty


def _each(event: str) -> list[Callable[..., Any]]:
    return [handler for module in MODULES if (handler := getattr(module, event, None))]


def _chain(event: str, value: _T, **context: Any) -> _T:
    """Hand value to each module's handler for event in turn; a handler returning None leaves it as it was."""
    for handler in _each(event):
        result = handler(value, **context)
        if result is not None:
            value = result
    return value


def _tell(event: str, **context: Any) -> None:
    """Call each module's handler for an event that hands on no item."""
    for handler in _each(event):
        handler(**context)


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _started.update(command=command, dirty=dirty)
    _tell("on_startup", **_started)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if _started.get("command") == "serve":
        # MkDocs puts hooks/ on the import path only while it loads this file.
        sys.path.insert(0, str(Path(__file__).parent))
        try:
            for module in MODULES:
                importlib.reload(module)
        finally:
            sys.path.pop(0)
        # A reloaded module starts afresh, so it is told again what MkDocs told it at startup.
        _tell("on_startup", **_started)
    return _chain("on_config", config)


# Every other event, as MkDocs calls it: each module's handler in turn, with the same arguments.
on_files = partial(_chain, "on_files")
on_nav = partial(_chain, "on_nav")
on_env = partial(_chain, "on_env")
on_page_markdown = partial(_chain, "on_page_markdown")
on_page_content = partial(_chain, "on_page_content")
on_page_context = partial(_chain, "on_page_context")
on_post_page = partial(_chain, "on_post_page")
on_post_template = partial(_chain, "on_post_template")
on_post_build = partial(_tell, "on_post_build")
