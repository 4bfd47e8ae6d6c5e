"""The brief's one hook: MkDocs loads this module (mkdocs.yml `hooks:`), which imports the rest and hands them each event.

Each module in MODULES is an ordinary module holding one concern, with the
usual `on_*` event functions; this one calls them in the order listed, passing
on what each returns. Order matters where two act on the same thing: page
sources are checked (frontmatter) before blocks are expanded (shortcodes) and
citations are linked (paragraphs).

Under `make serve`, MkDocs keeps the hook module it first loaded for the whole
session (mkdocs/mkdocs#3993), so on each rebuild this module reloads the others
before the build starts: an edit to any of them takes effect on the next
rebuild. An edit to this file needs the server restarted.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, TypeVar

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

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


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    _started.update(command=command, dirty=dirty)
    for handler in _each("on_startup"):
        handler(**_started)


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
        for handler in _each("on_startup"):
            handler(**_started)
    return _chain("on_config", config)


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    return _chain("on_files", files, config=config)


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    return _chain("on_nav", nav, config=config, files=files)


def on_env(env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
    return _chain("on_env", env, config=config, files=files)


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _chain("on_page_markdown", markdown, page=page, config=config, files=files)


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _chain("on_page_content", html, page=page, config=config, files=files)


def on_page_context(context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    return _chain("on_page_context", context, page=page, config=config, nav=nav)


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _chain("on_post_page", output, page=page, config=config)


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _chain("on_post_template", output_content, template_name=template_name, config=config)


def on_post_build(*, config: MkDocsConfig) -> None:
    for handler in _each("on_post_build"):
        handler(config=config)
