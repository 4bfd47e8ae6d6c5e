"""Draw each page's 1200x630 social card with Pillow, offline.

Material's social plugin fetches its fonts from Google at build time. These
cards use the font Pillow carries inside itself (Aileron, public domain), so
nothing is downloaded, and the colours are read from the site's stylesheet, so
the cards cannot drift from the site. The card's path and size are put in the
page's metadata as `card`, where the template's Open Graph tags find them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page
from PIL import Image, ImageDraw, ImageFont
from whole_brief import page_key

SIZE = (1200, 630)
MARGIN = 80
BAND = 24  # the accent band along the foot and the dark one down the left edge
STYLESHEET = "stylesheets/brief.css"
# Roles in brief.css, read as --brief-NAME (#rrggbb).
COLOURS = ("primary", "primary-dark", "accent-light")
# At the smallest title size a card shrunk to 600 px still shows 26 px text.
TITLE_SIZES = (76, 68, 60, 52)
MAX_TITLE_LINES = 3

_colours: dict[str, str] = {}


def brand_colours(stylesheet: Path) -> dict[str, str]:
    try:
        css = stylesheet.read_text(encoding="utf-8")
    except OSError as error:
        raise PluginError(f"cards: cannot read the colours in {stylesheet}: {error}") from error
    colours = {}
    for name in COLOURS:
        match = re.search(rf"--brief-{name}:\s*(#[0-9a-fA-F]{{6}})\b", css)
        if not match:
            raise PluginError(f"cards: {stylesheet} does not define --brief-{name} as a #rrggbb colour")
        colours[name] = match.group(1)
    return colours


def wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def title_layout(title: str) -> tuple[int, list[str]]:
    """The largest title size whose wrapped lines fit the card, and those lines."""
    draw = ImageDraw.Draw(Image.new("RGB", SIZE))
    width = SIZE[0] - 2 * MARGIN
    for size in TITLE_SIZES:
        font = ImageFont.load_default(size=size)
        assert isinstance(font, ImageFont.FreeTypeFont)
        lines = wrap(draw, title, font, width)
        if len(lines) <= MAX_TITLE_LINES and all(draw.textlength(line, font=font) <= width for line in lines):
            return size, lines
    raise ValueError(f"the title {title!r} does not fit on a card in {MAX_TITLE_LINES} lines")


def draw_card(title: str, site_name: str, colours: dict[str, str]) -> Image.Image:
    size, lines = title_layout(title)
    image = Image.new("RGB", SIZE, colours["primary"])
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, SIZE[1] - BAND, SIZE[0], SIZE[1]), fill=colours["accent-light"])
    draw.rectangle((0, 0, BAND, SIZE[1] - BAND), fill=colours["primary-dark"])
    name_font = ImageFont.load_default(size=40)
    draw.text((MARGIN, MARGIN), site_name, font=name_font, fill=colours["accent-light"], stroke_width=1, stroke_fill=colours["accent-light"])
    title_font = ImageFont.load_default(size=size)
    line_height = round(size * 1.2)
    top = SIZE[1] - BAND - MARGIN - line_height * len(lines)
    for number, line in enumerate(lines):
        draw.text((MARGIN, top + number * line_height), line, font=title_font, fill="#ffffff", stroke_width=1, stroke_fill="#ffffff")
    return image


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _colours.clear()
    _colours.update(brand_colours(Path(config.docs_dir) / STYLESHEET))
    return config


@dataclass(frozen=True)
class Card:
    path: str  # in the site, relative to site_url
    width: int
    height: int


def on_page_context(context: dict[str, object], page: Page, config: MkDocsConfig, nav: object) -> dict[str, object]:
    """Draws the page's card into the site and gives the page's template its card as `card` (brief/meta.html links it)."""
    card = Card(f"assets/cards/{page_key(page)}.png", *SIZE)  # named after the page's URL: index, aid, source-map…
    title = page.meta.get("title") or page.title or config.site_name
    target = Path(config.site_dir) / card.path
    try:
        image = draw_card(str(title), config.site_name, _colours)
        target.parent.mkdir(parents=True, exist_ok=True)
        image.save(target, optimize=True)
    except (ValueError, OSError) as error:
        raise PluginError(f"cards: cannot make the card for {page.file.src_uri} at {target}: {error}") from error
    context["card"] = card
    return context
