"""The stylesheets each page links, and the critical stylesheet it inlines ahead of them when there is one.

`make build` writes the critical stylesheet (tools/critical.py) from a first
build and names it in BRIEF_CRITICAL (extra.critical) for the second. Then every
page carries it in one <style>, allowed by its hash in the page's policy, and
links the full stylesheets inside <noscript>: brief/loader.html adds them after
the first paint, and a reader without JavaScript gets them at once. Without one
(`mkdocs build`, `make serve`), the pages link the stylesheets as usual.

Material writes extra_css outside any template block, so the styles block in
overrides/main.html links it instead, from the record made here.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


@dataclass(frozen=True)
class Styles:
    """The brief's own stylesheets (extra_css, as the minify plugin names them), and the critical CSS or ""."""

    links: tuple[str, ...]
    critical: str = ""

    @property
    def hash(self) -> str:
        """The critical CSS's sha256, base64, as a Content-Security-Policy source lists it."""
        return base64.b64encode(hashlib.sha256(self.critical.encode()).digest()).decode()


def read_critical(name: str, config_file: str) -> str:
    if not name:
        return ""
    path = Path(config_file).parent / name
    if not path.is_file():
        raise PluginError(f"extra.critical (BRIEF_CRITICAL) names {path}, which does not exist; `make build` writes it")
    css = path.read_text(encoding="utf-8").strip()
    if not css or "</style" in css.lower():
        raise PluginError(f"{path}: the critical stylesheet is empty or contains '</style', which would end it early")
    return css


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Runs after the minify plugin has given extra_css its hashed names.
    env.globals["brief_styles"] = Styles(
        tuple(str(path) for path in config.extra_css),
        read_critical(str(config.extra.get("critical") or ""), config.config_file_path),
    )
    config.extra_css = []
    return env
