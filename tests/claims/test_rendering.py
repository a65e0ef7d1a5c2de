"""innovlib.claims.rendering: every findings table from one template set, one escaper, one colour map.

The same verdicts are rendered the three ways a reader meets them (the notebook's own findings section, the runner's
"Findings" cell, the report in Markdown and HTML); the tests check that the three agree part by part and escape a
hostile statement the same way, checked against independent oracles: decoding the character references gives the
text back, and a browser's parser (BeautifulSoup) finds no markup in it. The colours are checked against WCAG 2's
contrast formula, written out here from the specification.
"""

from __future__ import annotations

import ast
import html
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from innovlib import frontmatter, report
from innovlib.claims import rendering
from innovlib.claims import findings_markdown  # as the package exports it (the architecture test sees the name used)
from innovlib.claims.audit import Audit, NotTested
from innovlib.claims.evidence import Source
from innovlib.claims.verdict import Verdict, combine_parts, contradicted_details
from innovlib.text import format_value

HOSTILE = "a | b [x](javascript:alert(1)) <script>alert(2)</script> *c* `d`"
EVIL_SOURCE = Source("javascript:alert(3)", "an <b>evil</b> source", "secondary")
GOOD_SOURCE = Source("https://stats.example.gov/release?a=1&b=2", "the bureau's release", "primary")
PACKAGE = Path(rendering.__file__).resolve().parents[1]


def _verdicts() -> list[Verdict]:
    """Two parts of one claim: a headline confirmed by a primary source, a detail contradicted; both state and explain
    themselves in hostile text."""
    return [
        Verdict("HX-01a", "HX-01", "confirmed_by_source", 42.0, 42, HOSTILE, basis="source", sources=(GOOD_SOURCE,),
                article="TW-2025-11", claim=HOSTILE, statement=HOSTILE, reason="source_states_it", notebook="nb"),
        Verdict("HX-01b", "HX-01", "contradicted", 7.0, 5, HOSTILE, basis="recomputed", sources=(EVIL_SOURCE,),
                article="TW-2025-11", claim=HOSTILE, statement=HOSTILE, reason="wrong_value", notebook="nb"),
    ]


def _report_rows(recorded: list[dict]) -> list[dict]:
    """The report's row for the claim, as report.gather builds it from claims.json entries."""
    parts = [{**entry, "published_display": format_value(entry["published"]), "headline": i == 0,
              "run_id": "R1", "commit": "c" * 40, "output": "nb", "href": f"nb/nb.html#part-{entry['part_id']}"}
             for i, entry in enumerate(recorded)]
    verdicts = {p["part_id"]: p["verdict"] for p in parts}
    verdict, summary = combine_parts(verdicts, ["HX-01a"])
    return [{"claim_id": "HX-01", "article": "TW-2025-11", "subject": "s", "claim": HOSTILE, "parts": parts,
             "headline": ["HX-01a"], "verdict": verdict, "summary": summary, "reason": "source_states_it",
             "reason_label": "stated by a strong source", "anchor": report.claim_anchor("HX-01"),
             "contradicted_details": contradicted_details(verdicts, ["HX-01a"])}]


