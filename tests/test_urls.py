"""Links that never break.

tests/urls.yml is the list of the brief's public addresses: every page, every
anchor in it (headings, recommendations, glossary terms), the redirects kept
for addresses that moved, and the files others may link to. A build that loses
one fails here; so does a new one that is not listed, so the list stays whole.
"""

from __future__ import annotations

import re
import socket
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import urljoin
from urllib.request import urlopen

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation
from playwright.sync_api import Page

from support import ROOT, Site, edit, is_redirect, mkdocs_build
from pages import WHOLE_BRIEF
from serve import Server, serving

CONTRACT_FILE = Path(__file__).with_name("urls.yml")
HEADING = re.compile(r"^(#{1,6}) (.+)$")
FIXED_ID = re.compile(r"\{ ?#([a-z0-9]+(?:-[a-z0-9]+)*) ?\}$")


def load_contract() -> dict[str, Any]:
    return yaml.safe_load(CONTRACT_FILE.read_text(encoding="utf-8"))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def public_anchors(soup: BeautifulSoup) -> list[str]:
    """The ids in a page's text that anyone may link to: not Material's own (__…) nor footnotes."""
    article = soup.find("article")
    assert isinstance(article, Tag)
    return [str(tag["id"]) for tag in article.find_all(id=True) if not str(tag["id"]).startswith(("__", "fn:", "fnref:"))]


def built_pages(site_dir: Path, contract: dict[str, Any]) -> dict[str, Path]:
    """Every page of the built site by its address, leaving out redirects and listed files."""
    pages = {}
    for index in site_dir.rglob("index.html"):
        url = index.parent.relative_to(site_dir).as_posix() + "/"
        url = "" if url == "./" else url
        if url.startswith("search/") or url in contract["files"] or is_redirect(index):
            continue
        pages[url] = index
    return pages


def contract_problems(site_dir: Path, contract: dict[str, Any]) -> list[str]:
    """Every way the built site breaks the list of public addresses, each naming the address."""
    problems = []
    pages = built_pages(site_dir, contract)
    for url, anchors in contract["pages"].items():
        if url not in pages:
            problems.append(f"/{url}: page gone; restore it, or add a redirect from it (mkdocs.yml and tests/urls.yml)")
            continue
        found = public_anchors(soup_of(pages[url]))
        problems += [f"/{url}#{anchor}: anchor gone; restore the id" for anchor in anchors if anchor not in found]
        problems += [f"/{url}#{anchor}: new anchor; add it to tests/urls.yml" for anchor in found if anchor not in anchors]
    problems += [f"/{url}: new page; add it and its anchors to tests/urls.yml" for url in pages if url not in contract["pages"]]
    for old, new in contract["redirects"].items():
        stub = site_dir / old / "index.html"
        if not stub.is_file() or not is_redirect(stub):
            problems.append(f"/{old}: no redirect to /{new}; add it to the redirects plugin in mkdocs.yml")
            continue
        refresh = soup_of(stub).find("meta", attrs={"http-equiv": "refresh"})
        assert isinstance(refresh, Tag)
        target = urljoin(f"/{old}", str(refresh["content"]).split("url=", 1)[1])
        if target != f"/{new}":
            problems.append(f"/{old}: redirects to {target}, not /{new}")
    problems += [f"/{name}: file gone" for name in contract["files"] if not (site_dir / name).exists()]
    return problems


def test_every_public_address_and_anchor_is_still_there(site: Site) -> None:
    problems = contract_problems(site.root, load_contract())
    assert not problems, "\n".join(problems)


def unlisted_points(site_dir: Path, config: MkDocsConfig, contract: dict[str, Any]) -> list[str]:
    """Each point (hooks/points.py) the contract does not list, naming the Markdown file that marks it."""
    problems = []
    for page in get_navigation(get_files(config), config).pages:
        listed = contract["pages"].get(page.url, [])
        source = Path(page.file.abs_src_path or "").relative_to(Path(config.config_file_path).parent)
        for point in soup_of(site_dir / page.file.dest_uri).select("article .point[id]"):
            if point["id"] not in listed:
                problems.append(f"{source}: the point #{point['id']} is not in the address contract; list it in tests/urls.yml under {page.url!r}")
    return problems


