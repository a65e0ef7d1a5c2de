"""Verdicts of the city_industrial_innovation notebook on small hand-made tables (published 2025 figures where real);
the sentences on the committed data in one snapshot (__snapshots__/test_city_industrial_innovation.ambr)."""

from __future__ import annotations


import pandas as pd
import pytest

from innovlib import claims
from innovlib.analyses.city_industrial_innovation import composite_scores
from innovlib.data import load
from innovlib.findings import Decision
from innovlib.findings import city_industrial_innovation as gci
from innovlib.findings.city_industrial_innovation import (CityRankEvidence, Gci01Evidence, Gci05Evidence,
                                                          TopTenEvidence)
from innovlib.rankings import margins_to_next

NEWS = "http://en.people.cn/n3/2025/1023/c90000-20380607.html"  # graded news in data/
PRIMARY = "https://www.stats.gov.cn/english/PressRelease/202510/t20251020_1961608.html"  # graded primary
SECONDARY = "https://www.163.com/dy/article/KEBS813F051492T3.html"  # the launch report's repost, secondary


def _composite(scores, source=NEWS, **columns):
    """Composite rows of 2025: city -> score (None: rank only)."""
    cities = list(scores)
    table = pd.DataFrame({"edition": 2025, "dimension": "composite", "city": cities,
                          "country": [{"Tokyo": "Japan", "New York": "United States", "Paris": "France"}.get(c, "China")
                                      for c in cities],
                          "continent": [{"New York": "North America", "Paris": "Europe"}.get(c, "Asia") for c in cities],
                          "score": [scores[c] for c in cities], "source_url": source})
    table["rank"] = table["score"].rank(ascending=False, method="min")
    for name, values in columns.items():
        table[name] = values
    return table


def _run(check, *args, edition=2025):
    audit = claims.Audit(edition=edition)
    check(audit, *args)
    return audit, {v.part_id: v for v in audit.recorded}


def test_gci_01_published_2025_scores_put_shenzhen_second_005_behind_tokyo_and_first_in_china():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "Beijing": 45.0})
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert [verdicts[p].computed for p in ("GCI-01a", "GCI-01b", "GCI-01c")] == [2, True, 1]
    assert {v.verdict for v in verdicts.values()} == {"confirmed_by_source"}
    evidence = gci.gci_01_evidence(composite, margins_to_next(composite, "score", "city"), 2025)
    assert evidence.gap == pytest.approx(0.05) and evidence.scores_secondary_only is False
    assert (evidence.sz_rank, evidence.above) == (2, (("Tokyo", "Japan", 1),))  # the only city above it is not Chinese
    assert set(evidence.rank_sources) == {"Tokyo", "Shenzhen"}


def test_decide_gci_01_needs_every_city_above_shenzhen():
    pair = {"Tokyo": 46.84, "Shenzhen": 46.79}
    known = Gci01Evidence(2025, 2, pair, {"Tokyo": 1, "Shenzhen": 2}, (NEWS,), False, {}, 3,
                          (("Tokyo", "Japan", 1), ("Beijing", "China", 2)), {})
    assert gci.decide_gci_01(known) == {"GCI-01a": Decision("confirmed_by_source", computed=2),
                                        "GCI-01b": Decision("confirmed_by_source", computed=True),
                                        "GCI-01c": Decision("contradicted", computed=2)}  # 2nd among the Chinese
    one_missing = Gci01Evidence(2025, 2, pair, {"Tokyo": 1, "Shenzhen": 2}, (NEWS,), False, {}, 3,
                                (("Tokyo", "Japan", 1),), {})
    assert gci.decide_gci_01(one_missing)["GCI-01c"] == Decision("not_checkable")


def test_gci_01_a_gap_of_020_is_not_very_small_and_a_primary_source_contradicts():
    composite = _composite({"Tokyo": 47.0, "Shenzhen": 46.8}, source=PRIMARY)
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert verdicts["GCI-01b"].computed is False and verdicts["GCI-01b"].verdict == "contradicted"
    assert gci.gci_01_evidence(composite, margins_to_next(composite, "score", "city"), 2025).gap == pytest.approx(0.2)


def test_gci_01_secondary_sources_only_leave_the_rank_not_checkable():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79}, source=SECONDARY)
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert verdicts["GCI-01a"].verdict == "not_checkable" and verdicts["GCI-01a"].computed == 2
    assert gci.gci_01_evidence(composite, margins_to_next(composite, "score", "city"), 2025).scores_secondary_only


