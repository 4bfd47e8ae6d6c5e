"""The brief as a reader meets it: findings first, dated, short, attributed, and linked to its source.

Each checker here is a function that returns what it finds wrong, so that a
test can plant the fault it looks for and see it reported.
"""

from __future__ import annotations

import re
from itertools import groupby
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup, Tag

from pages import WHOLE_BRIEF
from support import BRIEF, PARAGRAPHS, ROOT, Site

import record
from reading import read_text, reading_minutes, reading_words

# The argument's pages and word budget, and who is reported where, are in mkdocs.yml (extra.brief): BRIEF.
# The cover's "Cite this brief": an address the contract keeps (tests/urls.yml).
CITE = "about/#cite"
# Attribution names the author or the article, or has "it" (the article) argue, hold, warn...
AUTHOR = re.compile(
    r"\b(?:the|its) (?:author|article)\b|\bit (?:argues|holds|warns|wants|recommends|proposes|urges|reports|calls|backs|opposes|records|makes|sets)\b",
    re.I,
)
CITATION = re.compile(r"^¶(\d+)$")


def built(page_src: str) -> str:
    """docs/aid.md -> aid/index.html"""
    stem = page_src.removesuffix(".md")
    return "index.html" if stem == "index" else f"{stem}/index.html"


def article(soup: BeautifulSoup) -> Tag:
    found = soup.select_one(".md-content article")
    assert isinstance(found, Tag)
    return found


def cited(tag: Tag) -> set[int]:
    return {int(m[1]) for a in tag.find_all("a") if (m := CITATION.match(a.get_text().strip()))}


# --- Findings first ----------------------------------------------------------

def test_home_page_opens_like_a_brief(site: Site, brief: record.Brief) -> None:
    """Title, the question, a line of dates, the actions, the bottom line, then the article's main points."""
    body = article(site.soup("index.html"))
    blocks = [tag for tag in body.find_all(["h1", "h2", "p", "div"], recursive=False)]
    assert [b.name for b in blocks[:3]] == ["h1", "p", "div"], [str(b)[:60] for b in blocks[:3]]
    question = blocks[1]
    assert "brief-lead" in question["class"] and question.get_text().strip().endswith("?")
    cover = blocks[2]
    assert "brief-cover" in cover["class"]
    dates = " ".join(cover.select_one(".brief-dates").get_text().split())
    for day in (brief.published, brief.modified):
        assert cover.find("time", datetime=day.isoformat()), f"no <time> for {day}"
    assert f"Version {brief.version}" in dates and " ".join(brief.source.date_context.split()) in dates, dates
    assert cover.find("a", href=brief.source.url), "the cover line does not link the original"
    assert "brief-bottom-line" in blocks[3]["class"] and AUTHOR.search(blocks[3].get_text()), str(blocks[3])[:80]
    assert blocks[4].name == "h2" and blocks[4]["id"] == "thesis"


def test_key_findings_are_four_to_six_attributed_and_cited_sentences(site: Site) -> None:
    findings = site.soup("index.html").find(id="thesis").find_next_sibling("ul").find_all("li", recursive=False)
    assert 4 <= len(findings) <= 6, f"{len(findings)} findings"
    for finding in findings:
        text = " ".join(finding.get_text().split())
        assert AUTHOR.search(text), f"not attributed: {text}"
        assert cited(finding), f"not cited: {text}"
        assert len(re.findall(r"[.!?](?:\s|$)", text)) == 1, f"not one sentence: {text}"


def test_home_page_gives_the_verdict_on_each_london_point(site: Site) -> None:
    table = site.soup("index.html").find(id="verdict").find_next_sibling("table")
    rows = table.select("tbody tr")
    assert len(rows) == 4, "one row for each of the four London points"
    for row in rows:
        verdict = row.find_all("td")[-1]
        assert re.search(r"\b(backs|accepts|rejects|gives no verdict)\b", verdict.get_text()), verdict.get_text()
        assert cited(verdict), f"no reason cited: {verdict.get_text()}"
    assert AUTHOR.search(site.soup("index.html").find(id="verdict").get_text()), "the verdict's heading names the article"


