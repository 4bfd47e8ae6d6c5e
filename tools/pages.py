"""The brief's pages as a reader reaches them, from the nav in mkdocs.yml: the one list of pages."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files
from mkdocs.structure.nav import get_navigation

# The whole brief on one page, assembled from the nav's pages (hooks/whole_brief.py).
WHOLE_BRIEF = "whole-brief/"
# A path the site does not have, two levels down: it gets the 404 page.
MISSING = "no-such-page/deeper/"


def nav_paths(config_file: Path) -> list[str]:
    """Each page of the nav, in reading order, relative to site_url: '' for the home page, then 'context/'…"""
    config = load_config(str(config_file))
    return [page.url for page in get_navigation(get_files(config), config).pages]
