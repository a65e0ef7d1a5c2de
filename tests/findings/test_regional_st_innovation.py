"""Verdicts of the regional_st_innovation notebook, on small hand-made tables (published 2025 figures where real);
the shaping of CASTED's published results is tested in tests/analyses/test_regional_st_innovation.py, the sentences
on the committed data in one snapshot (__snapshots__/test_regional_st_innovation.ambr)."""

from __future__ import annotations


from datetime import date

import numpy as np
import pandas as pd

from innovlib import analyses, claims
from innovlib.analyses.regional_st_innovation import first_places
from innovlib.data import load
from innovlib.findings import Decision
from innovlib.findings import regional_st_innovation as rsi
from innovlib.findings.regional_st_innovation import (IndicatorRank, Release, Rsi01Evidence, Rsi02Evidence,
                                                      Rsi04Evidence)

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
    assert (verdicts["RSI-01b"].verdict, verdicts["RSI-01b"].reason) == ("not_checkable", "no_public_data")
    evidence = rsi.rsi_01_evidence(provinces, "2025", "2024")
    assert isinstance(evidence, Rsi01Evidence)
    assert (evidence.shanghai_rank, evidence.beijing_before, evidence.previous_ranks) == (1, None, {"Shanghai": 2})
    assert evidence.release is None and evidence.stated_release == "October 2025 (release of the report)"


def test_rsi_01_beijing_second_in_2024_would_be_a_different_rank_than_claimed():
    provinces = _provinces([("2025", "Shanghai", 1, 1, None), ("2024", "Beijing", 2, 1, None)])
    audit = _audit()
    rsi.rsi_01(audit, provinces, "2025", "2024")
    verdict = _verdicts(audit)["RSI-01b"]
    assert rsi.decide_rsi_01(rsi.rsi_01_evidence(provinces, "2025", "2024"))["RSI-01b"] == Decision(
        "contradicted", computed=2)  # 2nd, not 1st ...
    assert verdict.computed == 2 and verdict.verdict == "not_checkable"  # ... but one news report cannot contradict


def test_rsi_02_the_published_tier_one_of_2025_matches_the_six_leaders():
    provinces = _provinces([("2025", region, rank, 1, None) for rank, region in enumerate(LEADERS_2025, start=1)]
                           + [("2025", "Anhui", 7, 2, None)])
    audit = _audit()
    rsi.rsi_02(audit, provinces, "2025", 1)
    verdict = _verdicts(audit)["RSI-02"]
    assert verdict.verdict == "confirmed_by_source" and verdict.computed == sorted(LEADERS_2025)
    evidence = rsi.rsi_02_evidence(provinces.iloc[::-1], "2025", 1)  # the tier's members, best rank first
    assert evidence.by_rank == tuple(LEADERS_2025) and len(evidence.members) == 6
    assert set(evidence.sources) == set(LEADERS_2025) and evidence.sources["Tianjin"] == (NEWS,)


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
    assert (_verdicts(audit)["RSI-02"].verdict, _verdicts(audit)["RSI-02"].reason) == ("not_checkable", "no_public_data")
    assert rsi.decide_rsi_02(Rsi02Evidence("2025", 1, (), (), {})) == {"RSI-02": Decision("not_checkable")}
    six = Rsi02Evidence("2025", 1, tuple(LEADERS_2025[::-1]), tuple(LEADERS_2025), {})
    assert rsi.decide_rsi_02(six)["RSI-02"].verdict == "confirmed_by_source"  # compared as a set


def test_rsi_03_each_indicator_rank_is_its_own_part():
    indicators = pd.DataFrame({"indicator": ["R&D expenditure intensity (R&D / GDP)", "labour productivity"],
                               "rank": [2, None], "source_url": [NEWS, NEWS]})
    audit = _audit()
    rsi.rsi_03(audit, indicators, "2025")
    verdicts = _verdicts(audit)
    assert (verdicts["RSI-03c"].verdict, verdicts["RSI-03c"].computed) == ("confirmed_by_source", 2)
    assert verdicts["RSI-03b"].verdict == verdicts["RSI-03a"].verdict == "not_checkable"
    evidence = rsi.rsi_03_evidence(indicators)
    assert evidence["RSI-03c"] == IndicatorRank("R&D expenditure intensity (R&D / GDP)", 2, (NEWS,))
    assert evidence["RSI-03b"].rank is None and evidence["RSI-03a"].rank is None
    assert rsi.decide_rsi_03({"RSI-03b": IndicatorRank("labour productivity", 3, (NEWS,))})["RSI-03b"].verdict == (
        "contradicted")  # the article says 1st