def test_gci_01_without_tokyo_names_the_missing_scores():
    composite = _composite({"Shenzhen": 46.79})
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert gci.gci_01_evidence(composite, margins_to_next(composite, "score", "city"), 2025).scores == {}
    assert [(verdicts[p].verdict, verdicts[p].reason) for p in ("GCI-01a", "GCI-01b")] == [
        ("not_checkable", "no_public_data")] * 2


def test_gci_02_a_rank_whose_only_source_is_the_article_cannot_confirm_it():
    article = claims.articles()["TW-2025-11"]["path"]
    composite = _composite({"Beijing": None}, source=article).assign(rank=5)
    _, verdicts = _run(gci.gci_02, composite, 2025)
    assert verdicts["GCI-02"].verdict == "not_checkable" and verdicts["GCI-02"].sources == ()
    evidence = gci.city_rank_evidence("GCI-02", "Beijing", composite, 2025)
    assert evidence == CityRankEvidence("Beijing", 2025, None, (), named_in_top_10=False, stated_by_article=5)
    assert gci.decide_city_rank("GCI-02", evidence) == {"GCI-02": Decision("not_checkable")}
    independent = _composite({"Beijing": None}).assign(rank=5)
    assert gci.decide_city_rank("GCI-02", gci.city_rank_evidence("GCI-02", "Beijing", independent, 2025)) == {
        "GCI-02": Decision("confirmed_by_source", computed=5)}


def test_the_audited_article_is_never_offered_as_evidence_for_its_own_claims():
    """Its repost once stood among the sources of GCI-01c, GCI-04a and GCI-10 (issue 17, class 4)."""
    article = claims.articles()["TW-2025-11"]["path"]
    scores = load("city_industrial_innovation", resource="scores")
    composite = composite_scores(scores, 2025)
    counts = load("city_industrial_innovation", resource="group_counts")
    audit = claims.Audit(edition=2025)
    gci.gci_01(audit, composite, margins_to_next(composite.dropna(subset=["score"]), "score", "city"), 2025)
    gci.gci_02(audit, composite, 2025)
    gci.gci_03(audit, composite, 2025)
    gci.gci_04(audit, scores, composite, counts)
    gci.gci_05(audit, composite, margins_to_next(composite.dropna(subset=["score"]), "score", "city"))
    gci.gci_10(audit, composite, counts)
    # a row that cites the article beside another source must not carry the article either
    with_article = composite.assign(other_source_urls=article)
    assert all(article not in {s.url for s in v.sources} for v in audit.recorded)
    audit = claims.Audit(edition=2025)
    gci.gci_10(audit, with_article, counts)
    assert article not in {s.url for s in audit.recorded[0].sources}


def test_gci_04_and_gci_10_count_the_named_top_ten_and_say_how_many_names_are_missing():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "Beijing": 45.0, "Paris": 40.0},
                           in_top_10=[True, True, True, True, None])
    previous = _composite({"Shenzhen": None, "London": None}).assign(edition=2023, in_top_10=True)
    _, verdicts = _run(gci.gci_04, pd.concat([composite, previous]), composite)
    assert verdicts["GCI-04a"].computed == 3  # Tokyo, Shenzhen, Beijing; Paris is not named in the top ten
    evidence = gci.top_ten_evidence(composite, scores=pd.concat([composite, previous]))
    assert evidence.asian == ("Tokyo", "Shenzhen", "Beijing") and evidence.chinese == ("Shenzhen", "Beijing")
    assert (evidence.missing, evidence.all_asian_named, evidence.stated_asian) == (6, False, None)  # a lower bound
    assert evidence.previous_named == ("Shenzhen", "London")
    assert gci.decide_gci_04(evidence)["GCI-04b"] == Decision("not_checkable")
    _, verdicts = _run(gci.gci_10, composite)
    assert verdicts["GCI-10"].computed == 2


