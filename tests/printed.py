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
    def fill(self) -> float:
        """How far down its text area the sheet's text reaches, from 0 to 1."""
        if not self.body:
            return 0.0
        top, bottom = (self.head.top, self.foot.top) if self.head and self.foot else (0.0, self.height)
        return (self.body[-1].top - top) / (bottom - top)


def squash(text: str) -> str:
    """Text as a reader searches it: one space between words, words broken at a line end joined."""
    return " ".join(re.sub(r"(\w)[-\u2010]\s+(\w)", r"\1\2", text).split())


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
                runs.append((round(height - y, 1), x, text, size * abs(tm[3] * cm[3])))

        page.extract_text(visitor_text=visit)
        rows: dict[float, list[tuple[float, str, float]]] = {}
        for top, x, text, size in runs:
            near = next((key for key in rows if abs(key - top) < 2), top)
            rows.setdefault(near, []).append((x, text, size))
        lines = [
            Line(top, " ".join(" ".join(t for _, t, _ in sorted(parts)).split()), max(s for *_, s in parts))
            for top, parts in sorted(rows.items())
        ]
        sheets.append(Sheet(number, height, lines))
    return sheets


def contents_numbers(sheet: Sheet, titles: list[str]) -> dict[str, int | None]:
    """The page number the contents page gives for each title, or None where it lists no such title."""
    text = sheet.body_text
    found: dict[str, int | None] = {}
    for title in titles:
        match = re.search(re.escape(squash(title)) + r"[\s.]*?(\d+)\b", text)
        found[title] = int(match.group(1)) if match else None
    return found


def contents_problems(sheets: list[Sheet], contents: int, titles: list[str]) -> list[str]:
    """Each title is in the contents, with the number of the sheet on which it first appears (the contents aside)."""
    problems = []
    for title, given in contents_numbers(sheets[contents - 1], titles).items():
        if given is None:
            problems.append(f"{title!r} is not in the contents")
            continue
        starts = next((s.number for s in sheets if s.number != contents and squash(title) in s.body_text), None)
        if given != starts:
            problems.append(f"the contents gives page {given} for {title!r}, which starts on page {starts}")
    return problems


def running_problems(sheets: list[Sheet], brief_title: str, address: str, starts: dict[str, int]) -> list[str]:
    """Every sheet after the cover: the brief's title and the page being read at the head, the address and its own number at the foot."""
    problems = []
    total = len(sheets)
    for sheet in sheets[1:]:
        reading = max((start, title) for title, start in starts.items() if start <= sheet.number)[1]
        head, foot = sheet.head, sheet.foot
        if head is None or brief_title not in head.text or reading not in head.text:
            problems.append(f"page {sheet.number}: the running head is {head.text if head else None!r}, not {brief_title!r} and {reading!r}")
        if foot is None or f"{sheet.number} of {total}" not in foot.text or address not in foot.text:
            problems.append(f"page {sheet.number}: the foot is {foot.text if foot else None!r}, not {address!r} and '{sheet.number} of {total}'")
    return problems


def emptiness_problems(sheets: list[Sheet], least: float = 0.25) -> list[str]:
    return [
        f"page {sheet.number} of {len(sheets)} is only {sheet.fill:.0%} full"
        for sheet in sheets[:-1]
        if sheet.fill < least
    ]
