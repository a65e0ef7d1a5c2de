"""The claims dataset against the figures the articles print.

``data/claims/claims.csv`` holds one row per published claim; ``data/claims/claim_parts.csv`` splits each claim into
the checkable statements it makes, each with its own ``published_value`` (several numbers of one statement are
joined with '/'; empty for a set, an ordering or a condition).

``tests/data/article_figures.csv`` is the transcription these tests check them against: one row per figure that a
part's ``published_value`` carries, in the same order, with columns

- ``part_id``: the part the figure belongs to;
- ``value``: the figure in the convention of ``published_value`` (yuan amounts in the part's unit, e.g. 1500亿元 is
  ``150`` when the unit is bn CNY; shares written as fractions in words are percent to one decimal, e.g. 三分之一 is
  ``33.3``; "first", "best" or "top of the list" is the rank ``1``);
- ``as_written``: the shortest string containing the figure that appears verbatim in the article and says
  unambiguously which figure it is (e.g. ``42.3%``, ``1.8万亿元``, ``372家``, ``三分之一``).

Only news articles are transcribed: a part of another kind of publication (a data release, a report, an analyst's own
question; ``data/claims/publications.csv``) is checked against the transcription only when it has rows there.

The articles themselves are not part of the project (they are read from ``../shared/articles/<article>.txt``); the
test that looks figures up in them skips when that folder is absent. Everything is read with the ``csv`` module, not
with innovlib, so these tests check the data independently of the loader.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CLAIMS_DIR = PROJECT_ROOT / "data" / "claims"
FIGURES = PROJECT_ROOT / "tests" / "data" / "article_figures.csv"
ARTICLES = PROJECT_ROOT.parent / "shared" / "articles"

CLAIM_ID = re.compile(r"^[A-Z]{2,3}-[0-9]{2}$")
PART_ID = re.compile(r"^[A-Z]{2,3}-[0-9]{2}[a-z]?$")


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


CLAIMS = read_rows(CLAIMS_DIR / "claims.csv")
PARTS = read_rows(CLAIMS_DIR / "claim_parts.csv")
TRANSCRIBED = read_rows(FIGURES)
ARTICLE_OF_CLAIM = {row["claim_id"]: row["article"] for row in CLAIMS}
KIND = {row["publication_id"]: row["kind"] for row in read_rows(CLAIMS_DIR / "publications.csv")}
NEWS_ARTICLES = sorted({a for a in ARTICLE_OF_CLAIM.values() if KIND.get(a) == "news article"})


def test_files_have_the_agreed_columns():
    def header(path):
        with path.open(encoding="utf-8", newline="") as handle:
            return next(csv.reader(handle))

    assert header(CLAIMS_DIR / "claims.csv") == ["claim_id", "article", "topic", "subject", "claim", "headline"]
    assert header(CLAIMS_DIR / "claim_parts.csv") == [
        "part_id", "claim_id", "statement", "published_value", "unit", "comparison"
    ]
    assert header(FIGURES) == ["part_id", "value", "as_written"]


def test_the_seed_articles_are_news_articles_whose_figures_are_transcribed():
    assert NEWS_ARTICLES == ["TP-2025-09", "TW-2025-11"]
    assert {KIND[ARTICLE_OF_CLAIM[part["claim_id"]]] for part in PARTS if part["part_id"] in ("GII-06a", "SEI-03a")} \
        == {"news article"}


# (a) published values against the transcription
def test_every_published_value_is_the_transcribed_figures_in_order():
    transcribed = defaultdict(list)
    for row in TRANSCRIBED:
        transcribed[row["part_id"]].append(row["value"])
    mismatches = {}
    for part in PARTS:
        if KIND.get(ARTICLE_OF_CLAIM.get(part["claim_id"])) != "news article" and part["part_id"] not in transcribed:
            continue  # not a news article's figure, and not transcribed
        published = part["published_value"].split("/") if part["published_value"] else []
        if published != transcribed.get(part["part_id"], []):
            mismatches[part["part_id"]] = (published, transcribed.get(part["part_id"], []))
    assert not mismatches, f"published_value differs from tests/data/article_figures.csv: {mismatches}"


def test_every_transcribed_figure_belongs_to_a_part():
    known = {part["part_id"] for part in PARTS}
    unknown = sorted({row["part_id"] for row in TRANSCRIBED} - known)
    assert not unknown, f"article_figures.csv names parts missing from claim_parts.csv: {unknown}"
    empty = [row["part_id"] for row in TRANSCRIBED if not row["value"].strip() or not row["as_written"].strip()]
    assert not empty, f"article_figures.csv rows with an empty value or as_written: {empty}"


# (b) transcribed figures against the articles
@pytest.mark.parametrize("article", NEWS_ARTICLES)
def test_every_figure_appears_in_its_article(article):
    path = ARTICLES / f"{article}.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (the articles are read from ../shared/articles, which is not in this checkout)")
    text = path.read_text(encoding="utf-8")
    claim_of_part = {part["part_id"]: part["claim_id"] for part in PARTS}
    rows = [row for row in TRANSCRIBED if ARTICLE_OF_CLAIM.get(claim_of_part.get(row["part_id"])) == article]
    assert rows, f"no transcribed figures for {article}"
    missing = [(row["part_id"], row["as_written"]) for row in rows if row["as_written"] not in text]
    assert not missing, f"as_written strings not found verbatim in {path.name}: {missing}"


# (c) the shape of the two tables
def test_claim_and_part_ids_follow_the_patterns():
    bad_claims = [row["claim_id"] for row in CLAIMS if not CLAIM_ID.match(row["claim_id"])]
    bad_parts = [part["part_id"] for part in PARTS if not PART_ID.match(part["part_id"])]
    assert not bad_claims, f"claim ids not matching {CLAIM_ID.pattern}: {bad_claims}"
    assert not bad_parts, f"part ids not matching {PART_ID.pattern}: {bad_parts}"


def test_ids_are_unique():
    claim_ids = [row["claim_id"] for row in CLAIMS]
    part_ids = [part["part_id"] for part in PARTS]
    assert len(claim_ids) == len(set(claim_ids)), "duplicate claim_id in claims.csv"
    assert len(part_ids) == len(set(part_ids)), "duplicate part_id in claim_parts.csv"


def test_every_part_belongs_to_a_claim():
    known = set(ARTICLE_OF_CLAIM)
    orphans = [(part["part_id"], part["claim_id"]) for part in PARTS if part["claim_id"] not in known]
    assert not orphans, f"parts whose claim_id is not in claims.csv: {orphans}"
    misnamed = [part["part_id"] for part in PARTS if not part["part_id"].startswith(part["claim_id"])]
    assert not misnamed, f"part ids that do not start with their claim id: {misnamed}"


def test_every_claim_has_parts_named_by_the_rule():
    parts_of = defaultdict(list)
    for part in PARTS:
        parts_of[part["claim_id"]].append(part["part_id"])
    problems = {}
    for claim_id in ARTICLE_OF_CLAIM:
        ids = parts_of.get(claim_id, [])
        if len(ids) == 1:
            expected = [claim_id]
        else:
            expected = [claim_id + letter for letter in "abcdefghijklmnopqrstuvwxyz"[: len(ids)]]
        if not ids or ids != expected:
            problems[claim_id] = {"found": ids, "expected": expected or [claim_id]}
    assert not problems, (
        "a single-part claim uses its bare id; a claim with several parts uses <id>a, <id>b, ... in order: "
        f"{problems}"
    )


# (d) statements re-read against the articles (issue 17): what the claims say must be what the articles say
def _article(article: str) -> str:
    path = ARTICLES / f"{article}.txt"
    if not path.exists():
        pytest.skip(f"{path} is absent (the articles are read from ../shared/articles)")
    return path.read_text(encoding="utf-8")


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def test_every_date_a_claim_states_is_a_part_that_gets_checked():
    """'released October 2025' once sat in a claim text with no part to check it."""
    parts_of = defaultdict(list)
    for part in PARTS:
        parts_of[part["claim_id"]].append(part)
    unchecked = []
    for claim in CLAIMS:
        for month in MONTHS:
            if re.search(rf"\b(released|as of|by) {month}\b", claim["claim"]):
                dated = [p for p in parts_of[claim["claim_id"]] if p["unit"].startswith("month of")
                         or month in p["statement"]]
                if not dated:
                    unchecked.append((claim["claim_id"], month))
    assert not unchecked, f"dates stated in claims.csv with no part that checks them: {unchecked}"


def test_gii_08_is_about_the_25_most_intensive_clusters():
    """排名前25位的集群在整體創新強度方面 means the 25 most innovation-intensive clusters, not the 25 largest."""
    assert "前25位的集群在整體創新強度" in _article("TP-2025-09")
    part = next(p for p in PARTS if p["part_id"] == "GII-08d")
    claim = next(c for c in CLAIMS if c["claim_id"] == "GII-08")
    assert "25 most innovation-intensive" in part["statement"] and "25 most innovation-intensive" in claim["claim"]


# The funds the article names for Guangzhou (GBA-01), and how the claim text must name each.
GUANGZHOU_FUNDS = {"產業引導基金": "industrial guidance fund", "產投母基金": "industrial-investment mother fund",
                   "創投母基金": "venture mother fund", "天使母基金": "angel mother fund",
                   "科創母基金": "S&T innovation mother fund"}


def test_gba_01_names_every_fund_the_article_names():
    text = _article("TP-2025-09")
    claim = next(c for c in CLAIMS if c["claim_id"] == "GBA-01")["claim"]
    missing = [english for chinese, english in GUANGZHOU_FUNDS.items() if chinese in text and english not in claim]
    assert not missing, f"GBA-01's claim text misses funds the article names: {missing}"
