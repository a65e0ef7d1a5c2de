"""The composite what-if: re-rank the clusters live under other weights, normalisation and aggregation
(:mod:`innovlib.composite`), and solve exactly for the weights at which a chosen unit reaches a chosen rank
(:func:`innovlib.clusters.feasibility_interval`, no sampling), plus the views of ``composite_index`` and
``gii_clusters``.

Why the solution is exact: the index is a weighted mean of the normalised indicators, and normalisation does not
depend on the weights. With every weight but one fixed, the mean times the weight sum (positive, the same for every
unit, so the order is unchanged) is linear in the free weight ``x`` for the arithmetic mean, and so is its
logarithm for the geometric mean and minus the sum of ``w / v`` for the harmonic mean. "Unit A ahead of unit B" is
then one linear inequality in ``x``, whose interval :func:`~innovlib.clusters.feasibility_interval` solves; a rank
of at most ``k`` holds where at most ``k - 1`` of those inequalities fail.

Example
-------
>>> shares = pd.DataFrame({"pct": [6.0, 4.0, 1.0], "pub": [1.0, 2.0, 3.0]}, index=["A", "B", "C"])
>>> w = what_if(shares, [1.0, 1.0], "none", "arithmetic")
>>> w.ranking()["Rank"].to_dict()
{'A': 1, 'B': 2, 'C': 3}
>>> w.weight_for_rank("C", 1, "pub")   # 1 + 3x beats 6 + x once x > 2.5, and 4 + 2x once x > 3
[(3.0, inf)]
>>> w.weight_for_rank("C", 2, "pub")
[(2.5, inf)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib import analyses, claims, findings, plots
from innovlib import clusters as cl
from innovlib.composite import Build, CompositeData, Framework, Step, run_build
from innovlib.composite.build import BuildResult
from innovlib.explore.base import View, audit_view, figure_png, load_once

NORMALISATIONS = tuple(analyses.composite_index.NORMALISATIONS)
AGGREGATIONS = ("arithmetic", "geometric", "harmonic")
# The order a weighted mean gives, as a sum linear in the weights: value -> term (higher term, higher index).
_TERMS = {"arithmetic": lambda v: v, "geometric": np.log, "harmonic": lambda v: -1.0 / v}


def framework(indicators: list[str], weights) -> Framework:
    """Indicators (level 1) under one index (level 2) with their weights: the shape of WIPO's size score
    (:func:`innovlib.analyses.composite_index.framework`) for any set of metrics.

    Example
    -------
    >>> framework(["pct", "pub", "vc"], [1, 1, 2]).table["weight"].tolist()
    [1.0, 1.0, 2.0, 1.0]
    """
    if len(weights) != len(indicators):
        raise ValueError(f"weights: expected {len(indicators)} numbers ({', '.join(indicators)}), got {len(weights)}")
    return Framework(pd.DataFrame({
        "code": [*indicators, "Index"], "level": [1] * len(indicators) + [2],
        "parent": ["Index"] * len(indicators) + [None], "direction": [1] * (len(indicators) + 1),
        "weight": [float(w) for w in weights] + [1.0]}))


@dataclass(frozen=True)
class WhatIf:
    """A ranking rebuilt under chosen weights, normalisation and aggregation (``result`` of
    :func:`innovlib.composite.run_build`), with the exact weight solver.

    Example
    -------
    >>> s = pd.DataFrame({"a": [2.0, 1.0], "b": [1.0, 3.0]}, index=["X", "Y"])
    >>> what_if(s, [1.0, 1.0], "none", "arithmetic").rank_of("Y")
    1
    """

    result: BuildResult
    indicators: list
    weights: list
    aggregation: str

    def ranking(self, decimals: int | None = 3) -> pd.DataFrame:
        return self.result.results(decimals=decimals)

    def rank_of(self, unit: str) -> int:
        return int(self.ranking().loc[unit, "Rank"])

    def weight_for_rank(self, unit: str, rank: int, varied: str) -> list[tuple[float, float]]:
        """The open intervals of ``varied``'s weight (>= 0, the other weights held) at which ``unit`` ranks
        ``rank`` or better; empty when no weight does it."""
        if varied not in self.indicators:
            raise ValueError(f"'{varied}' is not one of the indicators {', '.join(self.indicators)}")
        values = self.result.dataset("normalise")[self.indicators].astype(float)
        if unit not in values.index:
            raise KeyError(f"unit {unit!r} is not ranked (screened out or unknown)")
        if self.aggregation != "arithmetic" and (values <= 0).any().any():
            raise ValueError(f"a {self.aggregation} mean of values <= 0 is shifted before aggregating: "
                             "the weight is solved only for the arithmetic mean here")
        terms = values.apply(_TERMS[self.aggregation])
        fixed = [i for i in self.indicators if i != varied]
        weights = dict(zip(self.indicators, self.weights))
        base = (terms[fixed] @ pd.Series({i: weights[i] for i in fixed})).to_dict() if fixed else \
            dict.fromkeys(terms.index, 0.0)
        coef = terms[varied].to_dict()
        ahead = {other: cl.feasibility_interval(base, coef, [(unit, other)], bounds=(0.0, math.inf))
                 for other in terms.index if other != unit}
        return _where_rank_holds(ahead, rank)


def _where_rank_holds(ahead: dict, rank: int) -> list[tuple[float, float]]:
    """Merge the per-rival intervals (unit ahead of rival) into the intervals where at most ``rank - 1`` rivals
    are ahead: the counts change only at the intervals' ends, so one test point per piece decides it."""
    ends = sorted({0.0, *(e for iv in ahead.values() if not iv.empty for e in (iv.lower, iv.upper)
                          if math.isfinite(e))})
    pieces = list(zip(ends, ends[1:] + [math.inf]))
    held = []
    for low, high in pieces:
        point = (low + high) / 2 if math.isfinite(high) else low + 1.0 + abs(low)
        behind = sum(1 for iv in ahead.values() if iv.empty or not iv.contains(point))
        if behind <= rank - 1:
            if held and held[-1][1] == low:
                held[-1] = (held[-1][0], high)
            else:
                held.append((low, high))
    return held


