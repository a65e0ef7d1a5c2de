"""innovlib.composite: framework validation, build steps and analysis on hand-computed cases."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from innovlib.composite import CompositeData, Framework, FrameworkError, NonPositiveValuesError, StepError
from innovlib.composite import analysis, steps


def small_framework(**overrides):
    table = pd.DataFrame({"code": ["a", "b", "c", "P", "Q", "I"], "level": [1, 1, 1, 2, 2, 3],
                          "parent": ["P", "P", "Q", "I", "I", None], "weight": [1.0, 3.0, 1.0, 1.0, 1.0, 1.0]})
    for col, value in overrides.items():
        table[col] = value
    return table


# ------------------------------------------------------------------ framework


@pytest.mark.parametrize("change,message", [
    (lambda t: t.assign(parent=["P", "P", "Z", "I", "I", None]), "unknown parent 'Z'"),
    (lambda t: t.assign(direction=[1, 2, 1, 1, 1, 1]), "column 'direction': expected 1 or -1"),
    (lambda t: t.assign(weight=[0.0, 0.0, 1.0, 1.0, 1.0, 1.0]), "children of 'P' have zero total weight"),
    (lambda t: t.assign(parent=["P", "P", "Q", "Q", "P", None], level=[1, 1, 1, 2, 2, 3]), "cycle"),
    (lambda t: t.assign(parent=["P", "P", "a", "I", "I", None]), "expected level 2"),
    (lambda t: t.assign(code=["a", "a", "c", "P", "Q", "I"]), "duplicated code"),
])
def test_invalid_frameworks_are_rejected_with_a_clear_error(change, message):
    with pytest.raises(FrameworkError, match=message):
        Framework(change(small_framework()))


def test_framework_hierarchy_and_nominal_effective_weights():
    fw = Framework(small_framework())
    assert fw.n_levels == 3 and fw.children("P") == ["a", "b"] and fw.indicators == ["a", "b", "c"]
    eff = analysis.nominal_effective_weights(fw)
    assert eff[["a", "b", "c"]].tolist() == [0.125, 0.375, 0.5]


# ------------------------------------------------------------------ steps

def test_column_moments_match_the_type2_formulas():
    x = np.array([1.0, 2.0, 3.0, 10.0, np.nan])
    # d = (-3, -2, -1, 6): sum d^2 = 50, d^3 = 180, d^4 = 1394
    g1 = 2 * 180 / 50 ** 1.5
    skew, kurt = steps.column_moments(x[:, None])
    assert skew[0] == pytest.approx(g1 * np.sqrt(12) / 2)
    assert kurt[0] == pytest.approx((5 * (4 * 1394 / 2500 - 3) + 6) * 3 / 2)


def test_column_moments_equal_scipys_unbiased_skew_and_kurtosis_column_by_column():
    rng = np.random.default_rng(20)
    x = rng.lognormal(size=(40, 6))
    x[rng.random(x.shape) < 0.2] = np.nan  # each column keeps a different set of values
    skew, kurt = steps.column_moments(x)
    for column in range(x.shape[1]):
        present = x[~np.isnan(x[:, column]), column]
        assert skew[column] == pytest.approx(stats.skew(present, bias=False), rel=1e-12, abs=1e-15)
        assert kurt[column] == pytest.approx(stats.kurtosis(present, bias=False), rel=1e-12, abs=1e-15)


def test_column_moments_are_nan_for_too_few_values_or_a_constant_column():
    x = np.array([[1.0, 1.0, 4.0], [2.0, 1.0, 5.0], [9.0, 1.0, np.nan], [np.nan, 1.0, np.nan]])
    skew, kurt = steps.column_moments(x)
    assert not np.isnan(skew[0]) and np.isnan(kurt[0])  # three values: a skewness, no kurtosis
    assert np.isnan(skew[1]) and np.isnan(kurt[1])  # constant
    assert np.isnan(skew[2]) and np.isnan(kurt[2])  # two values


def test_winsorise_replaces_tied_extremes_together_and_stops_at_winmax():
    x = np.array([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 50.0, 60.0])
    assert stats.kurtosis(x, bias=False) > 3.5 and stats.skew(x, bias=False) > 2
    one, n_one, changed = steps.winsorise(x, winmax=1)
    assert n_one == 1 and one.max() == 50.0 and changed.tolist() == [False] * 14 + [True]
    two, n_two, _ = steps.winsorise(x, winmax=5)
    # 60 -> 50, then both 50s -> 2.2, after which the rule passes.
    assert n_two == 2 and two.max() == 2.2
    assert steps.winsorise(x, winmax=0)[1] == 0
    # Without a limit the loop stops by itself once the values pass the rule.
    assert steps.winsorise(x, winmax=None)[1] == 2


def test_all_failing_indicators_are_winsorised_together_each_on_its_skewed_side():
    right = np.array([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 50.0, 60.0])
    flat = np.linspace(0.0, 1.0, 15)
    x = np.column_stack([right, -right, flat])  # right-skewed, left-skewed, passes the rule
    y, n_win, changed, skew, kurt = steps.winsorise_columns(x, winmax=5)
    # As the one-column case above: 60 -> 50, then both 50s -> 2.2 (mirrored for the left-skewed column).
    assert n_win.tolist() == [2, 2, 0]
    assert y[:, 0].max() == 2.2 and y[:, 1].min() == -2.2 and np.array_equal(y[:, 2], flat)
    assert changed.sum(axis=0).tolist() == [2, 2, 0] and skew[0] < 2 and skew[1] > -2
    one = steps.winsorise_columns(x, winmax=1)[0]
    assert one[:, 0].max() == 50.0 and one[:, 1].min() == -50.0


def test_treat_reports_winsorised_points_per_side_and_builds_its_tables_on_first_read():
    right = np.array([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 50.0, 60.0])
    fw = Framework(pd.DataFrame({"code": ["r", "l", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    out, report = steps.treat(CompositeData(pd.DataFrame({"r": right, "l": -right})), fw, winmax=5)
    assert isinstance(report, steps.Report) and sorted(report) == ["points", "table"]
    assert report["table"]["n_winsorised"].tolist() == [2, 2]
    assert report["points"]["r"].tolist()[-2:] == ["winhi", "winhi"] and report["points"]["l"].iloc[-1] == "winlo"
    assert out.values["r"].max() == 2.2 and out.values["l"].min() == -2.2


def test_a_report_builds_a_lazy_entry_once_and_only_when_read():
    calls = []
    report = steps.Report({"n": 3}, lazy={"table": lambda: calls.append(1) or pd.DataFrame({"x": [1.0]})})
    assert report["n"] == 3 and calls == []
    assert report["table"] is report["table"] and calls == [1]
    assert dict(report).keys() == {"n", "table"}


def test_composite_data_is_read_only_so_builds_can_share_it():
    d = CompositeData(pd.DataFrame({"x": [1.0, 2.0]}, index=["A", "B"]))
    with pytest.raises(ValueError):
        d.array[0, 0] = 5.0
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    steps.normalise(d, fw)
    assert d.values["x"].tolist() == [1.0, 2.0]


def test_treat_applies_the_log_to_the_original_values_when_winsorising_is_not_enough():
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    x = np.array([1.0] * 10 + [2.0, 3.0, 1000.0, 2000.0, 5000.0])
    out, report = steps.treat(CompositeData(pd.DataFrame({"x": x})), fw, winmax=0)
    expected = np.log(x - 1.0 + 0.01 * 4999.0)
    np.testing.assert_allclose(out.values["x"].to_numpy(), expected)
    assert report["table"].loc["x", "transform"] == "log_ct"


def test_gii_scaled_log_maps_min_to_zero_and_max_to_log_max():
    y = steps.log_gii(np.array([2.0, 6.0, 10.0]))
    np.testing.assert_allclose(y, [0.0, np.log(9 * 0.5 + 1), np.log(10.0)])


@pytest.mark.parametrize("method,kwargs,expected", [
    ("minmax", {"lower": 1, "upper": 100}, [1.0, 100.0, 50.5]),
    ("zscore", {"mean": 10, "sd": 2}, [8.0, 12.0, 10.0]),
    ("rank", {}, [1.0, 3.0, 2.0]),
    ("percentile_rank", {}, [0.0, 100.0, 50.0]),
    ("dist_to_max", {}, [0.0, 100.0, 50.0]),
    ("dist_to_ref", {"reference_unit": "C"}, [0.0, 100.0, 100.0]),
    ("goalposts", {"goalposts": {"x": (0.0, 4.0)}}, [25.0, 100.0, 75.0]),
    ("borda", {}, [0.0, 2.0, 1.0]),  # COINr n_borda: rank(x, ties "min") - 1
    ("fracmax", {}, [0.2, 1.0, 0.6]),  # COINr n_fracmax: x / max(x), no scaling
    ("scaled", {"bounds": (0.0, 10.0)}, [10.0, 50.0, 30.0]),  # COINr n_scaled: (x - l) / (h - l) * 100
])
def test_normalisation_methods_on_a_hand_computed_case(method, kwargs, expected):
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 5.0, 3.0]}, index=["A", "B", "C"]))
    np.testing.assert_allclose(steps.normalise(d, fw, method=method, **kwargs)[0].values["x"], expected)


def test_negative_direction_is_applied_before_normalising_including_targets():
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None],
                                 "direction": [-1, 1], "target": [2.0, None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 5.0, 3.0]}, index=["A", "B", "C"]))
    # -x = (-1, -5, -3); target -2; (v - (-5)) / (-2 - (-5)) = (4/3, 0, 2/3), capped at 1
    np.testing.assert_allclose(steps.normalise(d, fw, method="dist_to_target")[0].values["x"], [100.0, 0.0, 200 / 3])


def test_aggregation_means_with_weights_and_missing_values():
    x = np.array([[1.0, 4.0], [2.0, np.nan], [0.5, 2.0]])
    w = np.array([1.0, 3.0])
    np.testing.assert_allclose(steps.aggregate_array(x, w, "arithmetic"), [3.25, 2.0, 1.625])
    np.testing.assert_allclose(steps.aggregate_array(x, w, "geometric"), [4 ** 0.75, 2.0, 0.5 ** 0.25 * 2 ** 0.75])
    np.testing.assert_allclose(steps.aggregate_array(x, w, "harmonic"), [4 / (1 + 3 / 4), 2.0, 4 / (2 + 1.5)])
    np.testing.assert_allclose(steps.aggregate_array(x, w, "generalised", p=2), [np.sqrt((1 + 48) / 4), 2.0,
                                                                                np.sqrt((0.25 + 12) / 4)])


def test_geometric_mean_policy_for_zero_and_negative_values():
    x = np.array([[1.0, 4.0], [0.0, 2.0]])
    with pytest.raises(NonPositiveValuesError):
        steps.aggregate_array(x, np.ones(2), "geometric")
    np.testing.assert_allclose(steps.aggregate_array(x, np.ones(2), "geometric", nonpositive="nan"), [2.0, np.nan])
    # shift: each column moved so its minimum is 1 -> [[1, 3], [1, 1]]... columns: a -> (2, 1), b -> (3, 1)
    np.testing.assert_allclose(steps.aggregate_array(x, np.ones(2), "geometric", nonpositive="shift"),
                               [np.sqrt(6), 1.0])


def test_aggregating_groups_of_columns_at_once_equals_each_group_alone():
    x = np.array([[1.0, 3.0, 2.0, 8.0], [np.nan, 4.0, 0.5, 2.0]])  # groups: columns (0, 1) and (2, 3)
    w = np.array([1.0, 1.0, 1.0, 3.0])
    # row 0: (1 + 3) / 2 = 2, (2 + 3 * 8) / 4 = 6.5; row 1: the missing value is skipped -> 4, (0.5 + 6) / 4
    np.testing.assert_allclose(steps.aggregate_groups(x, w, [0, 2]), [[2.0, 6.5], [4.0, 1.625]])
    for method in ("geometric", "harmonic", "copeland"):
        together = steps.aggregate_groups(x, w, [0, 2], method)
        alone = [steps.aggregate_array(x[:, 0:2], w[0:2], method), steps.aggregate_array(x[:, 2:4], w[2:4], method)]
        np.testing.assert_allclose(together, np.column_stack(alone), rtol=1e-12)


def test_invalid_values_shift_only_their_group_or_drop_their_whole_slice():
    x = np.array([[1.0, 4.0, 2.0, 8.0], [0.0, 2.0, 4.0, 2.0]])  # a zero in the first group only
    # shift: first group (1, 0) -> (2, 1) and (4, 2) -> (3, 1); the second group is left as it is
    np.testing.assert_allclose(steps.aggregate_groups(x, np.ones(4), [0, 2], "geometric", nonpositive="shift"),
                               [[np.sqrt(6), 4.0], [1.0, np.sqrt(8)]])
    # drop: of two stacked datasets (e.g. build configurations) only the one with the zero is dropped
    both = steps.aggregate_groups(np.stack([x + 1, x]), np.ones(4), [0, 2], "geometric", nonpositive="drop")
    assert np.isnan(both[1]).all() and not np.isnan(both[0]).any()
    np.testing.assert_allclose(both[0], [[np.sqrt(10), np.sqrt(27)], [np.sqrt(3), np.sqrt(15)]])


def test_copeland_counts_pairwise_majority_wins_minus_losses():
    x = np.array([[3.0, 3.0, 1.0], [2.0, 2.0, 2.0], [1.0, 1.0, 3.0]])
    np.testing.assert_allclose(steps.aggregate_array(x, np.ones(3), "copeland"), [2.0, 0.0, -2.0])


def test_impute_group_mean_and_screen_by_availability():
    fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, np.nan, 5.0, 7.0], "y": [np.nan, np.nan, 1.0, 1.0]},
                                   index=list("ABCD")),
                      pd.DataFrame({"g": ["u", "u", "v", "v"]}, index=list("ABCD")))
    screened, report = steps.screen(d, fw, min_availability=0.5)
    assert report["removed"] == ["B"]
    imputed, info = steps.impute(d, fw, method="group_mean", group="g")
    assert imputed.values.loc["B", "x"] == 1.0 and np.isnan(imputed.values.loc["A", "y"]) and info["n_imputed"] == 1
    with pytest.raises(StepError, match="group column"):
        steps.impute(d, fw, method="group_mean", group="nope")


def test_ranks_share_the_best_position_on_ties():
    np.testing.assert_array_equal(steps.rank_scores(np.array([[5.0, 7.0, 5.0, 1.0]])), [[2.0, 1.0, 2.0, 4.0]])


# ------------------------------------------------------------------ analysis


def test_cronbach_alpha_pca_and_effective_weights():
    v = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 2, 4, 4], "c": [1.0, 3, 3, 5]})
    assert analysis.cronbach_alpha(v) == pytest.approx(1.5 * (1 - (5 / 3 + 4 / 3 + 8 / 3) / 15))
    summary, loadings = analysis.pca(v)
    # three standardised indicators: the eigenvalues of their correlation matrix add up to 3 (its trace)
    assert summary["explained"].to_numpy() == pytest.approx(np.sort(np.linalg.eigvalsh(v.corr().to_numpy()))[::-1] / 3)
    # eigenvalues of the correlation matrix
    assert np.sort(summary["eigenvalue"].to_numpy()) == pytest.approx(np.sort(np.linalg.eigvalsh(v.corr().to_numpy())))
    fw = Framework(small_framework())
    values = v.assign(P=(v.a + 3 * v.b) / 4, Q=v.c)
    values["I"] = (values.P + values.Q) / 2
    eff = analysis.effective_weights(values, fw)
    assert eff["nominal"].tolist() == [0.125, 0.375, 0.5]
    # squared correlations with the index (scipy as the oracle), normalised over the level
    r2 = np.array([stats.pearsonr(values[code], values["I"])[0] ** 2 for code in ("a", "b", "c")])
    assert eff["effective"].tolist() == pytest.approx((r2 / r2.sum()).tolist())
    corr = analysis.correlations(values, fw, 1, with_level=2, within_parent=True)
    assert np.isnan(corr.loc["a", "Q"]) and corr.loc["c", "Q"] == pytest.approx(1.0)


# ------------------------------------------------------------------ registries and typed step arguments


@pytest.mark.parametrize("step,args,message", [
    ("normalise", {"method": "min_max"}, "build step 'normalise', argument 'method': 'min_max' unknown"),
    ("normalise", {"method": "zscore", "sd": -1}, "build step 'normalise', argument 'sd'"),
    ("normalise", {"methd": "zscore"}, r"build step 'normalise': unknown argument\(s\) \['methd'\]"),
    ("normalise", {"method": "dist_to_ref"}, "argument 'reference_unit'"),
    ("normalise", {"method": "scaled", "bounds": (1, 1)}, "argument 'bounds'"),
    ("aggregate", {"method": "generalised"}, "build step 'aggregate', argument 'p'"),
    ("aggregate", {"method": ["arithmetic", "mode"]}, "argument 'method': 'mode' unknown"),
    ("aggregate", {"nonpositive": "ignore"}, "argument 'nonpositive'"),
    ("screen", {"by": "zero"}, "build step 'screen', argument 'by'"),
    ("screen", {"min_availability": "all"}, "argument 'min_availability': expected a number"),
    ("treat", {"winmax": 2.5}, "build step 'treat', argument 'winmax': expected an integer"),
    ("treat", {"transform": "boxcox"}, "argument 'boxcox_lambda'"),
    ("treat", {"indicator_specs": {"x": {"winmax": -1}}}, "argument 'winmax'"),
    ("impute", {"method": "group_mean"}, "build step 'impute', argument 'group'"),
])
def test_bad_step_arguments_fail_when_the_build_is_made_naming_step_and_argument(step, args, message):
    from innovlib.composite import Build, Step

    with pytest.raises(StepError, match=message):
        Build([Step(step, args), Step("aggregate")])


def test_step_arguments_may_be_keywords_a_dict_or_both():
    from innovlib.composite import Build, Step

    by_keyword, by_dict = Step("treat", winmax=5), Step("treat", {"winmax": 5})
    assert by_keyword == by_dict and by_keyword.key() == by_dict.key() and by_keyword.params.winmax == 5
    both = Step("normalise", {"method": "zscore"}, mean=10, sd=2)
    assert both.args == {"method": "zscore", "mean": 10, "sd": 2} and (both.params.mean, both.params.sd) == (10, 2)
    assert Build([both]).with_args(0, sd=3).steps[0] == Step("normalise", method="zscore", mean=10, sd=3)
    with pytest.raises(StepError, match=r"^build step 'treat': argument\(s\) \['winmax'\] given both in the dict and "
                                        r"as keywords$"):
        Step("treat", {"winmax": 5}, winmax=3)
    with pytest.raises(StepError, match=r"^build step 'treat': unknown argument\(s\) \['win_max'\]"):
        Step("treat", win_max=3)
    with pytest.raises(StepError, match="^build step 'treat', argument 'winmax': expected an integer"):
        Step("treat", winmax=2.5)


def test_uncertainty_and_sensitivity_names_are_exported_from_the_package():
    import innovlib.composite as composite
    from innovlib.composite import analysis, sensitivity, uncertainty, weighting

    exported = {"Choice": uncertainty, "WeightNoise": uncertainty, "DirichletWeights": uncertainty,
                "UncertaintyResult": uncertainty, "uncertainty_analysis": uncertainty, "SobolIndices": sensitivity,
                "sobol_indices": sensitivity, "UnitSensitivity": sensitivity, "unit_sensitivity": sensitivity,
                "plot_unit_sensitivity": sensitivity, "optimised_weights": weighting, "OptimisedWeights": weighting,
                "remove_elements": analysis, "RemovalResult": analysis}
    for name, module in exported.items():
        assert name in composite.__all__ and getattr(composite, name) is getattr(module, name), name


def test_a_build_result_carries_its_inputs_and_analyses_refuse_anything_else():
    from innovlib.composite import Build, Step, run_build, uncertainty_analysis

    fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 2.0], "y": [2.0, 0.0, 1.0]}, index=list("ABC")))
    build = Build([Step("normalise"), Step("aggregate")])
    result = run_build(fw, d, build)
    assert result.framework is fw and result.data is d and result.build is build
    with pytest.raises(StepError, match="^uncertainty_analysis: result must be a BuildResult \\(from run_build\\), "
                                        "got CompositeData$"):
        uncertainty_analysis(d, n=5)
    with pytest.raises(StepError, match="^remove_elements: a framework as first argument must be followed by data "
                                        "and build"):
        analysis.remove_elements(fw, level=1)


def test_uncertain_choices_are_validated_before_anything_runs():
    from innovlib.composite import Build, Choice, Step, run_build, uncertainty_analysis

    fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 2.0], "y": [2.0, 0.0, 1.0]}, index=list("ABC")))
    result = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
    with pytest.raises(StepError, match="argument 'method': 'zscroe' unknown"):
        uncertainty_analysis(result, [Choice.values("normalise", "method", ["minmax", "zscroe"])], n=5)


def test_a_method_is_added_by_registering_a_function():
    from innovlib.composite.registry import MethodRegistry

    registry = MethodRegistry("normalise")
    registry.register("half")(lambda x, args, context=None: x / 2)
    assert registry["half"](np.array([4.0]), None).tolist() == [2.0] and "half" in registry
    with pytest.raises(ValueError, match="registered twice"):
        registry.register("half")(lambda x, args, context=None: x)


# ------------------------------------------------------------------ COINr capabilities added (hand-computed cases)


def test_borda_keeps_ties_and_missing_values_as_coinr_rank_min():
    """COINr's n_borda is rank(x, ties.method = "min", na.last = "keep") - 1: hand-computed."""
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    d = CompositeData(pd.DataFrame({"x": [3.0, 1.0, 3.0, np.nan, 7.0]}))
    np.testing.assert_array_equal(steps.normalise(d, fw, method="borda")[0].array[:, 0], [1.0, 0.0, 1.0, np.nan, 3.0])