def test_home_page_offers_the_whole_brief_the_pdf_and_the_citation(site: Site, brief: record.Brief) -> None:
    actions = {str(a["href"]): " ".join(a.get_text().split()) for a in site.soup("index.html").select(".brief-cover .brief-actions a")}
    assert list(actions) == [WHOLE_BRIEF, brief.pdf, CITE], actions
    size = (site.root / brief.pdf).stat().st_size
    assert f"({round(size / 1024)} KB)" in actions[brief.pdf], "the PDF's link gives its size"


def test_without_a_printed_pdf_no_page_links_one(plain_site: Site, brief: record.Brief) -> None:
    """`make build` and `make serve` do not print the PDF, so nothing may point at it."""
    assert not (plain_site.root / brief.pdf).exists()
    for page in plain_site.pages:
        html = page.read_text(encoding="utf-8")
        assert brief.pdf not in html and "citation_pdf_url" not in html, f"{page} names a PDF the build did not make"
    actions = plain_site.soup("index.html").select(".brief-cover .brief-actions a")
    assert [a["href"] for a in actions] == [WHOLE_BRIEF, CITE]


def test_every_page_says_when_the_brief_was_last_updated(site: Site, brief: record.Brief) -> None:
    for page in site.pages:
        if page.name == "404.html":
            continue
        soup = site.soup(page)
        byline = soup.select_one(".brief-byline")
        assert isinstance(byline, Tag), f"{page}: no byline"
        assert byline.find_previous_sibling("h1") or byline.find_previous_sibling(class_="brief-lead"), f"{page}: the byline is above the title"
        dated = soup.select_one(f".brief-byline time[datetime='{brief.modified.isoformat()}']")
        assert dated is not None and "updated" in byline.get_text().lower(), f"{page}: the byline does not give the last update"


# --- Half the length -----------------------------------------------------------

def budget_problems(words: dict[str, int], limit: int) -> list[str]:
    """The total over the limit, naming the longest pages first."""
    total = sum(words.values())
    if total <= limit:
        return []
    longest = ", ".join(f"{page} ({count})" for page, count in sorted(words.items(), key=lambda item: -item[1])[:3])
    return [f"{total} words on the argument pages, over the budget of {limit}; longest: {longest}"]


def test_the_argument_pages_are_in_the_nav_and_fit_their_word_budget(site: Site) -> None:
    assert set(BRIEF.argument_pages) <= {page.file.src_uri for page in site.nav_pages}
    words = {src: reading_words(str(article(site.soup(built(src))))) for src in BRIEF.argument_pages}
    assert budget_problems(words, BRIEF.argument_words) == []


def test_the_word_budget_names_the_longest_pages_when_exceeded() -> None:
    words = {"short.md": 10, "longest.md": 30, "middle.md": 20}
    assert budget_problems(words, 60) == []
    [problem] = budget_problems(words, 59)
    assert problem == "60 words on the argument pages, over the budget of 59; longest: longest.md (30), middle.md (20), short.md (10)"


def test_the_home_page_gives_the_whole_brief_s_reading_time(site: Site) -> None:
    """The figure on the home page is the word count of every page of the nav, at the site's reading speed; it has no cap."""
    shown = site.soup("index.html").select_one(".brief-cover .brief-reading-time").get_text()
    found = re.search(r"(\d+) minutes? for the whole brief", shown)
    assert found, f"the home page does not give the whole brief's reading time: {shown!r}"
    pages = [str(article(site.soup(built(page.file.src_uri)))) for page in site.nav_pages]
    assert int(found[1]) == reading_minutes(*pages), f"the home page says {found[1]} minutes"


def test_reading_words_counts_what_is_read() -> None:
    html = '<h2>Key findings<a class="headerlink" href="#k">#</a></h2><p class="brief-byline">Reading time</p><p>One, two [¶5].</p><pre>@misc{x}</pre>'
    assert reading_words(html) == 5  # Key findings One two ¶5


# --- Said once ---------------------------------------------------------------------

QUOTATION = re.compile(r"“[^”]*”")
WORD = re.compile(r"[\w’'-]*\w")


