"""The printed PDF, published with the site when a build is given one.

`make pdf` (and so the deploy) builds the site, prints the whole brief, then
builds again with BRIEF_PDF naming the printed file (`extra.brief.pdf_file` in
mkdocs.yml). This hook copies that file into the site as `extra.brief.pdf` and
gives the templates `brief_pdf`, its address and size, so the home page and the
citation metadata can link it. Without it `brief_pdf` is None and no page links
a PDF, so `make build` and `make serve` leave no link to a file they do not make.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files


@dataclass(frozen=True)
class PrintedBrief:
    source: Path  # the printed file
    href: str  # its address in the site, relative to site_url
    size: int  # bytes

    @property
    def size_label(self) -> str:
        return f"{max(1, round(self.size / 1024))} KB"


def printed(config: MkDocsConfig) -> PrintedBrief | None:
    brief = config.extra["brief"]
    given = str(brief.get("pdf_file") or "")
    if not given:
        return None
    source = Path(config.config_file_path).parent / given
    if not source.is_file() or source.stat().st_size == 0:
        raise PluginError(f"mkdocs.yml: extra.brief.pdf_file (BRIEF_PDF) names {source}, which is missing or empty; `make pdf` prints it")
    return PrintedBrief(source, str(brief["pdf"]), source.stat().st_size)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["brief_pdf"] = printed(config)
    return env


def on_post_build(config: MkDocsConfig) -> None:
    if pdf := printed(config):
        target = Path(config.site_dir) / pdf.href
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf.source, target)