def test_each_indicator_can_have_its_own_normalisation():
    """COINr's indiv_specs: x by min-max 0-100, y by z-score (mean 10, sd 2) and z by its own scaled bounds;
    hand-computed. The direction of y (-1) is applied first."""
    fw = Framework(pd.DataFrame({"code": ["x", "y", "z", "I"], "level": [1, 1, 1, 2], "parent": ["I", "I", "I", None],
                                 "direction": [1, -1, 1, 1]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 3.0, 5.0], "y": [1.0, 3.0, 5.0], "z": [1.0, 3.0, 5.0]}))
    out, report = steps.normalise(d, fw, method="minmax", indicator_specs={
        "y": {"method": "zscore", "mean": 10, "sd": 2}, "z": {"method": "scaled", "bounds": (1, 11)}})
    np.testing.assert_allclose(out.values["x"], [0.0, 50.0, 100.0])
    np.testing.assert_allclose(out.values["y"], [12.0, 10.0, 8.0])  # -y = (-1, -3, -5): mean -3, sd 2
    np.testing.assert_allclose(out.values["z"], [0.0, 20.0, 40.0])
    assert report["methods"] == {"x": "minmax", "y": "zscore", "z": "scaled"}


def test_box_cox_treatment_of_an_indicator_that_winsorising_does_not_fix():
    """COINr's boxcox(x, lambda, makepos = TRUE): x - min + 1, then (x^lambda - 1) / lambda; hand-computed."""
    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    x = np.array([1.0] * 10 + [2.0, 3.0, 1000.0, 2000.0, 5000.0])
    out, report = steps.treat(CompositeData(pd.DataFrame({"x": x})), fw, winmax=0, transform="boxcox",
                              boxcox_lambda=0.5)
    np.testing.assert_allclose(out.values["x"], (np.sqrt(x - 1.0 + 1) - 1) / 0.5)
    assert report["table"].loc["x", "transform"] == "boxcox"
    np.testing.assert_allclose(steps.boxcox(x[:, None], lam=0)[:, 0], np.log(x))  # lambda 0: log, min already 1