def repeated_passages(pages: dict[str, str], length: int) -> list[str]:
    """Each passage of `length` words or more that a page says again, quotations aside, with that page.

    The pages are read in order; each unbroken stretch of `length`-word runs already seen is one repeat.
    """
    seen: set[tuple[str, ...]] = set()
    found = []
    for page, text in pages.items():
        for part in QUOTATION.split(text):  # a quotation is left out, and breaks a passage
            words = [word.lower().replace("’", "'") for word in WORD.findall(part)]
            runs = [tuple(words[i : i + length]) for i in range(len(words) - length + 1)]
            again = [run in seen or bool(seen.add(run)) for run in runs]
            for said, stretch in groupby(range(len(runs)), key=again.__getitem__):
                if said:
                    first, *rest = stretch
                    found.append(f"“{' '.join(words[first : (rest or [first])[-1] + length])}” ({page})")
    return found


def test_the_argument_says_each_thing_once(site: Site) -> None:
    pages = {src: read_text(str(article(site.soup(built(src))))) for src in BRIEF.argument_pages}
    found = repeated_passages(pages, BRIEF.repeat_words)
    assert len(found) <= BRIEF.max_repeats, f"{len(found)} passages of {BRIEF.repeat_words}+ words said twice (at most {BRIEF.max_repeats}): " + "; ".join(found)


def test_the_repeat_check_finds_a_passage_said_twice_but_not_a_quotation() -> None:
    one = "The author argues that a lasting peace must meet both sides' essential conditions."
    other = "Elsewhere, it says a lasting peace must meet both sides' essential conditions too."
    quoted = "It says “a lasting peace must meet both sides' essential conditions” here."
    [passage] = repeated_passages({"a.md": one, "b.md": other}, 8)
    assert passage == "“a lasting peace must meet both sides essential conditions” (b.md)", passage
    assert repeated_passages({"a.md": one, "b.md": quoted}, 8) == []
    assert repeated_passages({"a.md": one, "b.md": other}, 10) == []


def lone_sentence_sections(body: Tag) -> list[str]:
    """Headings over a single sentence and nothing else; the boxes (recommendation, open questions) are exempt."""
    problems = []
    for heading in body.find_all(["h2", "h3"]):
        if heading.find_parent(class_="admonition"):
            continue
        section = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h1", "h2", "h3"):
                break
            if "footnote" not in sibling.get_attribute_list("class"):
                section.append(sibling)
        text = " ".join(" ".join(tag.get_text(" ").split()) for tag in section)
        if section and all(tag.name == "p" for tag in section) and len(re.findall(r"[.!?](?=\s|$)", text)) <= 1:
            problems.append(f"#{heading.get('id')}: one sentence under its own heading: {text[:60]!r}")
    return problems


@pytest.mark.parametrize("page", BRIEF.argument_pages)
def test_no_heading_stands_over_a_single_sentence(site: Site, page: str) -> None:
    assert lone_sentence_sections(article(site.soup(built(page)))) == []


def test_the_lone_sentence_check_catches_a_planted_section() -> None:
    body = '<h2 id="a">A</h2><p>One sentence. Then another.</p><h2 id="b">B</h2><ul><li>A list.</li></ul>'
    assert lone_sentence_sections(article(synthetic_article(body))) == []
    [problem] = lone_sentence_sections(article(synthetic_article(body + '<h3 id="c">C</h3><p>Only this one [¶5].</p>')))
    assert problem.startswith("#c: one sentence")


def test_about_fits_its_word_budget_besides_the_citation_formats_and_corrections(site: Site) -> None:
    body = article(site.soup("about/index.html"))
    for table in body.select("table"):
        table.decompose()
    assert reading_words(str(body)) <= BRIEF.about_words


# --- Attributed ----------------------------------------------------------------

