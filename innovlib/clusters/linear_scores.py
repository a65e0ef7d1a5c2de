"""Scores linear in one unpublished share: each cluster's sum of shares as ``base + coef * x`` with its rounding
slack, ready for :func:`innovlib.clusters.feasibility.feasibility_interval`.

Example
-------
>>> known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None]}, index=["SZ", "TY"])
>>> base, coef, slack = scores_without(known, ("TY", "pub"), metrics=["pct", "pub"])
>>> base, coef
({'SZ': 11.4, 'TY': 10.3}, {'SZ': 0.0, 'TY': 1.0})
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from innovlib.clusters.validation import METRICS, ClusterDataError, check_metrics


@dataclass(frozen=True)
class LinearScores:
    """Scores ``base + coef * x`` in one unknown share ``x``, and each score's rounding half-width (``slack``).

    Example
    -------
    >>> base, coef, slack = LinearScores({"SZ": 14.3, "TY": 12.5}, {"SZ": 0.0, "TY": 1.0}, {"SZ": 0.15, "TY": 0.1})
    >>> base["TY"] + coef["TY"] * 1.8   # Tokyo's score when its unknown share is 1.8
    14.3
    """

    base: dict
    coef: dict
    slack: dict

    def __iter__(self):
        return iter((self.base, self.coef, self.slack))


def scores_without(known: pd.DataFrame, unknown: tuple[str, str], metric_left_out: str | None = None, *,
                   metrics: Sequence[str] = ("pct", "pub", "vc"), decimals: int = 1) -> LinearScores:
    """Each cluster's sum of shares, with one metric left out, as a linear function of one unpublished share.

    Parameters
    ----------
    known : DataFrame
        Published shares (percent), one row per cluster, one column per metric; NaN where unpublished.
    unknown : (cluster, metric)
        The one unpublished share, the unknown ``x``. Every other share of the kept metrics must be known.
    metric_left_out : str or None
        Metric dropped from the sum (None = all ``metrics``, the plain sum WIPO uses).
    metrics : sequence of str
        The method's metrics (default: WIPO's 2025 method).
    decimals : int
        Decimals the shares are published to; each known share contributes half a rounding step to ``slack``.

    Returns
    -------
    LinearScores
        ``base`` (sum of the known kept shares), ``coef`` (1 for the unknown's cluster when its metric is kept,
        else 0) and ``slack``, per cluster; unpacks as ``base, coef, slack`` for :func:`feasibility_interval`.

    Example
    -------
    >>> known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]}, index=["SZ", "TY"])
    >>> s = scores_without(known, ("TY", "pub"))
    >>> round(s.base["SZ"], 2), round(s.base["TY"], 2), s.coef["TY"], round(s.slack["SZ"], 2)
    (14.3, 12.5, 1.0, 0.15)
    >>> round(scores_without(known, ("TY", "pub"), "vc").base["SZ"], 2)
    11.4
    """
    metrics = check_metrics(metrics)
    cluster, unknown_metric = unknown
    if metric_left_out is not None and metric_left_out not in metrics:
        raise ValueError(f"cannot leave out {metric_left_out!r}: it is not one of the metrics {', '.join(metrics)}")
    kept = [m for m in metrics if m != metric_left_out]
    missing_columns = [m for m in kept if m not in known.columns]
    if missing_columns:
        raise ValueError(f"no published shares for metric(s) {', '.join(missing_columns)}")
    if cluster not in known.index:
        raise KeyError(f"cluster {cluster!r} is not in the table of published shares")
    table = known[kept].astype(float)
    gaps = [(c, m) for c in table.index for m in kept if math.isnan(table.loc[c, m]) and (c, m) != (cluster, unknown_metric)]
    if gaps:
        c, m = gaps[0]
        raise ClusterDataError(f"{c}'s {METRICS[m]} share is not published: only one unknown share ({cluster}, "
                               f"{unknown_metric}) can be solved for")
    half = 0.5 * 10.0 ** (-decimals)
    base = {c: float(table.loc[c].sum(skipna=True)) for c in table.index}
    coef = {c: (1.0 if (c == cluster and unknown_metric in kept) else 0.0) for c in table.index}
    slack = {c: half * int(table.loc[c].notna().sum()) for c in table.index}
    return LinearScores(base, coef, slack)
