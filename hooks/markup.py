"""Patches to Material's rendered markup, each of which fails the build once it no longer applies.

Templates patch a block's markup with the `patch` filter, `{{ super() | patch(old, new) }}`,
instead of `replace`, which would do nothing, silently, if Material's markup
changed. Markup outside any block (the two state checkboxes) is patched here,
once a page is rendered, by the same rule.
"""

from __future__ import annotations

from jinja2 import Environment
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Material gives its two state checkboxes autocomplete="off", which HTML allows
# only on text-like inputs (the Nu HTML Checker reports both on every page).
OUTSIDE_BLOCKS = (
    ('id="__drawer" autocomplete="off"', 'id="__drawer"'),
    ('id="__search" autocomplete="off"', 'id="__search"'),
)


def patch(markup: str, old: str, new: str, count: int = -1) -> Markup:
    """markup with old replaced by new, or an error if old is not there."""
    if old not in markup:
        raise PluginError(f"overrides/: a template patches {old!r}, which Material's markup no longer contains; update the patch")
    return Markup(str(markup).replace(old, new, count))


def patched(output: str, where: str) -> str:
    for old, new in OUTSIDE_BLOCKS:
        if old not in output:
            raise PluginError(
                f"{where}: hooks/markup.py patches {old!r}, which the page no longer contains: Material's markup changed "
                "(update the patch), or the minify plugin dropped its quotes (keep remove_optional_attribute_quotes: false)"
            )
        output = output.replace(old, new)
    return output


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["patch"] = patch
    return env


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return patched(output, page.file.src_uri)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    return patched(output_content, template_name) if template_name.endswith(".html") else output_content