def test_each_indicator_can_have_its_own_treatment_or_none():
    """COINr's indiv_specs for Treat: "none" exempts an indicator; other indicators keep the global rule."""
    fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "I"], "level": [1, 1, 1, 2], "parent": ["I", "I", "I", None]}))
    right = np.array([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 50.0, 60.0])
    d = CompositeData(pd.DataFrame({"a": right, "b": right, "c": right}))
    out, report = steps.treat(d, fw, winmax=5, indicator_specs={"a": "none", "b": {"winmax": 1, "transform": "none"}})
    assert out.values["a"].max() == 60.0  # untreated
    assert out.values["b"].max() == 50.0 and report["table"].loc["b", "n_winsorised"] == 1  # one point only
    assert out.values["c"].max() == 2.2 and report["table"].loc["c", "n_winsorised"] == 2  # the global rule
    assert report["table"]["treated"].tolist() == [False, True, True]


def coinr_treat_numeric(x, winmax=5, skew_thresh=2.0, kurt_thresh=3.5, pass_skew=2.0, pass_kurt=3.5):
    """Oracle: COINr's Treat.numeric with f1 = winsorise (f1_para: winmax, skew_thresh, kurt_thresh), f2 = log_CT
    and f_pass = check_SkewKurt (f_pass_para: pass_skew, pass_kurt), written from R/treat.R with scipy's
    skewness and kurtosis (bias=False, the e1071 type-2 formulas of COINr's skew and kurt). Returns the treated
    values and the points winsorised (COINr's nwin: the points changed)."""
    def passes(v, s, k):
        return abs(stats.skew(v, bias=False)) < s or stats.kurtosis(v, bias=False) < k

    x = np.asarray(x, float)
    if passes(x, pass_skew, pass_kurt):
        return x, 0
    y = x.copy()
    while not passes(y, skew_thresh, kurt_thresh) and np.sum(y != x) < winmax:
        side = 1.0 if stats.skew(y, bias=False) >= 0 else -1.0
        extreme = side * y == (side * y).max()
        y[extreme] = side * (side * y[~extreme]).max()
    if passes(y, pass_skew, pass_kurt):
        return y, int(np.sum(y != x))
    return np.log(x - x.min() + 0.01 * (x.max() - x.min())), int(np.sum(y != x))


