"""Statistical audit of a composite: correlations, Cronbach's alpha, PCA, optimised and effective weights."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib.composite.aggregate import aggregate_levels_array
from innovlib.composite.build import BuildResult, replay_inputs, takes_result
from innovlib.composite.errors import StepError
from innovlib.composite.framework import Framework
from innovlib.composite.results import rank_scores
from innovlib.rankings import rank


def ancestors(framework: Framework, code: str) -> list[str]:
    """Parent, grandparent, ... of a node up to the index.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "P", "I"], "level": [1, 2, 3], "parent": ["P", "I", None]}))
    >>> ancestors(fw, "x")
    ['P', 'I']
    """
    parent_of = dict(zip(framework.table["code"], framework.table["parent"]))
    out, node = [], parent_of[code]
    while node is not None:
        out.append(node)
        node = parent_of[node]
    return out


def correlations(values: pd.DataFrame, framework: Framework, level: int = 1, with_level: int | None = None,
                 within_parent: bool = False, method: str = "pearson") -> pd.DataFrame:
    """Correlations between the nodes of one level, or between one level and another.

    Parameters
    ----------
    values : pandas.DataFrame
        Units x codes (e.g. ``BuildResult.final.values``, which holds every level).
    with_level : int, optional
        If given, rows are the codes of ``level`` and columns those of ``with_level``.
    within_parent : bool
        Keep only pairs that share a parent (same level) or where the column is an ancestor of the row
        (across levels); other cells are NaN. This is the view a statistical audit checks first.
    method : {"pearson", "spearman", "kendall"}

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> v = pd.DataFrame({"x": [1.0, 2, 3], "y": [1.0, 2, 4], "I": [1.0, 2, 3.5]})
    >>> round(float(correlations(v, fw).loc["x", "y"]), 4)
    0.982
    """
    rows = framework.codes(level)
    cols = framework.codes(with_level) if with_level is not None else rows
    full = values[list(dict.fromkeys(rows + cols))].corr(method=method)
    table = full.loc[rows, cols].copy()
    if within_parent:
        parent_of = dict(zip(framework.table["code"], framework.table["parent"]))
        for r in rows:
            for c in cols:
                related = (parent_of[r] == parent_of[c]) if with_level is None else (c in ancestors(framework, r))
                if not related:
                    table.loc[r, c] = np.nan
    return table


def cronbach_alpha(values: pd.DataFrame) -> float:
    """Cronbach's alpha of the columns (complete cases): k/(k-1) * (1 - sum of item variances / total variance).

    Example
    -------
    >>> round(cronbach_alpha(pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 2, 4, 4], "c": [1.0, 3, 3, 5]})), 4)
    0.9333
    """
    x = values.dropna().to_numpy(float)
    k = x.shape[1]
    if k < 2:
        raise ValueError(f"cronbach_alpha: need at least 2 columns, got {k}")
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    return float(k / (k - 1) * (1 - item_var / total_var))


def alpha_by_aggregate(values: pd.DataFrame, framework: Framework) -> pd.Series:
    """Cronbach's alpha of the children of every aggregate that has at least two children.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> float(alpha_by_aggregate(pd.DataFrame({"a": [1.0, 2, 3], "b": [1.0, 2, 3]}), fw)["I"])
    1.0
    """
    out = {}
    for level in range(2, framework.n_levels + 1):
        for code in framework.codes(level):
            kids = framework.children(code)
            if len(kids) >= 2 and all(k in values.columns for k in kids):
                out[code] = cronbach_alpha(values[kids])
    return pd.Series(out, name="cronbach_alpha", dtype=float)


def pca(values: pd.DataFrame, codes: list[str] | None = None):
    """Principal components of standardised columns (complete cases), via SVD.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        ``summary`` (eigenvalue, explained share, cumulative share per component) and ``loadings``
        (codes x components, eigenvector entries, sign fixed so each column sums to >= 0).

    Example
    -------
    >>> summary, loadings = pca(pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 4, 6, 8.5]}))
    >>> round(float(summary.loc["PC1", "explained"]), 3)
    0.999
    """
    x = values[codes] if codes is not None else values
    x = x.dropna()
    z = (x - x.mean()) / x.std(ddof=1)
    _, s, vt = np.linalg.svd(z.to_numpy(float), full_matrices=False)
    eigen = s ** 2 / (len(z) - 1)
    names = [f"PC{i + 1}" for i in range(len(eigen))]
    signs = np.where(vt.sum(axis=1) < 0, -1.0, 1.0)
    loadings = pd.DataFrame((vt * signs[:, None]).T, index=x.columns, columns=names)
    summary = pd.DataFrame({"eigenvalue": eigen, "explained": eigen / eigen.sum(),
                            "cumulative": np.cumsum(eigen) / eigen.sum()}, index=names)
    return summary, loadings


def pca_weights(values: pd.DataFrame, framework: Framework, level: int = 1, by_groups: bool = True) -> pd.Series:
    """"PCA weights" of a level's nodes: the loadings of the first principal component (COINr's ``get_PCA``).

    As COINr, components come from standardised columns (complete cases), per group of siblings
    (``by_groups``) or over the whole level. COINr leaves the loadings' sign as the solver returns it; here
    each group's loadings are signed to sum to >= 0 (a principal component's sign is arbitrary). COINr's
    caution applies: loadings can be negative, and they favour the most correlated nodes. A group with a
    single node gets weight 1. Weights can be used as ``Step("aggregate", {"weights": dict(...)})``.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> pca_weights(pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [2.0, 1, 4, 3]}), fw).round(4).tolist()
    [0.7071, 0.7071]
    """
    codes = framework.codes(level)
    parent_of = dict(zip(framework.table["code"], framework.table["parent"]))
    groups = {}
    for c in codes:
        groups.setdefault(parent_of[c] if by_groups else None, []).append(c)
    weights = {}
    for members in groups.values():
        if len(members) == 1:
            weights[members[0]] = 1.0
            continue
        _, loadings = pca(values, members)
        weights.update(loadings["PC1"].to_dict())
    return pd.Series(weights, name="pca_weight").reindex(codes)


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


def aggregate_input(result: BuildResult):
    """The data the final ``aggregate`` step of ``result``'s build ran on (its input data if it is the only step).

    Example
    -------
    >>> from innovlib.composite.build import Build, Step, run_build
    >>> from innovlib.composite.data import CompositeData
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0]}, index=["A", "B"]))
    >>> aggregate_input(run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))).values["x"].tolist()
    [0.0, 100.0]
    """
    return result.datasets[-2] if len(result.build.steps) > 1 else result.data


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


def nominal_effective_weights(framework: Framework) -> pd.Series:
    """Weight of every node in the index: product of its weight share among siblings along the path up.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "P", "Q", "I"], "level": [1, 1, 1, 2, 2, 3],
    ...     "parent": ["P", "P", "Q", "I", "I", None]}))
    >>> nominal_effective_weights(fw)[["a", "c"]].tolist()
    [0.25, 0.5]
    """
    t = framework.table.set_index("code")
    share = {}
    for code, row in t.iterrows():
        if row["parent"] is None:
            share[code] = 1.0
        else:
            siblings = framework.children(row["parent"])
            share[code] = row["weight"] / t.loc[siblings, "weight"].sum()
    eff = {code: share[code] * np.prod([share[a] for a in ancestors(framework, code)]) for code in t.index}
    return pd.Series(eff, name="nominal_weight")


def effective_weights(values: pd.DataFrame, framework: Framework, level: int = 1,
                      target: str | None = None) -> pd.DataFrame:
    """Nominal vs effective (statistical) weights of a level's nodes in ``target`` (default: the index).

    The effective importance is the squared Pearson correlation of each node with the target, normalised to
    sum to 1 over the level (a linear version of the correlation-ratio measure of Paruolo, Saisana and
    Saltelli, 2013). Large gaps between the two columns flag nodes that drive the ranking more, or less,
    than their nominal weight says.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> v = pd.DataFrame({"x": [1.0, 2, 3, 4], "y": [1.0, 3, 2, 4]})
    >>> v["I"] = (v.x + v.y) / 2
    >>> effective_weights(v, fw)["nominal"].tolist()
    [0.5, 0.5]
    """
    target = target or framework.codes(framework.n_levels)[0]
    codes = framework.codes(level)
    nominal = nominal_effective_weights(framework)
    if target != framework.codes(framework.n_levels)[0]:
        nominal = nominal / nominal[target]
    r = values[codes].corrwith(values[target])
    r2 = r ** 2
    return pd.DataFrame({"nominal": nominal[codes] / nominal[codes].sum(), "correlation": r,
                         "effective": r2 / r2.sum()}, index=pd.Index(codes, name="code"))


def correlation_flags(values: pd.DataFrame, framework: Framework, threshold: float = 0.9, kind: str = "high",
                      group_level: int = 2, level: int = 1, method: str = "pearson",
                      decimals: int | None = 3) -> pd.DataFrame:
    """Pairs of nodes of ``level`` in the same group at ``group_level`` correlated above (or below) a threshold.

    COINr's ``get_corr_flags``: correlations use pairwise complete observations; ``kind="high"`` flags
    correlations strictly above ``threshold`` (possible double counting), ``"low"`` strictly below it (e.g.
    negative correlations within a pillar). Each pair is listed once, in framework order.

    Returns
    -------
    pandas.DataFrame
        Columns ``group, code_1, code_2, correlation``.

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["a", "b", "c", "P", "Q", "I"], "level": [1, 1, 1, 2, 2, 3],
    ...                              "parent": ["P", "P", "Q", "I", "I", None]}))
    >>> v = pd.DataFrame({"a": [1.0, 2, 3, 4], "b": [1.0, 2, 3, 5], "c": [1.0, 2, 3, 4]})
    >>> correlation_flags(v, fw, 0.9).values.tolist()  # a and c correlate perfectly, but sit in different pillars
    [['P', 'a', 'b', 0.983]]
    """
    if kind not in ("high", "low"):
        raise ValueError(f"correlation_flags: kind must be 'high' or 'low', got {kind!r}")
    if not -1 <= threshold <= 1:
        raise ValueError(f"correlation_flags: threshold must be in [-1, 1], got {threshold}")
    if not level < group_level <= framework.n_levels:
        raise ValueError(f"correlation_flags: group_level must be above level {level} and at most "
                         f"{framework.n_levels}, got {group_level}")
    codes = framework.codes(level)
    corr = values[codes].corr(method=method)
    group = {c: ancestors(framework, c)[group_level - level - 1] for c in codes}
    rows = []
    for i, a in enumerate(codes):
        for b in codes[i + 1:]:
            r = corr.loc[a, b]
            if group[a] == group[b] and not np.isnan(r) and (r > threshold if kind == "high" else r < threshold):
                rows.append((group[a], a, b, round(float(r), decimals) if decimals is not None else float(r)))
    return pd.DataFrame(rows, columns=["group", "code_1", "code_2", "correlation"])


def compare_builds(first, second, code: str | None = None, by: str = "ranks", sort_by: str | None = None,
                   descending: bool = False) -> pd.DataFrame:
    """Compare one code (default: the index) between two builds, unit by unit (COINr's ``compare_coins``).

    Units of either build are kept (a unit missing from one has a missing value there). With ``by="ranks"``
    each build's scores are ranked (highest = 1, ties: min, missing stays missing) before comparing.

    Parameters
    ----------
    first, second : BuildResult
        Two builds, e.g. ``run_build(fw, data, build)`` and the same with one step changed.
    sort_by : {"first", "second", "difference", "abs_difference"}, optional

    Returns
    -------
    pandas.DataFrame
        Index = unit; columns ``first``, ``second``, ``difference`` (first - second), ``abs_difference``.

    Example
    -------
    >>> from innovlib.composite.build import Build, Step, run_build
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> from innovlib.composite.data import CompositeData
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0, 9.0], "y": [5.0, 3.0, 0.0]}, index=["A", "B", "C"]))
    >>> a = run_build(fw, d, Build([Step("normalise"), Step("aggregate")]))
    >>> b = run_build(fw, d, Build([Step("normalise", {"method": "rank"}), Step("aggregate")]))
    >>> table = compare_builds(a, b)  # index (50, 36.25, 50) and (2, 2, 2)
    >>> table["first"].tolist(), table["difference"].tolist()
    ([1.0, 3.0, 1.0], [0.0, 2.0, 0.0])
    """
    if by not in ("ranks", "scores"):
        raise ValueError(f"compare_builds: by must be 'ranks' or 'scores', got {by!r}")
    code = code or first.framework.codes(first.framework.n_levels)[0]
    columns = {}
    for name, result in (("first", first), ("second", second)):
        values = result.final.values
        if code not in values.columns:
            raise ValueError(f"compare_builds: code '{code}' not in the {name} build's data")
        columns[name] = values[code]
    table = pd.concat(columns, axis=1)  # outer join on units
    if by == "ranks":
        table = table.apply(lambda s: rank(s, ties="min").astype(float))
    table["difference"] = table["first"] - table["second"]
    table["abs_difference"] = table["difference"].abs()
    if sort_by is not None:
        if sort_by not in table.columns:
            raise ValueError(f"compare_builds: sort_by must be one of {list(table.columns)}, got {sort_by!r}")
        table = table.sort_values(sort_by, ascending=not descending, kind="stable")
    return table


@dataclass(frozen=True)
class RemovalResult:
    """What :func:`remove_elements` returns (COINr's list of the same name)."""

    scores: pd.DataFrame  # units x (Nominal, each removed code)
    ranks: pd.DataFrame
    rank_changes: pd.DataFrame  # nominal rank - rank without the element (positive: the unit moves up)
    abs_rank_changes: pd.DataFrame
    mean_abs_rank_change: pd.Series  # per removed code


@takes_result
def remove_elements(result: BuildResult, level: int, code: str | None = None) -> RemovalResult:
    """Scores and rank changes of ``code`` (default: the index) when each node of ``level`` is removed in turn.

    As COINr's ``remove_elements``: "removing" a node sets its weight to zero, all other weights unchanged,
    and the build's final aggregation is rerun on the input the nominal ``result`` gave it (``framework, data,
    build`` may be given in place of ``result``). The build must end with its ``aggregate`` step; aggregation
    methods that ignore weights (``copeland``) are unaffected by removal. A parent whose children all have zero
    weight has no score, and is skipped by the level above as a missing value would be.

    Example
    -------
    >>> from innovlib.composite.build import Build, Step, run_build
    >>> from innovlib.composite.data import CompositeData
    >>> fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [3.0, 2.5, 0.0]}, index=["A", "B", "C"]))
    >>> r = remove_elements(run_build(fw, d, Build([Step("normalise"), Step("aggregate")])), level=1)
    >>> r.ranks.to_dict("list")  # index (50, 66.7, 50); without x it is y, without y it is x
    {'Nominal': [2.0, 1.0, 2.0], 'x': [1.0, 2.0, 3.0], 'y': [3.0, 2.0, 1.0]}
    >>> r.mean_abs_rank_change.tolist()
    [1.0, 1.0]
    """
    framework, data, build = replay_inputs(result, "remove_elements")
    if not 1 <= level < framework.n_levels:
        raise StepError(f"remove_elements: level must be between 1 and {framework.n_levels - 1}, got {level}")
    if not build.steps or build.steps[-1].name != "aggregate":
        raise StepError("remove_elements: the build must end with its 'aggregate' step")
    params = build.steps[-1].params
    fw = framework.with_weights(params.weights) if params.weights else framework
    code = code or fw.codes(fw.n_levels)[0]
    state = aggregate_input(result)
    removed = fw.codes(level)
    weights = np.repeat(fw.weight_array()[None, :], len(removed) + 1, axis=0)
    for i, c in enumerate(removed):
        weights[i + 1, fw.all_codes.index(c)] = 0.0
    scores = aggregate_levels_array(state.array, state.columns, fw, params.method, weights, params.p,
                                    params.nonpositive, params.min_availability, codes=[code])[:, :, 0].T
    names = ["Nominal"] + removed
    score_table = pd.DataFrame(scores, index=state.units, columns=names)
    ranks = pd.DataFrame(rank_scores(scores, axis=0), index=state.units, columns=names)
    changes = ranks[removed].rsub(ranks["Nominal"], axis=0)
    return RemovalResult(score_table, ranks, changes, changes.abs(), changes.abs().mean(axis=0))