def _table(markdown: str, first_header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header starts with ``first_header``, split at every ``|``: a row with
    the header's number of cells proves no value broke out of its cell."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {first_header} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    width = len(rows[0])
    assert all(len(row) == width for row in rows), f"a value broke a row of the table: {rows}"
    return [rows[0]] + rows[2:]


def _cards(markdown: str) -> list[dict]:
    """The cards of a "Findings" cell, each as the raw (escaped) text of its parts, read line by line: a card is one
    HTML block, so its lines are fixed (part and statement; label, reason and link; why; the folded explanation,
    when longer than the why)."""
    cards = []
    for block in markdown.split("\n\n")[1:]:
        lines = block.splitlines()
        assert lines[0].startswith('<div class="innovlib-finding"') and lines[-1] == "</div>", block
        part, _, statement = re.fullmatch(r'<p style="margin:0"><b>(.*?)</b>(: )?(.*)</p>', lines[1]).groups()
        label = re.sub(r"<[^>]+>", "", lines[2])
        why = re.fullmatch(r'<p style="margin:2px 0">(.*)</p>', lines[3]).group(1)
        folded = re.fullmatch(r"<details><summary>The full explanation</summary><p>(.*)</p></details>", lines[4])
        explanation = folded.group(1) if folded else why  # folded only when it says more than the why
        cards.append({"part": part, "statement": statement, "label": html.unescape(label),
                      "href": re.search(r'href="([^"]+)"', lines[2]).group(1), "explanation": explanation})
    return cards


@pytest.fixture()
def renderings():
    audit = Audit()
    audit.recorded.extend(_verdicts())
    recorded = [{**v.as_dict(), "anchor": rendering.part_anchor(v.part_id), "cell": 3 + i}
                for i, v in enumerate(audit.recorded)]
    rows = _report_rows(recorded)
    return {"notebook": findings_markdown(audit),
            "cell": frontmatter.findings_cell_source(recorded, []),
            "report_md": report.to_markdown(rows, "2026-12-06 10:00:00"),
            "report_html": report.to_html(rows, "2026-12-06 10:00:00")}


def test_the_three_renderings_show_the_same_parts_labels_and_escaping(renderings):
    notebook = _table(renderings["notebook"], "claim part")
    cards = _cards(renderings["cell"])
    report_md = [row for row in _table(renderings["report_md"], "claim / part") if "HX-01" in row[0]]
    assert notebook[0] == ["claim part", "verdict", "published", "found", "why"]
    # same parts, in the same order
    assert [row[0] for row in notebook[1:]] == ["[HX-01a](#part-HX-01a)", "[HX-01b](#part-HX-01b)"]
    assert [card["part"] for card in cards] == ["HX-01a", "HX-01b"]
    assert [card["href"] for card in cards] == ["#part-HX-01a", "#part-HX-01b"]
    assert [row[0] for row in report_md[1:]] == ["HX-01a (headline)", "HX-01b"]
    # same labels: verdict and reason, as a reader reads them
    labels = ["confirmed by source: stated by a strong source", "contradicted: wrong value"]
    assert [row[1] for row in notebook[1:]] == labels
    assert [card["label"] for card in cards] == [f"{label} · decided in cell {3 + i}" for i, label in enumerate(labels)]
    assert [row[4] for row in report_md[1:]] == labels
    # the same escaping of the hostile explanation in the three, and of the statement in the report
    escaped = {row[4] for row in notebook[1:]} | {card["explanation"] for card in cards}
    escaped |= {card["statement"] for card in cards}
    escaped |= {row[5].split(" Sources: ")[0] for row in report_md[1:]} | {row[1] for row in report_md[1:]}
    assert len(escaped) == 1, escaped
    shown = escaped.pop()
    assert html.unescape(shown) == HOSTILE  # nothing lost: a reader sees the text as it was written
    assert not set(shown) & set("|[]()<>*`"), shown  # nothing left that Markdown or HTML would interpret
    # the cards are HTML blocks: a parser finds only the cards' own tags, the hostile text is text
    soup = BeautifulSoup(renderings["cell"], "html.parser")
    assert {tag.name for tag in soup.find_all(True)} == {"div", "p", "b", "a"}
    assert [card.get_text(" ", strip=True).count(HOSTILE) for card in soup.find_all("div")] == [2, 2]
    for markdown in (renderings["notebook"], renderings["cell"], renderings["report_md"]):
        assert "<script" not in markdown and "](javascript" not in markdown and "<b>evil" not in markdown


def test_the_report_page_escapes_the_same_records_and_links_only_http(renderings):
    soup = BeautifulSoup(renderings["report_html"], "html.parser")
    table = soup.find("table", class_="claims")
    assert [th.get_text() for th in table.find_all("th")] == [title for _, title in rendering.REPORT_COLUMNS]
    rows = [tr for tr in table.find_all("tr") if tr.find("td") and "claim" not in (tr.get("class") or [])]
    assert [tr.find("td").get_text() for tr in rows] == ["HX-01aheadline", "HX-01bdetail"]
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in rows]
    assert [c[1] for c in cells] == [HOSTILE, HOSTILE]  # the statement, as text
    assert [c[4] for c in cells] == ["confirmed by sourcestated by a strong source", "contradictedwrong value"]
    assert all(c[5].startswith(HOSTILE) for c in cells)
    assert not soup.find_all("script", type=lambda t: t != "application/ld+json"), "a script from the data"
    links = [a["href"] for a in soup.find_all("a", href=True)]
    assert "https://stats.example.gov/release?a=1&b=2" in links and not any("javascript" in h for h in links)
    assert "an <b>evil</b> source" in soup.get_text() and not soup.find("b", string="evil")


