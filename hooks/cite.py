"""How to cite the brief, made from mkdocs.yml `extra.brief` and nowhere else.

As a hook, it checks `extra.brief` and gives it to the templates as `brief` (a
typed record, with dates as dates). It makes the "Cite this brief" block (APA,
Chicago, MLA and BibTeX, in tabs with copy buttons), which a page asks for with
the `cite` block (hooks/shortcodes.py). Run as a script, `python hooks/cite.py` prints the
repository's CITATION.cff; `make citation` writes it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files

SMALL_WORDS = {"a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of", "on", "or", "the", "to"}



@dataclass(frozen=True)
class Source:
    title: str
    genre: str
    publisher: str
    publisher_url: str
    full_text_url: str
    published: str
    date_context: str
    paragraphs: int

    @property
    def published_label(self) -> str:
        """"March 2025" for "2025-03"; a full date or a year as written."""
        if len(self.published) == 7:
            return date.fromisoformat(self.published + "-01").strftime("%B %Y")
        return self.published


@dataclass(frozen=True)
class Brief:
    title: str
    editors: tuple[str, ...]
    version: str
    published: date
    modified: date
    language: str
    locale: str
    licence_name: str
    licence_spdx: str
    licence_url: str
    repository: str
    pdf: str
    keywords: tuple[str, ...]
    url: str
    description: str
    site_name: str
    source: Source


def _field(record: dict[str, Any], key: str, where: str) -> Any:
    if key not in record or record[key] in (None, "", []):
        raise PluginError(f"mkdocs.yml: {where}.{key} is missing; the brief's citation data needs it")
    return record[key]


def _date(record: dict[str, Any], key: str, where: str) -> date:
    value = str(_field(record, key, where))
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise PluginError(f"mkdocs.yml: {where}.{key} is {value!r}, not a YYYY-MM-DD date") from error


def _paragraphs(source: dict[str, Any], where: str) -> int:
    count = _field(source, "paragraphs", where)
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise PluginError(f"mkdocs.yml: {where}.paragraphs is {count!r}, not a count of the article's paragraphs")
    return count


def read_brief(config: MkDocsConfig) -> Brief:
    """The brief's citation record, or a PluginError naming the missing field."""
    extra = config.extra if isinstance(config.extra, dict) else dict(config.extra)
    brief = _field(extra, "brief", "extra")
    licence = _field(brief, "licence", "extra.brief")
    source = _field(brief, "source", "extra.brief")
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is missing; citations and canonical URLs are built from it")
    editors = _field(brief, "editors", "extra.brief")
    if not isinstance(editors, list) or not all(isinstance(name, str) for name in editors):
        raise PluginError("mkdocs.yml: extra.brief.editors must be a list of names")
    keywords = _field(brief, "keywords", "extra.brief")
    if not isinstance(keywords, list) or not all(isinstance(word, str) for word in keywords):
        raise PluginError("mkdocs.yml: extra.brief.keywords must be a list of words or phrases")
    published = _date(brief, "published", "extra.brief")
    modified = _date(brief, "modified", "extra.brief")
    if modified < published:
        raise PluginError(f"mkdocs.yml: extra.brief.modified ({modified}) is before published ({published})")
    where = "extra.brief.source"
    return Brief(
        title=str(_field(brief, "title", "extra.brief")),
        editors=tuple(editors),
        version=str(_field(brief, "version", "extra.brief")),
        published=published,
        modified=modified,
        language=str(_field(brief, "language", "extra.brief")),
        locale=str(_field(brief, "locale", "extra.brief")),
        licence_name=str(_field(licence, "name", "extra.brief.licence")),
        licence_spdx=str(_field(licence, "spdx", "extra.brief.licence")),
        licence_url=str(_field(licence, "url", "extra.brief.licence")),
        repository=str(_field(brief, "repository", "extra.brief")),
        pdf=str(_field(brief, "pdf", "extra.brief")),
        keywords=tuple(keywords),
        url=config.site_url,
        description=config.site_description or "",
        site_name=config.site_name,
        source=Source(
            title=str(_field(source, "title", where)),
            genre=str(_field(source, "genre", where)),
            publisher=str(_field(source, "publisher", where)),
            publisher_url=str(_field(source, "publisher_url", where)),
            full_text_url=str(_field(source, "full_text_url", where)),
            published=str(_field(source, "published", where)),
            date_context=str(_field(source, "date_context", where)),
            paragraphs=_paragraphs(source, where),
        ),
    )


def title_case(title: str) -> str:
    words = title.split(" ")
    out = []
    for index, word in enumerate(words):
        after_colon = index > 0 and words[index - 1].endswith(":")
        if index == 0 or after_colon or word.lower() not in SMALL_WORDS:
            word = word[:1].upper() + word[1:]
        out.append(word)
    return " ".join(out)


def sentence_case(title: str) -> str:
    """APA style: as written, with a capital after the colon."""
    head, sep, tail = title.partition(": ")
    return head + sep + tail[:1].upper() + tail[1:] if sep else title


def citations(brief: Brief) -> dict[str, str]:
    """The brief cited in four styles, each on its own line(s) of plain text."""
    editors = ", ".join(brief.editors)
    day = brief.modified
    month = day.strftime("%B")
    mla_month = month if len(month) <= 4 else month[:3] + "."
    bare_url = brief.url.removeprefix("https://").removeprefix("http://")
    source_month = brief.source.published_label
    key = f"{brief.site_name.lower().replace(' ', '_')}_{brief.published.year}"
    return {
        "APA": f"{editors}. ({day.year}, {month} {day.day}). {sentence_case(brief.title)} (Version {brief.version}). {brief.url}",
        "Chicago": f'{editors}. "{title_case(brief.title)}." Version {brief.version}. {brief.site_name}, {month} {day.day}, {day.year}. {brief.url}.',
        "MLA": f"{editors}. {title_case(brief.title)}. Version {brief.version}, {brief.site_name}, {day.day} {mla_month} {day.year}, {bare_url}.",
        "BibTeX": "\n".join([
            f"@misc{{{key},",
            f"  author  = {{{{{editors}}}}},",
            f"  title   = {{{{{title_case(brief.title)}}}}},",
            f"  year    = {{{day.year}}},",
            f"  version = {{{brief.version}}},",
            f"  url     = {{{brief.url}}},",
            f"  note    = {{A digest of ``{brief.source.title}'', {brief.source.publisher}, {source_month}}}",
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


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    read_brief(config)
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["brief"] = read_brief(config)
    return env


if __name__ == "__main__":
    from mkdocs.config import load_config

    sys.stdout.write(cff(read_brief(load_config(sys.argv[1] if len(sys.argv) > 1 else "mkdocs.yml"))))
