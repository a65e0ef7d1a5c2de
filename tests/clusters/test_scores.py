"""innovlib.clusters.scores: world shares, combined scores, ranks with ties, leave-one-metric-out and intensity,
by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from innovlib import clusters as cl


def test_world_share_and_bounds_by_hand():
    assert cl.world_share(np.array([1.0, 3.0]), 8.0).tolist() == [12.5, 37.5]
    lo, hi = cl.world_total_bounds([30], [15.0])  # 15.0 % rounded: 14.95 <= 100*30/W < 15.05
    assert lo == pytest.approx(3000 / 15.05) and hi == pytest.approx(3000 / 14.95)
    lo, hi = cl.world_total_bounds([5], [0.0])  # a share of 0.0 gives no upper bound
    assert lo == pytest.approx(10000.0) and hi == math.inf


def test_combined_score_weights_and_subsets_by_hand():
    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0], "vc": [0.0, 3.0]}, index=["A", "B"])
    assert cl.combined_score(shares).tolist() == [5.0, 6.0]
    assert cl.combined_score(shares, metrics=["pct", "pub"]).tolist() == [5.0, 3.0]
    assert cl.combined_score(shares, weights=[2, 0, 1]).tolist() == [8.0, 5.0]


def test_rank_ties_by_hand():
    scores = pd.Series([2.0, 7.0, 7.0, 1.0], index=list("ABCD"))
    assert cl.rank_with_ties(scores, method="min").tolist() == [3, 1, 1, 4]
    assert cl.rank_with_ties(scores, method="dense").tolist() == [2, 1, 1, 3]
    assert cl.rank_with_ties(scores, method="max").tolist() == [3, 2, 2, 4]
    assert cl.rank_with_ties(scores, method="average").tolist() == [3.0, 1.5, 1.5, 4.0]
    assert cl.rank_with_ties(scores, method="first").tolist() == [3, 1, 2, 4]
    with pytest.raises(ValueError, match="method must be one of"):
        cl.rank_with_ties(scores, method="olympic")


def test_leave_one_metric_out_by_hand():
    # A leads on pct, B on pub, C on vc; all: A 6, B 5, C 4.
    shares = pd.DataFrame({"pct": [5.0, 1.0, 1.0], "pub": [1.0, 4.0, 0.0], "vc": [0.0, 0.0, 3.0]}, index=list("ABC"))
    table = cl.leave_one_metric_out(shares, ["pct", "pub", "vc"])
    assert table.loc["A"].tolist() == [1, 3, 1, 1]   # without pct: A 1, B 4, C 3
    assert table.loc["B"].tolist() == [2, 1, 3, 2]   # without pub: A 5, B 1, C 4 ; without vc: A 6, B 5, C 1
    assert table.loc["C"].tolist() == [3, 2, 2, 3]


def test_intensity_by_hand():
    counts = pd.Series({"Cambridge": 6000.0, "Tokyo–Yokohama": 127418.0})
    population = pd.Series({"Cambridge": 1_000_000.0, "Tokyo–Yokohama": 38_000_000.0})
    result = cl.intensity(counts, population)
    assert result["Cambridge"] == 6000.0
    assert result["Tokyo–Yokohama"] == pytest.approx(127418 / 38)
    assert cl.intensity(50.0, 200.0, per=100) == 25.0


def test_shares_table_pivots_one_edition_and_refuses_two_sources_for_one_figure():
    long = pd.DataFrame({"edition": [2024, 2024, 2024, 2025], "cluster": ["Seoul", "Seoul", "Paris", "Seoul"],
                         "metric": ["pct", "pub", "pct", "pct"], "world_share": [5.1, 1.8, 2.0, 4.9]})
    assert cl.shares_table(long, 2024, ["pct", "pub"]).to_dict("index") == {"Seoul": {"pct": 5.1, "pub": 1.8}}
    partial = cl.shares_table(long, 2024, ["pct", "pub"], complete=False)  # Paris has no publication share
    assert partial.index.tolist() == ["Paris", "Seoul"] and pd.isna(partial.loc["Paris", "pub"])
    twice = pd.concat([long, long.head(1).assign(world_share=5.2)])
    with pytest.raises(cl.ClusterDataError, match="edition 2024: cluster 'Seoul' has several 'pct' figures"):
        cl.shares_table(twice, 2024, ["pct"])
