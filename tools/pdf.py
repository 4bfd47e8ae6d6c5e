"""Print the whole brief to a PDF with WeasyPrint, offline, for `make pdf` (which then builds again to publish it).

The built whole-brief page gives the text; tools/print/brief.html adds a cover
(the home page's title, question, bottom line and main points, with the dates,
version and licence from extra.brief) and a contents page; tools/print/brief.css
lays it out as CSS Paged Media. Headings become the PDF's outline (bookmarks).
The PDF is tagged and declares PDF/UA-1 (`patched`, below, says what it changes
in WeasyPrint). The same sources and fonts give the same PDF, byte for byte.

    python tools/pdf.py SITE_DIR MKDOCS_YML TARGET_PDF
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from mkdocs.config import load_config
from weasyprint import CSS, HTML
from weasyprint.urls import FatalURLFetchingError, URLFetcher

HERE = Path(__file__).resolve().parent
sys.path.append(str(HERE.parent / "hooks"))

from record import Brief, read_brief  # noqa: E402
from pages import WHOLE_BRIEF  # noqa: E402

PRINT = HERE / "print"
OVERRIDES = HERE.parent / "overrides"  # the site's templates, for the macros both share
# The type the brief is set in: Debian's fonts-sil-charis, which `make pdf` installs.
FONT = "Charis SIL"
# Tagged, with its language, title and headings: a screen reader can read it (ISO 14289-1).
VARIANT = "pdf/ua-1"


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    headings: list[tuple[str, str]]  # (id, text) of each h2 and h3 outside a box
    html: Markup


@dataclass(frozen=True)
class Home:  # the first section, the home page's, split (split_home)
    title_html: Markup
    lead_html: Markup
    findings_html: Markup
    rest_html: Markup


def fail(message: str) -> NoReturn:
    sys.exit(f"pdf: {message}")


def text(tag: Tag) -> str:
    return " ".join(tag.get_text().split())


def prepare(section: Tag, page: Path) -> None:
    """Make one page's section fit for paper: no permalinks or icons, tabs laid out in turn, addresses printed once."""
    for tag in section.select(".headerlink, .twemoji, .tabbed-set > input"):
        tag.decompose()
    # A list item's one paragraph is its body: the PDF's tags then read it as the item's (LBody).
    for paragraph in section.select("li > p:only-child"):
        paragraph.unwrap()
    for tabs in section.select(".tabbed-set"):
        labels = [text(label) for label in tabs.select(".tabbed-labels > label")]
        blocks = tabs.select(".tabbed-content > .tabbed-block")
        if len(labels) != len(blocks):
            fail(f"{page}: in section {section.get('id')}, a tabbed block has {len(labels)} labels for {len(blocks)} tabs")
        for labels_row in tabs.select(".tabbed-labels"):
            labels_row.decompose()
        for label, block in zip(labels, blocks):
            heading = BeautifulSoup("", "html.parser").new_tag("p", attrs={"class": "brief-tab-label"})
            heading.string = label
            block.insert(0, heading)
    # A link to another site prints its address, once per page of the brief
    # and without a text fragment (#:~:text=...), which only highlights.
    # A link within the brief prints the page it leads to; a ¶ citation does not.
    printed: set[str] = set()
    for link in section.select("a[href]"):
        href = str(link["href"])
        if href.startswith("#"):
            if text(link).startswith("¶"):
                link["data-citation"] = ""
            continue
        if urlsplit(href).scheme not in ("http", "https"):
            continue
        address = unquote(href.split("#:~:", 1)[0])
        if address not in printed and text(link) != address:
            link["data-print-href"] = address
            printed.add(address)


def read_sections(page: Path) -> tuple[Home, list[Section]]:
    found = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("article section.brief-whole-page")
    sections = []
    for section in found:
        prepare(section, page)
        title = section.find("h1")
        if title is None:
            fail(f"{page}: the section {section.get('id')} has no title (h1)")
        # The contents name the sections that carry the argument, not the boxes' fixed headings.
        headings = [(str(h["id"]), text(h)) for h in section.find_all(["h2", "h3"]) if h.get("id") and not h.find_parent(class_="admonition")]
        sections.append(Section(str(section["id"]), text(title), headings, Markup(str(section))))
    if not sections:
        fail(f"{page} has no sections (section.brief-whole-page); is it the whole-brief page?")
    return split_home(found[0], page), sections


def split_home(section: Tag, page: Path) -> Home:
    """The home page's title, question, bottom line and main points make the cover; the rest follows the contents."""
    title, lead, bottom_line, findings = section.find("h1"), section.select_one(".brief-lead"), section.select_one(".brief-bottom-line"), section.find("h2")
    findings_list = findings.find_next_sibling() if isinstance(findings, Tag) else None
    if not (isinstance(title, Tag) and lead and bottom_line and isinstance(findings, Tag) and findings_list and findings_list.name == "ul"):
        fail(f"{page}: the home page's section must open with its title, its question (.brief-lead), its bottom line (.brief-bottom-line) and the main points (the first h2 and its list)")
    parts = [Markup(part.extract()) for part in (title, lead, bottom_line, findings, findings_list)]
    return Home(parts[0], parts[1], Markup("").join(parts[2:]), Markup("".join(map(str, section.contents))))


def font_installed(family: str) -> bool:
    try:
        found = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        return False
    return bool(found.stdout.strip())


