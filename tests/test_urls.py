"""Links that never break.

tests/urls.yml is the list of the brief's public addresses: every page, every
anchor in it (headings, recommendations, glossary terms), the redirects kept
for addresses that moved, and the files others may link to. A build that loses
one fails here. A new page fails too until `make addresses` records it
(tools/addresses.py), which also records new anchors; nothing is listed by hand
but the files.
"""

from __future__ import annotations

import difflib
import re
import socket
import subprocess
import sys
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest
from bs4 import BeautifulSoup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, get_files
from mkdocs.structure.nav import get_navigation
from playwright.sync_api import Page

import addresses
import cards
from support import CONFIG, ROOT, Site, edit, mkdocs_build
from pages import WHOLE_BRIEF
from serve import Server, serving
from synthetic import nav_sources, synthetic_project

HEADING = re.compile(r"^(#{1,6}) (.+)$")
FIXED_ID = re.compile(r"\{ ?#([a-z0-9]+(?:-[a-z0-9]+)*) ?\}$")


def load_contract() -> dict[str, Any]:
    return addresses.load(addresses.CONTRACT)


def contract_problems(site_dir: Path, contract: dict[str, Any]) -> list[str]:
    """Every way the built site breaks the list of public addresses, each naming the address."""
    problems = []
    pages, redirects = addresses.built(site_dir, contract["files"])
    for url, anchors in contract["pages"].items():
        if url not in pages:
            problems.append(f"/{url}: page gone; restore it, or redirect it (mkdocs.yml) and run `make addresses`")
            continue
        problems += [f"/{url}#{anchor}: anchor gone; restore the id" for anchor in anchors if anchor not in pages[url]]
    problems += [f"/{url}: new page; run `make addresses` to record it" for url in pages if url not in contract["pages"]]
    for old, new in contract["redirects"].items():
        if old not in redirects:
            problems.append(f"/{old}: no redirect to /{new}; add it to the redirects plugin in mkdocs.yml")
        elif redirects[old] != new:
            problems.append(f"/{old}: redirects to /{redirects[old]}, not /{new}")
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
        for point in addresses.soup_of(site_dir / page.file.dest_uri).select("article .point[id]"):
            if point["id"] not in listed:
                problems.append(f"{source}: the point #{point['id']} is not in the address contract; run `make addresses` to record it")
    return problems


def test_every_point_is_in_the_contract(site: Site) -> None:
    problems = unlisted_points(site.root, site.config, load_contract())
    assert not problems, "\n".join(problems)