def attribution_problems(soup: BeautifulSoup) -> list[str]:
    """Recommendations, cards, findings and bold lead-ins that do not name the author as their source."""
    body = article(soup)
    pieces: list[tuple[str, Tag]] = [("recommendation", box) for box in body.select(".admonition:has(> h2#recommendation)")]
    pieces += [("card", card) for card in body.select(".grid.cards > ul > li")]
    thesis = body.find(id="thesis")
    if isinstance(thesis, Tag) and isinstance(findings := thesis.find_next_sibling("ul"), Tag):
        pieces += [("finding", item) for item in findings.find_all("li", recursive=False)]
    # A card's bold first line is its title, a link; the card is checked whole above.
    for strong in body.select("p > strong, li > strong"):
        if strong.find_parent(class_="cards"):
            continue
        first = next((node for node in strong.parent.children if not (isinstance(node, str) and not node.strip())), None)
        if first is strong:
            pieces.append(("bold lead-in", strong))
    return [f"{kind} does not name the author: {' '.join(tag.get_text().split())[:80]!r}" for kind, tag in pieces if not AUTHOR.search(tag.get_text())]


@pytest.mark.parametrize("page", BRIEF.argument_pages)
def test_every_recommendation_card_finding_and_lead_in_names_the_author(site: Site, page: str) -> None:
    assert attribution_problems(site.soup(built(page))) == []


def synthetic_article(body: str) -> BeautifulSoup:
    return BeautifulSoup(f'<div class="md-content"><article>{body}</article></div>', "html.parser")


def test_attribution_check_catches_each_kind_of_unattributed_piece() -> None:
    attributed = (
        '<div class="admonition"><h2 id="recommendation">Recommendation</h2> <p>The author recommends it.</p></div> '
        '<div class="grid cards"><ul><li>The author proposes it.</li></ul></div> '
        '<h2 id="thesis">Findings</h2> <ul><li>The author finds it.</li></ul> '
        "<p><strong>The author's view.</strong> More.</p> <p>Text with <strong>emphasis</strong>.</p>"
    )
    assert attribution_problems(synthetic_article(attributed)) == []
    bare = {
        "recommendation": ("The author recommends it.", "Do it."),
        "card": ("The author proposes it.", "Propose it."),
        "finding": ("The author finds it.", "It is so."),
        "bold lead-in": ("The author's view.", "A view."),
    }
    for kind, (old, new) in bare.items():
        found = attribution_problems(synthetic_article(attributed.replace(old, new)))
        assert [p.split(":")[0] for p in found] == [f"{kind} does not name the author"], (kind, found)


# --- Positions compared ------------------------------------------------------------

def position_problems(soup: BeautifulSoup, reported_in: dict[str, frozenset[int]] = BRIEF.positions) -> list[str]:
    problems = []
    lists = article(soup).select(".positions dl")
    if not lists:
        return ["no positions"]
    for dl in lists:
        issue = dl.find_previous("h2").get_text().strip().removesuffix("#")
        for dt in dl.find_all("dt"):
            party, dd = dt.get_text().strip(), dt.find_next_sibling("dd")
            paragraphs = cited(dd)
            if party not in reported_in:
                problems.append(f"{issue}: unknown party {party!r}")
            elif not paragraphs:
                problems.append(f"{issue}: {party} cites no paragraph")
            elif stray := paragraphs - reported_in[party]:
                problems.append(f"{issue}: {party} cites ¶{', ¶'.join(map(str, sorted(stray)))}, which does not report that position")
            if "Not reported" in dd.get_text():
                problems.append(f"{issue}: {party} is listed as not reported")
    return problems


def test_positions_show_only_reported_positions_each_cited_where_reported(site: Site) -> None:
    assert position_problems(site.soup("positions/index.html")) == []


def positions_page(entries: dict[str, list[int]]) -> BeautifulSoup:
    """A positions page with one issue, each party citing the paragraphs given."""
    items = "".join(
        f"<dt>{party}</dt><dd>A position " + ", ".join(f'<a href="../source-map/#p{n}">¶{n}</a>' for n in cited) + ".</dd>"
        for party, cited in entries.items()
    )
    return synthetic_article(f'<div class="positions"><h2 id="issue">An issue</h2><dl>{items}</dl></div>')


def test_positions_check_catches_a_citation_in_the_wrong_column() -> None:
    table = BRIEF.positions
    right = {party: [min(paragraphs)] for party, paragraphs in table.items()}
    assert position_problems(positions_page(right)) == []
    # Each party that may not cite every paragraph, given one it may not.
    for party, paragraphs in table.items():
        if wrong := sorted(set(PARAGRAPHS) - paragraphs):
            planted = positions_page({**right, party: [*right[party], wrong[0]]})
            assert position_problems(planted) == [f"An issue: {party} cites ¶{wrong[0]}, which does not report that position"]
    assert position_problems(positions_page({**right, "A stranger": [1]})) == ["An issue: unknown party 'A stranger'"]
    assert position_problems(positions_page({**right, next(iter(table)): []})) == [f"An issue: {next(iter(table))} cites no paragraph"]