def test_rsi_04_counts_the_editions_whose_first_place_is_stated():
    provinces = _provinces([("2016-2017", "Shanghai", 1, None, None), ("2024", "Shanghai", 2, 1, None),
                            ("2025", "Shanghai", 1, 1, None), ("2025", "Beijing", 2, 1, None)])
    firsts = first_places(provinces)
    assert firsts.values.tolist() == [["2016-2017", "Shanghai"], ["2024", np.nan], ["2025", "Shanghai"]]
    audit = claims.Audit(edition="2024", previous_edition="2023", leading_tier=2)  # RSI-04 holds for every run
    rsi.rsi_04(audit, firsts, provinces)
    decided = audit.recorded[0]
    evidence = rsi.rsi_04_evidence(firsts, provinces)
    assert evidence.stated == {"2016-2017": "Shanghai", "2025": "Shanghai"} and len(evidence.firsts) == 3
    assert evidence.firsts["2024"] is None and evidence.weak_editions == ()
    assert (decided.verdict, decided.computed) == ("not_checkable", {"2016-2017": "Shanghai", "2025": "Shanghai"})
    assert {s.url for s in decided.sources} == {NEWS}


def test_rsi_04_names_the_editions_only_secondary_pages_state():
    repost = "http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html"  # secondary in data/
    provinces = _provinces([("2024", "Beijing", 1, 1, None), ("2025", "Shanghai", 1, 1, None)])
    provinces.loc[provinces["edition"] == "2024", "source_url"] = repost
    evidence = rsi.rsi_04_evidence(first_places(provinces), provinces)
    assert evidence.weak_editions == ("2024",) and evidence.sources == (repost, NEWS)
    assert rsi.decide_rsi_04(Rsi04Evidence({"2024": "Beijing"}, (), ())) == {
        "RSI-04": Decision("not_checkable", computed={"2024": "Beijing"})}


def test_rsi_01c_the_release_month_is_checked_against_the_reported_date():
    """'released October 2025' was in the claim text with no part; reports date the release to September."""
    releases = pd.DataFrame({"edition": ["2025"], "released": ["2025-09-21"], "venue": ["Pujiang Innovation Forum"],
                             "source_url": [NEWS], "other_source_urls": [SECOND_NEWS], "note": [None]})
    audit = _audit()
    rsi.rsi_01(audit, _provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", releases)
    decided = _verdicts(audit)["RSI-01c"]
    assert (decided.verdict, decided.computed) == ("contradicted", 9)  # two independent news reports
    release = rsi.rsi_01_evidence(_provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", releases).release
    assert release == Release(date(2025, 9, 21), "Pujiang Innovation Forum", None, (NEWS, SECOND_NEWS), strong=True)
    weak = releases.assign(source_url="http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html",
                           other_source_urls=None)
    audit = _audit()
    rsi.rsi_01(audit, _provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", weak)
    assert _verdicts(audit)["RSI-01c"].verdict == "not_checkable"  # a repost alone cannot contradict it
    assert rsi.rsi_01_evidence(_provinces([("2025", "Shanghai", 1, 1, None)]), "2025", "2024", weak).release.strong is False


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
    text = rsi.national_trend(scores)  # the first and the last published score, nothing from 2024
    assert "67.57" in text and "80.20" in text and "2024" not in text


def test_wording(snapshot):
    """Every sentence the claims give on the committed data with the notebook's default parameters."""
    scores, indicators, releases = (load("regional_st_innovation", resource=name)
                                    for name in ("scores", "indicators", "releases"))
    provinces = analyses.regional_st_innovation.provinces(scores)
    audit = _audit()
    rsi.rsi_01(audit, provinces, "2025", "2024", releases)
    rsi.rsi_02(audit, provinces, "2025", 1)
    rsi.rsi_03(audit, analyses.regional_st_innovation.region_indicators(indicators, "Shanghai", "2025"), "2025")
    rsi.rsi_04(audit, first_places(provinces), provinces)
    wording = {v.part_id: {"verdict": v.verdict, "reason": v.reason, "finding": v.finding,
                           "explanation": v.explanation, "missing": v.missing} for v in audit.recorded}
    wording["notebook"] = {"national_trend": rsi.national_trend(scores)}
    assert wording == snapshot
