"""Robustness of the cluster ranking, by the composite engine: ranks under random weights (uncertainty analysis)
and Sobol indices of each rank over the weights and the way shares are combined (sensitivity analysis).

The cluster score is written as a composite framework (:func:`score_framework`), so the engine's analyses apply
unchanged; the engine itself knows nothing of clusters.

Example
-------
>>> s = pd.DataFrame({"pct": [10.0, 1.0], "pub": [9.0, 2.0]}, index=["A", "B"])
>>> rank_intervals(s, ["pct", "pub"], n_draws=50)["Q95"].tolist()   # A leads on both metrics
[1.0, 2.0]
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from innovlib.clusters.validation import check_metrics, metric_weights, validate_metric_table
from innovlib.composite import Build, CompositeData, Framework, Step
from innovlib.composite.sensitivity import unit_sensitivity
from innovlib.composite.uncertainty import Choice, DirichletWeights, uncertainty_analysis

SCORE = "score"  # code of the combined score in the composite framework of the cluster score


def score_framework(metrics: Sequence[str], weights=None):
    """The cluster score as a composite framework: each metric at level 1 (with its weight), the score at level 2.

    Its arithmetic aggregate is the weighted mean of the shares, which ranks clusters as the weighted sum does
    (the two differ by the constant sum of weights), so the composite engine's analyses apply unchanged.

    Example
    -------
    >>> score_framework(["pct", "pub"], [1.0, 3.0]).weights().tolist()
    [1.0, 3.0, 1.0]
    """
    metrics = check_metrics(metrics)
    w = metric_weights(metrics, weights)
    return Framework(pd.DataFrame({"code": [*metrics, SCORE], "level": [1] * len(metrics) + [2],
                                   "parent": [SCORE] * len(metrics) + [None], "weight": [*w, 1.0]}))


def _score_inputs(shares: pd.DataFrame, metrics: Sequence[str], weights):
    """Framework, data and build of the cluster score, after the checks every scoring makes."""
    framework = score_framework(metrics, weights)
    metrics = check_metrics(metrics)
    validate_metric_table(shares.reset_index(), name="shares", cluster_column=shares.index.name or "index",
                          edition_column=None, share_columns=metrics)
    return framework, CompositeData(shares[metrics].astype(float)), Build([Step("aggregate")])


def rank_intervals(shares: pd.DataFrame, metrics: Sequence[str], *, weights=None, n_draws: int = 1000,
                   concentration: float = 20.0, seed: int = 0) -> pd.DataFrame:
    """Ranks under random metric weights, by the composite engine's uncertainty analysis.

    Weights are Dirichlet draws centred on ``weights`` (equal by default) with their sum kept
    (:class:`~innovlib.composite.uncertainty.DirichletWeights`); a larger ``concentration`` keeps them closer
    (20 gives each weight of a two-metric score a standard deviation of about 0.15 around 1).

    Returns
    -------
    pandas.DataFrame
        Per cluster (index ``cluster``), sorted by nominal rank: ``Nominal`` (rank under ``weights``), ``Mean``,
        ``Median``, ``Q5`` and ``Q95`` of the ranks over the ``n_draws`` draws (ties share the best rank).

    Example
    -------
    >>> s = pd.DataFrame({"pct": [10.0, 1.0, 5.0], "pub": [9.0, 2.0, 4.0]}, index=["A", "B", "C"])
    >>> r = rank_intervals(s, ["pct", "pub"], n_draws=200, seed=1)
    >>> r.loc["A", ["Nominal", "Q5", "Q95"]].tolist()  # A leads on both metrics: 1st under every draw
    [1.0, 1.0, 1.0]
    """
    if n_draws < 1:
        raise ValueError(f"n_draws must be >= 1, not {n_draws}")
    framework, data, build = _score_inputs(shares, metrics, weights)
    result = uncertainty_analysis(framework, data, build, weight_noise=[DirichletWeights(1, concentration)],
                                  n=n_draws, seed=seed)
    stats = result.rank_stats().sort_values("Nominal", kind="stable")
    return stats.rename_axis("cluster")


def rank_sensitivity(shares: pd.DataFrame, metrics: Sequence[str], *, weights=None, concentration: float = 20.0,
                     methods: Sequence[str] = ("arithmetic", "geometric"), n: int = 256, seed: int = 0):
    """Sobol indices of each cluster's rank over the metric weights and the way shares are combined.

    Two uncertain inputs, sampled in one SALib design by
    :func:`~innovlib.composite.sensitivity.unit_sensitivity`: the weights (Dirichlet draws centred on
    ``weights``, as :func:`rank_intervals`) and the aggregation ``methods`` (WIPO's sum ranks as the
    arithmetic mean; the geometric mean rewards clusters strong on every metric). Shares must be > 0 for the
    geometric mean.

    Returns
    -------
    innovlib.composite.sensitivity.UnitSensitivity
        Inputs ``aggregation`` and ``weights level 1``; a cluster whose rank never moves has NaN indices.

    Example
    -------
    >>> s = pd.DataFrame({"pct": [10.0, 1.0, 5.0], "pub": [1.0, 9.0, 5.0]}, index=["A", "B", "C"])
    >>> rank_sensitivity(s, ["pct", "pub"], n=64).inputs
    ['aggregation', 'weights level 1']
    """
    framework, data, build = _score_inputs(shares, metrics, weights)
    choices = [Choice.values("aggregate", "method", list(methods), name="aggregation")]
    return unit_sensitivity(framework, data, build, choices, [DirichletWeights(1, concentration)], n=n, seed=seed)