MODERATE = np.array([1.0, 1, 2, 2, 3, 3, 4, 5, 7, 10, 15])  # skew 1.559, kurtosis 2.116
RIGHT = np.array([1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 1.9, 2.0, 2.1, 2.2, 50.0, 60.0])  # 2.452, 4.738


@pytest.mark.parametrize("x,arguments,expected_n,expected_transform", [
    # The pass check (1, 1) fails; winsorising's own check (2, 3.5) passes, so nothing is winsorised and the
    # log is applied: log(x - 1 + 0.14).
    (MODERATE, {"pass_skew_threshold": 1.0, "pass_kurtosis_threshold": 1.0}, 0, "log_ct"),
    # One threshold pair for both (as before): winsorising 15 to 10 brings the skew to 0.92 < 1.
    (MODERATE, {"skew_threshold": 1.0, "kurtosis_threshold": 1.0}, 1, ""),
    # The pass check (2, 3.5) passes: untreated, whatever winsorising's thresholds.
    (MODERATE, {"skew_threshold": 1.0, "kurtosis_threshold": 1.0, "pass_skew_threshold": 2.0,
                "pass_kurtosis_threshold": 3.5}, 0, ""),
    # The pass check (2, 3.5) fails; winsorising towards its stricter (0.1, -1.5) moves 60 and 50 to 2.2, then
    # (the skew turned negative) 1.0 to 1.1, and stops at winmax = 3 still failing them; the pass check then
    # passes, so no log. With one threshold pair (0.1, -1.5) the same indicator is logged instead.
    (RIGHT, {"skew_threshold": 0.1, "kurtosis_threshold": -1.5, "pass_skew_threshold": 2.0,
             "pass_kurtosis_threshold": 3.5, "winmax": 3}, 3, ""),
    (RIGHT, {"skew_threshold": 0.1, "kurtosis_threshold": -1.5, "winmax": 3}, 0, "log_ct"),
    (RIGHT, {"winmax": 3}, 2, ""),  # COINr's defaults: 60 and 50 to 2.2
])
def test_treat_pass_check_thresholds_apart_from_winsorising_as_coinr(x, arguments, expected_n, expected_transform):
    """COINr's Treat: f_pass_para's thresholds decide whether an indicator is treated and whether winsorising was
    enough; f1_para's govern winsorising. The oracle is COINr's algorithm written out with scipy."""
    from innovlib.composite import Build, Step, run_build

    fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    result = run_build(fw, CompositeData(pd.DataFrame({"x": x})), Build([Step("treat", **arguments)]))
    table = result.reports[0]["table"].loc["x"]
    oracle, n = coinr_treat_numeric(
        x, arguments.get("winmax", 5), arguments.get("skew_threshold", 2.0), arguments.get("kurtosis_threshold", 3.5),
        arguments.get("pass_skew_threshold", arguments.get("skew_threshold", 2.0)),
        arguments.get("pass_kurtosis_threshold", arguments.get("kurtosis_threshold", 3.5)))
    np.testing.assert_allclose(result.final.values["x"], oracle, rtol=1e-15)
    # the log is applied to the original values, so no point counts as winsorised then
    assert (table["n_winsorised"], table["transform"]) == (expected_n, expected_transform)
    assert expected_transform or n == expected_n


