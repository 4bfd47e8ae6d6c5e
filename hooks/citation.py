"""How to cite the brief: APA, Chicago, MLA and BibTeX, and the repository's CITATION.cff, from the brief's record alone.

The about page asks for the "Cite this brief" tabs with the `cite` block
(hooks/shortcodes.py). Run as a script, `python hooks/citation.py` prints
CITATION.cff; `make citation` writes it.
"""

from __future__ import annotations

import re
import sys

import yaml

from record import Brief, read_brief

# A title within the brief's title, in plain text and in BibTeX.
DOUBLE, SINGLE, TEX = ('"', '"'), ("'", "'"), ("``", "''")
SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"}


def title_case(title: str) -> str:
    words = title.split(" ")
    out = []
    for index, word in enumerate(words):
        if index == 0 or words[index - 1].endswith(":") or word.lower() not in SMALL_WORDS:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def sentence_case(title: str) -> str:
    """APA style: as written, with a capital after the colon."""
    head, sep, tail = title.partition(": ")
    return head + sep + tail[:1].upper() + tail[1:] if sep else title


def nested(title: str, marks: tuple[str, str]) -> str:
    """The title with its own quotation marks (the article's title within the brief's) as a style sets them."""
    return title.replace("“", marks[0]).replace("”", marks[1])


def stop(title: str) -> str:
    """The full stop after a title, which a title ending in a question mark does without."""
    return "" if title.rstrip("”’").endswith("?") else "."


def citations(brief: Brief) -> dict[str, str]:
    """The brief cited in four styles, each on its own line(s) of plain text."""
    editors = ", ".join(brief.editors)
    day = brief.modified
    month = day.strftime("%B")
    mla_month = month if len(month) <= 4 else month[:3] + "."
    bare_url = brief.url.removeprefix("https://").removeprefix("http://")
    source_month = brief.source.published_label
    # BibTeX keys are ASCII letters, digits and underscores.
    key = re.sub(r"[^0-9a-z]+", "_", brief.title.lower()).strip("_") + f"_{brief.published.year}"
    return {
        "APA": f"{editors}. ({day.year}, {month} {day.day}). {nested(sentence_case(brief.title), DOUBLE)} (Version {brief.version}). {brief.url}",
        # The site's name is the title, so the brief is cited as a report standing alone.
        "Chicago": f'{editors}. "{nested(title_case(brief.title), SINGLE)}{stop(brief.title)}" Version {brief.version}. {month} {day.day}, {day.year}. {brief.url}.',
        "MLA": f"{editors}. {nested(title_case(brief.title), DOUBLE)}{stop(brief.title)} Version {brief.version}, {day.day} {mla_month} {day.year}, {bare_url}.",
        "BibTeX": "\n".join([
            f"@misc{{{key},",
            f"  author  = {{{{{editors}}}}},",
            f"  title   = {{{{{nested(title_case(brief.title), TEX)}}}}},",
            f"  year    = {{{day.year}}},",
            f"  version = {{{brief.version}}},",
            f"  url     = {{{brief.url}}},",
            f"  note    = {{On an {brief.source.genre} published by {brief.source.publisher}, {source_month} (date inferred)}}",
            "}",
        ]),
    }


def citation_markdown(brief: Brief) -> str:
    tabs = []
    for style, text in citations(brief).items():
        language = "bibtex" if style == "BibTeX" else "text"
        tabs.append(f'=== "{style}"\n\n    ``` {{.{language} .brief-citation}}\n' + "".join(f"    {line}\n" for line in text.splitlines()) + "    ```\n")
    return "\n".join(tabs)


def cff(brief: Brief) -> str:
    """CITATION.cff (Citation File Format 1.2.0) for the repository's root."""
    authors = [{"name": name} for name in brief.editors]
    record = {
        "cff-version": "1.2.0",
        "message": "If you cite this brief, please cite it as below.",
        "title": brief.title,
        "abstract": brief.description,
        "version": brief.version,
        "date-released": brief.modified.isoformat(),
        "authors": authors,
        "keywords": list(brief.keywords),
        "license": brief.licence_spdx,
        "url": brief.url,
        "repository-code": brief.repository,
        "preferred-citation": {
            "type": "report",
            "title": brief.title,
            "authors": [dict(author) for author in authors],
            "year": brief.published.year,
            "date-published": brief.published.isoformat(),
            "version": brief.version,
            "url": brief.url,
            "languages": [brief.language.split("-")[0]],
        },
    }
    header = "# Generated from mkdocs.yml (extra.brief) by `make citation`. Do not edit by hand.\n"
    return header + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=1000)


if __name__ == "__main__":
    from mkdocs.config import load_config

    sys.stdout.write(cff(read_brief(load_config(sys.argv[1] if len(sys.argv) > 1 else "mkdocs.yml"))))
