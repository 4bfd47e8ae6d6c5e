"""The glossary page lists the abbreviations that every page shows as tooltips.

Terms are defined once, in the files that pymdownx.snippets appends to every
page (includes/abbreviations.md); the glossary page asks for them with the
`glossary` block (hooks/shortcodes.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown.extensions.toc import slugify

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

ABBREVIATION = re.compile(r"^\*\[(?P<term>[^\]]+)\]:[ \t]*(?P<definition>\S.*)$", re.M)


def appended_snippets(config: MkDocsConfig) -> list[Path]:
    """The files pymdownx.snippets appends to every page, resolved against its base paths."""
    snippets = config.mdx_configs.get("pymdownx.snippets", {})
    bases = [Path(config.config_file_path).parent / base for base in snippets.get("base_path", ["."])]
    found = []
    for name in snippets.get("auto_append", []):
        path = next((base / name for base in bases if (base / name).is_file()), None)
        if path is None:
            raise PluginError(
                f"mkdocs.yml: pymdownx.snippets auto_append file '{name}' not found in {', '.join(map(str, bases))}"
            )
        found.append(path)
    return found


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Fail before any page is rendered, with a message instead of a traceback.
    definitions(config)
    return config


def definitions(config: MkDocsConfig) -> dict[str, str]:
    """Every abbreviation and its meaning; a term given two meanings is an error, as Markdown would keep one silently."""
    terms: dict[str, str] = {}
    where: dict[str, Path] = {}
    for path in appended_snippets(config):
        for match in ABBREVIATION.finditer(path.read_text(encoding="utf-8")):
            term, definition = match["term"], match["definition"]
            if term in terms and terms[term] != definition:
                raise PluginError(
                    f"{path}: the abbreviation '{term}' is defined twice with different meanings "
                    f"({where[term].name}: {terms[term]!r}; {path.name}: {definition!r}); keep one"
                )
            terms[term], where[term] = definition, path
    return terms


def block(config: MkDocsConfig) -> str:
    """The glossary: every term and its meaning, in alphabetical order (the `glossary` block, hooks/shortcodes.py)."""
    terms = definitions(config)
    if not terms:
        raise PluginError("includes/: the glossary is asked for, but no abbreviations are defined")
    entries = "\n".join(
        f'<dt id="{slugify(term, "-")}" markdown>{term}</dt>\n<dd markdown>{definition}</dd>'
        for term, definition in sorted(terms.items(), key=lambda item: item[0].casefold())
    )
    return f'<dl class="glossary" markdown>\n{entries}\n</dl>'
