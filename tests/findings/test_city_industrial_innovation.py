"""Verdicts of the city_industrial_innovation notebook on small hand-made tables (published 2025 figures where real)."""

from __future__ import annotations


import pandas as pd

from innovlib import claims
from innovlib.analyses.city_industrial_innovation import composite_scores
from innovlib.findings import city_industrial_innovation as gci
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
    assert "a gap of 0.05 points" in verdicts["GCI-01b"].explanation
    assert verdicts["GCI-01c"].explanation.startswith("Shenzhen is 2nd of the 27 cities; the city ranked above it is "
                                                      "Tokyo (Japan) 1st, so it is 1st among the Chinese cities.")


def test_gci_01_a_gap_of_020_is_not_very_small_and_a_primary_source_contradicts():
    composite = _composite({"Tokyo": 47.0, "Shenzhen": 46.8}, source=PRIMARY)
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert verdicts["GCI-01b"].computed is False and verdicts["GCI-01b"].verdict == "contradicted"
    assert "a gap of 0.20 points" in verdicts["GCI-01b"].explanation


def test_gci_01_secondary_sources_only_leave_the_rank_not_checkable():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79}, source=SECONDARY)
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert verdicts["GCI-01a"].verdict == "not_checkable" and verdicts["GCI-01a"].computed == 2


def test_gci_01_without_tokyo_names_the_missing_scores():
    composite = _composite({"Shenzhen": 46.79})
    _, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2025)
    assert verdicts["GCI-01a"].explanation == "Missing: Shenzhen's and Tokyo's scores in the 2025 edition."


def test_gci_02_a_rank_whose_only_source_is_the_article_cannot_confirm_it():
    article = claims.articles()["TW-2025-11"]["path"]
    composite = _composite({"Beijing": None}, source=article).assign(rank=5)
    _, verdicts = _run(gci.gci_02, composite, 2025)
    assert verdicts["GCI-02"].verdict == "not_checkable" and verdicts["GCI-02"].sources == ()
    assert verdicts["GCI-02"].explanation.endswith("only the article itself states 5th, and it cannot confirm itself.")


def test_the_audited_article_is_never_offered_as_evidence_for_its_own_claims():
    """Its repost once stood among the sources of GCI-01c, GCI-04a and GCI-10 (issue 17, class 4)."""
    from innovlib.data import load

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
    assert verdicts["GCI-04a"].explanation.endswith("the Asian ones are Tokyo, Shenzhen and Beijing. "
                                                    "6 names are not published, so this count is a lower bound.")
    assert "only 2 names are published: Shenzhen and London" in verdicts["GCI-04b"].explanation
    _, verdicts = _run(gci.gci_10, composite)
    assert verdicts["GCI-10"].computed == 2 and "this count is a lower bound" in verdicts["GCI-10"].explanation


def test_gci_10_is_exact_when_a_source_names_every_asian_city_of_the_top_ten():
    """The launch report names all six Asian cities: the two unnamed top-ten cities are not Chinese, so 3 is exact
    (the explanation once called it a lower bound)."""
    cities = {"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "Beijing": None, "Seoul": None}
    composite = _composite(cities, in_top_10=True).assign(continent=["Asia", "Asia", "North America", "Asia", "Asia"],
                                                          country=["Japan", "China", "United States", "China", "Korea"])
    counts = pd.DataFrame({"edition": [2025], "group_by": ["continent"], "group": ["Asia"], "top_n": [10],
                           "count": [4], "named": [True], "source_url": [NEWS], "other_source_urls": [None]})
    _, verdicts = _run(gci.gci_10, composite, counts)
    assert verdicts["GCI-10"].computed == 2 and "the count is exact" in verdicts["GCI-10"].explanation
    _, verdicts = _run(gci.gci_04, composite, composite, counts)
    assert verdicts["GCI-04a"].computed == 4 and "names them: Tokyo, Shenzhen, Beijing and Seoul" in (
        verdicts["GCI-04a"].explanation)


def test_gci_05_compares_the_top_three_as_a_set():
    composite = _composite({"New York": 46.90, "Tokyo": 46.84, "Shenzhen": 46.79, "Beijing": 45.0})
    _, verdicts = _run(gci.gci_05, composite, margins_to_next(composite, "score", "city"))
    assert verdicts["GCI-05"].verdict == "confirmed_by_source"
    assert verdicts["GCI-05"].explanation.endswith("New York, Tokyo and Shenzhen (in that order).")


def test_dimension_claims_are_not_checkable_and_name_what_is_missing():
    audit = claims.Audit(edition=2025)
    for check in (gci.gci_06, gci.gci_08, gci.gci_09):
        check(audit, 2025)
    gci.gci_07(audit)
    assert [v.part_id for v in audit.recorded] == ["GCI-06a", "GCI-06b", "GCI-06c", "GCI-08a", "GCI-08b", "GCI-09a",
                                                   "GCI-09b", "GCI-09c", "GCI-09d", "GCI-07"]
    assert {v.verdict for v in audit.recorded} == {"not_checkable"}
    # the launch reports give a few indicator leaders besides the composite scores: 'composite scores only' was untrue
    assert audit.recorded[2].explanation == ("Missing: the 2025 dimension scores or ranks (the launch reports give "
                                             "composite scores and a few indicator leaders, no dimension results): "
                                             "nothing on product and service output.")


def test_a_run_of_another_edition_records_no_verdict():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79}).assign(edition=2023)
    audit, verdicts = _run(gci.gci_01, composite, margins_to_next(composite, "score", "city"), 2023, edition=2023)
    assert verdicts == {} and [s.part_id for s in audit.not_tested] == ["GCI-01a", "GCI-01b", "GCI-01c"]


def test_scores_summary_gives_the_spread_of_the_published_2025_top_four():
    composite = _composite({"Tokyo": 46.84, "Shenzhen": 46.79, "New York": 46.72, "San Francisco": 46.11})
    table = margins_to_next(composite, "score", "city")
    assert gci.scores_summary(table, 2025).startswith("The 4 published scores lie within 0.73 points;")
