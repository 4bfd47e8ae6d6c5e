"""A small project to plant faults in, or to cut the critical stylesheet from: the brief's own configuration, templates, hooks, tools and includes, with synthetic pages.

The pages are made from mkdocs.yml's nav, one short page for each entry, so a
fault planted in them does not depend on today's prose, titles or order, and
the build is cheap. They hold what the hooks ask of a page: front matter, a
title with its id, a section, citations of every paragraph the article has,
a source map, the whole-brief page, and the blocks' markers. The tests plant
faults at the lines named here.

With shapes, each page opens with one of SHAPES instead: every shape a first
screen can take, whatever the brief says. `make critical` cuts the critical
stylesheet from these pages (tools/critical.py), so that no page's words need
a new cut; the first-screen test in tests/test_loader.py draws them too.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from mkdocs.config import load_config

import record
from paragraphs import SOURCE_MAP
from shortcodes import marker
from whole_brief import SOURCE as WHOLE_BRIEF_SOURCE

ROOT = Path(__file__).resolve().parent.parent
# What a copy of the project holds.
PROJECT_PARTS = ("mkdocs.yml", "docs", "includes", "overrides", "hooks", "tools")
SECTION = "## A section {#section}"
WORDS = ("The author argues, in a sentence made for the test, that a long paragraph of plain words fills "
         "the first screen of a page with text, [a link](#section), *emphasis*, `code`, an SYN and a note[^note], "
         "so that no foot, table or card is seen. ")
TEXT = ("\n\n".join([WORDS * 5] * 5) + "\n\n### A subsection {#subsection}\n\n" + WORDS
        + "\n\n[^note]: A note.\n\n*[SYN]: A synthetic abbreviation.")
# The first screens a page can have, besides the home page's cover and the source map's entries:
# a page of a few lines with a footnote (its notes, foot and footer on screen), boxes, all text, a table and cards,
# the positions, the glossary, sections with lists. Only what the brief's Markdown uses: a new kind
# of block (a quotation, a closed block) goes here too. The cite block's tabs (0.5 KB compressed)
# sit below the text, off every first screen, as on the about page.
SHAPES = (
    "A line with a note.[^short]\n\n[^short]: A note with [a link](#section) and an SYN.\n\n*[SYN]: A synthetic abbreviation.",
    '!!! abstract ""\n\n    ## What it recommends {#recommendation}\n\n    It recommends a box.\n\n'
    '!!! question ""\n\n    ## What it leaves open {#open}\n\n    - Whether a box is open.\n\n'
    '1. A numbered point.',
    f"{TEXT}\n\n## Blocks {{#blocks}}\n\n{marker('cite')}",
    "| Point | Verdict |\n| --- | --- |\n| A point. { #verdict-point .point } | **Accepted.** |\n\n"
    '<div class="grid cards brief-recommendations" markdown>\n\n'
    + "".join(f"-   **[Card {n}](#section)**\n    {{ #card-{n} .point }}\n\n    ---\n\n    A card.\n\n" for n in (1, 2, 3))
    + "</div>",
    '<div class="positions" markdown>\n\n## An issue {#issue}\n\nA party\n:   Its position.\n\nAnother\n:   Its own.\n\n</div>',
    marker("glossary"),
    "## A part {#part}\n\n### A subsection {#subsection-one}\n\n1. A point.\n2. Another.\n\nA line.\n\n"
    "### Another {#subsection-two}\n\n- An item.\n\nA line.",
)


def nav_sources(nav: Any) -> list[str]:
    """The Markdown files of mkdocs.yml's nav, in reading order."""
    if isinstance(nav, dict):
        nav = list(nav.values())
    if isinstance(nav, list):
        return [source for item in nav for source in nav_sources(item)]
    return [nav] if isinstance(nav, str) else []


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


def pages(config_file: Path, shapes: bool = False) -> dict[str, str]:
    """Each synthetic page's docs/ path and Markdown, made from the nav and the paragraph count; with shapes, opening with SHAPES."""
    config = load_config(str(config_file))
    brief = record.read_brief(config)
    paragraphs = range(1, brief.source.paragraphs + 1)
    citations = ", ".join(f"[¶{n}]" for n in paragraphs)
    sources = nav_sources(config.nav)
    home, last = sources[0], sources[-1]
    # With shapes, each page but the home page and the source map opens with one, and the last takes what is left.
    slots = [source for source in sources[1:] if source != SOURCE_MAP]
    opening = {source: "\n\n".join(SHAPES[i:] if source == slots[-1] else SHAPES[i:i + 1]) for i, source in enumerate(slots)}
    made = {}
    for source in sources:
        body = f"{SECTION}\n\nThe author says so {citations}."
        if source == SOURCE_MAP:
            body = "\n\n".join(
                f"{entry(n)}\n\nWhat paragraph {n} says ([full text]({brief.source.full_text_url}#:~:text=First%20words,last%20words))."
                for n in paragraphs
            )
        elif source == home:
            body = (
                f'<p class="brief-lead">Does a synthetic brief build?</p>\n\n{marker("cover")}\n\n'
                + ("The bottom line, set apart.\n{ .brief-bottom-line }\n\n" if shapes else "")
                + f"## Findings {{#thesis}}\n\n- The author finds it does {citations}.\n"
                + ("  { #point-finding .point }\n" if shapes else "") + f"\n{body}"
            )
        elif shapes:
            body = f"{opening[source]}\n\n{body}".lstrip()
        if source == last and not shapes:
            body += f"\n\n## Blocks {{#blocks}}\n\n{marker('cite')}\n\n{marker('glossary')}"
        made[source] = page(source, body)
    made[WHOLE_BRIEF_SOURCE] = page(WHOLE_BRIEF_SOURCE, marker("whole-brief"))
    return made


def synthetic_project(target: Path, shapes: bool = False) -> Path:
    """A copy of the project's sources at target, with synthetic pages for docs/*.md (opening with SHAPES, if shapes)."""
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
    for name, markdown in pages(ROOT / "mkdocs.yml", shapes).items():
        path = target / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    return target