def test_treat_pass_thresholds_are_validated_and_default_to_winsorising_thresholds():
    from innovlib.composite import Step

    assert Step("treat", skew_threshold=1.5).params.pass_thresholds() == (1.5, 3.5)
    with pytest.raises(StepError, match="^build step 'treat', argument 'pass_skew_threshold': expected a number"):
        Step("treat", pass_skew_threshold="high")


def test_remove_elements_equals_rebuilding_with_that_weight_set_to_zero():
    """COINr's remove_elements sets one weight to zero and regenerates; the oracle is a full rebuild per node."""
    from innovlib.composite import Build, Step, run_build

    fw = Framework(small_framework())
    rng = np.random.default_rng(4)
    d = CompositeData(pd.DataFrame(rng.random((12, 3)) * 10, columns=["a", "b", "c"], index=[f"U{i}" for i in range(12)]))
    build = Build([Step("normalise", {"method": "minmax"}), Step("aggregate")])
    result = run_build(fw, d, build)
    removal = analysis.remove_elements(result, level=1)
    nominal = result.final.values["I"]
    np.testing.assert_allclose(removal.scores["Nominal"], nominal)
    full = run_build(fw, d, build).final.values
    for code in ["a", "b", "c"]:
        # Without c, pillar Q has no weight left: it has no score and the index is pillar P alone.
        rebuilt = full["P"] if code == "c" else run_build(fw.with_weights({code: 0.0}), d, build).final.values["I"]
        np.testing.assert_allclose(removal.scores[code], rebuilt)
        expected = nominal.rank(ascending=False, method="min") - rebuilt.rank(ascending=False, method="min")
        np.testing.assert_array_equal(removal.rank_changes[code], expected)
    assert removal.mean_abs_rank_change.index.tolist() == ["a", "b", "c"]
    pillars = analysis.remove_elements(result, level=2)
    # Without pillar Q the index is pillar P: (a + 3b) / 4
    np.testing.assert_allclose(pillars.scores["Q"], full["P"])
    triple = analysis.remove_elements(fw, d, build, level=2)  # the form before results carried their inputs
    pd.testing.assert_frame_equal(triple.scores, pillars.scores)


