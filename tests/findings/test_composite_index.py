"""The composite_index audit: WIPO's cluster size score as a composite (cluster_size) and the sentences the notebook
shows (findings.composite_index), on hand-made tables and WIPO's published 2023 shares."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from innovlib.analyses import composite_index
from innovlib.composite import CompositeData, run_build
from innovlib.composite.sensitivity import UnitSensitivity, unit_sensitivity
from innovlib.data import load
from innovlib.findings import composite_index as reading


@pytest.fixture(scope="module")
def shares_2023():
    return composite_index.shares(load("gii_clusters", resource="metric_values"), 2023)


def test_shares_keep_the_published_2023_figures_and_the_cluster_without_shares(shares_2023):
    assert shares_2023.loc["Tokyo–Yokohama"].tolist() == [10.1, 1.5]  # GII 2023, published to one decimal
    assert len(shares_2023) == 35 and shares_2023.index[shares_2023.isna().any(axis=1)].tolist() == ["Philadelphia"]


def test_nominal_build_is_wipos_ranking_by_the_sum_of_the_two_shares(shares_2023):
    fw = composite_index.framework("wipo_size", [1.0, 1.0])
    result = run_build(fw, CompositeData(shares_2023), composite_index.build("none", "arithmetic"))
    ranking = result.results(decimals=2)
    # GII 2023's published top five of the science and technology clusters
    assert ranking.index[:5].tolist() == ["Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou", "Seoul", "Beijing",
                                          "Shanghai–Suzhou"]
    assert ranking.loc["Tokyo–Yokohama", "Index"] == pytest.approx((10.1 + 1.5) / 2)
    assert reading.screened_out(result) == "Screened out: Philadelphia."


def test_nominal_treatment_changes_nothing_and_winsorisation_clips_an_outlier():
    data = CompositeData(pd.DataFrame({"pct_share": [40.0] + [1.0, 2.0, 3.0, 4.0, 5.0] * 3,
                                       "pub_share": [2.0] * 16}, index=[f"u{i}" for i in range(16)]))
    fw = composite_index.framework("wipo_size", [1.0, 1.0])
    nominal = run_build(fw, data, composite_index.build("none", "arithmetic")).final.values
    assert nominal.loc["u0", "Index"] == pytest.approx(21.0)  # (40 + 2) / 2: untreated
    winsorised = run_build(fw, data, composite_index.build("none", "arithmetic").with_args("treat", skip=()))
    assert winsorised.final.values.loc["u0", "Index"] == pytest.approx((5.0 + 2.0) / 2)  # 40 -> the next highest, 5


def test_setup_errors_name_the_parameter():
    with pytest.raises(ValueError, match="^parameter framework: 'gii_size' unknown; expected 'wipo_size'$"):
        composite_index.framework("gii_size", [1.0, 1.0])
    with pytest.raises(ValueError, match="^parameter dataset: 'unicorns' has no framework defined"):
        composite_index.framework("wipo_size", [1.0, 1.0], dataset="unicorns")
    with pytest.raises(ValueError, match="^metric_values: no rows for edition 2019$"):
        composite_index.shares(pd.DataFrame({"edition": [2023], "cluster": ["Seoul"]}), 2019)


def test_uncertain_inputs_without_weight_noise_still_give_three_choices():
    choices, noise = composite_index.uncertain_inputs(0.0)
    assert [(c.name, len(c.options)) for c in choices] == [("normalisation", 3), ("aggregation", 2), ("treatment", 2)]
    assert noise == []


def test_unit_drivers_of_a_unit_that_dominates_every_indicator_say_it_never_moves():
    data = CompositeData(pd.DataFrame({"pct_share": [9.0, 1.0, 3.0, 2.0], "pub_share": [9.0, 3.0, 0.5, 2.5]},
                                      index=["Top", "B", "C", "D"]))
    fw = composite_index.framework("wipo_size", [1.0, 1.0])
    choices, noise = composite_index.uncertain_inputs(0.5)
    units = unit_sensitivity(fw, data, composite_index.build("none", "arithmetic"), choices, noise, n=64, seed=1)
    text = reading.unit_drivers(units, top=2)
    assert text.splitlines()[1] == "- Top (1st): the same rank under every combination of the assumptions."
    assert text.startswith("Of the top 2 units, 1 keeps its rank whatever the assumptions; ")


def test_unit_drivers_name_the_largest_total_index_with_its_interval():
    nan = np.nan
    units = UnitSensitivity(["A", "B", "C"], ["normalisation", "aggregation"],
                            S1=np.array([[0.1, 0.6], [0.5, 0.2], [nan, nan]]), S1_conf=np.zeros((3, 2)),
                            ST=np.array([[0.2, 0.8], [0.7, 0.3], [nan, nan]]),
                            ST_conf=np.array([[0.05, 0.1], [0.12, 0.04], [nan, nan]]),
                            nominal_ranks=np.array([2.0, 1.0, 3.0]), rank_sd=np.array([1.25, 0.5, 0.0]), n_runs=64)
    lines = reading.unit_drivers(units, top=3).splitlines()
    assert lines[0] == ("Of the top 3 units, 1 keeps its rank whatever the assumptions; the assumption with the "
                        "largest total index is normalisation for 1 unit and aggregation for 1 unit.")
    assert lines[1] == ("- B (1st, rank sd 0.5): mostly normalisation (total index 0.70 ± 0.12, first order 0.50), "
                        "then aggregation (0.30).")
    assert lines[2].startswith("- A (2nd, rank sd 1.2): mostly aggregation (total index 0.80 ± 0.10")


def test_reading_picks_the_widest_interval_the_largest_fall_and_the_main_driver():
    stats = pd.DataFrame({"Nominal": [1, 2, 3], "Median": [1.0, 3.0, 2.0], "Q5": [1.0, 1.0, 2.0],
                          "Q95": [1.0, 3.0, 3.0]}, index=["A", "B", "C"])
    sobol = pd.DataFrame({"ST": [0.2, 0.55]}, index=["aggregation", "weights level 1"])
    weights = pd.DataFrame({"effective": [0.68, 0.32]}, index=["pct_share", "pub_share"])
    lines = reading.reading(stats, sobol, weights, top_n=3).splitlines()
    assert lines[1] == "- Top-five units whose 5-95% rank interval is their nominal rank alone: A."
    assert lines[2] == "- Widest interval in the top 3: B (ranks 1 to 3)."
    assert lines[3] == "- Largest fall from the nominal to the median rank: B (2 to 3)."
    assert lines[4] == "- Input with the largest total Sobol index: weights level 1 (ST = 0.55)."


def test_a_unit_without_indices_but_with_a_moving_rank_is_not_called_fixed():
    nan = np.nan
    units = UnitSensitivity(["A"], ["normalisation", "aggregation"], S1=np.full((1, 2), nan),
                            S1_conf=np.full((1, 2), nan), ST=np.full((1, 2), nan), ST_conf=np.full((1, 2), nan),
                            nominal_ranks=np.array([1.0]), rank_sd=np.array([0.4]), n_runs=64)
    assert reading.unit_drivers(units, top=1).splitlines() == [
        "Of the top 1 units, none keeps its rank whatever the assumptions.",
        "- A (1st): left out of some runs, so its rank has no Sobol index."]
