"""The brief's record: mkdocs.yml `extra.brief`, checked once and given to the templates as `brief`.

MkDocs' own config options check each field (a misspelt field, a date that is
not a date, a missing address each fail, naming the field); the result is a
typed record with dates as dates. The templates, the hooks, the tools and the
tests all read the brief through `read_brief`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_C = TypeVar("_C", bound=base.Config)
_KEPT = "_brief_record"


class Source(base.Config):
    """mkdocs.yml `extra.brief.source`: the article the brief is on."""

    title = c.Type(str)
    genre = c.Type(str)
    publisher = c.Type(str)
    publisher_url = c.URL()
    url = c.URL()
    full_text_url = c.URL()
    published = c.Type(str)
    date_context = c.Type(str)
    paragraphs = c.Type(int)

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
    source: Source
    # The argument's pages (docs/ paths) and the most words they may hold between them.
    argument_pages: tuple[str, ...]
    argument_words: int
    # Say it once: how long a passage must be to count as repeated, and how many may be.
    repeat_words: int
    max_repeats: int
    # The about page's words, besides its citation formats and corrections table.
    about_words: int
    # For each party on the positions page, the paragraphs that report its position.
    positions: dict[str, frozenset[int]]


class IsoDate(base.BaseConfigOption[date]):
    """A YYYY-MM-DD date, quoted or not."""

    def run_validation(self, value: object) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError as error:
            raise base.ValidationError(f"{value!r} is not a YYYY-MM-DD date") from error


class LicenceConfig(base.Config):
    name = c.Type(str)
    spdx = c.Type(str)
    url = c.URL()


class BriefConfig(base.Config):
    """mkdocs.yml `extra.brief`, field by field; MkDocs' own config options check each."""

    editors = c.ListOfItems(c.Type(str))
    version = c.Type(str)
    published = IsoDate()
    modified = IsoDate()
    language = c.Type(str)
    locale = c.Type(str)
    licence = c.Type(dict)
    repository = c.URL()
    keywords = c.ListOfItems(c.Type(str))
    pdf = c.Type(str)
    pdf_file = c.Type(str, default="")
    source = c.Type(dict)
    argument = c.Type(dict)
    about_words = c.Type(int)
    positions = c.Type(dict)


class ArgumentConfig(base.Config):
    pages = c.ListOfItems(c.Type(str))
    max_words = c.Type(int)
    repeat_words = c.Type(int)
    max_repeats = c.Type(int)


def _validated(schema: type[_C], raw: object, where: str, config_file: str | None) -> _C:
    """raw checked against schema, or a PluginError naming every field at fault."""
    if not isinstance(raw, dict):
        raise PluginError(f"mkdocs.yml: {where} is missing or not a mapping")
    record = schema(config_file_path=config_file)
    record.load_dict(raw)
    errors, warnings = record.validate()
    if problems := [f"{where}.{key}: {message}" for key, message in [*errors, *warnings]]:
        raise PluginError("mkdocs.yml: " + "; ".join(problems))
    return record


def read_brief(config: MkDocsConfig) -> Brief:
    """The brief's record, or a PluginError naming each field at fault; kept on config, so checked once for each."""
    kept = getattr(config, _KEPT, None)
    if kept is None:
        setattr(config, _KEPT, kept := _read_brief(config))
    return kept


def _read_brief(config: MkDocsConfig) -> Brief:
    if not config.site_url:
        raise PluginError("mkdocs.yml: site_url is missing; citations and canonical URLs are built from it")
    brief = _validated(BriefConfig, config.extra.get("brief"), "extra.brief", config.config_file_path)
    licence = _validated(LicenceConfig, brief.licence, "extra.brief.licence", config.config_file_path)
    source = _validated(Source, brief.source, "extra.brief.source", config.config_file_path)
    if not brief.editors:
        raise PluginError("mkdocs.yml: extra.brief.editors names no one")
    if brief.modified < brief.published:
        raise PluginError(f"mkdocs.yml: extra.brief.modified ({brief.modified}) is before published ({brief.published})")
    if source.paragraphs < 1:
        raise PluginError(f"mkdocs.yml: extra.brief.source.paragraphs is {source.paragraphs}, not a count of the article's paragraphs")
    argument = _validated(ArgumentConfig, brief.argument, "extra.brief.argument", config.config_file_path)
    return Brief(
        title=config.site_name,
        editors=tuple(brief.editors),
        version=brief.version,
        published=brief.published,
        modified=brief.modified,
        language=brief.language,
        locale=brief.locale,
        licence_name=licence.name,
        licence_spdx=licence.spdx,
        licence_url=licence.url,
        repository=brief.repository,
        pdf=brief.pdf,
        keywords=tuple(brief.keywords),
        url=config.site_url,
        description=config.site_description or "",
        source=source,
        argument_pages=tuple(argument.pages),
        argument_words=argument.max_words,
        repeat_words=argument.repeat_words,
        max_repeats=argument.max_repeats,
        about_words=brief.about_words,
        positions=_positions(brief.positions, source.paragraphs),
    )


def _positions(table: dict[object, object], paragraphs: int) -> dict[str, frozenset[int]]:
    """extra.brief.positions: each party's list of paragraphs, or `any`, checked against the article's count."""
    every = frozenset(range(1, paragraphs + 1))
    checked: dict[str, frozenset[int]] = {}
    for party, cited in table.items():
        where = f"mkdocs.yml: extra.brief.positions.{party}"
        if cited == "any":
            checked[str(party)] = every
        elif isinstance(cited, list) and cited and all(isinstance(n, int) and not isinstance(n, bool) for n in cited):
            if stray := sorted(set(cited) - every):
                raise PluginError(f"{where}: the article has no paragraph {', '.join(map(str, stray))} (extra.brief.source.paragraphs is {paragraphs})")
            checked[str(party)] = frozenset(cited)
        else:
            raise PluginError(f"{where}: {cited!r} is neither a list of paragraph numbers nor `any`")
    return checked


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    read_brief(config)
    return config


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.globals["brief"] = read_brief(config)
    return env


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Each page's date is the brief's, as its byline says, not the build's: the sitemap's lastmod and its .gz's time."""
    page.update_date = read_brief(config).modified.isoformat()