def test_every_point_is_in_the_contract(site: Site) -> None:
    problems = unlisted_points(site.root, site.config, load_contract())
    assert not problems, "\n".join(problems)


def test_the_contract_lists_every_page_and_recommendation(site: Site) -> None:
    contract = load_contract()
    assert len(contract["pages"]) == len(site.nav_pages)
    for proposal in ("aid/", "peacekeeping/", "negotiation/"):
        assert "recommendation" in contract["pages"][proposal]
    assert set(contract["files"]) >= {WHOLE_BRIEF, site.config.extra["brief"]["pdf"], "sitemap.xml", "robots.txt"}


def test_redirects_in_the_contract_are_the_ones_mkdocs_yml_makes(site: Site) -> None:
    def url(source: str) -> str:
        path, _, fragment = source.partition("#")
        return File(path, "", "", use_directory_urls=site.config.use_directory_urls).url + (f"#{fragment}" if fragment else "")

    maps = site.config.plugins["redirects"].config["redirect_maps"]
    assert {url(old): url(new) for old, new in maps.items()} == load_contract()["redirects"]


def headings_without_fixed_ids(page: Path) -> list[str]:
    """Markdown headings outside code fences that lack an explicit, readable {#id}."""
    found, in_code = [], False
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        in_code = in_code != line.lstrip().startswith("```")
        heading = HEADING.match(line.strip())
        if heading and not in_code and not FIXED_ID.search(heading.group(2)):
            found.append(f"{page.name}:{number}: {line.strip()}")
    return found


def test_every_heading_in_the_sources_has_a_fixed_readable_id() -> None:
    """An explicit {#id}, so that rewording a heading cannot change its address."""
    missing = [h for page in sorted((ROOT / "docs").glob("*.md")) for h in headings_without_fixed_ids(page)]
    assert not missing, "headings without a fixed {#id}:\n" + "\n".join(missing)


def test_redirect_lands_on_its_target_in_a_browser(page: Page, served: str) -> None:
    for old, new in load_contract()["redirects"].items():
        page.goto(served + old)
        page.wait_for_url(served + new)
        fragment = new.partition("#")[2]
        if fragment:
            assert page.locator(f"#{fragment}").is_visible(), f"/{old} landed on /{new} but #{fragment} is not shown"


