"""The printed brief read as a reader's tools read it (pypdf), and what a printed brief must be.

Each check returns a list of problems, so that a test can plant a fault in the
print stylesheet and see the same check name it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

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
        """The page titles set on this sheet, in order: runs of lines in title type, joined."""
        found: list[str] = []
        previous = False
        for line in self.body:
            large = line.size >= TITLE_SIZE
            if large and previous:
                found[-1] = squash(found[-1] + " " + line.text)
            elif large:
                found.append(squash(line.text))
            previous = large
        return found

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


def squash(text: str) -> str:
    """Text as a reader searches it: one space between words, words broken at a line end joined."""
    return " ".join(re.sub(r"(\w)[-\u2010]\s+(\w)", r"\1\2", text).split())


def joined(runs: list[str]) -> str:
    """One line's runs of text, left to right. A run carries its own spaces, except
    across a gap between separate boxes (the two halves of a running head)."""
    text = ""
    for run in runs:
        apart = text and not text[-1].isspace() and not run[0].isspace() and run[0] not in ".,;:)]"
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
    entries: list[str] = []
    previous = False
    for line in sheet.body:
        entry = ENTRY_SIZE <= line.size < TITLE_SIZE
        if entry and previous:
            entries[-1] += " " + line.text
        elif entry:
            entries.append(line.text)
        previous = entry
    text = " | ".join(squash(entry) for entry in entries)
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
