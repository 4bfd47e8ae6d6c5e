"""The printed brief (`make pdf`, tools/pdf.py), read as a reader's tools read it (printed.py).

Faults planted in a copy of the print stylesheet, or in a synthetic page, are caught by the same checks.
"""

from __future__ import annotations

import importlib.util
import re
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from pypdf import PdfReader
from weasyprint import CSS, HTML

import record
from pdf import PRINT, VARIANT, patched
from printed import TITLE_SIZE, Sheet, Tagged, contents_numbers, contents_problems, emptiness_problems, read, read_tagged, running_problems, squash, starts
from support import Site, edit, mkdocs_build

MiB = 1024 * 1024
COVER, CONTENTS = 1, 2


@pytest.fixture(scope="module")
def pdf(site: Site, brief: record.Brief) -> Path:
    return site.root / brief.pdf


@pytest.fixture(scope="module")
def sheets(pdf: Path) -> list[Sheet]:
    return read(pdf)


@pytest.fixture(scope="module")
def titles(site: Site) -> list[str]:
    """Each page's title, as its own page shows it, in reading order."""
    return [squash(site.title(page.url).get_text()) for page in site.nav_pages]


def print_copy(project: Path, site_dir: Path, out: Path) -> None:
    """Print a built site with a copy's tools/pdf.py and its stylesheet, as `make pdf` does, but in this process.

    The copy's module is loaded afresh from its own path; a print it stops raises SystemExit, with its message.
    """
    spec = importlib.util.spec_from_file_location(f"pdf_{abs(hash(project))}", project / "tools" / "pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    kept = sys.path[:]
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
        module.make_pdf(site_dir, project / "mkdocs.yml", out)
    finally:
        sys.path[:] = kept
        del sys.modules[spec.name]


# --- What a reader of the PDF sees --------------------------------------------


def test_the_cover_gives_the_title_question_source_dates_version_licence_address_bottom_line_and_main_points(
    sheets: list[Sheet], site: Site, brief: record.Brief, titles: list[str]
) -> None:
    cover = sheets[COVER - 1].body_text
    home = site.soup("index.html")
    lead, bottom_line = home.select_one(".brief-lead"), home.select_one(".brief-bottom-line")
    assert lead is not None and bottom_line is not None
    expected = [
        titles[0], squash(lead.get_text()), brief.source.genre, brief.source.publisher, brief.source.url,
        f"Published {brief.published.day} {brief.published:%B %Y}", f"Updated {brief.modified.day} {brief.modified:%B %Y}",
        f"Version {brief.version}", brief.licence_name, brief.url,
        squash(bottom_line.get_text()), squash(home.find(id="thesis").find(string=True)),
    ]
    for words in expected:
        assert words in cover, f"the cover lacks {words!r}: {cover[:600]}"
    assert cover.index(expected[-2]) < cover.index(expected[-1]), "the bottom line does not come before the main points"
    findings = home.find(id="thesis").find_next("ul").find_all("li", recursive=False)
    for finding in findings:
        assert squash(finding.get_text())[:60] in cover, f"the cover lacks the finding {finding.get_text()[:60]!r}"


def test_the_contents_lists_every_page_at_the_page_where_it_starts(sheets: list[Sheet], titles: list[str]) -> None:
    assert sheets[CONTENTS - 1].body[0].text == "Contents"
    assert contents_problems(sheets, CONTENTS, titles) == []
    assert set(starts(sheets, CONTENTS, titles)) == set(titles), "a page title is not set as a title"
    numbers = list(contents_numbers(sheets[CONTENTS - 1], titles).values())
    assert numbers == sorted(numbers), f"the contents is not in reading order: {numbers}"


def test_every_page_after_the_cover_has_a_running_head_the_address_and_its_number(
    sheets: list[Sheet], titles: list[str], brief: record.Brief
) -> None:
    assert running_problems(sheets, CONTENTS, titles, brief.title, brief.url) == []
    cover = sheets[COVER - 1].lines
    # The cover's own title is the brief's, set large; a running head would repeat it small.
    assert not any((brief.title in line.text and line.size < TITLE_SIZE) or f"1 of {len(sheets)}" in line.text for line in cover), "the cover has a running head"


def test_no_sheet_but_the_last_is_less_than_a_quarter_full(sheets: list[Sheet]) -> None:
    assert emptiness_problems(sheets) == []


def test_body_type_is_about_eleven_points_on_a_measure_near_seventy_characters(sheets: list[Sheet]) -> None:
    sizes = Counter(round(line.size, 1) for sheet in sheets[CONTENTS:] for line in sheet.body)
    body_size = sizes.most_common(1)[0][0]
    assert 10.5 <= body_size <= 11, f"the body type is {body_size} pt"
    lengths = sorted(len(line.text) for sheet in sheets[CONTENTS:] for line in sheet.body if round(line.size, 1) == body_size)
    full = lengths[int(len(lengths) * 0.9)]
    assert 60 <= full <= 80, f"a full line holds {full} characters"


def test_links_to_other_sites_print_their_address(sheets: list[Sheet], site: Site) -> None:
    def bare(text: str) -> str:  # an address may break across lines
        return "".join(text.split())

    text = bare(" ".join(" ".join(line.text for line in sheet.body) for sheet in sheets))
    addresses = {
        unquote(str(a["href"]).split("#:~:", 1)[0])
        for a in site.soup("whole-brief/index.html").select("article .brief-whole-page a[href^='http']")
    }
    assert len(addresses) >= 4
    for address in addresses:
        assert bare(address) in text, f"the PDF does not print {address}"


def test_citations_stay_short(sheets: list[Sheet]) -> None:
    text = " ".join(sheet.body_text for sheet in sheets)
    assert "¶5" in text and "source-map-p" not in text, "a ¶ citation printed its address"


def test_metadata_comes_from_extra_brief_and_the_outline_from_the_pages(pdf: Path, brief: record.Brief, titles: list[str]) -> None:
    reader = PdfReader(pdf)
    info = reader.metadata
    assert info is not None
    assert info.title == brief.title
    assert info.author == ", ".join(brief.editors)
    assert info.subject == brief.description
    assert info["/Keywords"] == ", ".join(brief.keywords)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert [squash(title or "") for title in outline] == titles


def test_size_fonts_and_offline(pdf: Path) -> None:
    assert pdf.stat().st_size <= MiB, f"the PDF is {pdf.stat().st_size / MiB:.2f} MiB"
    reader = PdfReader(pdf)
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert fonts and all(name.startswith("Charis-SIL") for name in fonts), f"fonts other than Charis SIL: {fonts}"


def test_the_same_sources_under_another_days_clock_make_the_same_site_and_pdf(
    site: Site, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`make pdf` on another day gives this very site, PDF and all, byte for byte: nothing comes from the clock.

    The print and the second build run in this process, on 9 September 2001 as
    MkDocs reads the clock (SOURCE_DATE_EPOCH) and as gzip does (time.time).
    """
    another_day = 1_000_000_000
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(another_day))
    monkeypatch.setattr(time, "time", lambda: float(another_day))
    again = tmp_path / "again.pdf"
    print_copy(project, site.root, again)
    result = mkdocs_build(project, tmp_path / "site", BRIEF_PDF=str(again))
    assert result.returncode == 0, result.stderr

    def files(root: Path) -> dict[str, bytes]:
        return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}

    today, that_day = files(site.root), files(tmp_path / "site")
    assert sorted(today) == sorted(that_day)
    differ = [name for name in today if today[name] != that_day[name]]
    assert not differ, f"another day's clock changes {', '.join(differ)}"


# --- Planted faults -----------------------------------------------------------


# Each fault, what it replaces in tools/print/brief.css, and what the checks must say of it. They
# are planted together, in one print: each leaves its own mark, which no other fault makes.
PRINT_FAULTS = [
    (
        "a page missing from the contents",
        ".brief-contents ol {",
        ".brief-contents > ol > li:nth-child(4) { display: none; }\n.brief-contents ol {",
        "{titles[3]!r} is not in the contents",
    ),
    (
        "a wrong page number",
        "content: leader(\". \") target-counter(attr(href url), page);",
        "content: leader(\". \") counter(page);",
        "the contents gives page 2 for {titles[1]!r}",
    ),
    ("a missing running head", "content: string(page-title, start);", "content: none;", "page 3: the running head is"),
    ("a missing page number", 'content: counter(page) " of " counter(pages);', "content: none;", "page 3: the foot is"),
    (
        "a forced break after every page of the brief",
        "/* --- The pages of the brief",
        ".brief-whole-page + .brief-whole-page { break-before: page; }\n/* --- The pages of the brief",
        "full",
    ),
]


def test_planted_faults_in_the_print_stylesheet_are_each_caught(project: Path, site: Site, titles: list[str], brief: record.Brief, tmp_path: Path) -> None:
    for _, old, new, _ in PRINT_FAULTS:
        edit(project / "tools" / "print" / "brief.css", old, new)
    out = tmp_path / "planted.pdf"
    print_copy(project, site.root, out)
    sheets = read(out)
    found = contents_problems(sheets, CONTENTS, titles) + emptiness_problems(sheets)
    found += running_problems(sheets, CONTENTS, titles, brief.title, brief.url)
    # The contents' entries are the nav's pages, in order.
    missed = [fault for fault, _, _, caught in PRINT_FAULTS if not any(caught.format(titles=titles) in problem for problem in found)]
    assert not missed, f"not caught: {missed}; found: {found}"


def test_a_missing_font_stops_the_print_naming_it(project: Path, site: Site, tmp_path: Path) -> None:
    edit(project / "tools" / "pdf.py", 'FONT = "Charis SIL"', 'FONT = "No Such Serif"')
    with pytest.raises(SystemExit, match="'No Such Serif' is not installed"):
        print_copy(project, site.root, tmp_path / "out.pdf")


def test_a_site_without_the_whole_brief_stops_the_print_naming_the_file(project: Path, tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=re.escape(f"{tmp_path}/whole-brief/index.html is missing")):
        print_copy(project, tmp_path, tmp_path / "out.pdf")


def test_a_page_that_asks_for_anything_stops_the_print_naming_it(project: Path, site: Site, tmp_path: Path) -> None:
    """The print loads nothing: WeasyPrint would leave out what it cannot fetch, so tools/pdf.py fails instead."""
    page = tmp_path / "whole-brief" / "index.html"
    page.parent.mkdir()
    html = (site.root / "whole-brief" / "index.html").read_text(encoding="utf-8")
    planted = re.sub(r"(<section[^>]*brief-whole-page[^>]*>)", r'\1<img src="https://example.org/photo.jpg" alt="">', html, count=1)
    assert planted != html
    page.write_text(planted, encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape("asks for https://example.org/photo.jpg")):
        print_copy(project, tmp_path, tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()


# --- PDF/UA-1: what a screen reader reads ------------------------------------


@pytest.fixture(scope="module")
def tags(pdf: Path, brief: record.Brief) -> Tagged:
    return read_tagged(pdf, brief.language)


def test_the_pdf_is_tagged_pdf_ua_1_with_its_language_title_and_headings_in_order(tags: Tagged, titles: list[str]) -> None:
    assert tags.problems == []
    # Each page of the brief is a level-1 heading, in the order of the site's nav.
    assert [text for level, text in tags.headings if level == 1] == titles
    assert sum(level == 2 for level, _ in tags.headings) >= len(titles)


def test_every_page_reference_names_the_page_its_link_leads_to(tags: Tagged) -> None:
    """Each "(p. N)" (target-counter() in the print stylesheet) is read within a Link to a target on page N."""
    assert len(tags.references) >= 20
    assert [(sheet, number, target) for sheet, number, target in tags.references if number != target] == []


def test_running_heads_and_page_numbers_are_artifacts_not_content(tags: Tagged, sheets: list[Sheet], brief: record.Brief) -> None:
    """A screen reader skips them: they are drawn as pagination artifacts, and the tags read none of them."""
    assert tags.artifacts[COVER - 1] == "", "the cover has a running head"
    for sheet, drawn in zip(sheets[1:], tags.artifacts[1:]):
        foot = (brief.url, f"{sheet.number} of {len(sheets)}")
        for part in foot:
            assert part in drawn, f"page {sheet.number}: {part!r} is not an artifact: {drawn!r}"
        assert sheet.head is not None and squash(sheet.head.text) in squash(drawn), f"page {sheet.number}: its running head is not an artifact: {drawn!r}"
    assert not re.search(rf"\b\d+ of {len(sheets)}\b", tags.text), "a page number is read as content"


SYNTHETIC = """<!doctype html>
<html lang="en-GB"><head><title>A synthetic brief</title><style>:root { --brief-font: "Charis SIL"; }</style></head><body>
<section class="brief-whole-page">
<h1>A page</h1><p>Text, with <a href="https://example.org/">a link to <abbr title="the United Kingdom">UK</abbr> sources</a>.</p>
<h2>A section</h2><p class="cited-by">More text, to <a href="#end">the end</a>.</p>
<table><tr><th>Position</th><th>Source</th></tr><tr><td>One</td><td>Two</td></tr></table>
<ul><li>A point</li><li>Another</li></ul>
<h3 id="end" style="break-before: page">A subsection</h3><p>The end.</p></section>
</body></html>"""


@pytest.mark.parametrize(
    ("fault", "old", "new", "caught", "printed"),
    [
        ("nothing", "", "", None, (1, 2, 2)),
        ("an untagged PDF", "pdf_variant", "", "the PDF has no structure tree", None),
        ("no language", ' lang="en-GB"', "", "the document's language is None", None),
        ("a skipped heading level", "<h2>A section</h2>", "<h3>A section</h3>", "a heading H3 follows H1", None),
        ("a list item holding a paragraph", "<li>A point</li>", "<li><p>A point</p></li>", "a LI holds a P", None),
        ("an image without a text alternative", "<p>The end.</p>", '<img src="data:image/svg+xml,<svg xmlns=%22http://www.w3.org/2000/svg%22 width=%2210%22 height=%2210%22/>">', "a figure has no alternate text", None),
        ("the page a reference is printed on, not its target's", 'target-counter(attr(href url), page) ")"', 'counter(page) ")"', None, (1, 1, 2)),
        ("a reference that is no link", "<a href=\"#end\">the end</a>", "the end (p. 2)", None, (1, 2, None)),
    ],
)
def test_planted_faults_in_a_tagged_pdf_are_caught(
    fault: str, old: str, new: str, caught: str | None, printed: tuple[int, int, int | None] | None, tmp_path: Path
) -> None:
    """A synthetic page of two sheets, printed as tools/pdf.py prints the brief (its stylesheet, its patches), with one
    fault planted in the page or the stylesheet. Its reference to its second sheet is read as (sheet, N, the page its Link leads to)."""
    out = tmp_path / "synthetic.pdf"
    stylesheet = (PRINT / "brief.css").read_text(encoding="utf-8").replace(old, new, 1)
    variant = {} if old == "pdf_variant" else {"pdf_variant": VARIANT}
    with patched():
        HTML(string=SYNTHETIC.replace(old, new, 1), base_url="https://example.org/").write_pdf(out, stylesheets=[CSS(string=stylesheet)], **variant)
    tagged = read_tagged(out, "en-GB")
    assert (tagged.problems == []) if caught is None else any(caught in problem for problem in tagged.problems), f"{fault}: {tagged.problems}"
    assert printed is None or tagged.references == [printed], f"{fault}: {tagged.references}"


# --- What WeasyPrint still gets wrong -----------------------------------------
# Each test shows a fault of WeasyPrint's own, without tools/pdf.py's patches;
# once one fails, WeasyPrint has fixed its fault: drop that patch from patched().


@pytest.mark.parametrize(
    ("fault", "still"),
    [
        ("running heads and page numbers marked as content left out of the structure tree (#1836)", "that the structure tree does not read"),
        ("table headers' IDs that no IDTree lists (no upstream issue)", "is not in the structure tree's IDTree"),
        ("an abbreviation in a link with a link annotation of its own, outside the Link (#2482)", "an annotation stands in a NonStruct"),
    ],
)
def test_weasyprint_still_tags_the_pdf_wrongly_without_the_patches(fault: str, still: str, tmp_path: Path) -> None:
    out = tmp_path / "unpatched.pdf"
    HTML(string=SYNTHETIC).write_pdf(out, stylesheets=[CSS(filename=PRINT / "brief.css")], pdf_variant=VARIANT)
    assert any(still in problem for problem in read_tagged(out, "en-GB").problems), f"WeasyPrint no longer shows {fault}"


def test_weasyprint_still_ends_a_line_after_its_first_word_when_the_text_fits_only_without_its_trailing_space() -> None:
    """No upstream issue found. A text, then an inline element that goes to the next line."""
    style = "font: 16px 'Charis SIL'"

    def boxes(html: str) -> list[Any]:
        return list(HTML(string=html).render().pages[0]._page_box.descendants())

    def width(text: str) -> float:
        return next(box.width for box in boxes(f'<p style="{style}; float: left; white-space: pre">{text}</p>') if box.element_tag == "p")

    def lines(html: str) -> list[str]:
        return ["".join(text.text for text in line.descendants() if hasattr(text, "text")) for line in boxes(html) if type(line).__name__ == "LineBox"]

    text = f'<p style="{style}; width: {(width("One two three") + width("One two three ")) / 2}px">One two three <span>four</span></p>'
    assert lines(text) == ["One", "two three four"], "WeasyPrint no longer ends the line early: drop keep_hanging_space"
    with patched():
        assert lines(text) == ["One two three", "four"]