def test_compare_builds_ranks_each_build_and_keeps_units_of_either():
    """COINr's compare_coins(compare_by = "ranks"): outer join on units, rank each (min ties), Diff = 1 - 2."""
    from innovlib.composite import Build, Step, run_build

    fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    d = CompositeData(pd.DataFrame({"x": [1.0, 2.0, 9.0, np.nan], "y": [5.0, 3.0, 0.0, 4.0]}, index=list("ABCD")))
    a = run_build(fw, d, Build([Step("screen", {"min_availability": 1.0}), Step("normalise"), Step("aggregate")]))
    b = run_build(fw, d, Build([Step("normalise", {"method": "rank"}), Step("aggregate")]))
    # a: I = (50, 36.25, 50) for A, B, C (D screened out); b: ranks x (1, 2, 3, -), y (4, 2, 1, 3) -> I = (2.5, 2, 2, 3)
    table = analysis.compare_builds(a, b)
    assert table.index.tolist() == list("ABCD")
    np.testing.assert_array_equal(table["first"], [1.0, 3.0, 1.0, np.nan])
    np.testing.assert_array_equal(table["second"], [2.0, 3.0, 3.0, 1.0])
    np.testing.assert_array_equal(table["difference"], [-1.0, 0.0, -2.0, np.nan])
    by_score = analysis.compare_builds(a, b, by="scores", sort_by="abs_difference", descending=True)
    assert by_score.index[0] == "C" and by_score.loc["C", "abs_difference"] == pytest.approx(48.0)


