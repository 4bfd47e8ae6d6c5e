"""The committed critical stylesheet (tools/critical.css) matches what it was made from, or the build says `make critical`.

No browser here: hooks/styles.py compares tools/critical.json with the sources.
That the stylesheet alone draws each page's first screen as the full ones do is
the browser test in test_loader.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from mkdocs.config import load_config

import styles
from support import edit, mkdocs_build

Plant = Callable[[Path], None]


def appended(file: str, text: str) -> Plant:
    def plant(project: Path) -> None:
        path = project / file
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return plant


FAULTS: dict[str, tuple[Plant, str]] = {
    "a rule added to the brief's stylesheet": (appended("docs/stylesheets/brief.css", "\n.md-header{height:5rem}\n"), "docs/stylesheets/brief.css"),
    "a first-screen template changed": (appended("overrides/brief/byline.html", "\n<p>Draft</p>\n"), "overrides/brief/byline.html"),
    "a synthetic page's shape changed": (appended(styles.SHAPES, "\n# A new shape.\n"), styles.SHAPES),
    "the critical stylesheet edited by hand": (appended(styles.CRITICAL, "\nhtml{font-size:200%}"), styles.CRITICAL),
    "a source no longer recorded": (lambda project: edit(project / styles.FINGERPRINT, '"overrides/404.html"', '"overrides/gone.html"'),
                                    "overrides/404.html"),
    "the fingerprint missing": (lambda project: (project / styles.FINGERPRINT).unlink(), styles.FINGERPRINT),
}


def test_the_committed_critical_stylesheet_matches_its_sources() -> None:
    assert styles.stale(load_config(str(Path(styles.__file__).parent.parent / "mkdocs.yml"))) == ""


@pytest.mark.parametrize("fault", FAULTS)
def test_a_changed_source_stops_the_build_naming_make_critical(fault: str, project: Path, tmp_path: Path) -> None:
    plant, named = FAULTS[fault]
    plant(project)
    result = mkdocs_build(project, tmp_path / "out")
    assert result.returncode != 0, f"{fault}: the build passed"
    assert "`make critical`" in result.stderr and named in result.stderr, result.stderr[-2000:]


def test_serve_goes_on_with_a_stale_critical_stylesheet_and_says_so(project: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch) -> None:
    appended("docs/stylesheets/brief.css", "\n.md-header{height:5rem}\n")(project)
    monkeypatch.setattr(styles, "_serving", True)  # as on_startup leaves it under `make serve`
    with caplog.at_level(logging.INFO):
        config = styles.on_config(load_config(str(project / "mkdocs.yml")))
        styles.on_post_build(config)
    assert "`make critical`" in caplog.text and "docs/stylesheets/brief.css" in caplog.text
