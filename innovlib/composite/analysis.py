"""Statistical audit of a composite: correlations, Cronbach's alpha, PCA and effective weights."""

from __future__ import annotations

import numpy as np
import pandas as pd

from innovlib.composite.framework import Framework


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
