"""Verdicts of the regional_st_innovation notebook, on small hand-made tables (published 2025 figures where real);
the shaping of CASTED's published results is tested in tests/analyses/test_regional_st_innovation.py."""

from __future__ import annotations


import numpy as np
import pandas as pd

from innovlib import claims
from innovlib.analyses.regional_st_innovation import first_places
from innovlib.findings import regional_st_innovation as rsi

NEWS = "https://www.kankanews.com/detail/EnwNqNLeAQa"  # graded news in data/regional_st_innovation
SECOND_NEWS = "http://en.people.cn/n3/2025/1023/c90000-20380607.html"  # graded news, another outlet
LEADERS_2025 = ["Shanghai", "Beijing", "Jiangsu", "Guangdong", "Zhejiang", "Tianjin"]


def _audit(**parameters):
    return claims.Audit(**{"edition": "2025", "previous_edition": "2024", "leading_tier": 1, **parameters})


def _verdicts(audit):
    return {v.part_id: v for v in audit.recorded}


def _provinces(rows):
    """(edition, region, rank, tier, score) tuples as the scores resource, with a news source on each row."""
    table = pd.DataFrame(rows, columns=["edition", "region", "rank", "tier", "score"])
    return table.assign(year=table["edition"].str[:4].astype(int), source_url=NEWS)


def test_rsi_01_shanghai_first_in_2025_is_confirmed_and_beijing_2024_rank_is_missing():
    provinces = _provinces([("2025", "Shanghai", 1, 1, 91.38), ("2024", "Shanghai", 2, 1, None)])
    audit = _audit()
    rsi.rsi_01(audit, provinces, "2025", "2024")
    verdicts = _verdicts(audit)
    assert (verdicts["RSI-01a"].verdict, verdicts["RSI-01a"].computed) == ("confirmed_by_source", 1)
    assert verdicts["RSI-01b"].verdict == "not_checkable"
    assert verdicts["RSI-01b"].explanation == ("Missing: Beijing's rank in the 2024 report: no source in the data "
                                               "states it. Ranks stated for 2024: Shanghai 2nd.")


def test_rsi_01_beijing_second_in_2024_would_be_a_different_rank_than_claimed():
    provinces = _provinces([("2025", "Shanghai", 1, 1, None), ("2024", "Beijing", 2, 1, None)])
    audit = _audit()
    rsi.rsi_01(audit, provinces, "2025", "2024")
    verdict = _verdicts(audit)["RSI-01b"]
    assert verdict.computed == 2 and verdict.explanation.endswith("The 2024 report ranks Beijing 2nd.")
    assert verdict.verdict == "not_checkable"  # one news report cannot contradict a claim


def test_rsi_02_the_published_tier_one_of_2025_matches_the_six_leaders():
    provinces = _provinces([("2025", region, rank, 1, None) for rank, region in enumerate(LEADERS_2025, start=1)]
                           + [("2025", "Anhui", 7, 2, None)])
    audit = _audit()
    rsi.rsi_02(audit, provinces, "2025", 1)
    verdict = _verdicts(audit)["RSI-02"]
    assert verdict.verdict == "confirmed_by_source" and verdict.computed == sorted(LEADERS_2025)
    assert verdict.explanation.endswith("(6 regions).")


def test_rsi_02_a_tier_of_five_contradicts_the_six_only_with_strong_enough_sources():
    rows = [("2025", region, rank, 1, None) for rank, region in enumerate(LEADERS_2025[:5], start=1)]
    provinces = _provinces(rows)
    audit = _audit()
    rsi.rsi_02(audit, provinces, "2025", 1)
    assert _verdicts(audit)["RSI-02"].verdict == "not_checkable"  # one news outlet for each member
    provinces["source_url_2"] = SECOND_NEWS
    audit = _audit()
    rsi.rsi_02(audit, provinces, "2025", 1)
    assert _verdicts(audit)["RSI-02"].verdict == "contradicted"  # two independent news reports per member


