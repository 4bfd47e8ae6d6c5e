"""Every page's source is well formed: UTF-8, valid front matter, and no footnote left undefined.

Each page opens with YAML front matter giving a title and a description. MkDocs
itself ignores front matter it cannot parse and renders it as text, and Material
writes the title and description into HTML attributes without escaping them, so
a straight double quote there would cut link previews short. A footnote
reference with no definition (`[^nope]`) would reach readers as raw text. Each
of these fails the build, naming the page and the fault; so does a page that
is not UTF-8, before any hook reads it.
"""

from __future__ import annotations

import re

import yaml
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

REQUIRED = ("title", "description")
# Characters Material's templates would write unescaped into an attribute.
UNSAFE = re.compile(r'["<>]')
UNDEFINED_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")
MAX_DESCRIPTION = 160  # characters; longer ones are cut off in search results


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for file in files.documentation_pages():
        try:
            file.content_string
        except UnicodeDecodeError as error:
            raise PluginError(
                f"{file.src_uri}: not valid UTF-8 (byte {error.start}: {error.reason}); save the page as UTF-8"
            ) from error
    return files


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
        if unsafe := UNSAFE.search(value):
            raise PluginError(
                f"{source}: front matter '{key}' holds {unsafe.group()!r}, which would break the page's <meta> tags; "
                "use typographic quotes (\u201c \u201d) or rephrase"
            )
    if len(data["description"]) > MAX_DESCRIPTION:
        raise PluginError(
            f"{source}: description is {len(data['description'])} characters; at most {MAX_DESCRIPTION} are allowed"
        )
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for code in soup.find_all(["code", "pre"]):
        code.decompose()
    if undefined := UNDEFINED_FOOTNOTE.findall(soup.get_text()):
        raise PluginError(f"{page.file.src_uri}: footnote {', '.join(sorted(set(undefined)))} has no definition ([^label]: text)")
    return html
