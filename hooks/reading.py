"""Reading time: one word count, shared by the templates and the tests.

A page's words are the runs of its text that hold a letter or a digit (so a
citation such as ¶5 is a word, its comma is not), without the heading
permalinks (#), the byline, the page's foot (brief/foot.html) and code blocks
(the citation formats), read at 200 words a minute. The templates call it
through the `reading_minutes` filter; the tests import `reading_words` to hold
the word budgets, and `read_text` to read what a reader reads.
"""

from __future__ import annotations

import math

from bs4 import BeautifulSoup
from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

WORDS_PER_MINUTE = 200
NOT_READ = ".headerlink, .brief-byline, .brief-foot, pre"


def read_text(html: str) -> str:
    """What a reader reads of a page: its text without what NOT_READ names, its spaces collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.select(NOT_READ):
        tag.decompose()
    return " ".join(soup.get_text(" ").split())


def reading_words(html: str) -> int:
    return sum(1 for token in read_text(html).split() if any(c.isalnum() for c in token))


def reading_minutes(*html: str) -> int:
    """Minutes to read the pages given, rounded up; at least one."""
    return max(1, math.ceil(sum(reading_words(part) for part in html) / WORDS_PER_MINUTE))


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.filters["reading_minutes"] = reading_minutes
    return env
