"""COINr's sensitivity vignette on its ASEM example, with the geometric mean as an alternative aggregation.

COINr's vignette (vignettes/sensitivity.Rmd) varies winsorisation (winmax), normalisation (min-max 1-100 or z-score
mean 10 sd 2), the weights of levels 2 and 3 (noise factor 0.25) and aggregation (arithmetic or geometric mean),
and finds the aggregation the most influential choice and winmax the least. The rank statistics vendored from COINr
(ASEM_UA_rankstats_N100.csv) add winmax = 0: then FemLab (skew -2.0, kurtosis 5.0) is logged without winsorising,
PAK's z-score falls to -1.84 (10 + 2 z < 0) and the geometric mean of that configuration fails, as it did in COINr
(3 of its 100 replications). Every analysis drops such runs and counts them; the Sobol estimators pair the runs of
a base row of the design, so a base row with a failed run is left out whole.
"""

import warnings
from itertools import product

import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from innovlib.composite import (Choice, CompositeData, Framework, NonPositiveValuesError, WeightNoise, run_build,
                                sobol_indices, uncertainty_analysis, unit_sensitivity)
from innovlib.composite.uncertainty import sobol_design
from composite.test_coinr_parity import PEER, asem_build

NORMALISATIONS = [{"method": "minmax", "lower": 1, "upper": 100}, {"method": "zscore", "mean": 10, "sd": 2}]
AGGREGATIONS = ["arithmetic", "geometric"]


def choices(winmax):
    return [Choice.values("treat", "winmax", list(winmax), name="winmax"),
            Choice("normalise", NORMALISATIONS, name="normalisation"),
            Choice.values("aggregate", "method", AGGREGATIONS, name="aggregation")]


@pytest.fixture(scope="module")
def asem():
    framework = Framework.from_coinr_meta(pd.read_csv(PEER / "ASEM_iMeta.csv"))
    data = CompositeData.from_table(pd.read_csv(PEER / "ASEM_iData.csv"), framework, "uCode")
    return run_build(framework, data, asem_build())


@pytest.fixture(scope="module")
def configurations(asem):
    """Oracle: the index of every configuration, each rebuilt from scratch by run_build (None if it fails)."""
    out = {}
    for w, k, a in product(range(6), range(2), range(2)):
        build = asem.build.with_args("treat", winmax=w).with_args("normalise", **NORMALISATIONS[k]) \
            .with_args("aggregate", method=AGGREGATIONS[a])
        try:
            out[(w, k, a)] = run_build(asem.framework, asem.data, build).final.values["Index"]
        except NonPositiveValuesError:
            out[(w, k, a)] = None
    return out


def test_only_winmax_0_with_z_scores_and_the_geometric_mean_fails(configurations):
    assert [c for c, index in configurations.items() if index is None] == [(0, 1, 1)]


def kept_base_rows(option_index, failing, n_inputs):
    failed = np.array([tuple(row) in failing for row in option_index])
    return failed, np.repeat(~failed.reshape(-1, n_inputs + 2).any(axis=1), n_inputs + 2)


