"""A small project to plant faults in: the brief's own configuration, templates, hooks, tools and includes, with synthetic pages.

The pages are made from mkdocs.yml's nav, one short page for each entry, so a
fault planted in them does not depend on today's prose, titles or order, and
the build is cheap. They hold what the hooks ask of a page: front matter, a
title with its id, a section, citations of every paragraph the article has,
a source map, the whole-brief page, and the blocks' markers. The tests plant
faults at the lines named here.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import load_config

import record
from paragraphs import SOURCE_MAP
from shortcodes import marker
from support import PROJECT_PARTS, ROOT
from whole_brief import SOURCE as WHOLE_BRIEF_SOURCE

SECTION = "## A section {#section}"


def nav_sources(nav: Any) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in reading order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [source for value in nav.values() for source in nav_sources(value)]
    if isinstance(nav, list):
        return [source for item in nav for source in nav_sources(item)]
    return []


def title(source: str) -> str:
    return "Synthetic " + Path(source).stem.replace("-", " ")


def title_line(source: str) -> str:
    return f'title: "{title(source)}"'


def description_line(source: str) -> str:
    return f'description: "A synthetic page, {Path(source).stem}, to plant faults in."'


def entry(n: int) -> str:
    """The source map's heading for paragraph n."""
    return f"## ¶{n} Paragraph {n} {{#p{n}}}"


def page(source: str, body: str) -> str:
    heading = title(source)
    slug = heading.lower().replace(" ", "-")
    return f"---\n{title_line(source)}\n{description_line(source)}\n---\n\n# {heading} {{#{slug}}}\n\n{body}\n"


def pages(config_file: Path) -> dict[str, str]:
    """Each synthetic page's docs/ path and Markdown, made from the nav and the paragraph count."""
    config = load_config(str(config_file))
    brief = record.read_brief(config)
    paragraphs = range(1, brief.source.paragraphs + 1)
    citations = ", ".join(f"[¶{n}]" for n in paragraphs)
    sources = nav_sources(config.nav)
    home, last = sources[0], sources[-1]
    made = {}
    for source in sources:
        if source == SOURCE_MAP:
            entries = "\n\n".join(
                f"{entry(n)}\n\nWhat paragraph {n} says ([full text]({brief.source.full_text_url}#:~:text=First%20words,last%20words))."
                for n in paragraphs
            )
            made[source] = page(source, entries)
            continue
        body = f"{SECTION}\n\nThe author says so {citations}."
        if source == home:
            body = (
                f'<p class="brief-lead">Does a synthetic brief build?</p>\n\n{marker("cover")}\n\n'
                f"## Findings {{#thesis}}\n\n- The author finds it does {citations}.\n\n{body}"
            )
        if source == last:
            body += f"\n\n## Blocks {{#blocks}}\n\n{marker('cite')}\n\n{marker('glossary')}"
        made[source] = page(source, body)
    made[WHOLE_BRIEF_SOURCE] = page(WHOLE_BRIEF_SOURCE, marker("whole-brief"))
    return made


def synthetic_project(target: Path) -> Path:
    """A copy of the project's sources at target, with synthetic pages for docs/*.md."""
    target.mkdir(parents=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if part == "docs":
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("*.md"))
        elif source.is_dir():
            shutil.copytree(source, target / part, ignore=shutil.ignore_patterns("__pycache__", "node_modules"))
        else:
            shutil.copy2(source, target / part)
    # The nav and the count are read from the project's own mkdocs.yml: loading the copy's would
    # import its hooks, which MkDocs keeps by path, before a test plants a fault in them.
    for source, markdown in pages(ROOT / "mkdocs.yml").items():
        path = target / "docs" / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    return target
