"""Every checker is shown to fail: a fault planted in a small synthetic copy of the project
(synthetic.py) stops the build, and the message names the file and the target."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support import BRIEF, CONFIG, ROOT, edit, mkdocs_build
from synthetic import description_line, entry, nav_sources, title_line

import glossary
from shortcodes import marker

Plant = Callable[[Path], None]
# The page the faults go in: the first of the nav's after the home page.
_NAV = nav_sources(CONFIG.nav)
PAGE = _NAV[1]
# A paragraph the article has, and the first one past its end.
LAST = BRIEF.source.paragraphs
BEYOND = LAST + 1


def append(text: str, page: str = PAGE) -> Plant:
    def plant(synthetic_copy: Path) -> None:
        path = synthetic_copy / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    return plant


def replace(old: str, new: str, file: str = f"docs/{PAGE}") -> Plant:
    return lambda synthetic_copy: edit(synthetic_copy / file, old, new)


def substitute(pattern: str, new: str, file: str = "mkdocs.yml") -> Plant:
    """Replace the one match of a regular expression (multi-line) in a file of the copy."""
    def plant(synthetic_copy: Path) -> None:
        path = synthetic_copy / file
        text, count = re.subn(pattern, new, path.read_text(encoding="utf-8"), count=1, flags=re.M)
        assert count == 1, f"{pattern!r} not in {path}"
        path.write_text(text, encoding="utf-8")

    return plant


def erase(text: str) -> Plant:
    """Take text out of every page of the copy."""
    def plant(synthetic_copy: Path) -> None:
        for path in (synthetic_copy / "docs").glob("*.md"):
            path.write_text(path.read_text(encoding="utf-8").replace(text, ""), encoding="utf-8")

    return plant


def orphan(synthetic_copy: Path) -> None:
    (synthetic_copy / "docs" / "orphan.md").write_text("---\ntitle: Orphan\ndescription: A page nobody listed.\n---\n\n# Orphan\n")


def redefine(synthetic_copy: Path) -> None:
    """The first abbreviation of includes/abbreviations.md given a second meaning."""
    path = synthetic_copy / "includes" / "abbreviations.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + f"*[{FIRST_TERM}]: Something else entirely.\n", encoding="utf-8")


FIRST_TERM, FIRST_MEANING = next(iter(glossary.definitions(CONFIG).items()))

FAULTS: dict[str, tuple[Plant, tuple[str, ...]]] = {
    # Links, anchors and images: MkDocs' own validation, made fatal by strict mode.
    "link to a missing page": (append("[gone](no-such-page.md)"), (PAGE, "no-such-page.md")),
    "link to a missing anchor": (append(f"[gone]({_NAV[0]}#no-such-anchor)"), (PAGE, "no-such-anchor")),
    "missing image": (append("![gone](assets/no-such-image.png)"), (PAGE, "no-such-image.png")),
    "page left out of the nav": (orphan, ("orphan.md",)),
    "nav entry to a missing file": (substitute(r"^nav:\n", "nav:\n  - Gone: no-such-page.md\n"), ("no-such-page.md",)),
    "missing shared snippet": (substitute(r"^(\s*)auto_append:\n(\s*)- ", r"\1auto_append:\n\2- no-such-snippet.md\n\2- "), ("no-such-snippet.md",)),
    # Paragraph citations.
    "citation of a paragraph the article lacks": (append(f"As the article says [¶{BEYOND}]."), (PAGE, f"¶{BEYOND}")),
    "inline link to a missing paragraph": (append(f"As the article says [¶{BEYOND}](source-map.md#p{BEYOND})."), (PAGE, f"p{BEYOND}")),
    "adjacent citations read as one link": (append(f"As the article says [¶1] [¶{LAST}]."), (PAGE, f"¶{LAST}")),
    "citation that is not a link": (append("As ¶1 says."), (PAGE, "¶1")),
    "citation linking elsewhere": (append(f"As [¶1]({_NAV[0]}) says."), (PAGE, "¶1")),
    "paragraph cited nowhere": (erase(f"[¶{LAST}]"), ("source-map.md", f"¶{LAST}")),
    "paragraph without a source-map entry": (replace(entry(LAST), f"## Paragraph {LAST} {{#elsewhere}}", "docs/source-map.md"), ("source-map.md", f"¶{LAST}")),
    "source-map entry for a paragraph the article lacks": (append(f"{entry(BEYOND)}\n\nNot in the article.", "source-map.md"), ("source-map.md", f"¶{BEYOND}")),
    "paragraph count that is not a count": (substitute(r"^(\s+paragraphs:) \d+$", r"\1 twelve"), ("extra.brief.source.paragraphs", "int")),
    "misspelt field in extra.brief": (replace("    modified:", "    modifed:", "mkdocs.yml"), ("extra.brief.modifed", "Unrecognised")),
    "missing field in extra.brief": (replace(f"    version: {BRIEF.version}\n", "", "mkdocs.yml"), ("extra.brief.version: Required configuration not provided",)),
    "date that is not a date": (substitute(r"^(    published:) .*$", r'\1 "25/11/2026"'), ("extra.brief.published", "25/11/2026")),
    "word budget that is not a count": (substitute(r"^(\s+max_words:) \d+$", r"\1 many"), ("extra.brief.argument.max_words", "int")),
    "position reported in a paragraph the article lacks": (
        substitute(r"^(    positions:\n)", rf"\1      Planted party: [{BEYOND}]\n"),
        ("extra.brief.positions.Planted party", f"no paragraph {BEYOND}"),
    ),
    # Front matter.
    "malformed front matter": (replace(title_line(PAGE), "title: [unclosed"), (PAGE, "malformed front matter")),
    "no front matter": (replace(f"---\n{title_line(PAGE)}\n{description_line(PAGE)}\n---\n", ""), (PAGE, "no front matter")),
    "front matter without a title": (replace(title_line(PAGE), "heading: none"), (PAGE, "'title'")),
    "page without a description": (replace(description_line(PAGE) + "\n", ""), (PAGE, "description")),
    "description too long": (replace(description_line(PAGE), 'description: "' + "Far too long. " * 12 + '"'), (PAGE, "160")),
    "double quote in a description": (replace(description_line(PAGE), 'description: "A \\"quoted\\" word."'), (PAGE, "'description'", "'\"'")),
    "double quote in a title": (replace(title_line(PAGE), "title: 'A \"quoted\" title'"), (PAGE, "'title'", "'\"'")),
    "description of more than one paragraph": (
        replace(description_line(PAGE), r'description: "One paragraph.\n\nAnd another."'),
        (f"{PAGE}: front matter 'description' must be one paragraph of plain text",),
    ),
    "page that is not UTF-8": (lambda p: _append_bytes(p / "docs" / PAGE, "\nA word in Latin-1: caf\u00e9.\n".encode("latin-1")), (f"{PAGE}: not valid UTF-8",)),
    # Patches to Material's markup that no longer apply, as after a Material update.
    "template patch whose target is gone": (replace("patch(' tabindex=\"\"', '')", "patch(' tabindex=\"gone\"', '')", "overrides/main.html"), ("overrides/", 'tabindex="gone"')),
    "page patch whose target is gone": (replace('(\'id="__drawer" autocomplete="off"\'', '(\'id="__drawer" autocomplete="gone"\'', "hooks/markup.py"), ("hooks/markup.py", 'autocomplete="gone"')),
    # Generated blocks, points and social cards.
    "marker for a block that does not exist": (append("<!-- brief:nope -->"), (PAGE, "'nope'")),
    "cite block that no page asks for": (erase(marker("cite")), (f"no page asks for the cite block ({marker('cite')})",)),
    "whole brief without its marker": (erase(marker("whole-brief")), ("docs/whole-brief.md must contain the marker",)),
    "point id given twice": (append("- One\n  { #planted .point }\n- Two\n  { #planted .point }"), (f"docs/{PAGE}: the id 'planted' is given 2 times",)),
    "point without an id": (append("- One\n  { .point }"), (f"docs/{PAGE}: a point (class point) has no id",)),
    "title too long for its card": (replace(title_line(PAGE), "title: " + "A title that goes on " * 12), (f"cannot make the card for {PAGE}", "does not fit")),
    "brand colour missing from the stylesheet": (
        replace("--brief-accent-light:", "--brief-accent-lighter:", "docs/stylesheets/brief.css"),
        ("brief.css does not define --brief-accent-light",),
    ),
    # Scripts the Content-Security-Policy would not allow.
    "raw script in Markdown": (append("A paragraph.\n\n<script>window.planted = 1</script>"), (f"{PAGE}: raw <script> in Markdown",)),
    "raw external script in Markdown": (append('<script src="planted.js"></script>'), (f"{PAGE}: raw <script> in Markdown",)),
    # As after a Material update that changes one of its scripts.
    "Material script not listed, on a page": (
        substitute(r'^.*# __md_scope, "\.\."\n', ""),
        (".md: the page carries an inline script its Content-Security-Policy does not allow",),
    ),
    "Material script not listed, on the 404 page": (substitute(r'^.*# __md_scope, "/brief/"\n', ""), ("404.html: the page carries an inline script",)),
    "script in a template that takes variables": (
        replace("{%", "<script>{{ page.title }}</script>{%", "overrides/brief/byline.html"),
        ("overrides/brief/byline.html: a template with an inline script must take no template variables",),
    ),
    # Footnotes and abbreviations.
    "footnote with no definition": (append("A claim.[^nope]"), (PAGE, "[^nope]")),
    "abbreviation with two meanings": (redefine, ("abbreviations.md", f"'{FIRST_TERM}'", FIRST_MEANING, "Something else entirely.")),
}


def _append_bytes(path: Path, data: bytes) -> None:
    path.write_bytes(path.read_bytes() + data)


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_fault_fails_the_build_naming_file_and_target(fault: str, synthetic_copy: Path, tmp_path: Path) -> None:
    plant, names = FAULTS[fault]
    plant(synthetic_copy)

    result = mkdocs_build(synthetic_copy, tmp_path / "out")

    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed with {fault}:\n{output}"
    assert "Traceback" not in output, output
    for name in names:
        assert name in output, f"{name!r} not named in:\n{output}"


def test_an_untouched_copy_builds(synthetic_copy: Path, tmp_path: Path) -> None:
    """The faults above are the only reason those builds fail."""
    result = mkdocs_build(synthetic_copy, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_pass_strict_type_checking() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"no issues found in [1-9]\d* source files", result.stdout), result.stdout
