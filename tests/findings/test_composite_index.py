"""The composite_index audit: WIPO's cluster size score as a composite (cluster_size) and what the notebook says of it
(findings.composite_index), on hand-made tables and WIPO's published 2023 shares; its sentences with the notebook's
default parameters in one snapshot (__snapshots__/test_composite_index.ambr)."""

from __future__ import annotations


import numpy as np
import pandas as pd
import pytest

from innovlib.analyses import composite_index
from innovlib.composite import (CompositeData, analysis, run_build, sobol_indices, uncertainty_analysis,
                                unit_sensitivity)
from innovlib.composite.sensitivity import UnitSensitivity
from innovlib.data import load
from innovlib.findings import composite_index as reading
from innovlib.findings.composite_index import ReadingEvidence, UnitDriver, UnitDriversEvidence


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
    removed = [report["removed"] for step, report in zip(result.build.steps, result.reports) if step.name == "screen"]
    assert removed == [["Philadelphia"]] and "Philadelphia" in reading.screened_out(result)


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
    evidence = reading.unit_drivers_evidence(units, top=2)
    assert evidence.n_fixed == 1 and evidence.units[0] == UnitDriver("Top", 1.0, 0.0, (), None, None)
    assert evidence.units[1].rank_sd > 0 and sum(evidence.driver_counts.values()) == 1  # one unit moves


def test_unit_drivers_name_the_largest_total_index_with_its_interval():
    nan = np.nan
    units = UnitSensitivity(["A", "B", "C"], ["normalisation", "aggregation"],
                            S1=np.array([[0.1, 0.6], [0.5, 0.2], [nan, nan]]), S1_conf=np.zeros((3, 2)),
                            ST=np.array([[0.2, 0.8], [0.7, 0.3], [nan, nan]]),
                            ST_conf=np.array([[0.05, 0.1], [0.12, 0.04], [nan, nan]]),
                            nominal_ranks=np.array([2.0, 1.0, 3.0]), rank_sd=np.array([1.25, 0.5, 0.0]), n_runs=64)
    evidence = reading.unit_drivers_evidence(units, top=3)
    assert isinstance(evidence, UnitDriversEvidence)
    assert evidence.n_fixed == 1 and evidence.driver_counts == {"normalisation": 1, "aggregation": 1}
    # best nominal rank first; each unit's assumptions by total index, the largest with its interval and first order
    assert evidence.units[0] == UnitDriver("B", 1.0, 0.5, (("normalisation", 0.7), ("aggregation", 0.3)), 0.12, 0.5)
    assert evidence.units[1] == UnitDriver("A", 2.0, 1.25, (("aggregation", 0.8), ("normalisation", 0.2)), 0.1, 0.6)
    assert evidence.units[2] == UnitDriver("C", 3.0, 0.0, (), None, None)
    assert len(reading.unit_drivers(units, top=3).splitlines()) == 4  # a head line and one line per unit


def test_reading_picks_the_widest_interval_the_largest_fall_and_the_main_driver():
    stats = pd.DataFrame({"Nominal": [1, 2, 3], "Median": [1.0, 3.0, 2.0], "Q5": [1.0, 1.0, 2.0],
                          "Q95": [1.0, 3.0, 3.0]}, index=["A", "B", "C"])
    sobol = pd.DataFrame({"ST": [0.2, 0.55]}, index=["aggregation", "weights level 1"])
    weights = pd.DataFrame({"effective": [0.68, 0.32]}, index=["pct_share", "pub_share"])
    assert reading.reading_evidence(stats, sobol, weights, top_n=3) == ReadingEvidence(
        top_five=("A", "B", "C"), stable=("A",), top_n=3, widest="B", widest_interval=(1.0, 3.0), faller="B",
        faller_ranks=(2.0, 3.0), driver="weights level 1", driver_st=0.55,
        effective_weights={"pct_share": 0.68, "pub_share": 0.32})


def test_a_unit_without_indices_but_with_a_moving_rank_is_not_called_fixed():
    nan = np.nan
    units = UnitSensitivity(["A"], ["normalisation", "aggregation"], S1=np.full((1, 2), nan),
                            S1_conf=np.full((1, 2), nan), ST=np.full((1, 2), nan), ST_conf=np.full((1, 2), nan),
                            nominal_ranks=np.array([1.0]), rank_sd=np.array([0.4]), n_runs=64)
    evidence = reading.unit_drivers_evidence(units, top=1)
    assert evidence == UnitDriversEvidence((UnitDriver("A", 1.0, 0.4, (), None, None),), n_fixed=0, driver_counts={})
    fixed = reading.unit_drivers(UnitSensitivity(["A"], ["normalisation"], S1=np.full((1, 1), np.nan),
                                                 S1_conf=np.full((1, 1), np.nan), ST=np.full((1, 1), np.nan),
                                                 ST_conf=np.full((1, 1), np.nan), nominal_ranks=np.array([1.0]),
                                                 rank_sd=np.array([0.0]), n_runs=64), top=1)
    assert reading.unit_drivers(units, top=1) != fixed  # a moving rank without indices is not called fixed


def test_wording(shares_2023, snapshot):
    """Every sentence the notebook shows, on WIPO's 2023 shares with its default parameters."""
    fw = composite_index.framework("wipo_size", [1.0, 1.0])
    result = run_build(fw, CompositeData(shares_2023[fw.indicators]), composite_index.build("none", "arithmetic"))
    values = result.final.values
    pca_summary, _ = analysis.pca(values, fw.indicators)
    choices, noise = composite_index.uncertain_inputs(0.5)
    ua = uncertainty_analysis(result, choices, noise, n=2000, seed=1)
    rank_stats = ua.rank_stats().sort_values(["Nominal", "Median"])
    sobol = sobol_indices(result, choices, noise, n=512, seed=1)
    units = unit_sensitivity(result, choices, noise, n=512, seed=1)
    assert {
        "missing_shares": reading.missing_shares(shares_2023),
        "screened_out": reading.screened_out(result),
        "consistency": reading.consistency(analysis.cronbach_alpha(values[fw.indicators]), pca_summary),
        "replications": reading.replications(2000, ua.n_configurations, ua.n_failed),
        "unit_drivers": reading.unit_drivers(units, top=10),
        "reading": reading.reading(rank_stats, sobol.table, analysis.effective_weights(values, fw), 20),
    } == snapshot
