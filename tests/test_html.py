"""HTML validity: the Nu HTML Checker (vnu) finds no errors on any page."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from support import ROOT, Site

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

pytestmark = pytest.mark.slow  # the Nu HTML Checker, on Java


def vnu_errors(pages: list[Path]) -> list[dict[str, Any]]:
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML Checker; `make test` installs it"
    assert VNU.is_file(), f"{VNU} is missing; `make test` installs it with npm ci"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True, text=True, check=True,
    )
    messages: list[dict[str, Any]] = json.loads(result.stderr)["messages"]
    return [m for m in messages if m["type"] == "error" or m.get("subType") == "fatal"]


def test_every_page_is_valid_html(site: Site) -> None:
    assert len(site.pages) == len(site.nav_pages) + 2, "the nav's pages, the whole brief and the 404 page"
    errors = vnu_errors(site.pages)
    assert not errors, "\n".join(f"{m['url']}:{m.get('lastLine')}: {m['message']}" for m in errors)


def test_the_checker_catches_planted_errors(site: Site, tmp_path: Path) -> None:
    page = tmp_path / "planted.html"
    html = (site.root / "about" / "index.html").read_text(encoding="utf-8")
    planted = '<input type="checkbox" autocomplete="off"><label tabindex="">x</label>'
    page.write_text(html.replace("</article>", planted + "</article>", 1), encoding="utf-8")
    messages = " ".join(m["message"] for m in vnu_errors([page]))
    assert "autocomplete" in messages and "tabindex" in messages, messages