# --- The full text, paragraph by paragraph ------------------------------------------

FRAGMENT_PART = re.compile(r"(?:[A-Za-z0-9._~!$'()*;:@/?]|%[0-9A-F]{2})+")


def fragment_problems(soup: BeautifulSoup, full_text: str) -> list[str]:
    """Each source-map entry ¶n links its paragraph in the full text with a well-formed text fragment."""
    problems = []
    for n in PARAGRAPHS:
        heading = soup.find(id=f"p{n}")
        if not isinstance(heading, Tag):
            problems.append(f"¶{n}: no entry")
            continue
        links = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            links += [str(a["href"]) for a in sibling.find_all("a", href=True) if ":~:text=" in a["href"]]
        if len(links) != 1:
            problems.append(f"¶{n}: {len(links)} full-text links")
            continue
        base, _, directive = links[0].partition("#:~:text=")
        parts = directive.split(",")
        if base != full_text:
            problems.append(f"¶{n}: links {base}, not the full text {full_text}")
        if len(parts) != 2 or not all(parts):
            problems.append(f"¶{n}: the fragment needs a start and an end: {directive!r}")
        elif not all(FRAGMENT_PART.fullmatch(part) and unquote(part) == unquote(part).strip() for part in parts):
            problems.append(f"¶{n}: the fragment is not percent-encoded: {directive!r}")
    return problems


def test_each_source_map_entry_links_its_paragraph_in_the_full_text(site: Site, brief: record.Brief) -> None:
    assert fragment_problems(site.soup("source-map/index.html"), brief.source.full_text_url) == []


def source_map_page(full_text: str, directive: str = "First%20words,last%20words") -> str:
    """A source map with a well-formed entry for every paragraph: a heading, and a link to the paragraph in the full text."""
    return "".join(f'<h2 id="p{n}">¶{n}</h2><p><a href="{full_text}#:~:text={directive}">full text</a></p>' for n in PARAGRAPHS)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        ("First%20words,", "First words,", "the fragment is not percent-encoded"),
        (",last%20words", "", "the fragment needs a start and an end"),
        ("{full_text}", "https://example.org/", "links https://example.org/"),
        ('<h2 id="p{last}">', '<h2 id="elsewhere">', "no entry"),
    ],
    ids=["a raw space", "no end", "another page", "no entry"],
)
def test_fragment_check_catches_a_planted_fault(old: str, new: str, problem: str) -> None:
    full_text, last = BRIEF.source.full_text_url, PARAGRAPHS[-1]
    html = source_map_page(full_text)
    assert fragment_problems(BeautifulSoup(html, "html.parser"), full_text) == []
    # The fault goes in the last entry only.
    old = old.format(full_text=full_text, last=last)
    entry = html.index(f'<h2 id="p{last}">')
    planted = html[:entry] + html[entry:].replace(old, new, 1)
    assert planted != html
    problems = fragment_problems(BeautifulSoup(planted, "html.parser"), full_text)
    assert len(problems) == 1 and problems[0].startswith(f"¶{last}: {problem}"), problems


def test_shared_links_are_the_ones_mkdocs_yml_records(brief: record.Brief) -> None:
    links = dict(re.findall(r"^\[([^\]]+)\]:\s*(\S+)$", (ROOT / "includes" / "links.md").read_text(encoding="utf-8"), flags=re.M))
    assert links == {"original": brief.source.url, "full text": brief.source.full_text_url}


def test_about_and_the_source_map_link_the_original_and_the_full_text(site: Site, brief: record.Brief) -> None:
    """The home page's cover links the original: test_home_page_opens_like_a_brief."""
    for page in ("about/index.html", "source-map/index.html"):
        links = {str(a["href"]) for a in article(site.soup(page)).find_all("a", href=True)}
        assert {brief.source.url, brief.source.full_text_url} <= links, page
