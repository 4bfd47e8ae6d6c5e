"""`make addresses`: record the brief's public addresses, read from a built site, in tests/urls.yml.

tests/test_urls.py fails when an address listed there is gone from a build.
Recording adds what the build has that the list lacks (the files others link
to are listed by hand), and never drops one: a page that became a redirect
moves to the redirects; any other address the build lost stays listed, is
named, and the command fails, so that it is restored or redirected.

    python tools/addresses.py SITE_DIR [CONTRACT_YML]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
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
# records new ones (tools/addresses.py), each as a line of its own in this
# order: pages by address, the home page ("") last; a new anchor after the one
# its page has before it; redirects by old address. It never drops one.
"""


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built(site_dir: Path, files: list[str]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """The built site's redirects, and its pages with the ids in their text that anyone may link to
    (not Material's own, __…, nor footnotes), by address ('' for the home page)."""
    pages: dict[str, list[str]] = {}
    redirects: dict[str, str] = {}
    for index in sorted(site_dir.rglob("index.html")):
        url = index.relative_to(site_dir).as_posix().removesuffix("index.html")
        if url in files:
            continue
        soup = soup_of(index)
        refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
        if isinstance(refresh, Tag):
            redirects[url] = urljoin(f"/{url}", str(refresh["content"]).split("url=", 1)[1]).lstrip("/")
        else:
            ids = (str(tag["id"]) for tag in soup.select("article [id]"))
            pages[url] = [anchor for anchor in ids if not anchor.startswith(("__", "fn:", "fnref:"))]
    return pages, redirects


def load(contract_file: Path) -> dict[str, Any]:
    return dict(yaml.safe_load(contract_file.read_text(encoding="utf-8")))


def scalar(value: str) -> str:
    """A string as YAML writes it: plain where that reads back the same, else quoted."""
    return yaml.safe_dump(value, allow_unicode=True, width=1000).removesuffix("\n...\n").strip()


def dump(pages: dict[str, list[str]], redirects: dict[str, str], files: list[str]) -> str:
    """The contract file's one layout; page addresses are quoted, as the home page's ("") must be."""
    out = [HEADER.rstrip("\n"), "pages:" if pages else "pages: {}"]
    for url in sorted(pages, key=lambda url: (url == "", url)):
        out += [f"  {json.dumps(url)}:" + ("" if pages[url] else " []"), *(f"    - {scalar(anchor)}" for anchor in pages[url])]
    out += ["redirects:" if redirects else "redirects: {}", *(f"  {scalar(old)}: {scalar(redirects[old])}" for old in sorted(redirects))]
    out += ["files:", *(f"- {scalar(name)}" for name in files)]
    return "\n".join(out) + "\n"


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


def record(site_dir: Path, contract_file: Path) -> Changes:
    """Add the build's new addresses to the contract file; name those it added, moved and lost (which stay listed)."""
    contract = load(contract_file)
    pages, redirects = built(site_dir, contract["files"])
    listed: dict[str, list[str]] = {url: list(anchors or []) for url, anchors in (contract["pages"] or {}).items()}
    kept: dict[str, str] = dict(contract["redirects"] or {})
    changes = Changes()
    for url in list(listed):
        if url in redirects:
            del listed[url]
            kept[url] = redirects[url]
            changes.moved.append(f"/{url} (now a redirect to /{redirects[url]})")
        elif url not in pages:
            changes.lost.append(f"/{url}")
        else:
            changes.lost += [f"/{url}#{anchor}" for anchor in listed[url] if anchor not in pages[url]]
    for url, anchors in pages.items():
        if url not in listed:
            listed[url] = list(anchors)
            changes.added.append(f"/{url}" + (f" with {len(anchors)} anchors" if anchors else ""))
            continue
        for position, anchor in enumerate(anchors):
            if anchor not in listed[url]:
                before = [a for a in anchors[:position] if a in listed[url]]
                listed[url].insert(listed[url].index(before[-1]) + 1 if before else 0, anchor)
                changes.added.append(f"/{url}#{anchor}")
    for old in sorted(set(redirects) - set(kept)):
        kept[old] = redirects[old]
        changes.added.append(f"/{old} (a redirect to /{redirects[old]})")
    changes.lost += [f"/{old}" for old in kept if old not in redirects]
    if changes.added or changes.moved:
        contract_file.write_text(dump(listed, kept, contract["files"]), encoding="utf-8")
    return changes


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit((__doc__ or "").strip().splitlines()[-1].strip())
    contract_file = Path(sys.argv[2]) if len(sys.argv) == 3 else CONTRACT
    changes = record(Path(sys.argv[1]), contract_file)
    for address in changes.added:
        print(f"{contract_file}: added {address}")
    for address in changes.moved:
        print(f"{contract_file}: moved {address} from the pages to the redirects")
    if changes.lost:
        sys.exit(f"{contract_file}: the build lost these, which stay listed; restore each, or redirect it (mkdocs.yml):\n  " + "\n  ".join(changes.lost))
    if changes.added or changes.moved:
        print(f"{contract_file}: every address the build has is now listed")
    else:
        print(f"{contract_file}: unchanged; every address the build has was already listed")


if __name__ == "__main__":
    main()
