"""The brief's public addresses, read from a built site, and recorded in tests/urls.yml by `make addresses`.

tests/test_urls.py fails when an address listed there is gone from a build.
Recording (the files others link to are listed by hand) adds what the build has that the list lacks: a new page with its
anchors, a new anchor, a new redirect. It never drops one: a page that became
a redirect moves to the redirects; any other address the build lost stays
listed, is named, and the command fails, so it is restored or redirected.

    python tools/addresses.py SITE_DIR [CONTRACT_YML]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup, Tag

CONTRACT = Path(__file__).resolve().parent.parent / "tests" / "urls.yml"
HEADER = """\
# The brief's public addresses: every page, every anchor in it that anyone may
# link to (headings, points, recommendations, glossary terms), the redirects kept for
# addresses that moved (mkdocs.yml's redirects plugin), and the files others
# link to. tests/test_urls.py fails when one disappears. `make addresses`
# records new ones (tools/addresses.py); it never drops one.
"""


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def public_anchors(soup: BeautifulSoup) -> list[str]:
    """The ids in a page's text that anyone may link to: not Material's own (__…) nor footnotes."""
    article = soup.find("article")
    if not isinstance(article, Tag):
        return []
    return [str(tag["id"]) for tag in article.find_all(id=True) if not str(tag["id"]).startswith(("__", "fn:", "fnref:"))]


def built(site_dir: Path, files: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The built site's pages with their anchors, and its redirects, by address ('' for the home page)."""
    pages: dict[str, list[str]] = {}
    redirects: dict[str, str] = {}
    for index in sorted(site_dir.rglob("index.html")):
        folder = index.parent.relative_to(site_dir)
        url = "" if folder == Path(".") else folder.as_posix() + "/"
        if url.startswith("search/") or url in files:
            continue
        refresh = soup_of(index).find("meta", attrs={"http-equiv": "refresh"})
        if isinstance(refresh, Tag):
            redirects[url] = urljoin(f"/{url}", str(refresh["content"]).split("url=", 1)[1]).lstrip("/")
        else:
            pages[url] = public_anchors(soup_of(index))
    return pages, redirects


def load(contract_file: Path) -> dict[str, Any]:
    contract: dict[str, Any] = yaml.safe_load(contract_file.read_text(encoding="utf-8"))
    return contract


def record(site_dir: Path, contract_file: Path) -> list[str]:
    """Add the build's new addresses to the contract file; return those it lost, which stay listed."""
    contract = load(contract_file)
    pages, redirects = built(site_dir, contract["files"])
    lost = []
    for old, new in redirects.items():
        contract["redirects"].setdefault(old, new)
    for url in list(contract["pages"]):
        if url in redirects:
            del contract["pages"][url]
        elif url not in pages:
            lost.append(f"/{url}")
        else:
            lost += [f"/{url}#{anchor}" for anchor in contract["pages"][url] if anchor not in pages[url]]
    for url, anchors in pages.items():
        listed = contract["pages"].setdefault(url, [])
        listed += [anchor for anchor in anchors if anchor not in listed]
    lost += [f"/{old}" for old in contract["redirects"] if old not in redirects]
    contract_file.write_text(HEADER + yaml.safe_dump(contract, sort_keys=False, allow_unicode=True, width=1000), encoding="utf-8")
    return lost


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit((__doc__ or "").strip().splitlines()[-1].strip())
    contract_file = Path(sys.argv[2]) if len(sys.argv) == 3 else CONTRACT
    if lost := record(Path(sys.argv[1]), contract_file):
        sys.exit(f"{contract_file}: recorded the new addresses, but the build lost these; restore each, or redirect it (mkdocs.yml):\n  " + "\n  ".join(lost))
    print(f"{contract_file}: every address the build has is listed")


if __name__ == "__main__":
    main()
