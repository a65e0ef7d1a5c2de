"""Exact feasibility: the interval of one unknown figure for which a claimed ordering of scores holds, solved from
linear inequalities (no sampling), and the weights of one metric for which a cluster ranks first.

Example
-------
Shenzhen (14.3) ahead of Tokyo (12.5 + x), x >= 0:

>>> str(feasibility_interval({"Shenzhen": 14.3, "Tokyo": 12.5}, {"Tokyo": 1.0}, ["Shenzhen", "Tokyo"], bounds=(0, 100)))
'(0, 1.8)'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from innovlib.clusters.validation import check_metrics, metric_weights


@dataclass(frozen=True)
class Interval:
    """An interval of an unknown figure for which a claimed ordering holds; open at both ends (strict order).

    ``lower_pair``/``upper_pair`` name the (higher, lower) pair of clusters whose inequality binds each end.
    """

    lower: float
    upper: float
    lower_pair: tuple | None = None
    upper_pair: tuple | None = None

    @property
    def empty(self) -> bool:
        return not self.lower < self.upper

    def contains(self, value: float) -> bool:
        return self.lower < value < self.upper

    def intersect(self, other: "Interval") -> "Interval":
        lower, lower_pair = (self.lower, self.lower_pair) if self.lower >= other.lower else (other.lower, other.lower_pair)
        upper, upper_pair = (self.upper, self.upper_pair) if self.upper <= other.upper else (other.upper, other.upper_pair)
        return Interval(lower, upper, lower_pair, upper_pair)

    def __str__(self) -> str:
        return "empty" if self.empty else f"({self.lower:.6g}, {self.upper:.6g})"


def _pairs(ordering) -> list[tuple]:
    """A list of clusters best first -> adjacent (higher, lower) pairs; a list of pairs is kept as is."""
    ordering = list(ordering)
    if ordering and isinstance(ordering[0], tuple):
        return ordering
    return list(zip(ordering[:-1], ordering[1:]))


def feasibility_interval(base: Mapping[str, float], coef: Mapping[str, float], ordering,
                         *, bounds: tuple[float, float] = (-math.inf, math.inf),
                         slack: Mapping[str, float] | None = None, mode: str = "exact") -> Interval:
    """Exact interval of an unknown ``x`` for which a claimed ordering of scores holds.

    Each cluster's score is linear in the unknown: ``score = base + coef * x`` (clusters absent from ``coef`` have
    ``coef = 0``). The ordering is a list of clusters best first (adjacent pairs must be strictly ordered) or an
    explicit list of ``(higher, lower)`` pairs. Each pair gives one linear inequality
    ``(coef_a - coef_b) * x > base_b - base_a``; the interval is their intersection with ``bounds``, solved
    exactly (no sampling). An empty interval means the ordering cannot hold for any value of ``x``.

    ``slack`` (per-cluster half-width of rounding in ``base``, e.g. 0.05 per rounded share) with
    ``mode="possible"`` gives the values for which the ordering holds for *some* unrounded bases, and with
    ``mode="certain"`` those for which it holds for *all* of them.

    Example
    -------
    Tokyo's unknown publication share ``x``: Shenzhen (14.3) ahead of Tokyo (12.5 + x) needs ``x < 1.8``.

    >>> feasibility_interval({"Shenzhen": 14.3, "Tokyo": 12.5}, {"Tokyo": 1.0}, ["Shenzhen", "Tokyo"],
    ...                      bounds=(0, 100)).upper
    1.8000000000000007
    >>> feasibility_interval({"A": 1.0, "B": 2.0}, {}, ["A", "B"]).empty   # A can never beat B
    True
    """
    if mode not in ("exact", "possible", "certain"):
        raise ValueError(f"mode must be 'exact', 'possible' or 'certain', not {mode!r}")
    lower, upper = float(bounds[0]), float(bounds[1])
    lower_pair = upper_pair = None
    for higher, lower_cluster in _pairs(ordering):
        for name in (higher, lower_cluster):
            if name not in base:
                raise KeyError(f"no known score part (base) for cluster {name!r}")
        a = float(coef.get(higher, 0.0)) - float(coef.get(lower_cluster, 0.0))
        rhs = float(base[lower_cluster]) - float(base[higher])
        if slack is not None and mode != "exact":
            width = float(slack.get(higher, 0.0)) + float(slack.get(lower_cluster, 0.0))
            rhs += -width if mode == "possible" else width
        if a > 0:
            bound = rhs / a
            if bound >= lower:
                lower, lower_pair = bound, (higher, lower_cluster)
        elif a < 0:
            bound = rhs / a
            if bound <= upper:
                upper, upper_pair = bound, (higher, lower_cluster)
        elif not 0 > rhs:  # 0 * x > rhs fails for every x
            return Interval(math.nan, math.nan, (higher, lower_cluster), (higher, lower_cluster))
    return Interval(lower, upper, lower_pair, upper_pair)


def first_place_weights(shares: pd.DataFrame, metrics: Sequence[str], cluster: str, *, varied: str | None = None,
                        weights=None) -> Interval:
    """Weights of one metric for which ``cluster`` ranks strictly first, the other weights held fixed.

    The score is ``sum(w_m * share_m)``; with every weight but ``varied``'s fixed (at ``weights``, 1 each by
    default) it is linear in that weight, so the interval follows exactly from :func:`feasibility_interval`
    (``cluster`` ahead of every other cluster, weight >= 0). ``varied`` defaults to the last metric.

    Example
    -------
    A leads on PCT (5 against 4) and trails on publications (1 against 2): first while w_pub < 1.

    >>> s = pd.DataFrame({"pct": [5.0, 4.0], "pub": [1.0, 2.0]}, index=["A", "B"])
    >>> iv = first_place_weights(s, ["pct", "pub"], "A")
    >>> iv.lower, iv.upper, iv.upper_pair
    (0.0, 1.0, ('A', 'B'))
    """
    metrics = check_metrics(metrics)
    varied = varied or metrics[-1]
    if varied not in metrics:
        raise ValueError(f"varied metric {varied!r} is not one of the metrics {', '.join(metrics)}")
    if cluster not in shares.index:
        raise KeyError(f"cluster {cluster!r} is not in the shares table")
    w = pd.Series(metric_weights(metrics, weights), index=metrics).drop(varied)
    base = (shares[list(w.index)].astype(float) @ w).to_dict() if len(w) else dict.fromkeys(shares.index, 0.0)
    coef = shares[varied].astype(float).to_dict()
    return feasibility_interval(base, coef, [(cluster, other) for other in shares.index if other != cluster],
                                bounds=(0.0, math.inf))
