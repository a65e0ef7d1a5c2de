"""Statistical audit of a composite: correlations, Cronbach's alpha, PCA, effective weights, comparing builds and
removing elements (optimised weights are in :mod:`innovlib.composite.weighting`)."""

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
