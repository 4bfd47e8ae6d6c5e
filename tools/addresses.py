"""The brief's public addresses, read from a built site, and recorded in tests/urls.yml by `make addresses`.

tests/test_urls.py fails when an address listed there is gone from a build.
Recording (the files others link to are listed by hand) adds what the build has that the list lacks: a new page with its
anchors, a new anchor, a new redirect. It never drops one: a page that became
a redirect moves to the redirects; any other address the build lost stays
listed, is named, and the command fails, so it is restored or redirected.

It edits the file as text, line by line, so that its layout and comments stay
as they are, puts each new line where the order its header gives wants it, and
says what it added and moved.

    python tools/addresses.py SITE_DIR [CONTRACT_YML]
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urljoin

import yaml
from bs4 import BeautifulSoup, Tag

CONTRACT = Path(__file__).resolve().parent.parent / "tests" / "urls.yml"


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


def page_order(url: str) -> tuple[bool, str]:
    """The file's order of pages: by address, the home page ('') last."""
    return (url == "", url)


def scalar(value: str) -> str:
    """A string as YAML writes it in a block: plain where that reads back the same, else double-quoted."""
    return value if value and yaml.safe_load(f"- {value}: x") == [{value: "x"}] else json.dumps(value, ensure_ascii=False)


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    moved: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)


class Lines:
    """The contract file's lines, edited in place: insertions and deletions keyed to the lines the YAML parser saw."""

    def __init__(self, contract_file: Path) -> None:
        self.file = contract_file
        self.text = contract_file.read_text(encoding="utf-8")
        self.lines = self.text.splitlines(keepends=True)
        if self.lines and not self.lines[-1].endswith("\n"):
            self.lines[-1] += "\n"
        root = yaml.compose(self.text)
        if not isinstance(root, yaml.MappingNode):
            self.fail("it is not a mapping of pages, redirects and files")
        self.sections = {str(key.value): value for key, value in root.value}
        for name in ("pages", "redirects"):
            if not isinstance(self.sections.get(name), yaml.MappingNode):
                self.fail(f"its {name} are not a mapping")
        self.inserted: dict[int, list[str]] = {}  # new lines, to go before the line of this index
        self.deleted: set[int] = set()
        self.opened: set[int] = set()  # lines whose empty flow mapping ({}) becomes a block

    def fail(self, why: str) -> NoReturn:
        sys.exit(f"{self.file}: cannot record the addresses in place: {why}; nothing was written")

    def indent(self, node: yaml.Node, default: str) -> str:
        """The text before a node on its line: a key's indentation, or a list item's with its dash."""
        return self.lines[node.start_mark.line][: node.start_mark.column] if node.start_mark.column else default

    def block_end(self, section: yaml.MappingNode) -> int:
        """The index of the line after a block mapping's last line of content; for an empty {}, the line after it, which is opened."""
        if not section.value:
            line = section.start_mark.line
            if section.flow_style:
                self.opened.add(line)
            return line + 1
        _, value = section.value[-1]
        last = value.value[-1] if isinstance(value, yaml.SequenceNode) and value.value else value
        return int(last.end_mark.line) + 1

    def above_comments(self, line: int) -> int:
        """The first of the comment lines directly above a line, which belong to it."""
        while line > 0 and self.lines[line - 1].lstrip().startswith("#"):
            line -= 1
        return line

    def insert(self, before: int, text: str) -> None:
        self.inserted.setdefault(before, []).append(text)

    def result(self) -> str:
        out = []
        for number, line in enumerate(self.lines):
            out += self.inserted.get(number, [])
            if number in self.opened:
                line = line.replace("{}", "", 1).rstrip() + "\n"
            if number not in self.deleted:
                out.append(line)
        out += self.inserted.get(len(self.lines), [])
        return "".join(out)


