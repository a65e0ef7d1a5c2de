"""Ranking helpers on published figures (Global City Industrial Innovation Index 2025) and small hand cases."""

from __future__ import annotations

import math

import pandas as pd

from innovlib.rankings import count_in_top, margins_to_next, rank_by_score, tier_members


def test_margins_between_published_top_four():
    # Scores published at the launch of the 2025 report (Tokyo, Shenzhen, New York, San Francisco).
    table = pd.DataFrame({"city": ["Shenzhen", "San Francisco", "Tokyo", "New York"],
                          "score": [46.79, 46.11, 46.84, 46.72]})
    result = margins_to_next(table, "score", "city")
    assert result["city"].tolist() == ["Tokyo", "Shenzhen", "New York", "San Francisco"]
    assert result["rank"].tolist() == [1, 2, 3, 4]
    assert [round(m, 2) for m in result["margin_to_next"][:3]] == [0.05, 0.07, 0.61]
    assert math.isnan(result["margin_to_next"].iloc[3])
    assert result["next"].iloc[0] == "Shenzhen"


def test_missing_scores_are_dropped_not_ranked_last():
    table = pd.DataFrame({"city": ["A", "B", "C"], "score": [None, 2.0, 5.0]})
    result = margins_to_next(table, "score", "city")
    assert result["city"].tolist() == ["C", "B"]


def test_ties_share_the_best_rank():
    assert rank_by_score(pd.Series([3.0, 5.0, 5.0, 1.0])).tolist() == [3, 1, 1, 4]


def test_count_in_top_ignores_unranked_and_lower_ranks():
    table = pd.DataFrame({"continent": ["Asia", "Asia", "Europe", "Asia", "Europe"], "rank": [1, 2, 11, None, 10]})
    counts = count_in_top(table, "continent", "rank", 10)
    assert counts.to_dict() == {"Asia": 2, "Europe": 1}


def test_tier_members_keep_table_order():
    table = pd.DataFrame({"region": ["Shanghai", "Beijing", "Hubei", "Tibet"], "tier": [1, 1, 2, None]})
    assert tier_members(table, "tier", "region") == {1: ["Shanghai", "Beijing"], 2: ["Hubei"]}


def test_helpers_on_the_published_datasets():
    from innovlib.data import load

    scores = load("city_industrial_innovation", resource="scores")
    composite_2025 = scores[(scores["edition"] == 2025) & (scores["dimension"] == "composite")]
    margins = margins_to_next(composite_2025, "score", "city")
    assert margins["city"].tolist() == ["Tokyo", "Shenzhen", "New York", "San Francisco"]  # only four scores published
    assert round(margins["margin_to_next"].iloc[0], 2) == 0.05
    top_10 = composite_2025[composite_2025["in_top_10"].fillna(False)]
    top_10 = top_10.assign(rank_or_top=top_10["rank"].astype("Float64").fillna(10))
    assert count_in_top(top_10, "continent", "rank_or_top", 10).to_dict() == {"Asia": 6, "North America": 2}

    regions = load("regional_st_innovation", resource="scores")
    tiers_2025 = tier_members(regions[(regions["edition"] == "2025") & (regions["region"] != "China")], "tier", "region")
    assert set(tiers_2025[1]) == {"Shanghai", "Beijing", "Jiangsu", "Guangdong", "Zhejiang", "Tianjin"}
    assert set(tiers_2025[3]) == {"Xinjiang", "Qinghai", "Tibet"}


def test_docstring_examples_run():
    import doctest

    import innovlib.rankings

    assert doctest.testmod(innovlib.rankings, optionflags=doctest.ELLIPSIS).failed == 0