def test_the_contract_lists_the_files_others_link_to(site: Site) -> None:
    assert set(load_contract()["files"]) >= {WHOLE_BRIEF, site.config.extra["brief"]["pdf"], "sitemap.xml", "robots.txt"}


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
    assert listed == sorted(site_url + url for url in [*(page.url for page in site.nav_pages), WHOLE_BRIEF])
    robots = (site.root / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {site_url}sitemap.xml" in robots.splitlines()
    assert "Disallow: /" not in robots.splitlines()


@pytest.mark.parametrize("missing", ["no-such-page", "aid/no-such-section/", "a/b/c/d/e/"])
def test_404_page_is_styled_and_its_links_work_at_any_depth(page: Page, served: str, missing: str) -> None:
    response = page.goto(served + missing)
    assert response is not None and response.status == 404
    assert page.title().startswith("Page not found")
    # The theme's stylesheets loaded: the header has the brief's primary colour.
    header = page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor")
    primary = "rgb({}, {}, {})".format(*bytes.fromhex(cards.brand_colours(ROOT / "docs" / cards.STYLESHEET)["primary"][1:]))
    assert header == primary, f"/{missing}: unstyled 404 page ({header})"
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
    answer.value.close()
    assert answer.value.code == 404
    assert capsys.readouterr().err == ""


# --- Planted faults ------------------------------------------------------------

def move(synthetic_copy: Path, page: str, to: str) -> None:
    """Rename a page of the synthetic copy, and its entry in the nav."""
    (synthetic_copy / "docs" / page).rename(synthetic_copy / "docs" / to)
    edit(synthetic_copy / "mkdocs.yml", f" {page}\n", f" {to}\n")


def build_copy(synthetic_copy: Path, site_dir: Path) -> Path:
    result = mkdocs_build(synthetic_copy, site_dir)
    assert result.returncode == 0, result.stderr[-800:]
    (site_dir / PDF).touch()  # printed by `make pdf`, not by the build
    return site_dir


@pytest.fixture(scope="module")
def untouched_contract(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The contract `make addresses` records from a build of the untouched synthetic copy."""
    work = tmp_path_factory.mktemp("untouched")
    contract = work / "urls.yml"
    contract.write_text(f"pages: {{}}\nredirects: {{}}\nfiles: {load_contract()['files']}\n", encoding="utf-8")
    site_dir = build_copy(synthetic_project(work / "project"), work / "site")
    assert addresses.record(site_dir, contract).lost == []
    assert contract_problems(site_dir, addresses.load(contract)) == []
    return contract.read_text(encoding="utf-8")


@pytest.fixture
def contract(untouched_contract: str, tmp_path: Path) -> Path:
    """A copy of that contract, to record into."""
    copy = tmp_path / "urls.yml"
    copy.write_text(untouched_contract, encoding="utf-8")
    return copy


# The page the faults are planted in: the first of the nav's after the home page.
PAGE = nav_sources(CONFIG.nav)[1]
URL = PAGE.removesuffix(".md") + "/"
PDF = CONFIG.extra["brief"]["pdf"]


def test_contract_catches_a_lost_anchor_and_a_page_moved_without_a_redirect(synthetic_copy: Path, contract: Path) -> None:
    edit(synthetic_copy / "docs" / PAGE, "{#section}", "{#renamed}")
    move(synthetic_copy, PAGE, "moved.md")
    build_copy(synthetic_copy, synthetic_copy / "site")
    problems = contract_problems(synthetic_copy / "site", addresses.load(contract))
    assert problems == [
        f"/{URL}: page gone; restore it, or redirect it (mkdocs.yml) and run `make addresses`",
        "/moved/: new page; run `make addresses` to record it",
    ], problems
    # Recording adds the new page, with its new anchor, and keeps the lost one listed.
    assert addresses.record(synthetic_copy / "site", contract).lost == [f"/{URL}"]
    assert addresses.load(contract)["pages"]["moved/"][-1] == "renamed"
    assert contract_problems(synthetic_copy / "site", addresses.load(contract)) == [problems[0]]


def test_contract_catches_a_lost_anchor_but_not_a_new_one(synthetic_copy: Path, contract: Path) -> None:
    edit(synthetic_copy / "docs" / PAGE, "{#section}", "{#renamed}")
    edit(synthetic_copy / "includes" / "abbreviations.md", "\n", "\n*[Planted term]: A term an editor adds.\n")
    build_copy(synthetic_copy, synthetic_copy / "site")
    assert contract_problems(synthetic_copy / "site", addresses.load(contract)) == [f"/{URL}#section: anchor gone; restore the id"]
    assert addresses.record(synthetic_copy / "site", contract).lost == [f"/{URL}#section"]


def test_a_moved_page_with_a_redirect_keeps_its_old_address(synthetic_copy: Path, contract: Path) -> None:
    move(synthetic_copy, PAGE, "moved.md")
    maps = re.search(r"^( *)redirect_maps:\n( *)", (synthetic_copy / "mkdocs.yml").read_text(encoding="utf-8"), flags=re.M)
    assert maps is not None
    edit(synthetic_copy / "mkdocs.yml", maps.group(), f"{maps.group()}{PAGE}: moved.md\n{maps.group(2)}")
    build_copy(synthetic_copy, synthetic_copy / "site")
    changes = addresses.record(synthetic_copy / "site", contract)
    assert (changes.added, changes.moved, changes.lost) == (["/moved/ with 2 anchors"], [f"/{URL} (now a redirect to /moved/)"], [])
    listed = addresses.load(contract)
    assert listed["redirects"][URL] == "moved/" and URL not in listed["pages"]
    assert contract_problems(synthetic_copy / "site", listed) == []
    # A redirect the contract keeps but mkdocs.yml lost is named.
    listed["redirects"]["gone/"] = "moved/"
    assert contract_problems(synthetic_copy / "site", listed) == ["/gone/: no redirect to /moved/; add it to the redirects plugin in mkdocs.yml"]


def make_addresses(site_dir: Path, contract: Path) -> subprocess.CompletedProcess[str]:
    """What `make addresses` runs once it has built the site."""
    return subprocess.run([sys.executable, str(ROOT / "tools" / "addresses.py"), str(site_dir), str(contract)], capture_output=True, text=True, check=False)


def test_make_addresses_adds_a_new_term_as_one_line_in_its_place_and_says_so(synthetic_copy: Path, contract: Path) -> None:
    before = contract.read_text(encoding="utf-8")
    edit(synthetic_copy / "includes" / "abbreviations.md", "\n", "\n*[Planted term]: A term an editor adds.\n")
    site_dir = build_copy(synthetic_copy, synthetic_copy / "site")
    built_anchors, _ = addresses.built(site_dir, addresses.load(contract)["files"])
    (glossary,) = [url for url, anchors in built_anchors.items() if "planted-term" in anchors]
    result = make_addresses(site_dir, contract)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{contract}: added /{glossary}#planted-term",
        f"{contract}: every address the build has is now listed",
    ]
    after = contract.read_text(encoding="utf-8")
    diff = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if line[:1] in "+-"]
    assert diff[2:] == ["+    - planted-term"], diff
    assert addresses.load(contract)["pages"][glossary] == built_anchors[glossary]
    # Run again, it changes nothing, and says so.
    again = make_addresses(site_dir, contract)
    assert again.stdout.splitlines() == [f"{contract}: unchanged; every address the build has was already listed"]
    assert contract.read_text(encoding="utf-8") == after


def test_make_addresses_keeps_its_own_layout_and_a_page_without_anchors(tmp_path: Path) -> None:
    contract = tmp_path / "urls.yml"
    contract.write_text(addresses.dump({"b/": [], "": ["top"]}, {"c/": "b/"}, ["sitemap.xml"]), encoding="utf-8")
    assert addresses.load(contract) == {"pages": {"b/": [], "": ["top"]}, "redirects": {"c/": "b/"}, "files": ["sitemap.xml"]}
    assert addresses.dump(*addresses.load(contract).values()) == contract.read_text(encoding="utf-8")
    assert addresses.dump(*load_contract().values()) == addresses.CONTRACT.read_text(encoding="utf-8")


def test_make_addresses_names_a_removed_term_keeps_it_listed_and_fails(synthetic_copy: Path, contract: Path) -> None:
    before = contract.read_text(encoding="utf-8")
    term = next(line for line in (synthetic_copy / "includes" / "abbreviations.md").read_text(encoding="utf-8").splitlines() if line.startswith("*["))
    edit(synthetic_copy / "includes" / "abbreviations.md", term + "\n", "")
    site_dir = build_copy(synthetic_copy, synthetic_copy / "site")
    built_anchors, _ = addresses.built(site_dir, addresses.load(contract)["files"])
    (gone,) = [f"/{url}#{a}" for url, anchors in addresses.load(contract)["pages"].items() for a in anchors if a not in built_anchors[url]]
    result = make_addresses(site_dir, contract)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1].strip() == gone and "every address" not in result.stderr
    assert contract.read_text(encoding="utf-8") == before


def test_heading_id_check_catches_a_heading_without_one(tmp_path: Path) -> None:
    page = tmp_path / "planted.md"
    page.write_text("# A title {#title}\n\n## No id\n\n## An unreadable id {#The_Id}\n\n## A fixed id {#fixed}\n", encoding="utf-8")
    assert headings_without_fixed_ids(page) == ["planted.md:3: ## No id", "planted.md:5: ## An unreadable id {#The_Id}"]
    code = tmp_path / "code.md"
    code.write_text("```markdown\n# Not a heading\n```\n", encoding="utf-8")
    assert headings_without_fixed_ids(code) == []


def test_a_point_missing_from_the_contract_is_named_with_its_file(project: Path) -> None:
    page = project / "docs" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n- A planted point\n  { #planted .point }\n", encoding="utf-8")
    result = mkdocs_build(project, project / "site")
    assert result.returncode == 0, result.stderr[-800:]
    # The copy's nav is the project's; loading the copy's config here would put its hooks in sys.modules.
    assert unlisted_points(project / "site", CONFIG, load_contract()) == [
        "docs/index.md: the point #planted is not in the address contract; run `make addresses` to record it"
    ]