def record(site_dir: Path, contract_file: Path) -> Changes:
    """Add the build's new addresses to the contract file, in place; name those it added, moved and lost (which stay listed)."""
    contract = load(contract_file)
    pages, redirects = built(site_dir, contract["files"])
    text = Lines(contract_file)
    listed: dict[str, list[str]] = {url: list(anchors or []) for url, anchors in contract["pages"].items()}
    changes = Changes()
    page_nodes = {str(key.value): (key, value) for key, value in text.sections["pages"].value}
    key_indent = next((text.indent(key, "  ") for key, _ in page_nodes.values()), "  ")
    item_indent = next(
        (text.indent(value.value[0], "    - ") for _, value in page_nodes.values() if isinstance(value, yaml.SequenceNode) and value.value),
        "    - ",
    )

    # A page that became a redirect leaves the pages, with its lines.
    for url in list(listed):
        if url in redirects:
            key, value = page_nodes[url]
            last = value.value[-1] if isinstance(value, yaml.SequenceNode) and value.value else key
            text.deleted.update(range(key.start_mark.line, last.end_mark.line + 1))
            del listed[url]
            changes.moved.append(f"/{url} (now a redirect to /{redirects[url]})")
        elif url not in pages:
            changes.lost.append(f"/{url}")
        else:
            changes.lost += [f"/{url}#{anchor}" for anchor in listed[url] if anchor not in pages[url]]

    # New anchors of listed pages: each after the listed anchor the page has before it, else first.
    for url, anchors in pages.items():
        if url not in listed:
            continue
        key, value = page_nodes[url]
        line_of = {str(item.value): item.end_mark.line for item in value.value} if isinstance(value, yaml.SequenceNode) else {}
        for position, anchor in enumerate(anchors):
            if anchor in listed[url]:
                continue
            before = [a for a in anchors[:position] if a in line_of]
            at = line_of[before[-1]] + 1 if before else key.start_mark.line + 1
            text.insert(at, f"{item_indent}{scalar(anchor)}\n")
            listed[url].append(anchor)
            changes.added.append(f"/{url}#{anchor}")

    # New pages, in the file's order of pages.
    for url in sorted((url for url in pages if url not in listed), key=page_order):
        following = [key for key, _ in page_nodes.values() if key.value in listed and page_order(key.value) > page_order(url)]
        at = text.above_comments(following[0].start_mark.line) if following else text.block_end(text.sections["pages"])
        # The file quotes every page's address, as the home page's ("") must be.
        items = "".join(f"{item_indent}{scalar(anchor)}\n" for anchor in pages[url])
        text.insert(at, f"{key_indent}{json.dumps(url)}:" + (f"\n{items}" if items else " []\n"))
        listed[url] = list(pages[url])
        changes.added.append(f"/{url}" + (f" with {len(pages[url])} anchors" if pages[url] else ""))

    # New redirects, by old address.
    redirect_nodes = text.sections["redirects"].value
    redirect_indent = next((text.indent(key, "  ") for key, _ in redirect_nodes), "  ")
    kept = dict(contract["redirects"] or {})
    for old in sorted(old for old in redirects if old not in kept):
        following = [key for key, _ in redirect_nodes if key.value > old]
        at = text.above_comments(following[0].start_mark.line) if following else text.block_end(text.sections["redirects"])
        text.insert(at, f"{redirect_indent}{scalar(old)}: {scalar(redirects[old])}\n")
        kept[old] = redirects[old]
        if old not in page_nodes:
            changes.added.append(f"/{old} (a redirect to /{redirects[old]})")
    changes.lost += [f"/{old}" for old in kept if old not in redirects]

    if changes.added or changes.moved:
        # What the edited text says must be what was meant, or nothing is written.
        new = text.result()
        try:
            written = yaml.safe_load(new)
        except yaml.YAMLError:
            written = None
        if not (
            isinstance(written, dict)
            and {url: sorted(anchors or []) for url, anchors in written["pages"].items()} == {url: sorted(a) for url, a in listed.items()}
            and (written["redirects"] or {}) == kept
            and written["files"] == contract["files"]
        ):
            text.fail("its layout is not one this tool can edit line by line")
        contract_file.write_text(new, encoding="utf-8")
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
