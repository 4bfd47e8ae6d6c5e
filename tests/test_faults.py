"""Every checker is shown to fail: a fault planted in a copy of the project stops the build,
and the message names the file and the target."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from support import ROOT, edit, mkdocs_build

Plant = Callable[[Path], None]


def append(text: str, page: str = "aid.md") -> Plant:
    def plant(project: Path) -> None:
        path = project / "docs" / page
        path.write_text(path.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")

    return plant


def replace(old: str, new: str, file: str = "docs/aid.md") -> Plant:
    return lambda project: edit(project / file, old, new)


def uncite(paragraph: str) -> Plant:
    def plant(project: Path) -> None:
        for path in (project / "docs").glob("*.md"):
            path.write_text(path.read_text(encoding="utf-8").replace(f"[{paragraph}]", ""), encoding="utf-8")

    return plant


def orphan(project: Path) -> None:
    (project / "docs" / "orphan.md").write_text("---\ntitle: Orphan\ndescription: A page nobody listed.\n---\n\n# Orphan\n")


FAULTS: dict[str, tuple[Plant, tuple[str, ...]]] = {
    # Links, anchors and images: MkDocs' own validation, made fatal by strict mode.
    "link to a missing page": (append("[gone](no-such-page.md)"), ("aid.md", "no-such-page.md")),
    "link to a missing anchor": (append("[gone](context.md#no-such-anchor)"), ("aid.md", "no-such-anchor")),
    "missing image": (append("![gone](assets/no-such-image.png)"), ("aid.md", "no-such-image.png")),
    "page left out of the nav": (orphan, ("orphan.md",)),
    "nav entry to a missing file": (replace("  - About: about.md", "  - About: about.md\n  - Gone: no-such-page.md", "mkdocs.yml"), ("no-such-page.md",)),
    "missing shared snippet": (replace("        - links.md", "        - links.md\n        - no-such-snippet.md", "mkdocs.yml"), ("no-such-snippet.md",)),
    # Paragraph citations.
    "citation of a paragraph the article lacks": (append("As the article says [¶13]."), ("aid.md", "¶13")),
    "inline link to a missing paragraph": (append("As the article says [¶13](source-map.md#p13)."), ("aid.md", "p13")),
    "adjacent citations read as one link": (append("As the article says [¶1] [¶11]."), ("aid.md", "¶11")),
    "citation that is not a link": (append("As ¶3 says."), ("aid.md", "¶3")),
    "citation linking elsewhere": (append("As [¶3](context.md) says."), ("aid.md", "¶3")),
    "paragraph cited nowhere": (uncite("¶8"), ("source-map.md", "¶8")),
    "paragraph without a source-map entry": (replace("## ¶7 The author on guarantees {#p7}", "## The author on guarantees {#guarantees}", "docs/source-map.md"), ("source-map.md", "¶7")),
    "source-map entry for a paragraph the article lacks": (append("## ¶13 An extra paragraph {#p13}\n\nNot in the article.", "source-map.md"), ("source-map.md", "¶13")),
    "paragraph count that is not a count": (replace("      paragraphs: 12", "      paragraphs: twelve", "mkdocs.yml"), ("extra.brief.source.paragraphs", "int")),
    "misspelt field in extra.brief": (replace("    modified:", "    modifed:", "mkdocs.yml"), ("extra.brief.modifed", "Unrecognised")),
    "date that is not a date": (replace('    published: "2026-11-25"', '    published: "25/11/2026"', "mkdocs.yml"), ("extra.brief.published", "25/11/2026")),
    # Front matter.
    "malformed front matter": (replace("title: \"The article's first proposal: military aid\"", "title: [unclosed"), ("aid.md", "malformed front matter")),
    "no front matter": (lambda p: _drop_front_matter(p / "docs" / "aid.md"), ("aid.md", "no front matter")),
    "front matter without a title": (replace("title: \"The article's first proposal: military aid\"", "heading: none"), ("aid.md", "'title'")),
    "page without a description": (lambda p: _drop_line(p / "docs" / "aid.md", "description:"), ("aid.md", "description")),
    "description too long": (replace("description: \"The article's case", "description: \"" + "Far too long. " * 12 + "The article's case"), ("aid.md", "160")),
    "double quote in a description": (replace("description: \"The article's case", 'description: "A \\"quoted\\" word. The article\'s case'), ("aid.md", "'description'", "'\"'")),
    "double quote in a title": (replace("title: \"The article's first proposal: military aid\"", "title: 'The article''s first proposal: \"military\" aid'"), ("aid.md", "'title'", "'\"'")),
    # Patches to Material's markup that no longer apply, as after a Material update.
    "template patch whose target is gone": (replace("patch(' tabindex=\"\"', '')", "patch(' tabindex=\"gone\"', '')", "overrides/main.html"), ("overrides/", 'tabindex="gone"')),
    "page patch whose target is gone": (replace('(\'id="__drawer" autocomplete="off"\'', '(\'id="__drawer" autocomplete="gone"\'', "hooks/markup.py"), ("hooks/markup.py", 'autocomplete="gone"')),
    # Generated blocks.
    "marker for a block that does not exist": (append("<!-- brief:nope -->"), ("aid.md", "'nope'")),
    # Footnotes and abbreviations.
    "footnote with no definition": (append("A claim.[^nope]"), ("aid.md", "[^nope]")),
    "abbreviation with two meanings": (
        lambda p: (p / "includes" / "abbreviations.md").write_text(
            (p / "includes" / "abbreviations.md").read_text(encoding="utf-8") + "*[EU]: European Unity.\n", encoding="utf-8"
        ),
        ("abbreviations.md", "'EU'", "European Union.", "European Unity."),
    ),
}


def _drop_front_matter(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text[text.index("\n---\n", 4) + 5 :], encoding="utf-8")


def _drop_line(path: Path, prefix: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(line for line in lines if not line.startswith(prefix)), encoding="utf-8")


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_fault_fails_the_build_naming_file_and_target(fault: str, project: Path, tmp_path: Path) -> None:
    plant, names = FAULTS[fault]
    plant(project)

    result = mkdocs_build(project, tmp_path / "out")

    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build passed with {fault}:\n{output}"
    assert "Traceback" not in output, output
    for name in names:
        assert name in output, f"{name!r} not named in:\n{output}"


def test_an_untouched_copy_builds(project: Path, tmp_path: Path) -> None:
    """The faults above are the only reason those builds fail."""
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_pass_strict_type_checking() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"no issues found in [1-9]\d* source files", result.stdout), result.stdout