def test_correlation_flags_within_groups_above_or_below_a_threshold():
    """COINr's get_corr_flags: pairs within the same group at grouplev, strictly above/below cor_thresh; hand case."""
    fw = Framework(small_framework())
    v = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [4.0, 3, 2, 1.5], "c": [1.0, 2, 3, 4]})
    low = analysis.correlation_flags(v, fw, threshold=0.0, kind="low")
    assert low[["group", "code_1", "code_2"]].values.tolist() == [["P", "a", "b"]]
    assert low["correlation"].iloc[0] == pytest.approx(round(np.corrcoef(v.a, v.b)[0, 1], 3))
    assert analysis.correlation_flags(v, fw, threshold=0.9).empty  # a and c: perfectly correlated, other pillars
    assert len(analysis.correlation_flags(v, fw, threshold=0.9, group_level=3)) == 1  # same index: a-c flagged


def test_pca_weights_are_first_component_loadings_per_group():
    """COINr's get_PCA weights: rotation[, 1] of prcomp(center = TRUE, scale = TRUE) per group. Oracle: the
    leading eigenvector of the correlation matrix (numpy.linalg.eigh), sign fixed to sum >= 0."""
    rng = np.random.default_rng(2)
    base = rng.normal(size=30)
    v = pd.DataFrame({"a": base + rng.normal(scale=0.3, size=30), "b": base + rng.normal(scale=0.8, size=30),
                      "c": rng.normal(size=30)})
    fw = Framework(small_framework())
    w = analysis.pca_weights(v, fw, level=1)
    vals, vecs = np.linalg.eigh(v[["a", "b"]].corr().to_numpy())
    lead = vecs[:, -1] * np.sign(vecs[:, -1].sum())
    np.testing.assert_allclose(w[["a", "b"]], lead, rtol=1e-10)
    assert w["c"] == 1.0  # alone in pillar Q
    whole = analysis.pca_weights(v, fw, level=1, by_groups=False)
    vals, vecs = np.linalg.eigh(v.corr().to_numpy())
    np.testing.assert_allclose(whole, vecs[:, -1] * np.sign(vecs[:, -1].sum()), rtol=1e-10)
