"""The vocabulary and the checks every cluster computation makes first: known metrics, weights, sound tables.

WIPO's Global Innovation Index ranks science & technology clusters by the sum of their shares of world totals:
PCT applications (``pct``) and scientific articles (``pub``) until 2024, plus venture-capital deals (``vc``) from
2025. A bad table raises :class:`ClusterDataError` naming the table, the row (cluster) and the column.

Example
-------
>>> check_metrics(["pct", "pub", "vc"])
['pct', 'pub', 'vc']
>>> metric_weights(["pct", "pub"], {"pct": 2, "pub": 1}).tolist()
[2.0, 1.0]
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from innovlib.errors import InnovlibError

METRICS = {"pct": "PCT applications", "pub": "scientific publications", "vc": "venture-capital deals"}
RANK_METHODS = ("min", "dense", "first", "max", "average")


class ClusterDataError(InnovlibError, ValueError):
    """Cluster data that cannot be scored: the message names the table, the row (cluster) and the column."""



def check_metrics(metrics: Iterable[str]) -> list[str]:
    """Return ``metrics`` as a list, or raise naming any unknown metric and the known ones.

    Example
    -------
    >>> check_metrics(["pct", "pub"])
    ['pct', 'pub']
    >>> check_metrics(["pct", "citations"])
    Traceback (most recent call last):
    ...
    ValueError: unknown metric 'citations'; known metrics: pct (PCT applications), pub (scientific publications), vc (venture-capital deals)
    """
    metrics = list(metrics)
    if not metrics:
        raise ValueError("no metric given; choose from " + ", ".join(METRICS))
    for metric in metrics:
        if metric not in METRICS:
            known = ", ".join(f"{k} ({v})" for k, v in METRICS.items())
            raise ValueError(f"unknown metric {metric!r}; known metrics: {known}")
    if len(set(metrics)) != len(metrics):
        raise ValueError(f"metric listed twice in {metrics}")
    return metrics


def validate_metric_table(table: pd.DataFrame, *, name: str = "table", cluster_column: str = "cluster",
                          edition_column: str | None = "edition", count_columns: Sequence[str] = (),
                          share_columns: Sequence[str] = ()) -> None:
    """Check a long or wide table of cluster figures before scoring it.

    Raises :class:`ClusterDataError` for a cluster listed twice in one edition, a negative count, or a share
    outside 0-100 %, naming the table, the row (1 = first data row) and the column.

    Example
    -------
    >>> bad = pd.DataFrame({"edition": [2023, 2023], "cluster": ["Seoul", "Seoul"], "pct": [1.0, 2.0]})
    >>> validate_metric_table(bad, name="demo", share_columns=["pct"])
    Traceback (most recent call last):
    ...
    innovlib.clusters.validation.ClusterDataError: demo, row 2, column 'cluster': duplicate cluster 'Seoul' in edition 2023
    """
    keys = [c for c in (edition_column, cluster_column) if c]
    duplicated = table.duplicated(subset=keys, keep="first")
    if duplicated.any():
        position = int(np.flatnonzero(duplicated.to_numpy())[0])
        row = table.iloc[position]
        where = f" in edition {row[edition_column]}" if edition_column else ""
        raise ClusterDataError(f"{name}, row {position + 1}, column '{cluster_column}': duplicate cluster "
                               f"{row[cluster_column]!r}{where}")
    for column in count_columns:
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero(values < 0)
        if bad.size:
            raise ClusterDataError(f"{name}, row {bad[0] + 1}, column '{column}': negative count {values[bad[0]]:g}; "
                                   "counts must be >= 0")
    for column in share_columns:
        values = pd.to_numeric(table[column], errors="coerce").to_numpy(dtype=float)
        bad = np.flatnonzero((values < 0) | (values > 100))
        if bad.size:
            raise ClusterDataError(f"{name}, row {bad[0] + 1}, column '{column}': share {values[bad[0]]:g} is outside "
                                   "0-100 (percent of the world total)")



def metric_weights(metrics: list[str], weights) -> np.ndarray:
    """Weights as an array aligned with ``metrics``; equal weights (1 each: WIPO's plain sum) by default.

    ``weights`` is a mapping metric -> weight, a sequence aligned with ``metrics``, or None (or empty). Weights must
    be >= 0 and not all zero.

    Example
    -------
    >>> metric_weights(["pct", "pub"], None).tolist()
    [1.0, 1.0]
    >>> metric_weights(["pct", "pub"], {"pub": 3.0, "pct": 0.5}).tolist()   # aligned with the metrics, not the mapping
    [0.5, 3.0]
    >>> metric_weights(["pct", "pub"], [1.0])
    Traceback (most recent call last):
    ...
    ValueError: 1 weights given for 2 metrics ['pct', 'pub']
    """
    if weights is None or (not isinstance(weights, Mapping) and len(weights) == 0):
        return np.ones(len(metrics))
    if isinstance(weights, Mapping):
        check_metrics(weights)
        missing = [m for m in metrics if m not in weights]
        if missing:
            raise ValueError(f"no weight given for metric(s) {missing}")
        values = np.array([float(weights[m]) for m in metrics])
    else:
        values = np.asarray(weights, dtype=float)
        if values.shape != (len(metrics),):
            raise ValueError(f"{len(values)} weights given for {len(metrics)} metrics {metrics}")
    if np.any(values < 0) or not np.any(values > 0):
        raise ValueError(f"weights must be >= 0 and not all zero, got {values.tolist()}")
    return values
