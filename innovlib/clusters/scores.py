"""World shares and scores: the shares table, shares of world totals, combined scores, ranks with explicit ties,
rank changes, ranks with one metric left out, and per-capita intensity. Pure functions: tables in, tables out.

A *shares table* is a DataFrame indexed by cluster with one column per metric, in percent of the world total.

Example
-------
>>> shares = pd.DataFrame({"pct": [10.1, 9.0], "pub": [1.5, 2.1]}, index=["Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou"])
>>> combined_score(shares).round(1).tolist()
[11.6, 11.1]
>>> rank_with_ties(combined_score(shares), method="min").tolist()
[1, 2]
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from innovlib.clusters.validation import (METRICS, RANK_METHODS, ClusterDataError, check_metrics, metric_weights,
                                          validate_metric_table)
from innovlib.rankings import rank  # the one ranking implementation (scipy.stats.rankdata)


def shares_table(metric_values: pd.DataFrame, edition: int, metrics: Sequence[str], *, value: str = "world_share",
                 complete: bool = True) -> pd.DataFrame:
    """Pivot the long ``metric_values`` resource into a wide table: one row per cluster, one column per metric.

    ``complete=True`` keeps only clusters with a figure for every metric. Duplicated (edition, cluster, metric)
    rows from different sources are an error: pick a source first.

    Example
    -------
    >>> long = pd.DataFrame({"edition": [2023] * 2, "cluster": ["Seoul"] * 2, "metric": ["pct", "pub"],
    ...                      "world_share": [5.1, 1.8]})
    >>> shares_table(long, 2023, ["pct", "pub"]).loc["Seoul"].tolist()
    [5.1, 1.8]
    """
    metrics = check_metrics(metrics)
    rows = metric_values[(metric_values["edition"] == edition) & metric_values["metric"].isin(metrics)]
    rows = rows[rows[value].notna()]
    duplicated = rows.duplicated(subset=["cluster", "metric"])
    if duplicated.any():
        row = rows[duplicated].iloc[0]
        raise ClusterDataError(f"metric_values, edition {edition}: cluster {row['cluster']!r} has several "
                               f"'{row['metric']}' figures (from several sources); choose one source first")
    wide = rows.pivot(index="cluster", columns="metric", values=value).reindex(columns=metrics).astype(float)
    wide.columns.name = None
    return wide.dropna() if complete else wide


def world_share(counts, world_total: float):
    """Share of the world total in percent: ``100 * counts / world_total``.

    Example
    -------
    >>> world_share(np.array([25.0, 50.0]), 200.0).tolist()
    [12.5, 25.0]
    >>> world_share(-1.0, 10.0)
    Traceback (most recent call last):
    ...
    innovlib.clusters.validation.ClusterDataError: negative count -1; counts must be >= 0
    """
    values = np.asarray(counts, dtype=float)
    if not world_total > 0:
        raise ClusterDataError(f"world total must be > 0, not {world_total!r}")
    if np.any(values < 0):
        raise ClusterDataError(f"negative count {values[values < 0].flat[0]:g}; counts must be >= 0")
    shares = 100.0 * values / world_total
    if np.any(shares > 100):
        raise ClusterDataError(f"a count exceeds the world total {world_total:g} (share above 100 %)")
    if isinstance(counts, pd.Series):
        return pd.Series(shares, index=counts.index, name=counts.name)
    return shares if shares.ndim else float(shares)


def world_total_bounds(counts, shares, decimals: int = 1) -> tuple[float, float]:
    """Interval of world totals consistent with counts and their published, rounded shares.

    A share ``s`` published to ``decimals`` places means ``s - h <= 100 * count / W < s + h`` with
    ``h = 0.5 * 10**-decimals``, so ``100 * count / (s + h) < W <= 100 * count / (s - h)``. The interval for the
    world total ``W`` is the intersection over all clusters (shares of 0.0 give no upper bound). This bounds the
    world total; it does not estimate it.

    Example
    -------
    >>> [round(b, 3) for b in world_total_bounds([10, 20], [10.0, 20.0])]
    [99.751, 100.251]
    """
    counts = np.asarray(counts, dtype=float)
    shares = np.asarray(shares, dtype=float)
    keep = ~(np.isnan(counts) | np.isnan(shares))
    counts, shares = counts[keep], shares[keep]
    half = 0.5 * 10.0 ** (-decimals)
    lower = np.max(100.0 * counts / (shares + half))
    with np.errstate(divide="ignore"):
        upper_each = np.where(shares - half > 0, 100.0 * counts / np.where(shares - half > 0, shares - half, 1), np.inf)
    upper = float(np.min(upper_each))
    if lower > upper:
        raise ClusterDataError(f"the published shares are inconsistent with the counts: no world total fits "
                               f"(lower bound {lower:g} > upper bound {upper:g})")
    return float(lower), upper


def combined_score(shares: pd.DataFrame, weights=None, metrics: Sequence[str] | None = None) -> pd.Series:
    """Weighted sum of world shares (percent) over ``metrics``; equal weights of 1 give WIPO's plain sum.

    Parameters
    ----------
    shares : DataFrame
        One row per cluster, one column per metric (percent of world totals).
    weights : mapping metric -> weight, sequence aligned with ``metrics``, or None
        None (or empty) = equal weights of 1 each.
    metrics : list of str, optional
        Subset of metrics to combine (default: every metric column of ``shares``).

    Example
    -------
    >>> s = pd.DataFrame({"pct": [3.0, 1.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    >>> combined_score(s).tolist()
    [4.0, 3.0]
    >>> combined_score(s, weights={"pct": 0.5, "pub": 1.5}).tolist()
    [3.0, 3.5]
    >>> combined_score(s, metrics=["pub"]).tolist()
    [1.0, 2.0]
    """
    metrics = check_metrics(metrics if metrics is not None else [c for c in shares.columns if c in METRICS])
    missing = [m for m in metrics if m not in shares.columns]
    if missing:
        raise ValueError(f"the shares table has no column for metric(s) {missing}; it has {list(shares.columns)}")
    validate_metric_table(shares.reset_index(), name="shares", cluster_column=shares.index.name or "index",
                          edition_column=None, share_columns=metrics)
    w = metric_weights(metrics, weights)
    score = shares[metrics].to_numpy(dtype=float) @ w
    return pd.Series(score, index=shares.index, name="score")


def rank_with_ties(scores: pd.Series, *, method: str, ascending: bool = False) -> pd.Series:
    """Rank scores, highest first, with an explicit rule for ties.

    ``method``: ``"min"`` (1, 2, 2, 4: competition ranking), ``"dense"`` (1, 2, 2, 3), ``"max"`` (1, 3, 3, 4),
    ``"average"`` (1, 2.5, 2.5, 4) or ``"first"`` (order of appearance breaks ties).

    Example
    -------
    >>> s = pd.Series([5.0, 3.0, 3.0, 1.0], index=list("ABCD"))
    >>> rank_with_ties(s, method="min").tolist()
    [1, 2, 2, 4]
    >>> rank_with_ties(s, method="dense").tolist()
    [1, 2, 2, 3]
    >>> rank_with_ties(s, method="first").tolist()
    [1, 2, 3, 4]
    """
    if method not in RANK_METHODS:
        raise ValueError(f"method must be one of {RANK_METHODS}, not {method!r}")
    return rank(scores, ties=method, ascending=ascending)


def rank_change(previous: pd.Series, current: pd.Series) -> pd.Series:
    """Places gained since the previous edition (``previous - current``; positive = moved up).

    Both series are indexed by cluster name (canonical names: the dataset's foreign keys enforce them at load); a
    cluster without a previous rank gets a missing value.

    Example
    -------
    >>> prev = pd.Series({"London": 21, "Bengaluru": 56})
    >>> now = pd.Series({"London": 8, "Bengaluru": 21, "Dublin": 71})
    >>> rank_change(prev, now).tolist()
    [13, 35, <NA>]
    """
    aligned = previous.reindex(current.index).astype("Int64")
    return (aligned - current.astype("Int64")).rename("rank_change")


def leave_one_metric_out(shares: pd.DataFrame, metrics: Sequence[str], *, weights=None,
                         method: str = "min") -> pd.DataFrame:
    """Ranks with all ``metrics`` and with each metric left out in turn (same weights for the others).

    Returns one row per cluster: ``rank_all`` and ``rank_without_<metric>`` for each metric.

    Example
    -------
    >>> s = pd.DataFrame({"pct": [10.0, 9.0], "pub": [1.5, 2.4], "vc": [2.2, 2.9]}, index=["Tokyo", "Shenzhen"])
    >>> lomo = leave_one_metric_out(s, ["pct", "pub", "vc"])
    >>> lomo.loc["Shenzhen"].tolist()   # 1st with all three metrics, 2nd without VC deals
    [1, 1, 2, 2]
    """
    metrics = check_metrics(metrics)
    if len(metrics) < 2:
        raise ValueError("leave-one-metric-out needs at least two metrics")
    w = metric_weights(metrics, weights)
    table = {"rank_all": rank_with_ties(combined_score(shares, w, metrics), method=method)}
    for i, metric in enumerate(metrics):
        rest = [m for m in metrics if m != metric]
        rest_w = np.delete(w, i)
        if not np.any(rest_w > 0):
            raise ValueError(f"without {metric!r} every remaining weight is zero")
        table[f"rank_without_{metric}"] = rank_with_ties(combined_score(shares, rest_w, rest), method=method)
    return pd.DataFrame(table)


def intensity(counts, population, *, per: float = 1e6):
    """Per-capita intensity: ``counts / population * per`` (default per million inhabitants).

    Example
    -------
    >>> intensity(pd.Series({"Cambridge": 1500.0}), pd.Series({"Cambridge": 500_000.0})).tolist()
    [3000.0]
    >>> intensity(10.0, 0.0)
    Traceback (most recent call last):
    ...
    innovlib.clusters.validation.ClusterDataError: population must be > 0 (got 0)
    """
    counts_arr = np.asarray(counts, dtype=float)
    pop = np.asarray(population, dtype=float)
    if np.any(counts_arr < 0):
        raise ClusterDataError("negative count; counts must be >= 0")
    if np.any(~(pop > 0)):
        raise ClusterDataError(f"population must be > 0 (got {pop[~(pop > 0)].flat[0]:g})")
    if isinstance(counts, pd.Series):
        population = pd.Series(population).reindex(counts.index) if isinstance(population, pd.Series) else population
        return (counts / population * per).rename("per_capita")
    value = counts_arr / pop * per
    return value if value.ndim else float(value)