def test_gci_10_is_exact_when_a_source_names_every_asian_city_of_the_top_ten():
    """The launch report names all six Asian cities: the two unnamed top-ten cities are not Chinese, so 3 is exact
    (the explanation once called it a lower bound)."""
    cities = {"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "Beijing": None, "Seoul": None}
    composite = _composite(cities, in_top_10=True).assign(continent=["Asia", "Asia", "North America", "Asia", "Asia"],
                                                          country=["Japan", "China", "United States", "China", "Korea"])
    counts = pd.DataFrame({"edition": [2025], "group_by": ["continent"], "group": ["Asia"], "top_n": [10],
                           "count": [4], "named": [True], "source_url": [NEWS], "other_source_urls": [None]})
    _, verdicts = _run(gci.gci_10, composite, counts)
    assert verdicts["GCI-10"].computed == 2
    evidence = gci.top_ten_evidence(composite, counts)
    assert (evidence.missing, evidence.stated_asian, evidence.stated_names_them) == (5, 4, True)
    assert evidence.all_asian_named and evidence.asian == ("Tokyo", "Shenzhen", "Beijing", "Seoul")  # exact
    assert NEWS in {s.url for s in verdicts["GCI-10"].sources}  # the statement naming them is evidence too
    _, verdicts = _run(gci.gci_04, composite, composite, counts)
    assert verdicts["GCI-04a"].computed == 4


def test_decide_gci_04_and_gci_10_on_hand_made_evidence():
    stated = TopTenEvidence(("Tokyo", "Shenzhen"), ("Tokyo", "Shenzhen"), ("Shenzhen",), {}, 6, True, (NEWS,), ())
    assert gci.decide_gci_04(stated)["GCI-04a"] == Decision("confirmed_by_source", computed=6)  # the stated count
    counted = TopTenEvidence(("Tokyo", "Shenzhen"), ("Tokyo", "Shenzhen"), ("Shenzhen",), {}, None, False, (), ())
    assert gci.decide_gci_04(counted)["GCI-04a"] == Decision("contradicted", computed=2)  # the names counted
    assert gci.decide_gci_10(counted) == {"GCI-10": Decision("contradicted", computed=1)}


def test_gci_05_compares_the_top_three_as_a_set():
    composite = _composite({"New York": 46.90, "Tokyo": 46.84, "Shenzhen": 46.79, "Beijing": 45.0})
    _, verdicts = _run(gci.gci_05, composite, margins_to_next(composite, "score", "city"))
    assert verdicts["GCI-05"].verdict == "confirmed_by_source"
    evidence = gci.gci_05_evidence(composite, margins_to_next(composite, "score", "city"))
    assert evidence == Gci05Evidence(("New York", "Tokyo", "Shenzhen"), (NEWS,))
    assert gci.decide_gci_05(Gci05Evidence(("Tokyo", "Shenzhen", "Beijing"), ()))["GCI-05"].verdict == "contradicted"


def test_dimension_claims_are_not_checkable_and_name_what_is_missing():
    audit = claims.Audit(edition=2025)
    for check in (gci.gci_06, gci.gci_08, gci.gci_09):
        check(audit, 2025)
    gci.gci_07(audit)
    assert [v.part_id for v in audit.recorded] == ["GCI-06a", "GCI-06b", "GCI-06c", "GCI-08a", "GCI-08b", "GCI-09a",
                                                   "GCI-09b", "GCI-09c", "GCI-09d", "GCI-07"]
    assert {(v.verdict, v.reason) for v in audit.recorded} == {("not_checkable", "no_public_data")}
    # each open part names what it misses: a dimension of the report, or the report's own inputs
    assert sorted([*gci.DIMENSIONS, *gci.REPORT_INPUTS]) == sorted(
        v.part_id for v in audit.recorded if v.part_id != "GCI-07")


def test_a_run_of_another_edition_records_no_verdict():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79}).assign(edition=2023)
    audit, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2023, edition=2023)
    assert verdicts == {} and [s.part_id for s in audit.not_tested] == ["GCI-01a", "GCI-01b", "GCI-01c"]


def test_scores_summary_gives_the_spread_of_the_published_2025_top_four():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "San Francisco": 46.11})
    table = margins_to_next(composite, "score", "city")
    assert "0.73" in gci.scores_summary(table, 2025)  # 46.84 - 46.11


def test_wording(snapshot):
    """Every sentence the claims give on the committed data with the notebook's default parameters."""
    scores = load("city_industrial_innovation", resource="scores")
    counts = load("city_industrial_innovation", resource="group_counts")
    composite = composite_scores(scores, 2025)
    published_scores = margins_to_next(composite, "score", "city")
    audit = claims.Audit(edition=2025)
    gci.gci_01(audit, composite, published_scores, 2025)
    gci.gci_02(audit, composite, 2025)
    gci.gci_03(audit, composite, 2025)
    gci.gci_04(audit, scores, composite, counts)
    gci.gci_10(audit, composite, counts)
    gci.gci_05(audit, composite, published_scores)
    for check in (gci.gci_06, gci.gci_08, gci.gci_09):
        check(audit, 2025)
    gci.gci_07(audit)
    wording = {v.part_id: {"verdict": v.verdict, "reason": v.reason, "finding": v.finding,
                           "explanation": v.explanation, "missing": v.missing} for v in audit.recorded}
    wording["notebook"] = {"scores_summary": gci.scores_summary(published_scores, 2025)}
    assert wording == snapshot
