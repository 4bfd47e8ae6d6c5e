"""The stylesheets each page links, and the critical stylesheet every page inlines ahead of them (MAINTAINING.md).

The critical stylesheet is committed (tools/critical.css). `make critical`
cuts it (tools/critical.py), not from the brief's pages but from synthetic
ones that take every shape a first screen can (tools/synthetic.py), and writes
beside it, in tools/critical.json, the sha256 of what it was made from
(`made_from` below). A build whose sources no longer match stops, once its
other checks have run, and names `make critical`; `make serve` says so and goes on.

Material writes extra_css outside any template block, so the styles block in
overrides/main.html links it instead, from the record made here.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Literal

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

import policy

log = logging.getLogger(f"mkdocs.hooks.{__name__}")

# Relative to mkdocs.yml: in tools/, so the site does not publish them.
CRITICAL = "tools/critical.css"
FINGERPRINT = "tools/critical.json"
# The synthetic pages (SHAPES) the cut is made from.
SHAPES = "tools/synthetic.py"
# The templates in overrides/ that write markup onto a first screen (a short
# page's shows its foot); loader.html and meta.html write scripts and <head> only.
FIRST_SCREEN_TEMPLATES = ("main.html", "404.html", "brief/header.html", "brief/byline.html", "brief/foot.html", "brief/macros.html")
MATERIAL = Path(str(files("material") / "templates"))


@dataclass(frozen=True)
class Styles:
    """The brief's own stylesheets (extra_css, as the minify plugin names them), and the critical CSS."""

    links: tuple[str, ...]
    critical: str

    @property
    def hash(self) -> str:
        """The critical CSS's sha256, base64, as a Content-Security-Policy source lists it."""
        return policy.sha256(self.critical)


def sha256(path: Path) -> str:
    if not path.is_file():
        raise PluginError(f"{path}: missing, and the critical stylesheet is made from it")
    return hashlib.sha256(path.read_bytes()).hexdigest()


def made_from(config: MkDocsConfig) -> dict[str, str]:
    """What the critical stylesheet is cut from, each with its sha256, and the stylesheet itself.

    Material's version stands for its templates; its bundled stylesheets, the
    brief's (extra_css), the templates in FIRST_SCREEN_TEMPLATES and the
    synthetic pages' shapes by content.
    """
    root = Path(config.config_file_path).parent
    overrides = Path(config.theme.custom_dir or root / "overrides")
    sources = {"mkdocs-material": version("mkdocs-material")}
    sources |= {f"material/{p.relative_to(MATERIAL).as_posix()}": sha256(p) for p in sorted(MATERIAL.glob("assets/stylesheets/*.min.css"))}
    stylesheets = [Path(config.docs_dir) / name for name in config.extra_css]
    templates = [overrides / name for name in FIRST_SCREEN_TEMPLATES]
    sources |= {path.relative_to(root).as_posix(): sha256(path) for path in [*stylesheets, *templates, root / SHAPES, root / CRITICAL]}
    return sources


def stale(config: MkDocsConfig) -> str:
    """Why the critical stylesheet no longer matches what it was made from, or "" if it does."""
    root = Path(config.config_file_path).parent
    fingerprint = root / FINGERPRINT
    try:
        recorded = json.loads(fingerprint.read_text(encoding="utf-8"))["made_from"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PluginError(f"{fingerprint}: unreadable ({error}); run `make critical` to write it with {CRITICAL}") from None
    current = made_from(config)
    changed = sorted(name for name in recorded.keys() | current.keys() if recorded.get(name) != current.get(name))
    if not changed:
        return ""
    return (f"{root / CRITICAL} was made from other sources: {', '.join(changed)} "
            f"changed since {FINGERPRINT} recorded them; run `make critical`")


def read_critical(config: MkDocsConfig) -> str:
    path = Path(config.config_file_path).parent / CRITICAL
    css = path.read_text(encoding="utf-8").strip()
    if not css or "</style" in css.lower():
        raise PluginError(f"{path}: empty, or contains '</style', which would end it early; run `make critical`")
    return css


_serving = False  # under `mkdocs serve`; set by on_startup, which hooks/main.py calls again after a reload
# Made afresh for each build, by on_config.
_stale: list[str] = []


def on_startup(*, command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Here, before the minify plugin renames extra_css. `make critical` builds
    # with extra.critical false, to cut a new one from the full stylesheets.
    _stale[:] = [message] if config.extra.get("critical") and (message := stale(config)) else []
    if _stale and _serving:
        log.info(_stale.pop() + " (make serve inlines it as it is; the full stylesheets follow the first paint)")
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    # Runs after the minify plugin has given extra_css its hashed names.
    critical = read_critical(config) if config.extra.get("critical") else ""
    env.globals["brief_styles"] = Styles(tuple(str(path) for path in config.extra_css), critical)
    config.extra_css = []
    return env


def on_post_build(config: MkDocsConfig) -> None:
    # Last, so that a fault in a page or template is named first.
    if _stale:
        raise PluginError(_stale[0])