def test_sobol_indices_over_geometric_aggregation_drop_and_count_failed_runs(asem, configurations):
    """Sobol indices of COINr's output (mean absolute rank shift from the nominal ranking) over winmax 0-5,
    normalisation and aggregation. Oracle: every run's ranking from the configurations rebuilt one by one,
    the failed runs' base rows removed, and SALib's own estimator on what is left."""
    from SALib.analyze import sobol

    s = sobol_indices(asem, choices(range(6)), n=256, seed=7)
    problem, labels, option_index, _ = sobol_design(asem.framework, asem.build, choices(range(6)), [], 256, 7)
    failed, kept = kept_base_rows(option_index, {(0, 1, 1)}, 3)
    # 54 of the 1280 runs fail; 37 of the 256 base rows hold one, so 219 x 5 runs are kept
    assert (s.n_failed, s.n_runs) == (int(failed.sum()), int(kept.sum())) == (54, 1095)
    nominal = rankdata(-asem.final.values["Index"], method="min")
    y = [np.mean(np.abs(rankdata(-configurations[tuple(row)], method="min") - nominal)) for row in option_index[kept]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sobol.analyze(problem, np.array(y), calc_second_order=False, seed=7)
    for name in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_allclose(s.table[name], expected[name], rtol=1e-9, atol=1e-12, err_msg=name)
    # As COINr's vignette finds: the aggregation moves the ranking most, winmax least.
    assert s.table["ST"].idxmax() == "aggregation" and s.table["ST"].idxmin() == "winmax"
    assert s.table.loc["aggregation", "ST"] > 0.5
    with pytest.raises(NonPositiveValuesError, match="geometric mean met zero or negative values"):
        sobol_indices(asem, choices(range(6)), n=256, seed=7, on_failure="raise")


def test_each_units_sensitivity_drops_the_same_runs(asem, configurations):
    """Per-unit Sobol indices on the same design: the same runs dropped and counted; for one unit the numbers
    equal SALib's on that unit's rank in the rebuilt configurations of the kept base rows."""
    from SALib.analyze import sobol

    us = unit_sensitivity(asem, choices(range(6)), n=256, seed=7, num_resamples=50)
    problem, _, option_index, _ = sobol_design(asem.framework, asem.build, choices(range(6)), [], 256, 7)
    _, kept = kept_base_rows(option_index, {(0, 1, 1)}, 3)
    assert (us.n_failed, us.n_runs) == (54, 1095)
    k = us.units.index("PAK")
    assert us.rank_sd[k] > 0 and not np.isnan(us.ST[k]).any()
    y = [rankdata(-configurations[tuple(row)], method="min")[k] for row in option_index[kept]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = sobol.analyze(problem, np.array(y, float), calc_second_order=False, num_resamples=50, seed=7)
    for name in ("S1", "S1_conf", "ST", "ST_conf"):
        np.testing.assert_allclose(getattr(us, name)[k], expected[name], rtol=1e-9, atol=1e-12, err_msg=name)


def test_coinrs_vignette_with_weight_noise_runs_and_ranks_the_choices_as_coinr(asem, configurations):
    """The vignette's four inputs (weights of levels 2 and 3 perturbed by up to 25%), with winmax 0-5 as in
    COINr's rank statistics: the runs of the failing configuration are dropped, whatever their weights, and
    the ranking of the inputs is the vignette's. With winmax 1-5, the vignette's own range, nothing fails."""
    noise = [WeightNoise(2, 0.25), WeightNoise(3, 0.25)]
    s = sobol_indices(asem, choices(range(6)), noise, n=256, seed=7)
    _, labels, option_index, _ = sobol_design(asem.framework, asem.build, choices(range(6)), noise, 256, 7)
    failed, kept = kept_base_rows(option_index, {(0, 1, 1)}, len(labels))
    assert labels == ["winmax", "normalisation", "aggregation", "weights level 2", "weights level 3"]
    assert (s.n_failed, s.n_runs) == (int(failed.sum()), int(kept.sum())) and s.n_failed > 0
    assert s.table["ST"].idxmax() == "aggregation" and s.table["ST"].idxmin() == "winmax"
    vignette = sobol_indices(asem, choices(range(1, 6)), noise, n=256, seed=7)
    assert (vignette.n_failed, vignette.n_runs) == (0, 256 * 7)
    assert vignette.table["ST"].idxmax() == "aggregation" and vignette.table["ST"].idxmin() == "winmax"


def test_uncertainty_of_the_same_design_drops_exactly_the_failing_replications(asem):
    """The UA of the same three choices from the build result (COINr's get_sensitivity(SA_type = "UA")): the
    replications dropped are exactly those drawing winmax 0, z-scores and the geometric mean, about 1 in 24, and
    the nominal ranks are COINr's. (Mean ranks against COINr's within Monte Carlo error:
    test_composite_uncertainty.py.)"""
    ua = uncertainty_analysis(asem, choices(range(6)), n=2400, seed=3)
    failed = np.isnan(ua.scores).all(axis=1)
    expected_failures = (ua.samples[["winmax", "normalisation", "aggregation"]].to_numpy() == [0, 1, 1]).all(axis=1)
    np.testing.assert_array_equal(failed, expected_failures)
    assert ua.n_failed == int(expected_failures.sum()) and 60 <= ua.n_failed <= 140  # 100 expected
    coinr = pd.read_csv(PEER / "ASEM_UA_rankstats_N100.csv").set_index("uCode")
    stats = ua.rank_stats()
    assert stats["Nominal"].to_dict() == coinr.loc[stats.index, "Nominal"].to_dict()
    assert not np.isnan(stats.to_numpy()).any()  # the failed replications left out of every statistic
