"""The report a journalist reads: key findings first, the headline rule, a reason for every label, ClaimReview
JSON-LD and what would settle each open part.

The first tests use hand-made rows whose answers are known; the last ones read the report the committed data
gives (every notebook run once per session, through the cache).
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from innovlib import report
from innovlib.claims import REASONS, REASONS_BY_VERDICT

ARTICLES = {"TW": {"title": "An article", "path": "https://news.example/a", "publisher": "Weekly (周报)",
                   "date_published": "2025-11"}}


def _part(part_id, verdict, reason, statement, published="1st", computed=1, finding="", sources=(), **extra):
    return {"part_id": part_id, "statement": statement, "verdict": verdict, "reason": reason,
            "reason_label": REASONS[reason][0] if reason else "", "published_display": published,
            "computed": computed, "finding": finding, "sources": list(sources), "explanation": "e",
            "missing": extra.get("missing", ""), "publisher": extra.get("publisher", ""),
            "where": extra.get("where", "")}


def _claim(claim_id, parts, headline):
    from innovlib.claims import combine_parts, contradicted_details

    verdicts = {p["part_id"]: p["verdict"] for p in parts}
    verdict, summary = combine_parts(verdicts, headline)
    head = next(p for p in parts if p["part_id"] == headline[0])
    return {"claim_id": claim_id, "article": "TW", "claim": f"claim {claim_id}", "parts": parts,
            "headline": headline, "verdict": verdict, "summary": summary,
            "contradicted_details": contradicted_details(verdicts, headline), "reason": head["reason"],
            "reason_label": head["reason_label"], "anchor": report.claim_anchor(claim_id)}


WIPO = {"publisher": "WIPO", "grade": "primary", "url": "https://wipo.example/t"}
BLOG = {"publisher": "a blog", "grade": "secondary", "url": "https://blog.example/x"}
ROWS = [
    _claim("C-01", [_part("C-01a", "confirmed_by_source", "source_states_it", "C ranks 1st", sources=[WIPO]),
                    _part("C-01b", "not_checkable", "no_public_data", "C was 2nd for five years",
                          missing="ranks before 2022", publisher="WIPO", where="GII 2020 and 2021 reports")],
           ["C-01a"]),
    _claim("C-02", [_part("C-02a", "confirmed_by_source", "source_states_it", "There are 372", sources=[WIPO]),
                    _part("C-02b", "contradicted", "wrong_period", "The count is of July 2025",
                          published="July 2025", computed="end-2024")], ["C-02a"]),
    _claim("C-03", [_part("C-03", "not_checkable", "weak_sources_disagree", "Beijing has 75", published="75",
                          computed=115, sources=[BLOG],
                          finding="The article's 75 is GEI's previous edition; a summary of the 2025 one gives 115.")],
           ["C-03"]),
    _claim("C-04", [_part("C-04", "not_checkable", "weak_sources_agree", "Six in the top ten", published="6",
                          computed=6, sources=[BLOG])], ["C-04"]),
]


def test_key_findings_say_what_is_confirmed_contradicted_and_open_in_sentences():
    findings = report.key_findings(ROWS, ARTICLES)
    texts = [f["text"] for f in findings]
    assert 3 <= len(findings) <= report.KEY_FINDINGS_MAX
    assert texts[0] == "Confirmed by WIPO (primary): C ranks 1st." and findings[0]["anchors"] == ["claim-C-01"]
    # the contradicted detail of a confirmed claim is never hidden behind the headline's label
    contradicted = [f for f in findings if f["text"].startswith("Contradicted")]
    assert [f["claims"] for f in contradicted] == [["C-02"]]
    assert contradicted[0]["text"] == ("Contradicted, wrong date or period (a detail of Weekly's claim C-02): The count "
                                       "is of July 2025: the article gives July 2025, the evidence end-2024.")
    # a findings module's own sentence is used as it is; weak sources that disagree come before those that agree
    assert texts[2] == ("Open, weak sources disagree: The article's 75 is GEI's previous edition; a summary of the "
                        "2025 one gives 115.")
    assert texts[-1] == ("Of 4 claims, 2 hold on their headline (a source graded news or better states it, or it was "
                         "recomputed) and 2 cannot be settled with public data (weak sources disagree: 1, matches, but "
                         "only weak sources: 1); what-would-settle-it.csv names, for every open part, the missing "
                         "figure and who publishes it.")
    assert findings[-1]["claims"] == ["C-01", "C-02", "C-03", "C-04"]


def test_a_worded_confirmation_leads_and_the_counts_always_close():
    worded = [dict(p, finding="WIPO ranks C 1st.") if p["part_id"] == "C-01a" else p for p in ROWS[0]["parts"]]
    rows = [dict(ROWS[0], parts=worded)] + ROWS[1:] + [
        _claim(f"D-{n:02d}", [_part(f"D-{n:02d}", "not_checkable", "weak_sources_disagree", f"d{n}", computed=2,
                                    sources=[BLOG])], [f"D-{n:02d}"]) for n in range(1, 6)]
    findings = report.key_findings(rows, ARTICLES)
    assert len(findings) == report.KEY_FINDINGS_MAX
    assert findings[0]["text"] == "WIPO ranks C 1st." and findings[-1]["text"].startswith("Of 9 claims, 2 hold")
    # a worded confirmation by a news report comes after one by the figure's producer, whatever the order
    news = _claim("B-01", [_part("B-01", "confirmed_by_source", "source_states_it", "b", finding="A paper says b.",
                                 sources=[{"publisher": "a paper", "grade": "news"}])], ["B-01"])
    assert report.key_findings([news] + rows, ARTICLES)[0]["text"] == "WIPO ranks C 1st."


def test_the_report_opens_with_the_key_findings_before_any_table():
    page = report.to_html(ROWS, "2026-12-06 10:00:00")
    soup = BeautifulSoup(page, "html.parser")
    first_list = soup.find("ul", class_="key-findings")
    assert first_list is not None and soup.find("table").find_previous("ul", class_="key-findings") is first_list
    assert len(first_list.find_all("li")) == len(report.key_findings(ROWS, report.articles()))
    assert soup.find(id="claim-C-02") is not None and first_list.find("a", href="#claim-C-02") is not None
    assert "contradicted detail: C-02b" in soup.find(id="claim-C-02").get_text()
    markdown = report.to_markdown(ROWS, "2026-12-06 10:00:00")
    assert markdown.index("[C-02](#claim-C-02)") < markdown.index("| verdict |")


def test_every_claim_has_a_valid_claim_review():
    """schema.org ClaimReview as aggregators read it: Google's required properties (claimReviewed, reviewRating
    with alternateName, url) and the recommended author, datePublished and itemReviewed (a Claim whose
    appearance is the article as a CreativeWork with its date)."""
    soup = BeautifulSoup(report.to_html(ROWS, "2026-12-06 10:00:00"), "html.parser")
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert len(blocks) == len(ROWS)
    assert not soup.find_all("script", type=lambda t: t != "application/ld+json"), "a script that could run"
    for review, row in zip(blocks, ROWS):
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == row["claim"] and review["url"] == f"report.html#claim-{row['claim_id']}"
        assert review["author"] == {"@type": "Organization", "name": "innovlib"}
        assert review["datePublished"] == "2026-12-06"
        rating = review["reviewRating"]
        assert rating["@type"] == "Rating" and rating["alternateName"].startswith(row["summary"])
        assert rating["alternateName"].endswith(REASONS[row["reason"]][0])
        item = review["itemReviewed"]
        assert item["@type"] == "Claim" and item["appearance"]["@type"] == "CreativeWork"
        assert set(review) <= {"@context", "@type", "url", "claimReviewed", "datePublished", "author",
                               "itemReviewed", "reviewRating"}


def test_claim_review_json_cannot_close_its_script_element():
    row = dict(ROWS[0], claim="</script><script>alert(1)</script>")
    page = report.to_html([row], "2026-12-06 10:00:00")
    assert "</script><script>alert(1)" not in page
    soup = BeautifulSoup(page, "html.parser")
    assert json.loads(soup.find("script", type="application/ld+json").string)["claimReviewed"] == row["claim"]


def test_what_would_settle_it_lists_every_open_part():
    producer = {"publisher": "GEI", "where": "the full report", "where_url": "https://gei.example/r"}
    rows = [dict(row, topic="unicorns") for row in ROWS]
    table = report.settle_rows(rows, {"unicorns": producer})
    assert [r["part_id"] for r in table] == ["C-01b", "C-03", "C-04"]
    # a part's own publisher and place stand; otherwise the topic's producer says who would publish the figure
    assert (table[0]["missing"], table[0]["publisher"], table[0]["where"]) == ("ranks before 2022", "WIPO", "GII 2020 and 2021 reports")
    assert table[0]["where_url"] == "" and (table[2]["publisher"], table[2]["where_url"]) == ("GEI", "https://gei.example/r")
    assert table[2]["missing"] == "a source graded news or better stating: Six in the top ten"
    assert table[2]["weak_sources"] == "https://blog.example/x"
    parsed = list(csv.DictReader(io.StringIO(report.settle_csv(table))))
    assert [r["part_id"] for r in parsed] == ["C-01b", "C-03", "C-04"] and list(parsed[0]) == list(report.SETTLE_COLUMNS)


# --- the report the committed data gives ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def written_report(executed_outputs):
    from innovlib import runner

    outputs = runner.outputs_dir()
    report.write_report(outputs)
    return outputs


@pytest.mark.notebooks
def test_headlines_decide_and_every_label_has_its_reason(written_report):
    data = json.loads((written_report / "report.json").read_text())
    claims = {c["claim_id"]: c for c in data["claims"]}
    assert claims["GII-01"]["verdict"] == "confirmed_by_source"  # WIPO's own ranking; details stay open
    for claim in data["claims"]:
        head = [p for p in claim["parts"] if p["part_id"] in claim["headline"]]
        if all(p["verdict"] in ("confirmed_by_source", "reproduced") for p in head):
            assert claim["verdict"] != "not_checkable", f"{claim['claim_id']}: a confirmed headline reads as not checkable"
        for part in claim["parts"]:
            assert part["reason"] in REASONS_BY_VERDICT[part["verdict"]], (part["part_id"], part["reason"])
            if part["verdict"] == "contradicted" and part["part_id"] not in claim["headline"]:
                assert part["part_id"] in claim["contradicted_details"]
    assert set(data["reasons"]) == set(REASONS)
    assert 3 <= len(data["key_findings"]) <= report.KEY_FINDINGS_MAX


@pytest.mark.notebooks
def test_the_report_files_hold_json_ld_and_what_would_settle_it(written_report):
    data = json.loads((written_report / "report.json").read_text())
    soup = BeautifulSoup((written_report / "report.html").read_text(), "html.parser")
    reviews = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert sorted(r["url"].rsplit("#claim-", 1)[1] for r in reviews) == sorted(c["claim_id"] for c in data["claims"])
    settle = list(csv.DictReader((written_report / report.SETTLE_FILE).open(encoding="utf-8")))
    open_parts = [p["part_id"] for c in data["claims"] for p in c["parts"] if p["verdict"] == "not_checkable"]
    assert [r["part_id"] for r in settle] == open_parts
    assert all(r["missing"] and r["publisher"] and r["where"] for r in settle), [r["part_id"] for r in settle]
