"""innovlib.composite.weighting.optimised_weights: COINr's get_opt_weights on hand-solved cases and on COINr's
ASEM example (vendored in tests/fixtures/coinr_asem)."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import kendalltau, pearsonr, spearmanr

from innovlib.composite import Build, CompositeData, Framework, Step, StepError, run_build
from innovlib.composite.weighting import optimised_weights

PEER = Path(__file__).resolve().parents[1] / "fixtures" / "coinr_asem"
TWO = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
AGGREGATE = Build([Step("aggregate")])


def two_indicators(sd_x: float, sd_y: float, rho: float, n: int = 200, seed: int = 5) -> CompositeData:
    """x and y with sample standard deviations sd_x, sd_y and sample correlation rho exactly."""
    rng = np.random.default_rng(seed)
    z = rng.normal(size=(n, 2))
    z -= z.mean(axis=0)
    z = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z.T))).T  # whitened: sample covariance = identity
    x = z[:, 0]
    y = rho * z[:, 0] + np.sqrt(1 - rho ** 2) * z[:, 1]
    return CompositeData(pd.DataFrame({"x": sd_x * x, "y": sd_y * y}, index=[f"u{i}" for i in range(n)]))


def index_correlations(framework, data, build, weights, codes, correlate=pearsonr):
    """Correlations of ``codes`` with the index of the build rerun with ``weights`` (scipy as the oracle)."""
    last = build.steps[-1]
    rebuilt = Build(list(build.steps[:-1]) + [Step("aggregate", {**last.args, "weights": dict(weights)})])
    values = run_build(framework, data, rebuilt).final.values
    index = framework.codes(framework.n_levels)[0]
    return np.array([correlate(values[c], values[index])[0] for c in codes])


@pytest.mark.parametrize("rho", [0.0, 0.6, -0.3])
def test_equal_importance_weights_two_indicators_inversely_to_their_spread(rho):
    """Hand solution: with I = w x + (1 - w) y, corr(x, I) = corr(y, I) iff w sd_x + (1 - w) rho sd_y =
    (1 - w) sd_y + w rho sd_x, i.e. w = sd_y / (sd_x + sd_y) whatever rho (< 1)."""
    data = two_indicators(2.0, 5.0, rho)
    result = optimised_weights(run_build(TWO, data, AGGREGATE), level=1, tolerance=1e-10)
    assert result.converged
    np.testing.assert_allclose(result.table["weight"], [5 / 7, 2 / 7], atol=1e-5)
    np.testing.assert_allclose(result.weights[["x", "y"]], [5 / 7, 2 / 7], atol=1e-5)
    r = index_correlations(TWO, data, AGGREGATE, result.weights, ["x", "y"])
    np.testing.assert_allclose(result.table["correlation"], r, rtol=1e-12)
    assert r[0] == pytest.approx(r[1], abs=1e-6)


def test_unequal_targets_two_indicators_hand_solution():
    """Targets (1, 2): corr(x, I) / corr(y, I) = 1/2, i.e. 2 (w sd_x + (1 - w) rho sd_y) = (1 - w) sd_y +
    w rho sd_x, so w = sd_y (1 - 2 rho) / (2 sd_x - rho sd_x + sd_y - 2 rho sd_y)."""
    sd_x, sd_y, rho = 1.0, 1.5, 0.2
    data = two_indicators(sd_x, sd_y, rho)
    w = sd_y * (1 - 2 * rho) / (2 * sd_x - rho * sd_x + sd_y - 2 * rho * sd_y)
    result = optimised_weights(run_build(TWO, data, AGGREGATE), level=1, targets=[1, 2], tolerance=1e-10)
    np.testing.assert_allclose(result.table["weight"], [w, 1 - w], atol=1e-5)
    assert result.table["target"].tolist() == pytest.approx([1 / 3, 2 / 3])
    r = index_correlations(TWO, data, AGGREGATE, result.weights, ["x", "y"])
    np.testing.assert_allclose(r / r.sum(), [1 / 3, 2 / 3], atol=1e-6)
    by_code = optimised_weights(run_build(TWO, data, AGGREGATE), level=1, targets={"y": 2, "x": 1},
                                tolerance=1e-10)
    np.testing.assert_allclose(by_code.table["weight"], result.table["weight"], rtol=1e-12)


def test_symmetric_pillars_get_equal_weights_and_stop_at_the_start():
    """Pillar Q holds pillar P's values in reversed unit order: with equal weights the index is unchanged by
    the reversal, so corr(Q, I) = corr(P, I) and the search ends where it starts. Other levels' weights are
    left as they were."""
    fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "d", "P", "Q", "I"], "level": [1, 1, 1, 1, 2, 2, 3],
                                 "parent": ["P", "P", "Q", "Q", "I", "I", None],
                                 "weight": [1.0, 3.0, 1.0, 3.0, 1.0, 1.0, 1.0]}))
    a, b = [1.0, 4.0, 2.0, 8.0, 5.0], [3.0, 1.0, 5.0, 2.0, 7.0]
    data = CompositeData(pd.DataFrame({"a": a, "b": b, "c": a[::-1], "d": b[::-1]}, index=list("ABCDE")))
    result = optimised_weights(run_build(fw, data, AGGREGATE), level=2)
    assert result.converged and result.optimisation.nfev == 1
    assert result.weights.to_dict() == {"a": 1.0, "b": 3.0, "c": 1.0, "d": 3.0, "P": 0.5, "Q": 0.5, "I": 1.0}
    r = index_correlations(fw, data, AGGREGATE, result.weights, ["P", "Q"])
    assert r[0] == pytest.approx(r[1], rel=1e-14)


def test_infomax_finds_the_largest_total_correlation():
    """infomax maximises the summed correlations; oracle: a fine grid of weights w of x, the index w x + (1 - w) y
    computed by hand and correlated by scipy."""
    data = two_indicators(1.0, 3.0, 0.3)
    result = optimised_weights(run_build(TWO, data, AGGREGATE), level=1, objective="infomax", tolerance=1e-10)
    assert result.table["target"].isna().all()
    x, y = data.values["x"], data.values["y"]
    grid = np.linspace(0.002, 0.998, 499)
    totals = [pearsonr(x, w * x + (1 - w) * y)[0] + pearsonr(y, w * x + (1 - w) * y)[0] for w in grid]
    best = grid[int(np.argmax(totals))]
    assert result.table["weight"]["x"] == pytest.approx(best, abs=2e-3)
    assert result.table["correlation"].sum() >= max(totals) - 1e-9


@pytest.fixture(scope="module")
def asem():
    from composite.test_coinr_parity import asem_build

    framework = Framework.from_coinr_meta(pd.read_csv(PEER / "ASEM_iMeta.csv"))
    data = CompositeData.from_table(pd.read_csv(PEER / "ASEM_iData.csv"), framework, "uCode")
    return framework, data, asem_build()


def test_asem_published_correlations_with_coinr_weights(asem):
    """COINr's weights vignette (docs/articles/weights.html, rendered 2022-09-22): sub-index correlations with
    the index 0.9397805 (Conn) and 0.8382873 (Sust) at equal weights and 0.8971336 and 0.8925119 at its
    optimised weights 0.3902439 and 0.6097561."""
    framework, data, build = asem
    equal = index_correlations(framework, data, build, {"Conn": 1.0, "Sust": 1.0}, ["Conn", "Sust"])
    np.testing.assert_allclose(equal, [0.9397805, 0.8382873], atol=5e-8)
    coinr = index_correlations(framework, data, build, {"Conn": 0.3902439, "Sust": 0.6097561}, ["Conn", "Sust"])
    np.testing.assert_allclose(coinr, [0.8971336, 0.8925119], atol=5e-8)


def test_asem_first_simplex_matches_coinrs_published_trace(asem):
    """The vignette's trace prints the objective at R's first simplex: -7.11287670895252 at (0.5, 0.5),
    -6.75731482891423 at (0.55, 0.5), -7.5563175412706 at (0.5, 0.55). Three evaluations stop at the best."""
    framework, data, build = asem
    result = optimised_weights(run_build(framework, data, build), level=3, max_evaluations=3)
    assert not result.converged and result.optimisation.nfev == 3
    assert result.optimisation.fun == pytest.approx(-7.5563175412706, abs=1e-8)
    np.testing.assert_allclose(result.table["weight"], [0.5 / 1.05, 0.55 / 1.05], rtol=1e-12)


def test_asem_equal_importance_reproduces_coinrs_published_optimum(asem):
    """The vignette's get_opt_weights(itarg = "equal", Level = 3) with the default toler = 0.1: 15 objective
    evaluations, the lowest printed -13.3043247136273, weights 0.3902439 and 0.6097561, after which the
    correlations are 0.8971336 and 0.8925119 (checked again with scipy's pearsonr on the rebuilt index). COINr's
    test-weights.R asks only that the shares round to (0.5, 0.5)."""
    framework, data, build = asem
    result = optimised_weights(run_build(framework, data, build), level=3)
    assert result.converged and result.optimisation.nfev == 15
    assert result.optimisation.fun == pytest.approx(-13.3043247136273, abs=1e-8)
    np.testing.assert_allclose(result.table["weight"], [0.3902439, 0.6097561], atol=5e-8)
    np.testing.assert_allclose(result.table["correlation"], [0.8971336, 0.8925119], atol=5e-8)
    r = index_correlations(framework, data, build, result.weights, ["Conn", "Sust"])
    np.testing.assert_allclose(result.table["correlation"], r, rtol=1e-12)
    assert np.round(r / r.sum(), 2).tolist() == [0.5, 0.5]
    assert result.weights.drop(["Conn", "Sust"]).eq(1.0).all()  # every other weight as in ASEM's iMeta


def test_asem_unequal_targets_need_a_negative_weight_as_in_coinr(asem):
    """COINr's test-weights.R: itarg = c(1, 2) with toler = 0.01 gives shares rounding to (0.33, 0.67). With
    weights >= 0 Conn's share cannot fall below corr(Conn, Sust) / (1 + corr(Conn, Sust)) = 0.3755 (Sust alone),
    so the unconstrained search, as COINr's, gives Conn a negative weight. The index is checked by hand: the
    arithmetic mean of the two complete sub-indices with the returned weights, correlated by scipy."""
    framework, data, build = asem
    result = optimised_weights(run_build(framework, data, build), level=3, targets=[1, 2], tolerance=0.01)
    values = run_build(framework, data, build).final.values  # Conn and Sust do not depend on level-3 weights
    rho = pearsonr(values["Conn"], values["Sust"])[0]
    assert rho / (1 + rho) == pytest.approx(0.3755, abs=1e-4)
    w_conn, w_sust = result.table["weight"]
    assert w_conn < 0 and w_conn + w_sust == pytest.approx(1)
    index = w_conn * values["Conn"] + w_sust * values["Sust"]
    r = np.array([pearsonr(values[c], index)[0] for c in ("Conn", "Sust")])
    np.testing.assert_allclose(result.table["correlation"], r, rtol=1e-12)
    assert np.round(r / r.sum(), 2).tolist() == [0.33, 0.67]


@pytest.mark.parametrize("method,correlate", [("spearman", spearmanr), ("kendall", kendalltau)])
def test_asem_rank_correlations_balance_the_sub_indices(asem, method, correlate):
    """Sub-indices balanced by rank correlation: the reported correlations are scipy's with the index
    recomputed by hand (arithmetic mean of the two complete sub-indices) at the returned weights."""
    framework, data, build = asem
    result = optimised_weights(run_build(framework, data, build), level=3, method=method, tolerance=1e-6)
    assert result.converged
    values = run_build(framework, data, build).final.values
    w_conn, w_sust = result.table["weight"]
    index = w_conn * values["Conn"] + w_sust * values["Sust"]
    r = np.array([correlate(values[c], index)[0] for c in ("Conn", "Sust")])
    np.testing.assert_allclose(result.table["correlation"], r, rtol=1e-12)
    np.testing.assert_allclose(r / r.sum(), [0.5, 0.5], atol=1e-3)


@pytest.mark.parametrize("arguments,message", [
    ({"level": 0}, "level must be an integer between 1 and 1, got 0"),
    ({"level": 2}, "level must be an integer between 1 and 1, got 2"),
    ({"level": "1"}, "level must be an integer between 1 and 1, got '1'"),
    ({"objective": "maximum"}, "objective must be one of \\['balance', 'infomax'\\], got 'maximum'"),
    ({"method": "kendal"}, "method must be one of \\['pearson', 'spearman', 'kendall'\\], got 'kendal'"),
    ({"tolerance": 0}, "tolerance must be a positive number, got 0"),
    ({"max_evaluations": 2.5}, "max_evaluations must be a positive integer, got 2.5"),
    ({"targets": [1, 2, 3]}, "targets must be 2 numbers, one per code \\['x', 'y'\\], got \\[1, 2, 3\\]"),
    ({"targets": [1, -1]}, "targets must be finite, >= 0 and not all 0, got \\[1.0, -1.0\\]"),
    ({"targets": "importance"}, "targets must be 'equal', one number per code"),
    ({"targets": {"x": 1, "z": 1}}, "targets must name every code of the level, \\['x', 'y'\\], got \\['x', 'z'\\]"),
    ({"targets": [1, 1], "objective": "infomax"}, "targets apply to objective 'balance' only"),
    ({"build": Build([Step("normalise")])}, "the build must end with its 'aggregate' step"),
])
def test_bad_arguments_fail_with_one_line_naming_the_argument(arguments, message):
    call = {"level": 1, **arguments}
    result = run_build(TWO, two_indicators(1.0, 2.0, 0.1, n=10), call.pop("build", AGGREGATE))
    with pytest.raises(StepError, match=f"^optimised_weights: {message}") as caught:
        optimised_weights(result, **call)
    assert "\n" not in str(caught.value)


def test_a_level_with_a_single_node_has_nothing_to_optimise():
    fw = Framework(pd.DataFrame({"code": ["x", "y", "P", "I"], "level": [1, 1, 2, 3], "parent": ["P", "P", "I", None]}))
    with pytest.raises(StepError, match=r"^optimised_weights: level 2 has a single node \(P\); nothing to optimise$"):
        optimised_weights(fw, two_indicators(1.0, 2.0, 0.1, n=10), AGGREGATE, level=2)  # the triple form too


def test_an_index_without_spread_cannot_be_optimised():
    """P = (a + 3b)/4 = (2.5, 1.75, 4.25, 3.5) and Q its reverse: their mean is 3 for every unit, so no
    correlation with the index exists at the starting weights."""
    fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "d", "P", "Q", "I"], "level": [1, 1, 1, 1, 2, 2, 3],
                                 "parent": ["P", "P", "Q", "Q", "I", "I", None],
                                 "weight": [1.0, 3.0, 1.0, 3.0, 1.0, 1.0, 1.0]}))
    a, b = [1.0, 4.0, 2.0, 8.0], [3.0, 1.0, 5.0, 2.0]
    data = CompositeData(pd.DataFrame({"a": a, "b": b, "c": a[::-1], "d": b[::-1]}, index=list("ABCD")))
    with pytest.raises(StepError, match=r"^optimised_weights: the objective cannot be evaluated at the starting "
                                        r"weights \[0.5, 0.5\] \(correlations of level 2 with 'I' undefined\)$"):
        optimised_weights(run_build(fw, data, AGGREGATE), level=2)