def test_rsi_02_without_tier_membership_is_not_checkable():
    audit = _audit()
    rsi.rsi_02(audit, _provinces([("2025", "Shanghai", 1, None, None)]), "2025", 1)
    assert _verdicts(audit)["RSI-02"].explanation == "Missing: tier membership in the 2025 report."


def test_rsi_03_each_indicator_rank_is_its_own_part():
    indicators = pd.DataFrame({"indicator": ["R&D expenditure intensity (R&D / GDP)", "labour productivity"],
                               "rank": [2, None], "source_url": [NEWS, NEWS]})
    audit = _audit()
    rsi.rsi_03(audit, indicators, "2025")
    verdicts = _verdicts(audit)
    assert (verdicts["RSI-03c"].verdict, verdicts["RSI-03c"].computed) == ("confirmed_by_source", 2)
    assert verdicts["RSI-03b"].verdict == verdicts["RSI-03a"].verdict == "not_checkable"


def test_rsi_04_counts_the_editions_whose_first_place_is_stated():
    provinces = _provinces([("2016-2017", "Shanghai", 1, None, None), ("2024", "Shanghai", 2, 1, None),
                            ("2025", "Shanghai", 1, 1, None), ("2025", "Beijing", 2, 1, None)])
    firsts = first_places(provinces)
    assert firsts.values.tolist() == [["2016-2017", "Shanghai"], ["2024", np.nan], ["2025", "Shanghai"]]
    audit = claims.Audit(edition="2024", previous_edition="2023", leading_tier=2)  # RSI-04 holds for every run
    rsi.rsi_04(audit, firsts, provinces)
    decided = audit.recorded[0]
    assert "states the 1st place for 2 of the 3 editions it has (2016-2017: Shanghai and 2025: Shanghai)" in (
        decided.explanation)
    assert decided.explanation.startswith("Missing: the 1st-ranked region of the editions 2024")
    assert {s.url for s in decided.sources} == {NEWS}


def test_rsi_01c_the_release_month_is_checked_against_the_reported_date():
    """'released October 2025' was in the claim text with no part; reports date the release to September."""
    releases = pd.DataFrame({"edition": ["2025"], "released": ["2025-09-21"], "venue": ["Pujiang Innovation Forum"],
                             "source_url": [NEWS], "other_source_urls": [SECOND_NEWS], "note": [None]})
    audit = _audit()
    rsi.rsi_01(audit, _provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", releases)
    decided = _verdicts(audit)["RSI-01c"]
    assert (decided.verdict, decided.computed) == ("contradicted", 9)  # two independent news reports
    assert "21 September 2025" in decided.explanation
    weak = releases.assign(source_url="http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html",
                           other_source_urls=None)
    audit = _audit()
    rsi.rsi_01(audit, _provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", weak)
    assert _verdicts(audit)["RSI-01c"].verdict == "not_checkable"  # a repost alone cannot contradict it


def test_rsi_03_offers_every_url_the_row_records():
    indicators = pd.DataFrame({"indicator": ["R&D expenditure intensity (R&D / GDP)"], "rank": [2],
                               "source_url": ["http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html"],
                               "other_source_urls": [NEWS]})
    audit = _audit()
    rsi.rsi_03(audit, indicators, "2025")
    assert _verdicts(audit)["RSI-03c"].verdict == "confirmed_by_source"


def test_a_run_of_another_edition_records_no_2025_verdict():
    audit = _audit(edition="2024")
    rsi.rsi_01(audit, _provinces([("2024", "Shanghai", 2, 1, None)]), "2024", "2024")
    assert [v.part_id for v in audit.recorded] == ["RSI-01b"]  # about the previous edition, which is 2024 here
    assert [s.part_id for s in audit.not_tested] == ["RSI-01a", "RSI-01c"]


def test_national_trend_uses_published_scores_only():
    scores = pd.DataFrame({"edition": ["2016-2017", "2024", "2025"], "year": [2016, 2024, 2025],
                           "region": ["China", "China", "China"], "score": [67.57, None, 80.2]})
    assert rsi.national_trend(scores) == ("Between the published editions the national score moved from 67.57 "
                                          "(2016-2017) to 80.20 (2025).")
