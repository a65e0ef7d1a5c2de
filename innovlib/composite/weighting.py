"""Optimised weights: the weights of one framework level found by numerical optimisation, so that each node's
correlation with the index matches its target share (COINr's ``get_opt_weights``) or their total is largest.

Example
-------
>>> from innovlib.composite import Build, CompositeData, Step, run_build
>>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
>>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [1.0, 3.0, 2.0, 4.0]}, index=list("ABCD")))
>>> found = optimised_weights(run_build(fw, d, Build([Step("aggregate")])), level=1)
>>> round(float(found.weights[["x", "y"]].sum()), 6)
1.0
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.composite.aggregate import aggregate_levels_array
from innovlib.composite.analysis import aggregate_input
from innovlib.composite.build import BuildResult, replay_inputs, takes_result
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework

OPTIMISATION_OBJECTIVES = ("balance", "infomax")
CORRELATION_METHODS = ("pearson", "spearman", "kendall")
EXACT_MATCH_SQUARED_GAP = np.finfo(float).eps ** 2  # shares within rounding error of the targets


@dataclass(frozen=True)
class OptimisedWeights:
    """What :func:`optimised_weights` returns (COINr's list ``WeightsOpt``, ``OptResults``, ``CorrResultsNorm``)."""

    weights: pd.Series  # every framework code; the optimised level's nodes replaced (summing to 1 over the level)
    table: pd.DataFrame  # per node of the level: target share, correlation with the index, its share, weight
    optimisation: object  # the scipy.optimize.OptimizeResult of the search

    @property
    def converged(self) -> bool:
        """Whether the search met its tolerance (or met the targets exactly) within ``max_evaluations``."""
        return bool(self.optimisation.success)


@takes_result
def optimised_weights(result: BuildResult, level: int, targets=None, objective: str = "balance",
                      method: str = "pearson", tolerance: float = 0.1,
                      max_evaluations: int = 500) -> OptimisedWeights:
    """Weights of one level found by numerical optimisation of the nodes' correlations with the index.

    COINr's ``get_opt_weights`` (bluefoxr/COINr, R/weights.R and vignettes/weights.Rmd at commit
    b9682034635df03279896b6cb025cd3534f82cbb), a linear version of Becker et al. (2017,
    doi:10.1016/j.ecolind.2017.03.056). Each trial weight vector ``w`` of the level is scaled to sum to 1, the
    build's final ``aggregate`` step is rerun with it (other weights as the build has them; the steps before
    run once) and every node of ``level`` is correlated with the index (pairwise complete units, no
    significance filter). The objective, minimised by Nelder-Mead as R's ``optim`` does, is

    - ``"balance"``: ``log(mean((t - r / sum(r)) ** 2))`` with ``t`` the targets scaled to sum to 1, so that
      each node's share of the summed correlations matches its target share (default: equal importance);
      the search starts from ``t``;
    - ``"infomax"``: ``-sum(r)``, the largest total correlation; the search starts from the level's current
      weights and takes no targets.

    As R's ``optim(method = "Nelder-Mead", control = list(reltol = tolerance, maxit = max_evaluations))``: the
    first simplex steps each weight by 0.1 x the largest starting weight, the search stops when the objective
    differs by at most ``tolerance * (|f(start)| + tolerance)`` over the simplex, and ``max_evaluations``
    counts objective evaluations. The default tolerance is loose: with many nodes the first simplex often
    meets it (check ``table["share"]``; lower ``tolerance``, raise ``max_evaluations``). The weights are
    unconstrained, as in COINr: a negative weight means the targets cannot be met with weights >= 0, and a
    framework refuses it.

    Three departures from COINr: each target is paired with its own node (COINr's correlation table comes
    back sorted by code, so it pairs targets with nodes in alphabetical order of their codes, which a check in
    R confirmed: the pairing is by framework position only when the level's codes are in alphabetical
    order); the correlations reported are those at the returned weights (COINr reports the last trial's); and
    targets met exactly, or to rounding error (mean squared gap <= machine epsilon squared), end the search
    there (R would stop with an error at the start, or treat the point as the worst one).

    Parameters
    ----------
    result : BuildResult
        The nominal build (or ``framework, data, build`` in its place); it must end with its ``aggregate`` step,
        whose input it reuses.
    level : int
        The level whose weights are optimised, 1 to the level below the index.
    targets : "equal", sequence or dict, optional
        Relative importances of the level's nodes (framework order, or ``{code: target}`` for every node),
        non-negative; default equal. ``"balance"`` only.
    objective : {"balance", "infomax"}
    method : {"pearson", "spearman", "kendall"}
        Correlation type.
    tolerance : float
        COINr's ``toler`` (relative, on the objective); lower it for more accuracy.
    max_evaluations : int
        COINr's ``maxiter``.

    Returns
    -------
    OptimisedWeights
        ``weights`` can be used as ``Step("aggregate", {"weights": result.weights.to_dict()})``; ``table``
        (index: the level's codes) has columns ``target`` (shares; missing for infomax), ``correlation``,
        ``share`` (correlation / sum of correlations: COINr's ``Obtained`` for balance) and ``weight``.

    Example
    -------
    Two indicators whose standard deviations are 1 and 3 get equal correlations with their arithmetic mean
    when weighted in inverse proportion to them, 3/4 and 1/4:

    >>> from innovlib.composite.build import Build, Step, run_build
    >>> from innovlib.composite.data import CompositeData
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, -1, 1, -1], "y": [3.0, 3, -3, -3]}, index=list("ABCD")))
    >>> opt = optimised_weights(run_build(fw, d, Build([Step("aggregate")])), level=1, tolerance=1e-6)
    >>> opt.converged, opt.table["weight"].round(3).tolist(), opt.table["share"].round(4).tolist()
    (True, [0.75, 0.25], [0.5, 0.5])
    """
    from scipy.optimize import OptimizeResult, minimize

    framework, data, build = replay_inputs(result, "optimised_weights")
    _check_optimisation_arguments(framework, build, level, objective, method, tolerance, max_evaluations)
    params = build.steps[-1].params
    fw = framework.with_weights(params.weights) if params.weights else framework
    codes = fw.codes(level)
    if len(codes) < 2:
        raise StepError(f"optimised_weights: level {level} has a single node ({codes[0]}); nothing to optimise")
    target_shares = _target_shares(targets, codes, objective)
    index_code = fw.codes(fw.n_levels)[0]
    state = aggregate_input(result)
    all_weights = fw.weight_array().copy()
    positions = [fw.all_codes.index(c) for c in codes]

    def level_weights(w: np.ndarray) -> np.ndarray:
        weights = all_weights.copy()
        weights[positions] = w / w.sum()
        return weights

    def correlations_with_index(w: np.ndarray) -> np.ndarray:
        scores = aggregate_levels_array(state.array, state.columns, fw, params.method, level_weights(w), params.p,
                                        params.nonpositive, params.min_availability, codes=codes + [index_code])[0]
        table = pd.DataFrame(scores, columns=codes + [index_code])
        return table[codes].corrwith(table[index_code], method=method).to_numpy()

    def objective_value(w: np.ndarray) -> float:
        with np.errstate(divide="ignore", invalid="ignore"):
            r = correlations_with_index(np.asarray(w, float))
            if objective == "balance":
                squared_gap = np.mean((target_shares - r / r.sum()) ** 2)
                # Below rounding error the log only measures noise, which would keep the simplex from converging.
                value = -np.inf if squared_gap <= EXACT_MATCH_SQUARED_GAP else np.log(squared_gap)  # nan stays
            else:
                value = -r.sum()
        # R's optim replaces a value it cannot evaluate (e.g. weights summing to 0) by a huge one.
        return float(value) if not np.isnan(value) and value != np.inf else np.inf

    start = target_shares if objective == "balance" else all_weights[positions]
    first = objective_value(start)
    if first == np.inf:
        raise StepError(f"optimised_weights: the objective cannot be evaluated at the starting weights {start.tolist()}"
                        f" (correlations of level {level} with '{index_code}' undefined)")
    if first == -np.inf:  # the starting weights already meet the targets exactly
        search = OptimizeResult(x=start, fun=first, success=True, status=0, nfev=1, nit=0,
                                message="the starting weights meet the targets exactly")
    else:
        step = 0.1 * np.abs(start).max() or 0.1  # R's nmmin: the first simplex's step
        simplex = np.vstack([start, start + step * np.eye(len(start))])

        def stop_at_exact_match(intermediate_result):
            if intermediate_result.fun == -np.inf:
                raise StopIteration

        search = minimize(objective_value, start, method="Nelder-Mead", callback=stop_at_exact_match,
                          options={"initial_simplex": simplex, "xatol": np.inf, "maxfev": max_evaluations,
                                   "fatol": tolerance * (abs(first) + tolerance)})
        if search.fun == -np.inf:
            search.success, search.message = True, "the targets are met exactly"
    best = np.asarray(search.x, float) / np.sum(search.x)
    r = correlations_with_index(best)
    table = pd.DataFrame({"target": target_shares if objective == "balance" else np.nan, "correlation": r,
                          "share": r / r.sum(), "weight": best}, index=pd.Index(codes, name="code"))
    weights = pd.Series(level_weights(best), index=fw.all_codes, name="optimised_weight")
    return OptimisedWeights(weights, table, search)


def _check_optimisation_arguments(framework: Framework, build, level, objective, method, tolerance,
                                  max_evaluations) -> None:
    """One-line errors for the arguments of :func:`optimised_weights` a user can get wrong."""
    if isinstance(level, bool) or not isinstance(level, (int, np.integer)) or not 1 <= level < framework.n_levels:
        raise StepError(f"optimised_weights: level must be an integer between 1 and {framework.n_levels - 1}, "
                        f"got {level!r}")
    if not build.steps or build.steps[-1].name != "aggregate":
        raise StepError("optimised_weights: the build must end with its 'aggregate' step")
    if objective not in OPTIMISATION_OBJECTIVES:
        raise StepError(f"optimised_weights: objective must be one of {list(OPTIMISATION_OBJECTIVES)}, "
                        f"got {objective!r}")
    if method not in CORRELATION_METHODS:
        raise StepError(f"optimised_weights: method must be one of {list(CORRELATION_METHODS)}, got {method!r}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not 0 < tolerance < np.inf:
        raise StepError(f"optimised_weights: tolerance must be a positive number, got {tolerance!r}")
    if isinstance(max_evaluations, bool) or not isinstance(max_evaluations, (int, np.integer)) \
            or max_evaluations < 1:
        raise StepError(f"optimised_weights: max_evaluations must be a positive integer, got {max_evaluations!r}")


def _target_shares(targets, codes: list[str], objective: str) -> np.ndarray:
    """The targets of ``codes`` scaled to sum to 1 (equal if ``None`` or ``"equal"``)."""
    if objective == "infomax":
        if targets is not None:
            raise StepError("optimised_weights: targets apply to objective 'balance' only, not 'infomax'")
        return np.full(len(codes), np.nan)
    if targets is None or (isinstance(targets, str) and targets == "equal"):
        return np.full(len(codes), 1 / len(codes))
    if isinstance(targets, dict):
        if set(targets) != set(codes):
            raise StepError(f"optimised_weights: targets must name every code of the level, {codes}, "
                            f"got {sorted(targets)}")
        targets = [targets[c] for c in codes]
    if isinstance(targets, str) or not np.iterable(targets):
        raise StepError(f"optimised_weights: targets must be 'equal', one number per code of the level or a dict "
                        f"{{code: number}}, got {targets!r}")
    values = np.asarray(list(targets), dtype=object)
    numeric = all(isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool) for t in values)
    if len(values) != len(codes) or not numeric:
        raise StepError(f"optimised_weights: targets must be {len(codes)} numbers, one per code {codes}, "
                        f"got {list(values)!r}")
    values = values.astype(float)
    if not np.isfinite(values).all() or (values < 0).any() or values.sum() <= 0:
        raise StepError(f"optimised_weights: targets must be finite, >= 0 and not all 0, got {values.tolist()}")
    return values / values.sum()
