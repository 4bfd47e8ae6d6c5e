"""The printed brief read as a reader's tools read it (pypdf), and what a printed brief must be.

Each check returns a list of problems, so that a test can plant a fault in the
print stylesheet and see the same check name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pypdf import PdfReader


@dataclass(frozen=True)
class Line:
    top: float  # points from the top of the sheet
    text: str
    size: float  # the largest type on the line, in points


# Page titles (h1) are set larger than this, in points; section headings and text smaller.
TITLE_SIZE = 15.0
# Contents entries for pages are set at body size; their sections smaller.
ENTRY_SIZE = 10.5


@dataclass(frozen=True)
class Sheet:
    number: int  # from 1
    height: float
    lines: list[Line]  # top to bottom

    @property
    def head(self) -> Line | None:
        """The running head: the first line, on every sheet but the cover."""
        return self.lines[0] if self.number > 1 and self.lines else None

    @property
    def foot(self) -> Line | None:
        return self.lines[-1] if self.number > 1 and self.lines else None

    @property
    def body(self) -> list[Line]:
        return self.lines[1:-1] if self.number > 1 else self.lines

    @property
    def body_text(self) -> str:
        return squash(" ".join(line.text for line in self.body))

    @property
    def titles(self) -> list[str]:
        """The page titles set on this sheet, in order."""
        return runs(self.body, TITLE_SIZE, float("inf"))

    @property
    def fill(self) -> float:
        """How far down its text area the sheet's text reaches, from 0 to 1.

        It measures where the last line of text stands, not how much text there
        is, as a reader judges a sheet left empty at the foot.
        """
        if not self.body:
            return 0.0
        top, bottom = (self.head.top, self.foot.top) if self.head and self.foot else (0.0, self.height)
        return (self.body[-1].top - top) / (bottom - top)


def runs(lines: list[Line], smallest: float, largest: float) -> list[str]:
    """Each run of lines set at least smallest and below largest, joined as a reader searches it."""
    found: list[str] = []
    previous = False
    for line in lines:
        inside = smallest <= line.size < largest
        if inside and previous:
            found[-1] = squash(found[-1] + " " + line.text)
        elif inside:
            found.append(squash(line.text))
        previous = inside
    return found


def squash(text: str) -> str:
    """Text as a reader searches it: one space between words, words broken at a line end joined."""
    return " ".join(re.sub(r"(\w)[-\u2010]\s+(\w)", r"\1\2", text).split())


def joined(runs: list[str]) -> str:
    """One line's runs of text, left to right. A run carries its own spaces, except
    across a gap between separate boxes (the two halves of a running head)."""
    text = ""
    for run in runs:
        apart = text and not text[-1].isspace() and not run[0].isspace() and run[0] not in ".,;:)]-’"
        text += (" " if apart else "") + run
    return " ".join(text.split())


def read(path: Path) -> list[Sheet]:
    reader = PdfReader(path)
    sheets = []
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        runs: list[tuple[float, float, str, float]] = []

        def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                runs.append((height - y, x, text, size * abs(tm[3] * cm[3])))

        page.extract_text(visitor_text=visit)
        # Larger type first, so that a superscript joins the line it is raised from.
        rows: dict[float, list[tuple[float, str, float]]] = {}
        for top, x, text, size in sorted(runs, key=lambda run: -run[3]):
            near = min(rows, key=lambda key: abs(key - top), default=None)
            key = near if near is not None and abs(near - top) < 6 else top
            rows.setdefault(key, []).append((x, text, size))
        lines = [Line(round(top, 1), joined([t for _, t, _ in sorted(parts)]), max(s for *_, s in parts)) for top, parts in sorted(rows.items())]
        sheets.append(Sheet(number, height, lines))
    return sheets


def contents_numbers(sheet: Sheet, titles: list[str]) -> dict[str, int | None]:
    """The page number the contents page gives for each page title, or None where it lists no such title."""
    text = " | ".join(runs(sheet.body, ENTRY_SIZE, TITLE_SIZE))
    found: dict[str, int | None] = {}
    for title in titles:
        match = re.search(r"(?:^|\| |\d )" + re.escape(squash(title)) + r"[\s.]*?(\d+)(?= |$)", text)
        found[title] = int(match.group(1)) if match else None
    return found


def starts(sheets: list[Sheet], contents: int, titles: list[str]) -> dict[str, int]:
    """The sheet on which each page title is set, the contents page aside."""
    found: dict[str, int] = {}
    for sheet in sheets:
        for title in sheet.titles:
            if sheet.number != contents and title in titles:
                found.setdefault(title, sheet.number)
    return found


def contents_problems(sheets: list[Sheet], contents: int, titles: list[str]) -> list[str]:
    """Each title is in the contents, with the number of the sheet on which it is set."""
    problems = []
    where = starts(sheets, contents, titles)
    for title, given in contents_numbers(sheets[contents - 1], titles).items():
        if given is None:
            problems.append(f"{title!r} is not in the contents")
        elif given != where.get(title):
            problems.append(f"the contents gives page {given} for {title!r}, which starts on page {where.get(title)}")
    return problems


def running_problems(sheets: list[Sheet], contents: int, titles: list[str], brief_title: str, address: str) -> list[str]:
    """Every sheet after the cover: the brief's title (even sheets) or the page being read (odd) at the head, the address and its own number at the foot.

    The page being read is the one whose title was set last before the sheet,
    or the one whose title opens it; on the contents page, the contents.
    """
    problems = []
    total = len(sheets)
    reading = titles[0]
    for sheet in sheets[1:]:
        opening = sheet.body[0] if sheet.body else None
        if opening and opening.size >= TITLE_SIZE and sheet.titles and sheet.titles[0] in titles:
            reading = sheet.titles[0]
        expected = "Contents" if sheet.number == contents else reading
        wanted = brief_title if sheet.number % 2 == 0 else expected
        head, foot = sheet.head, sheet.foot
        if head is None or head.text != wanted:
            problems.append(f"page {sheet.number}: the running head is {head.text if head else None!r}, not {wanted!r}")
        if foot is None or not re.search(rf"(^| ){sheet.number} of {total}$", foot.text) or address not in foot.text:
            problems.append(f"page {sheet.number}: the foot is {foot.text if foot else None!r}, not {address!r} and '{sheet.number} of {total}'")
        for title in sheet.titles:
            if title in titles:
                reading = title
    return problems


def emptiness_problems(sheets: list[Sheet], least: float = 0.25) -> list[str]:
    return [
        f"page {sheet.number} of {len(sheets)} is only {sheet.fill:.0%} full"
        for sheet in sheets[:-1]
        if sheet.fill < least
    ]


# --- PDF/UA-1 -----------------------------------------------------------------
# The machine-checkable part of PDF/UA-1 (ISO 14289-1) that a tagged brief can
# get wrong, after the Matterhorn Protocol's failure conditions. Why not
# veraPDF, and what no program can judge: MAINTAINING.md, "The PDF".

# ISO 32000-1's standard structure types (14.8.4): anything else needs a RoleMap.
STANDARD_TYPES = set(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private "
    "H H1 H2 H3 H4 H5 H6 P L LI Lbl LBody Table TR TH TD THead TBody TFoot "
    "Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP "
    "Figure Formula Form".split()
)
# Where a structure element may stand, and what a list or table may hold (ISO 32000-1, 14.8.4.3).
PARENTS = {
    "LI": {"L"}, "Lbl": {"LI"}, "LBody": {"LI"},
    "TR": {"Table", "THead", "TBody", "TFoot"}, "TH": {"TR"}, "TD": {"TR"},
    "THead": {"Table"}, "TBody": {"Table"}, "TFoot": {"Table"},
}
CHILDREN = {
    "L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"},
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"}, "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}, "TR": {"TH", "TD"},
}
# Operators that put marks on the page (text, paths, images, shadings).
PAINTING = {b"Tj", b"TJ", b"'", b'"', b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s", b"Do", b"sh", b"INLINE IMAGE"}


@dataclass(frozen=True)
class Tagged:
    """A tagged PDF as pypdf reads it: what breaks PDF/UA-1, its headings as the tags give them, and what each sheet draws as artifacts."""

    problems: list[str]
    headings: list[tuple[int, str]]  # (level, text) in the structure tree's reading order
    artifacts: list[str]  # each sheet's text drawn as artifacts
    text: str  # what the structure tree reads, in its order
    references: list[tuple[int, int, int | None]]  # each "(p. N)": its sheet, N, and the page its Link leads to (None: no Link)


def _name(value: object) -> str:
    return str(value).lstrip("/")


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K", [])
    return list(kids) if isinstance(kids, list) else [kids]


def read_tagged(path: Path, language: str) -> Tagged:
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    problems: list[str] = []

    # The document: tagged, its language, its title shown in the title bar, PDF/UA-1 declared.
    mark_info = root.get("/MarkInfo", {})
    if not mark_info.get("/Marked"):
        problems.append("the catalog does not say the PDF is tagged (MarkInfo /Marked true)")
    if mark_info.get("/Suspects"):
        problems.append("the catalog says the tags are suspect (MarkInfo /Suspects)")
    if str(root.get("/Lang", "")) != language:
        problems.append(f"the document's language is {str(root.get('/Lang', '')) or None!r}, not {language!r}")
    if not root.get("/ViewerPreferences", {}).get("/DisplayDocTitle"):
        problems.append("a viewer shows the file name, not the title (ViewerPreferences /DisplayDocTitle)")
    xmp = root["/Metadata"].get_object().get_data().decode() if "/Metadata" in root else ""
    if not re.search(r'pdfuaid:part(="|>)1', xmp):
        problems.append("the XMP metadata does not declare PDF/UA-1 (pdfuaid:part)")
    if not re.search(r"<dc:title>.*?<rdf:li[^>]*>\s*\S", xmp, re.S):
        problems.append("the XMP metadata has no title (dc:title)")
    if "/StructTreeRoot" not in root:
        return Tagged(problems + ["the PDF has no structure tree"], [], [], "", [])

    # The structure tree, in reading order.
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages, start=1)}
    reached: set[tuple[int, int]] = set()  # (sheet, MCID) of content the tree reads
    linked: set[int] = set()  # annotations that Link elements hold
    headings: list[tuple[int, list[tuple[int, int]]]] = []  # (level, the content it reads)
    role_map = root["/StructTreeRoot"].get("/RoleMap", {})
    identified: list[tuple[str, int]] = []  # (ID, object number) of each element that has an ID
    headers: list[str] = []  # the IDs that table cells name as their headers
    leads: dict[tuple[int, int], str] = {}  # (sheet, MCID) of a Link's own content: the named destination it leads to

    def visit(element: Any, parent_type: str, page: int | None) -> list[tuple[int, int]]:
        """Check one element and those below it; return the content it reads, in order."""
        element = element.get_object()
        kind = _name(element.get("/S", ""))
        standard = _name(role_map.get(f"/{kind}", f"/{kind}"))
        if standard not in STANDARD_TYPES:
            problems.append(f"the structure type {kind or None!r} is neither standard nor role-mapped")
        if standard in PARENTS and parent_type not in PARENTS[standard]:
            problems.append(f"a {standard} stands in a {parent_type}, not in {' or '.join(sorted(PARENTS[standard]))}")
        if parent_type in CHILDREN and standard not in CHILDREN[parent_type]:
            problems.append(f"a {parent_type} holds a {standard}, not only {', '.join(sorted(CHILDREN[parent_type]))}")
        if "/ID" in element:
            identified.append((str(element["/ID"]), element.indirect_reference.idnum))
        attributes = element.get("/A", [])
        for attribute in attributes if isinstance(attributes, list) else [attributes]:
            headers.extend(str(cited) for cited in attribute.get_object().get("/Headers", []))
        if standard == "Figure" and not element.get("/Alt"):
            problems.append("a figure has no alternate text (Alt)")
        if "/Pg" in element:
            page = pages.get(element.raw_get("/Pg").idnum)
        read: list[tuple[int, int]] = []
        target = None  # where a Link leads, if within the PDF
        if re.fullmatch(r"H[1-6]", standard):
            headings.append((int(standard[1]), read))
        for kid in _kids(element):
            if isinstance(kid, int):
                if standard in CHILDREN:
                    problems.append(f"a {standard} holds content of its own, not only {', '.join(sorted(CHILDREN[standard]))}")
                if page is not None:
                    read.append((page, kid))
                continue
            kid_object = kid.get_object()
            kid_type = _name(kid_object.get("/Type", ""))
            if kid_type == "MCR":
                kid_page = pages.get(kid_object.raw_get("/Pg").idnum) if "/Pg" in kid_object else page
                if kid_page is not None:
                    read.append((kid_page, int(kid_object["/MCID"])))
            elif kid_type == "OBJR":
                linked.add(kid_object.raw_get("/Obj").idnum)
                if standard not in ("Link", "Annot", "Form"):
                    problems.append(f"an annotation stands in a {standard}, not in a Link")
                target = kid_object["/Obj"].get_object().get("/Dest", target)
            else:
                read.extend(visit(kid, standard, page))
        reached.update(read)
        for mark in read if target is not None else ():  # a nested Link's own target comes first
            leads.setdefault(mark, str(target))
        return read

    order = [mark for kid in _kids(root["/StructTreeRoot"]) for mark in visit(kid, "StructTreeRoot", None)]

    # Element IDs, such as a table header's that its cells name as their Headers, are listed in the IDTree.
    ids: dict[str, int] = {}

    def names(node: Any) -> None:
        pairs = node.get("/Names", [])
        for index in range(0, len(pairs), 2):
            ids[str(pairs[index])] = pairs[index + 1].idnum
        for kid in node.get("/Kids", []):
            names(kid.get_object())

    names(root["/StructTreeRoot"].get("/IDTree", {}))
    for element_id, number in identified:
        if ids.get(element_id) != number:
            problems.append(f"the element ID {element_id!r} is not in the structure tree's IDTree")
    for cited in headers:
        if cited not in ids:
            problems.append(f"a table cell's Headers name {cited!r}, which no element has")

    # Each sheet's content: tagged and read by the tree, or an artifact, and nothing else.
    texts: dict[tuple[int, int], str] = {}
    artifacts: list[str] = []
    for number, page in enumerate(reader.pages, start=1):
        stack: list[tuple[str, int | None]] = []  # open marked-content sequences: (tag, MCID)
        loose: list[int] = [0]
        drawn: list[str] = []

        def before(operator: bytes, operands: list[Any], cm: Any, tm: Any) -> None:
            if operator in (b"BMC", b"BDC"):
                tag = _name(operands[0])
                properties = operands[1] if operator == b"BDC" and hasattr(operands[1], "get") else {}
                mcid = properties.get("/MCID")
                if tag == "Artifact" and any(m is not None for _, m in stack):
                    problems.append(f"page {number}: an artifact inside tagged content")
                if mcid is not None and any(t == "Artifact" for t, _ in stack):
                    problems.append(f"page {number}: tagged content inside an artifact")
                if mcid is not None and (number, int(mcid)) not in reached:
                    problems.append(f"page {number}: content marked {tag} that the structure tree does not read")
                stack.append((tag, None if mcid is None else int(mcid)))
            elif operator == b"EMC" and stack:
                stack.pop()
            elif operator in PAINTING and not any(t == "Artifact" or m is not None for t, m in stack):
                loose[0] += 1

        def text(shown: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
            if any(t == "Artifact" for t, _ in stack):
                drawn.append(shown)
                return
            mcid = next((m for _, m in reversed(stack) if m is not None), None)
            if mcid is not None:
                texts[number, mcid] = texts.get((number, mcid), "") + shown

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        if loose[0]:
            problems.append(f"page {number}: {loose[0]} marks neither tagged nor artifacts")
        artifacts.append(squash(" ".join(drawn)))
        annotations = page.get("/Annots", [])
        for annotation in annotations:
            if annotation.get_object().get("/Subtype") != "/Link":
                continue
            if annotation.idnum not in linked:
                problems.append(f"page {number}: a link that no Link element holds")
            if not str(annotation.get_object().get("/Contents", "")).strip():
                problems.append(f"page {number}: a link without a description (Contents)")
        if annotations and page.get("/Tabs") != "/S":
            problems.append(f"page {number}: its links are not in the structure's order (Tabs /S)")

        # Every font embedded, with a map back to Unicode.
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            font = font.get_object()
            program = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            if not any(key in program.get("/FontDescriptor", {}) for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                problems.append(f"page {number}: the font {font.get('/BaseFont')} is not embedded")
            if "/ToUnicode" not in font:
                problems.append(f"page {number}: the font {font.get('/BaseFont')} has no ToUnicode map")

    # Headings in order: none more than one level below the one before.
    levels = [level for level, _ in headings]
    for before_level, level in zip([0, *levels], levels):
        if level > before_level + 1:
            problems.append(f"a heading H{level} follows H{before_level}: a level is skipped")
    titled = [(level, squash("".join(texts.get(mark, "") for mark in marks))) for level, marks in headings]
    text = squash(" ".join(texts.get(mark, "") for mark in order))
    pages_of = {name: reader.get_destination_page_number(place) + 1 for name, place in reader.named_destinations.items()}
    references = [(mark[0], int(found[1]), pages_of.get(leads.get(mark, ""))) for mark in order for found in re.finditer(r"\(p\.\s*(\d+)\)", texts.get(mark, ""))]
    return Tagged(list(dict.fromkeys(problems)), titled, artifacts, text, references)
