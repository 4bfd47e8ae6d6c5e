"""Print the whole brief to a PDF with WeasyPrint, offline.

`make pdf` (which the deploy workflow runs, and the tests too) builds the site,
runs this to print it, then builds again with BRIEF_PDF naming the printed
file, so that the site publishes it and its pages link it (hooks/published_pdf.py).

The built whole-brief page gives the text; tools/print/brief.html adds a cover
(the home page's title, question and key findings, with the dates, version and
licence from extra.brief) and a contents page; tools/print/brief.css lays it
out as CSS Paged Media: running heads, page numbers, and the contents page's
numbers with target-counter(). Headings become the PDF's outline (bookmarks).
The PDF is tagged and declares PDF/UA-1 (`tagged`, below, says what it adds
to WeasyPrint's tagging). The same sources and fonts give the same PDF, byte
for byte.

    python tools/pdf.py SITE_DIR MKDOCS_YML TARGET_PDF
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Tag
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from mkdocs.config import load_config

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
    headings: list[tuple[str, str]]  # (id, text) of each h2
    html: Markup


@dataclass(frozen=True)
class Home:
    id: str
    title: str
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


def read_sections(page: Path) -> list[Section]:
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    sections = []
    for section in soup.select("article section.brief-whole-page"):
        prepare(section, page)
        title = section.find("h1")
        if title is None:
            fail(f"{page}: the section {section.get('id')} has no title (h1)")
        headings = [(str(h2["id"]), text(h2)) for h2 in section.find_all("h2") if h2.get("id")]
        sections.append(Section(str(section["id"]), text(title), headings, Markup(str(section))))
    if not sections:
        fail(f"{page} has no sections (section.brief-whole-page); is it the whole-brief page?")
    return sections


def split_home(home: Section, page: Path) -> Home:
    """The home page's title, question and key findings make the cover; the rest follows the contents."""
    section = BeautifulSoup(str(home.html), "html.parser").section
    if section is None:
        fail(f"{page}: the home page's section is empty")
    title, lead, findings = section.find("h1"), section.select_one(".brief-lead"), section.find("h2")
    findings_list = findings.find_next_sibling() if isinstance(findings, Tag) else None
    if not (isinstance(title, Tag) and lead and isinstance(findings, Tag) and findings_list and findings_list.name == "ul"):
        fail(f"{page}: the home page's section must open with its title, its question (.brief-lead) and the key findings (the first h2 and its list)")
    parts = [title.extract(), lead.extract(), findings.extract(), findings_list.extract()]
    return Home(
        id=home.id,
        title=home.title,
        title_html=Markup(parts[0]),
        lead_html=Markup(parts[1]),
        findings_html=Markup(f"{parts[2]}{parts[3]}"),
        rest_html=Markup("".join(str(child) for child in section.contents)),
    )


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
    sections = read_sections(page)
    env = Environment(loader=FileSystemLoader([PRINT, OVERRIDES]), autoescape=True, undefined=StrictUndefined)
    printed = BeautifulSoup(env.get_template("brief.html").render(brief=brief, font=FONT, home=split_home(sections[0], page), sections=sections), "html.parser")
    # The contents' run-on lists of sections hold nothing but their items, or the tags would read a space as one.
    for run_on in printed.select(".brief-contents ol ol"):
        for space in run_on.find_all(string=True, recursive=False):
            space.extract()
    return str(printed)


@contextmanager
def tagged() -> Iterator[None]:
    """WeasyPrint 69's PDF/UA tagging, with two changes while the brief prints.

    - Running heads and page numbers (the page's margin boxes) are drawn as
      pagination artifacts, not as content left out of the structure tree
      (WeasyPrint's issue #1836): a screen reader skips them.
    - A table header's ID is its place in the document, not the Python
      object's address, so the same sources still print the same bytes; and
      the structure tree lists the IDs (IDTree), so that the cells' Headers
      lead to their headers.

    Both reach into WeasyPrint's internals, so they hold for version 69 only.
    """
    import pydyf
    import weasyprint
    from weasyprint import draw
    from weasyprint import pdf as writer
    from weasyprint.formatting_structure import boxes
    from weasyprint.pdf import tags

    if weasyprint.__version__.split(".")[0] != "69":
        fail(f"tools/pdf.py's tagging is written for WeasyPrint 69, not {weasyprint.__version__}; check tagged() against it")
    draw_stacking_context, build_box_tree, add_tags = draw.draw_stacking_context, tags._build_box_tree, writer.add_tags
    numbers: dict[int, tuple[object, int]] = {}

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

    def number(thing: object) -> int:  # the object is kept, so its address is not reused
        return numbers.setdefault(id(thing), (thing, len(numbers) + 1))[1]

    draw.draw_stacking_context, tags._build_box_tree, writer.add_tags = draw_margins_as_artifacts, leave_out_margins, add_tags_and_ids
    tags.id = number
    try:
        yield
    finally:
        draw.draw_stacking_context, tags._build_box_tree, writer.add_tags = draw_stacking_context, build_box_tree, add_tags
        del tags.id


class Offline:
    """A URL fetcher that loads nothing and remembers what was asked of it.

    Every font is local and the document has no images. WeasyPrint carries on
    without anything a fetcher refuses, so the print fails afterwards instead.
    """

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, url: str, timeout: int = 10, ssl_context: object = None) -> dict[str, object]:
        self.asked.append(url)
        raise ValueError(f"the printed brief loads nothing, and was asked for {url}")


def make_pdf(site_dir: Path, config_file: Path, target: Path) -> Path:
    """Print the built site's whole brief to target and return its path; exit with a message if it cannot."""
    from weasyprint import CSS, HTML

    if not font_installed(FONT):
        fail(f"the font {FONT!r} is not installed; `make pdf` installs Debian's fonts-sil-charis")
    brief = read_brief(load_config(str(config_file)))
    offline = Offline()
    html = HTML(string=document(site_dir, brief), base_url=brief.url + WHOLE_BRIEF, url_fetcher=offline)
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tagged():
        html.write_pdf(
            target,
            stylesheets=[CSS(filename=PRINT / "brief.css")],
            pdf_identifier=brief.version.encode(),
            pdf_variant=VARIANT,
        )
    if offline.asked:
        target.unlink()
        fail(f"{site_dir / WHOLE_BRIEF / 'index.html'} asks for {', '.join(offline.asked)}; the printed brief must load nothing")
    return target


def main() -> None:
    if len(sys.argv) != 4:
        sys.exit((__doc__ or "").strip().splitlines()[-1].strip())
    target = make_pdf(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
    print(f"Wrote {target} ({target.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