def test_the_not_tested_paragraph_is_the_same_in_the_notebook_and_the_findings_cell():
    audit = Audit(edition=2024)
    audit.not_tested.append(NotTested("GII-01", {"edition": 2025}, audit.parameters, 3))
    records = [{"part_id": "GII-01", "about": {"edition": 2025}, "parameters": {"edition": 2024}}]
    paragraph = ("**This run does not test the published claim parts GII-01**: it uses edition = 2024, while they "
                 "are about edition = 2025. It records no verdict for them; their verdicts come from a run with those "
                 "values.")
    assert findings_markdown(audit) == "This run recorded no verdict.\n\n" + paragraph
    assert frontmatter.findings_cell_source([], records) == ("## Findings\n\nThis run recorded no verdict.\n\n"
                                                             + paragraph + "\n")


# --- one colour map ---------------------------------------------------------------------------------------------

def _relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour ``#rrggbb``."""
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio (L1 + 0.05) / (L2 + 0.05), the lighter colour's luminance on top."""
    light, dark = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_contrast_formula_gives_the_published_ratios():
    """Black on white is 21:1; #777777 on white is 4.48:1, just below AA (WebAIM's contrast checker)."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.005)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("verdict", sorted(rendering.VERDICT_COLOURS))
def test_every_verdict_colour_keeps_aa_contrast(verdict):
    text, background = rendering.VERDICT_COLOURS[verdict]["text"], rendering.VERDICT_COLOURS[verdict]["background"]
    assert contrast(text, "#ffffff") >= 4.5, "the label on the notebook's white page"
    assert contrast(text, background) >= 4.5, "the label on its own tint"
    assert contrast("#000000", background) >= 4.5, "the report's text on the row's tint"
    assert contrast("#57606a", background) >= 4.5, "the report's grey text (grades, run ids) on the row's tint"


def test_there_is_one_colour_map_and_both_pages_use_it():
    # no module of the package defines a colour map of its own
    defining = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defining += [path.relative_to(PACKAGE).as_posix() for node in tree.body if isinstance(node, ast.Assign)
                     for target in node.targets if isinstance(target, ast.Name) and "COLOUR" in target.id]
    assert defining == ["claims/rendering.py"]
    assert report.VERDICT_COLOURS is rendering.VERDICT_COLOURS
    # the notebook's verdict shows its label in the map's text colour
    for verdict in _verdicts():
        assert f"color:{rendering.VERDICT_COLOURS[verdict.verdict]['text']}" in verdict._repr_html_()
    # the report's rows take the map's background, and its red text is the map's contradicted text
    rows = _report_rows([{**v.as_dict(), "cell": 1} for v in _verdicts()])
    page = report.to_html(rows, "now")
    for verdict in ("confirmed_by_source", "contradicted"):
        assert f"background:{rendering.VERDICT_COLOURS[verdict]['background']}" in page
    assert f".contradicted{{color:{rendering.VERDICT_COLOURS['contradicted']['text']}" in page
    used = set(re.findall(r"(?:background|color):(#[0-9a-f]{6})", page))
    mapped = {c for roles in rendering.VERDICT_COLOURS.values() for c in roles.values()}
    assert used <= mapped | {"#57606a", "#ccc"}, used - mapped


def test_a_findings_table_has_the_columns_each_place_chooses():
    record = rendering.finding_record({"part_id": "X-01", "verdict": "not_checkable", "reason": "no_public_data",
                                       "explanation": "Missing: the 2025 shares. WIPO did not publish them.",
                                       "published": "42.3", "computed": None, "statement": "s"})
    markdown = rendering.findings_table([record], rendering.NOTEBOOK_COLUMNS)
    assert markdown.splitlines() == [
        "| claim part | verdict | published | found | why |", "|---|---|---|---|---|",
        "| [X-01](#part-X-01) | not checkable: no public data | 42.3 | — | Missing: the 2025 shares. WIPO did not "
        "publish them. |"]
    columns = (("part", "part"), ("verdict_bold", "verdict"), ("why", "why"), ("decided_in", "decided in"))
    page = BeautifulSoup(rendering.findings_table([record], columns, kind="html"),
                         "html.parser")
    assert [td.get_text() for td in page.find_all("td")] == ["X-01", "not checkable: no public data",
                                                             "Missing: the 2025 shares.", "verdict"]
    assert page.find("a")["href"] == "#part-X-01"
    assert page.find("tr", style=True)["style"] == f"background:{rendering.VERDICT_COLOURS['not_checkable']['background']}"


# --- the one-line why -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("explanation", "why"), [
    ("Missing: the 2025 shares. WIPO did not publish them.", "Missing: the 2025 shares."),
    # a ";" ends a clause, not a sentence: the why is never the first clause alone
    ("Published ranks: 2 in 2023; 2 in 2024. Earlier editions are not in the data.",
     "Published ranks: 2 in 2023; 2 in 2024."),
    # a full stop inside parentheses does not end the sentence
    ("Only a repost states it (Xinhua. Reprint (secondary)); news is needed. More.",
     "Only a repost states it (Xinhua. Reprint (secondary)); news is needed."),
    ("Recomputed from levels", "Recomputed from levels"),
    ("", ""),
])
def test_the_why_is_the_first_whole_sentence(explanation, why):
    assert rendering.one_line_reason(explanation) == why


def test_a_long_first_sentence_loses_its_asides_never_its_end():
    explanation = ("Only secondary or ungraded sources state the figure (" + "a very long source title " * 8
                   + "(secondary)); a confirmation needs a source graded news or better. Sorting puts it 2nd.")
    why = rendering.one_line_reason(explanation)
    assert why == "Only secondary or ungraded sources state the figure; a confirmation needs a source graded news or better."
    long_clause = "Published leaders: " + ", ".join(f"metric {i}: cluster {i}" for i in range(30)) + "; none is X."
    assert rendering.one_line_reason(long_clause + " Then more.") == long_clause  # whole, however long
    for text in (explanation, long_clause, "A; b; c. D."):
        assert not rendering.one_line_reason(text).endswith((";", ",", "..."))


def test_the_cards_use_the_one_colour_map_and_name_the_verdict_without_a_cell():
    record = rendering.finding_record({"part_id": "X-01", "verdict": "contradicted", "reason": "wrong_value",
                                       "explanation": "The bureau gives 5.", "statement": "It is 7"})
    card = rendering.findings_cards([record])
    colour = rendering.VERDICT_COLOURS["contradicted"]["text"]
    assert f"border-left:4px solid {colour}" in card and f'<b style="color:{colour}">contradicted</b>' in card
    assert '<a href="#part-X-01">the verdict</a>' in card  # no cell number recorded: the link names the verdict
    assert "<details>" not in card  # the why is the whole explanation: nothing more to unfold
    unknown = rendering.finding_record({"part_id": "X-02", "verdict": "<b>odd</b>"})
    assert rendering.VERDICT_COLOURS["unchecked"]["text"] in rendering.findings_cards([unknown])
