"""innovlib.analyses.gii_clusters: an edition recomputed from its counts, how robust its top is, what Tokyo–Yokohama
would need to be first again, and the one figure GII 2025's 1st place turns on, by hand.

The published 2025 shares give hand-computable numbers: Shenzhen–Hong Kong–Guangzhou 9.0 + 2.4 + 2.9 = 14.3 against
Tokyo–Yokohama 10.3 + x + 2.2 = 12.5 + x (x its unpublished publication share), 11.4 against 10.3 + x without VC
deals; so Shenzhen is 1st with VC deals while x < 1.8 and Tokyo 1st without them while x > 1.1.
"""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.analyses import gii_clusters as analysis


def test_gap_2025_by_hand():
    known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]},
                         index=[analysis.SHENZHEN, analysis.TOKYO])
    metric_values = pd.DataFrame({"edition": [2023], "cluster": [analysis.TOKYO], "metric": ["pub"],
                                  "world_share": [1.5]})
    gap = analysis.gap_2025(metric_values, known)
    assert gap.with_vc.upper == pytest.approx(1.8) and gap.without_vc.lower == pytest.approx(1.1)
    assert (gap.both.lower, gap.both.upper) == (pytest.approx(1.1), pytest.approx(1.8))
    assert gap.certain is None and gap.tokyo_pub_2023 == 1.5
    lines = gap.score_lines().set_index("label")
    assert lines.loc[f"{analysis.TOKYO}, with VC", ["intercept", "slope"]].tolist() == [pytest.approx(12.5), 1.0]
    assert lines.loc[f"{analysis.SHENZHEN}, without VC", ["intercept", "slope"]].tolist() == [pytest.approx(11.4), 0.0]
    assert "**1.10 < x < 1.80**" in gap.summary


def _two_editions():
    # A: 60 of 100 PCT applications and 30 of 100 articles; B: 40 and 20 -> A 90 %, B 60 % in 2023.
    metric_values = pd.DataFrame({"edition": [2023] * 4, "cluster": ["A", "A", "B", "B"],
                                  "metric": ["pct", "pub", "pct", "pub"], "count": [60, 30, 40, 20],
                                  "world_share": [60.0, 30.0, 40.0, 20.0]})
    ranks = pd.DataFrame({"edition": [2023, 2023, 2022], "cluster": ["A", "B", "A"], "rank": [1, 2, 1],
                          "total_score": [90.0, 60.0, None], "basis": ["own_edition"] * 3, "source_key": ["K"] * 3})
    return metric_values, ranks


def test_recompute_by_hand():
    metric_values, ranks = _two_editions()
    rec = analysis.recompute(metric_values, ranks, 2023, ["pct", "pub"])
    assert rec.recomputable and rec.n_match == 2 and rec.agree_across_corners
    lo, hi = rec.world_bounds["pct"]  # 100·60/60.05 < W <= 100·60/59.95 (A) is inside B's 100·40/40.05 .. 100·40/39.95
    assert (lo, hi) == (pytest.approx(100 * 60 / 60.05), pytest.approx(100 * 60 / 59.95))
    assert rec.table["recomputed_rank"].tolist() == [1, 2]
    assert "**2 of 2**" in rec.summary
    # At the corner of the two lowest totals A's shares are 60.05 + 30.05 = 90.1 and B's 40.03 + 20.03 = 60.07 -> 60.1:
    # neither published total; at (lowest PCT, highest articles) 60.05 + 29.95 = 90.0 and 40.03 + 19.97 = 60.0: both.
    assert "0-2 of 2" in rec.totals and "by sums of the rounded shares: 2." in rec.totals
    weighted = analysis.recompute(metric_values, ranks, 2023, ["pct", "pub"], [0.0, 1.0])
    assert weighted.table["recomputed_rank"].tolist() == [1, 2] and "weights pct 0, pub 1" in weighted.summary
    assert "combines other metrics" in analysis.recompute(metric_values, ranks, 2023, ["pct"]).totals


def test_an_edition_without_counts_shows_its_published_ranks_and_says_why():
    metric_values, ranks = _two_editions()
    rec = analysis.recompute(metric_values, ranks, 2022, ["pct", "pub"])
    assert not rec.recomputable and rec.table["rank"].tolist() == [1]
    assert "the data has no PCT applications or scientific publications counts for GII 2022" in rec.summary
    assert "GII 2023 (PCT applications, scientific publications)" in rec.summary
    with pytest.raises(ValueError, match="edition 2021: the data has no published ranking; editions with ranks: 2022, 2023"):
        analysis.recompute(metric_values, ranks, 2021, ["pct"])


def test_check_weights_names_the_parameter():
    assert analysis.check_weights(["pct", "pub"], [1, 2]) == [1, 2]
    with pytest.raises(ValueError, match="^weights gives 3 weights for 2 metrics"):
        analysis.check_weights(["pct", "pub"], [1, 2, 3])


def test_robustness_and_what_tokyo_would_need_by_hand():
    # Tokyo leads on PCT (10 against 8), trails on articles (1 against 2): 1st while w_pub < 2.
    counts = pd.DataFrame({"pct": [100.0, 80.0, 10.0], "pub": [10.0, 20.0, 5.0]},
                          index=pd.Index([analysis.TOKYO, analysis.SHENZHEN, "C"], name="cluster"))
    rec = analysis.Recomputation(2023, ["pct", "pub"], None, pd.DataFrame(), counts,
                                 {"pct": (1000.0, 1000.0), "pub": (1000.0, 1000.0)}, True, "", "")
    rob = analysis.robustness(rec, n_draws=300, seed=1, concentration=20.0, top_n=3, n_sobol=64)
    assert rob.intervals["Nominal"].tolist() == [1, 2, 3]
    assert (rob.first_place.lower, rob.first_place.upper) == (0.0, pytest.approx(2.0))
    # all; without PCT (1st on articles); without articles
    assert rob.leave_one_out.loc[analysis.SHENZHEN].tolist() == [2, 1, 2]
    gap = analysis.gap_2025(pd.DataFrame({"edition": [2023], "cluster": [analysis.TOKYO], "metric": ["pub"],
                                          "world_share": [1.5]}),
                            pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]},
                                         index=[analysis.SHENZHEN, analysis.TOKYO]))
    text = analysis.first_place_text(rob, gap, 2023, ["pct", "pub"])
    assert "above 1.80%" in text and "above 1.10%" in text
    assert "is 1st; it is 1st for weights of scientific publications between 0 and 2 (this run: 1" in text
    single = analysis.robustness(analysis.Recomputation(2023, ["pub"], None, pd.DataFrame(), counts[["pub"]],
                                                        {"pub": (1000.0, 1000.0)}, True, "", ""),
                                 n_draws=100, seed=1, concentration=20.0, top_n=3, n_sobol=64)
    text = analysis.first_place_text(single, gap, 2023, ["pub"])  # Tokyo has 1 % of articles, Shenzhen 2 %
    assert "Tokyo–Yokohama ranks 2; with scientific publications alone, no weight can change the ranking; its rank " \
           "never moves" in text