def build(indicators: list[str], normalisation: str, aggregation: str) -> Build:
    """The build of :func:`innovlib.analyses.composite_index.build` for any indicators: its treatment step names
    the indicators it leaves untreated, the nominal choice (no outlier treatment), so they are these ones here.

    Example
    -------
    >>> build(["pct", "pub", "vc"], "minmax", "geometric").steps[1].params.skip
    ('pct', 'pub', 'vc')
    """
    steps = analyses.composite_index.build(normalisation, aggregation).steps
    return Build([Step("treat", {"skip": tuple(indicators)}) if s.name == "treat" else s for s in steps])


def what_if(shares: pd.DataFrame, weights, normalisation: str, aggregation: str,
            fw: Framework | None = None) -> WhatIf:
    """Rebuild the ranking of ``shares`` (one column per indicator) with ``weights``, through the composite
    build of :func:`innovlib.analyses.composite_index.build` (screen, normalise, aggregate).

    Example
    -------
    >>> s = pd.DataFrame({"a": [2.0, 1.0], "b": [1.0, 3.0]}, index=["X", "Y"])
    >>> what_if(s, [5.0, 1.0], "none", "arithmetic").rank_of("X")
    1
    """
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation: '{aggregation}' unknown; expected one of {', '.join(AGGREGATIONS)}")
    indicators = list(shares.columns)
    fw = fw if fw is not None else framework(indicators, weights)
    result = run_build(fw, CompositeData(shares), build(indicators, normalisation, aggregation))
    return WhatIf(result, indicators, [float(w) for w in weights], aggregation)


def interval_text(intervals: list[tuple[float, float]], unit: str, rank: int, varied: str) -> str:
    """The solver's answer in one sentence.

    Example
    -------
    >>> interval_text([(2.0, math.inf)], "C", 1, "pub")
    'C ranks 1 or better when the weight of pub is above 2 (the other weights held).'
    >>> interval_text([], "C", 1, "pub")
    'No weight of pub (the other weights held) brings C to rank 1.'
    """
    if not intervals:
        return f"No weight of {varied} (the other weights held) brings {unit} to rank {rank}."
    parts = [f"above {low:.4g}" if not math.isfinite(high) else f"between {low:.4g} and {high:.4g}"
             for low, high in intervals]
    return f"{unit} ranks {rank} or better when the weight of {varied} is {' or '.join(parts)} (the other weights held)."


def composite_inputs(values: dict) -> tuple[pd.DataFrame, Framework]:
    """The ``composite_index`` notebook's shares and framework for its parameter values.

    Example
    -------
    >>> shares, fw = composite_inputs({"dataset": "gii_clusters", "edition": 2023, "framework": "wipo_size",
    ...                                "weights": [1.0, 1.0]})
    >>> fw.indicators
    ['pct_share', 'pub_share']
    """
    fw = analyses.composite_index.framework(values["framework"], values["weights"], values["dataset"])
    shares = analyses.composite_index.shares(load_once(values["dataset"], "metric_values"), values["edition"])
    return shares[fw.indicators], fw


