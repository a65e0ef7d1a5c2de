"""Ranking helpers on published figures (Global City Industrial Innovation Index 2025) and small hand cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from innovlib.rankings import TIE_RULES, count_in_top, margins_to_next, rank, rank_by_score, tier_members


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


# ------------------------------------------------------------------ the one ranking function


@pytest.mark.parametrize("ties,expected", [
    ("min", [1, 2, 2, 4]), ("max", [1, 3, 3, 4]), ("dense", [1, 2, 2, 3]), ("average", [1, 2.5, 2.5, 4]),
    ("first", [1, 2, 3, 4]),
])
def test_rank_tie_rules_on_a_hand_case(ties, expected):
    assert rank(pd.Series([9.0, 7.0, 7.0, 1.0]), ties=ties).tolist() == expected


def test_missing_scores_get_a_missing_rank_and_do_not_count():
    ranks = rank(pd.Series([3.0, None, 5.0, 3.0], index=list("ABCD"), name="score"))
    assert ranks.dtype == "Int64" and ranks.name == "score" and ranks.index.tolist() == list("ABCD")
    assert ranks.tolist() == [2, pd.NA, 1, 2]  # not 4th: the missing unit is not ranked last
    with pytest.raises(ValueError, match="missing"):
        rank(pd.Series([1.0, None]), missing="raise")
    with pytest.raises(ValueError, match="ties must be one of"):
        rank(pd.Series([1.0]), ties="olympic")


def test_rank_is_vectorised_along_an_axis_and_agrees_with_scipy():
    """scipy.stats.rankdata on each row (and each column) alone is the independent oracle."""
    rng = np.random.default_rng(0)
    x = rng.integers(0, 6, size=(7, 40)).astype(float)  # many ties
    x[rng.random(x.shape) < 0.1] = np.nan
    x[3] = np.nan  # a failed replication: every rank missing
    for ties in TIE_RULES:
        method = "ordinal" if ties == "first" else ties
        by_row = rank(x, ties=ties, axis=1)
        by_col = rank(x, ties=ties, axis=0, ascending=True)
        for i, row in enumerate(x):
            ok = ~np.isnan(row)
            expected = np.full(row.shape, np.nan)
            expected[ok] = rankdata(-row[ok], method=method)
            np.testing.assert_array_equal(by_row[i], expected)
        for j in range(x.shape[1]):
            col = x[:, j]
            ok = ~np.isnan(col)
            expected = np.full(col.shape, np.nan)
            expected[ok] = rankdata(col[ok], method=method)
            np.testing.assert_array_equal(by_col[:, j], expected)


def test_ascending_ranks_the_lowest_first():
    assert rank(np.array([2.0, 1.0, 2.0]), ascending=True).tolist() == [2.0, 1.0, 2.0]


def test_rank_by_score_and_rank_with_ties_delegate_to_the_one_ranking():
    from innovlib.clusters import rank_with_ties

    s = pd.Series([4.0, None, 4.0, 9.0])
    assert rank_by_score(s).tolist() == rank(s).tolist() == [2, pd.NA, 2, 1]
    for ties in TIE_RULES:
        pd.testing.assert_series_equal(rank_with_ties(s, method=ties), rank(s, ties=ties))
