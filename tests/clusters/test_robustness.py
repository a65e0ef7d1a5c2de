"""innovlib.clusters.robustness: rank intervals and rank sensitivity by the composite engine, checked against
cases whose answer is known (dominance, a Beta distribution, an aggregation that alone moves a rank)."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import beta

from innovlib import clusters as cl


def test_rank_intervals_are_seeded_and_bracket_the_nominal_rank():
    shares = pd.DataFrame({"pct": [10.0, 1.0, 5.0, 0.5], "pub": [1.0, 9.0, 5.5, 0.2]}, index=list("ABCD"))
    first = cl.rank_intervals(shares, ["pct", "pub"], n_draws=400, seed=7)
    again = cl.rank_intervals(shares, ["pct", "pub"], n_draws=400, seed=7)
    pd.testing.assert_frame_equal(first, again)
    assert list(first.columns) == ["Nominal", "Mean", "Median", "Q5", "Q95"]  # the composite engine's vocabulary
    assert first["Nominal"].tolist() == [1, 2, 3, 4]  # C 10.5, A 11, B 10 -> A, C, B; D last
    assert first.index.tolist() == ["A", "C", "B", "D"] and first.index.name == "cluster"
    assert (first["Q5"] <= first["Median"]).all() and (first["Median"] <= first["Q95"]).all()
    assert first.loc["D", "Q5"] == first.loc["D", "Q95"] == 4  # dominated on both metrics


def test_a_cluster_leading_on_every_metric_is_first_under_every_weight_draw():
    shares = pd.DataFrame({"pct": [9.0, 4.0, 6.0], "pub": [3.0, 2.9, 1.0], "vc": [2.0, 1.0, 1.5]}, index=list("ABC"))
    stats = cl.rank_intervals(shares, ["pct", "pub", "vc"], n_draws=500, concentration=0.5, seed=3)
    assert stats.loc["A"].tolist() == [1, 1.0, 1.0, 1.0, 1.0]


def test_rank_intervals_follow_the_beta_distribution_of_two_dirichlet_weights():
    """A (4, 1) is ahead of B (1, 2) exactly when 3 w_pct > w_pub, i.e. w_pct / 2 > 1/4 (weights sum to 2); with
    Dirichlet(c, c) weights, w_pct / 2 ~ Beta(c, c), so B is 1st with probability Beta(c, c).cdf(1/4)."""
    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    stats = cl.rank_intervals(shares, ["pct", "pub"], n_draws=4000, concentration=2.0, seed=11)
    expected_b_first = beta(2.0, 2.0).cdf(0.25)  # 3/16 - 2/64 = 0.15625
    assert expected_b_first == pytest.approx(0.15625)
    assert stats.loc["A", "Mean"] - 1 == pytest.approx(expected_b_first, abs=0.025)
    assert stats.loc["A", "Nominal"] == 1 and stats.loc["A", "Q95"] == 2


def test_weighted_rank_intervals_are_centred_on_the_run_weights():
    shares = pd.DataFrame({"pct": [4.0, 1.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    stats = cl.rank_intervals(shares, ["pct", "pub"], weights=[1.0, 5.0], n_draws=200, concentration=1000, seed=1)
    assert stats.loc["B"].tolist() == [1, 1.0, 1.0, 1.0, 1.0]  # 1 + 10 > 4 + 5, and weights stay close


def test_rank_sensitivity_apportions_a_rank_that_only_the_aggregation_moves():
    """A (4, 4) against B (7, 1.5): B leads the sum (8.5 against 8) and A the geometric mean (4 against 3.24) for
    any weights near equal, so A's rank depends on the aggregation alone."""
    shares = pd.DataFrame({"pct": [4.0, 7.0, 1.0], "pub": [4.0, 1.5, 0.5]}, index=["A", "B", "C"])
    result = cl.rank_sensitivity(shares, ["pct", "pub"], concentration=1000.0, n=128, seed=2)
    st, s1 = result.frame("ST"), result.frame("S1")
    assert list(st.columns) == ["aggregation", "weights level 1"]
    assert st.loc["A", "aggregation"] == pytest.approx(1.0, abs=0.05) and s1.loc["A", "aggregation"] == pytest.approx(1.0, abs=0.05)
    assert st.loc["A", "weights level 1"] == pytest.approx(0.0, abs=0.05)
    assert st.loc["C"].isna().all()  # last whatever the assumptions: nothing to apportion
    assert result.nominal_ranks.tolist() == [2, 1, 3]


def test_score_framework_puts_each_metric_under_the_score_with_its_weight():
    framework = cl.score_framework(["pct", "pub", "vc"], {"pct": 2.0, "pub": 1.0, "vc": 0.5})
    assert framework.weights().tolist() == [2.0, 1.0, 0.5, 1.0]
    assert framework.codes(1) == ["pct", "pub", "vc"] and framework.codes(2) == ["score"]
    assert framework.children("score") == ["pct", "pub", "vc"]
    assert cl.SCORE == "score"
    with pytest.raises(ValueError, match="unknown metric 'ai'"):
        cl.score_framework(["pct", "ai"])
