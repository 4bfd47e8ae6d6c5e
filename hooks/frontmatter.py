"""Every page opens with valid YAML front matter giving a title and a description.

MkDocs itself ignores front matter it cannot parse and renders it as text, so
without this hook a typo would pass silently.
"""

from __future__ import annotations

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

REQUIRED = ("title", "description")
MAX_DESCRIPTION = 160  # characters; longer ones are cut off in search results


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    source = page.file.src_uri
    match = YAML_RE.match(page.file.content_string)
    if match is None:
        raise PluginError(f"{source}: no front matter; start the page with a '---' block giving {' and '.join(REQUIRED)}")
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise PluginError(f"{source}: malformed front matter: {error}") from error
    if not isinstance(data, dict):
        raise PluginError(f"{source}: front matter must be a mapping of keys to values")
    for key in REQUIRED:
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            raise PluginError(f"{source}: front matter has no '{key}'")
    if len(data["description"]) > MAX_DESCRIPTION:
        raise PluginError(
            f"{source}: description is {len(data['description'])} characters; at most {MAX_DESCRIPTION} are allowed"
        )
    return markdown