def document(site_dir: Path, brief: Brief) -> str:
    """The printed brief as one HTML document."""
    page = site_dir / WHOLE_BRIEF / "index.html"
    if not page.is_file():
        fail(f"{page} is missing; build the site first (make build)")
    home, sections = read_sections(page)
    env = Environment(loader=FileSystemLoader([PRINT, OVERRIDES]), autoescape=True, undefined=StrictUndefined)
    return env.get_template("brief.html").render(brief=brief, font=FONT, home=home, sections=sections)


@contextmanager
def patched() -> Iterator[None]:
    """WeasyPrint 70, with four faults mended while the brief prints; tests/test_pdf.py fails on each once WeasyPrint mends it.

    - Running heads and page numbers (margin boxes) are pagination artifacts,
      not content left out of the structure tree (WeasyPrint's issue #1836).
    - The structure tree lists element IDs (IDTree), so that table cells'
      Headers lead to their headers (no issue of its own yet; WeasyPrint
      gathers PDF/UA bugs under issue #2482, and #1784 reported the Headers).
    - What a link holds (an abbreviation) has no link annotation of its own,
      outside the Link ("nested tags in anchors", in issue #2482).
    - A text that fits only without its trailing space, before an inline element,
      keeps its line, not just its first word (no upstream issue found)."""
    import pydyf
    import weasyprint
    from weasyprint import anchors, draw
    from weasyprint import pdf as writer
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import inline
    from weasyprint.pdf import tags

    if weasyprint.__version__.split(".")[0] != "70":
        fail(f"tools/pdf.py's patches are written for WeasyPrint 70, not {weasyprint.__version__}; check patched() against it")
    places = ((draw, "draw_stacking_context"), (tags, "_build_box_tree"), (writer, "add_tags"), (anchors, "gather_anchors"), (inline, "split_first_line"))
    draw_stacking_context, build_box_tree, add_tags, gather_anchors, split_first_line = [getattr(*place) for place in places]

    def draw_margins_as_artifacts(stream: Any, context: Any) -> None:
        box = context.box
        if not isinstance(box, boxes.MarginBox) or stream._tags is None:
            draw_stacking_context(stream, context)
            return
        where = "/Header" if box.at_keyword.startswith("@top") else "/Footer"
        stream.begin_marked_content("Artifact", pydyf.Dictionary({"Type": "/Pagination", "Subtype": where}))
        page_tags, stream._tags = stream._tags, None  # nothing inside is marked as content
        try:
            draw_stacking_context(stream, context)
        finally:
            stream._tags = page_tags
            stream.end_marked_content()

    def leave_out_margins(box: Any, *args: Any) -> Iterator[Any]:
        return iter(()) if isinstance(box, boxes.MarginBox) else build_box_tree(box, *args)

    def add_tags_and_ids(pdf: Any, *args: Any) -> None:
        add_tags(pdf, *args)
        objects = [thing for thing in pdf.objects if isinstance(thing, pydyf.Dictionary)]
        named = sorted((str(thing["ID"].string), thing) for thing in objects if "ID" in thing)
        if named:
            root = next(thing for thing in objects if thing.get("Type") == "/StructTreeRoot")
            root["IDTree"] = pydyf.Dictionary({"Names": pydyf.Array(item for key, thing in named for item in (pydyf.String(key), thing.reference))})

    def link_once(box: Any, *args: Any) -> None:  # args end with the link the box is in, if any
        inside = box.link is None and (box.element_tag or "").split(":")[0] != "a"
        gather_anchors(box, *(args[:6] + (None,) if inside and len(args) == 7 else args))

    def keep_hanging_space(text: str, style: Any, context: Any, width: float | None, *args: Any, **kwargs: Any) -> Any:
        line = split_first_line(text, style, context, width, *args, **kwargs)
        if width is not None and line[2] is not None and text.endswith(" ") and text.strip():
            if split_first_line(text.rstrip(" "), style, context, width, *args, **kwargs)[2] is None:
                return split_first_line(text, style, context, None, *args, **kwargs)
        return line

    with ExitStack() as restore:
        for (module, name), value in zip(places, (draw_margins_as_artifacts, leave_out_margins, add_tags_and_ids, link_once, keep_hanging_space)):
            restore.callback(setattr, module, name, getattr(module, name))
            setattr(module, name, value)
        yield


class Offline(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no type hints
    """Loads nothing (every font is local, and there are no images): what it is asked for stops the print.

    WeasyPrint carries on without what a fetcher refuses, unless the refusal is fatal."""

    def fetch(self, url: str, headers: object = None) -> NoReturn:
        raise FatalURLFetchingError(url)


def make_pdf(site_dir: Path, config_file: Path, target: Path) -> Path:
    """Print the built site's whole brief to target and return its path; exit with a message if it cannot."""
    if not font_installed(FONT):
        fail(f"the font {FONT!r} is not installed; `make pdf` installs Debian's fonts-sil-charis")
    brief = read_brief(load_config(str(config_file)))
    html = HTML(string=document(site_dir, brief), base_url=brief.url + WHOLE_BRIEF, url_fetcher=Offline())
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with patched():
            html.write_pdf(
                target,
                stylesheets=[CSS(filename=PRINT / "brief.css")],
                pdf_identifier=brief.version.encode(),
                pdf_variant=VARIANT,
            )
    except FatalURLFetchingError as asked:
        fail(f"{site_dir / WHOLE_BRIEF / 'index.html'} asks for {asked}; the printed brief must load nothing")
    return target


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit((__doc__ or "").strip().splitlines()[-1].strip())
    target = make_pdf(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"Wrote {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