def composite_index(values: dict) -> View:
    """The nominal ranking of the ``composite_index`` notebook for its parameter values (the uncertainty and
    Sobol analyses run with the notebook); the notebook records no verdict.

    Example
    -------
    >>> v = composite_index({"dataset": "gii_clusters", "edition": 2023, "framework": "wipo_size",
    ...                      "normalisation": "none", "aggregation": "arithmetic", "weights": [1.0, 1.0],
    ...                      "n_draws": 2000, "seed": 1, "weight_noise": 0.5, "top_n": 5})
    >>> v.table.index[0], len(v.table)
    ('Tokyo–Yokohama', 5)
    """
    shares, fw = composite_inputs(values)
    change = what_if(shares, values["weights"], values["normalisation"], values["aggregation"], fw)
    ranking = change.ranking(decimals=2)
    shown = ranking.head(values["top_n"])
    figure = figure_png(lambda: plots.value_bars(
        shown.reset_index(names="unit"), "unit", "Index", value_label="index score",
        title=f"Top {len(shown)}: {values['normalisation']} normalisation, {values['aggregation']} mean"))
    notes = ("The uncertainty and Sobol analyses run with the notebook (save this as a run).",)
    return audit_view(claims.Audit(**values), shown, "Ranking (nominal build)", figure, notes, whatif=change)


def gii_clusters(values: dict, normalisation: str = "none", aggregation: str = "arithmetic") -> View:
    """An edition's ranking recomputed from counts, the share bars, the GII verdicts, and the what-if ranking
    of the chosen metrics under ``normalisation`` and ``aggregation`` (WIPO's: none and arithmetic).

    Example
    -------
    >>> v = gii_clusters({"edition": 2023, "metrics": ["pct", "pub"], "weights": [], "top_n": 15,
    ...                   "n_draws": 2000, "seed": 2025, "weight_concentration": 20.0})
    >>> int(v.table["match"].sum()) == len(v.table)
    True
    """
    v = values
    audit = claims.Audit(edition=v["edition"], metrics=v["metrics"], weights=v["weights"], top_n=v["top_n"],
                         n_draws=v["n_draws"], seed=v["seed"], weight_concentration=v["weight_concentration"])
    metrics = cl.check_metrics(v["metrics"])
    weights = analyses.gii_clusters.check_weights(metrics, v["weights"])
    size = load_once("gii_clusters", "size_ranking")
    metric_values = load_once("gii_clusters", "metric_values")
    intensity = load_once("gii_clusters", "intensity")
    statements = load_once("gii_clusters", "statements")
    ranks_published = cl.published_ranks(size)
    rec = analyses.gii_clusters.recompute(metric_values, ranks_published, v["edition"], metrics, weights)
    figure, change = None, None
    if rec.recomputable:
        bars = cl.shares_table(metric_values, v["edition"], metrics).loc[
            rec.table.sort_values("published_rank").index[:v["top_n"]]]
        figure = figure_png(lambda: plots.share_bars(
            bars.rename(columns=cl.METRICS), legend_title="stacked: WIPO's total score",
            value_label="share of world total (%, as published)",
            title=f"GII {v['edition']}: world shares of the top {len(bars)} clusters"))
    shares = cl.shares_table(metric_values, v["edition"], metrics)
    if len(shares):
        change = what_if(shares, weights or [1.0] * len(metrics), normalisation, aggregation)
    gap = analyses.gii_clusters.gap_2025(metric_values)
    gii = findings.gii_clusters
    gii.gii_01(audit, size, ranks_published, gap, statements)
    gii.gii_02(audit, size)
    gii.gii_03(audit, size, metric_values, statements)
    gii.gii_04(audit, size, metric_values, gap)
    gii.gii_05(audit, size, metric_values, ranks_published, gap, statements)
    gii.gii_06(audit, intensity)
    gii.gii_07(audit, intensity)
    gii.gii_08(audit, intensity, ranks_published)
    notes = ("The rank intervals under random weights run with the notebook (save this as a run).",)
    return audit_view(audit, rec.table, f"GII {v['edition']}: published and recomputed ranks", figure, notes,
                      whatif=change)