def test_sitemap_lists_every_page_and_robots_txt_names_it(site: Site) -> None:
    site_url = site.config.site_url or ""
    sitemap = BeautifulSoup((site.root / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    listed = sorted(loc.get_text() for loc in sitemap.find_all("loc"))
    assert listed == sorted(site_url + url for url in [*load_contract()["pages"], WHOLE_BRIEF])
    robots = (site.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots.splitlines()


@pytest.mark.parametrize("missing", ["no-such-page", "aid/no-such-section/", "a/b/c/d/e/"])
def test_404_page_is_styled_and_its_links_work_at_any_depth(page: Page, served: str, missing: str) -> None:
    response = page.goto(served + missing)
    assert response is not None and response.status == 404
    assert page.title().startswith("Page not found")
    # The theme's stylesheets loaded: the header has the brand's navy.
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    assert header == "rgb(27, 73, 101)", f"/{missing}: unstyled 404 page ({header})"
    links = page.eval_on_selector_all(".md-content a[href], .md-header a[href]", "els => els.map(a => a.href)")
    assert len(links) >= 3
    for href in links:
        assert href.startswith(served), f"/{missing}: link {href} leaves the site"
        status = page.evaluate("href => fetch(href).then((r) => r.status)", href.split("#")[0])
        assert status == 200, f"/{missing}: link {href} answers {status}"


def test_the_server_keeps_quiet_when_a_browser_hangs_up_but_reports_other_errors(capsys: pytest.CaptureFixture[str]) -> None:
    server = Server(("127.0.0.1", 0), BaseHTTPRequestHandler)
    try:
        with socket.socket() as request:
            for hang_up in (ConnectionResetError(104, "Connection reset by peer"), BrokenPipeError(32, "Broken pipe")):
                try:
                    raise hang_up
                except OSError:
                    server.handle_error(request, ("127.0.0.1", 1))
            assert capsys.readouterr().err == ""
            try:
                raise ValueError("a planted fault in a handler")
            except ValueError:
                server.handle_error(request, ("127.0.0.1", 1))
            assert "a planted fault in a handler" in capsys.readouterr().err
    finally:
        server.server_close()


def test_the_server_answers_a_path_with_a_null_byte_with_its_404_page(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    with serving(site.root, site.base_path) as url, pytest.raises(HTTPError) as answer:
        urlopen(url + "%00", timeout=10)
    assert answer.value.code == 404
    assert capsys.readouterr().err == ""


# --- Planted faults ------------------------------------------------------------

def test_contract_catches_a_lost_anchor_and_a_page_moved_without_a_redirect(project: Path) -> None:
    edit(project / "docs" / "aid.md", "{#weapons}", "{#arms}")
    (project / "docs" / "positions.md").rename(project / "docs" / "comparison.md")
    for source in [project / "mkdocs.yml", *(project / "docs").glob("*.md")]:
        source.write_text(source.read_text(encoding="utf-8").replace("positions.md", "comparison.md"), encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-800:]
    problems = contract_problems(project / "site", load_contract())
    assert "/aid/#weapons: anchor gone; restore the id" in problems
    assert "/aid/#arms: new anchor; add it to tests/urls.yml" in problems
    assert any(p.startswith("/positions/: page gone") for p in problems)
    assert "/comparison/: new page; add it and its anchors to tests/urls.yml" in problems


def test_a_moved_page_with_a_redirect_keeps_its_old_address(project: Path) -> None:
    (project / "docs" / "positions.md").rename(project / "docs" / "comparison.md")
    for source in [project / "mkdocs.yml", *(project / "docs").glob("*.md")]:
        source.write_text(source.read_text(encoding="utf-8").replace("positions.md", "comparison.md"), encoding="utf-8")
    edit(project / "mkdocs.yml", "        cite.md: about.md#cite", "        cite.md: about.md#cite\n        positions.md: comparison.md")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-800:]
    (project / "site" / "ukraine-peace-brief.pdf").touch()  # made by `make pdf`, not by the build
    contract = load_contract()
    contract["pages"]["comparison/"] = contract["pages"].pop("positions/")
    contract["redirects"]["positions/"] = "comparison/"
    assert contract_problems(project / "site", contract) == []
    # Without the redirect's entry in the contract, the check still names the old address.
    contract["redirects"]["gone/"] = "comparison/"
    assert contract_problems(project / "site", contract) == ["/gone/: no redirect to /comparison/; add it to the redirects plugin in mkdocs.yml"]


def test_heading_id_check_catches_a_heading_without_one(tmp_path: Path) -> None:
    page = tmp_path / "planted.md"
    source = (ROOT / "docs" / "aid.md").read_text(encoding="utf-8")
    page.write_text(source.replace("## The reasoning {#reasoning}", "## The reasoning").replace("{#weapons}", "{#The_Weapons}"), encoding="utf-8")
    assert headings_without_fixed_ids(page) == [
        f"planted.md:{n}: {line}" for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
        if line in ("## The reasoning", "## The weapons {#The_Weapons}")
    ]
    code = tmp_path / "code.md"
    code.write_text("```markdown\n# Not a heading\n```\n", encoding="utf-8")
    assert headings_without_fixed_ids(code) == []


def test_a_point_missing_from_the_contract_is_named_with_its_file(project: Path) -> None:
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n- A planted point\n  { #planted .point }\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-800:]
    # The copy's nav is the project's; loading the copy's config here would put its hooks in sys.modules.
    assert unlisted_points(project / "site", load_config(str(ROOT / "mkdocs.yml")), load_contract()) == [
        "docs/index.md: the point #planted is not in the address contract; list it in tests/urls.yml under ''"
    ]
