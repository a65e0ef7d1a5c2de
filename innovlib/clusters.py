"""GII-style cluster scoring: world shares, combined scores, ranks, counterfactuals and exact feasibility.

WIPO's Global Innovation Index ranks science & technology clusters by the sum of their shares of world totals:
PCT applications (``pct``) and scientific articles (``pub``) until 2024, plus venture-capital deals (``vc``) from
2025. The functions here are pure: tables in, tables out. A *shares table* is a DataFrame indexed by cluster with
one column per metric, in percent of the world total.

Example
-------
>>> import pandas as pd
>>> shares = pd.DataFrame({"pct": [10.1, 9.0], "pub": [1.5, 2.1]}, index=["Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou"])
>>> combined_score(shares).round(1).tolist()
[11.6, 11.1]
>>> rank_with_ties(combined_score(shares), method="min").tolist()
[1, 2]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from innovlib.errors import InnovlibError

METRICS = {"pct": "PCT applications", "pub": "scientific publications", "vc": "venture-capital deals"}
RANK_METHODS = ("min", "dense", "first", "max", "average")


class ClusterDataError(InnovlibError, ValueError):
    """Cluster data that cannot be scored: the message names the table, the row (cluster) and the column."""


# --- validation -------------------------------------------------------------------------------------------------

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
    innovlib.clusters.ClusterDataError: demo, row 2, column 'cluster': duplicate cluster 'Seoul' in edition 2023
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


# --- shares and scores ------------------------------------------------------------------------------------------

def world_share(counts, world_total: float):
    """Share of the world total in percent: ``100 * counts / world_total``.

    Example
    -------
    >>> world_share(np.array([25.0, 50.0]), 200.0).tolist()
    [12.5, 25.0]
    >>> world_share(-1.0, 10.0)
    Traceback (most recent call last):
    ...
    innovlib.clusters.ClusterDataError: negative count -1; counts must be >= 0
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


def _weights_for(metrics: list[str], weights) -> np.ndarray:
    """Weights as an array aligned with ``metrics``; equal weights (1 each: WIPO's plain sum) by default."""
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
    w = _weights_for(metrics, weights)
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
    from innovlib.rankings import rank  # the one ranking implementation (scipy.stats.rankdata)
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
    w = _weights_for(metrics, weights)
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
    innovlib.clusters.ClusterDataError: population must be > 0 (got 0)
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


# --- robustness: the composite engine on the cluster score ---------------------------------------------------

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
    from innovlib.composite import Framework

    metrics = check_metrics(metrics)
    w = _weights_for(metrics, weights)
    return Framework(pd.DataFrame({"code": [*metrics, SCORE], "level": [1] * len(metrics) + [2],
                                   "parent": [SCORE] * len(metrics) + [None], "weight": [*w, 1.0]}))


def _score_inputs(shares: pd.DataFrame, metrics: Sequence[str], weights):
    """Framework, data and build of the cluster score, after the checks every scoring makes."""
    from innovlib.composite import Build, CompositeData, Step

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
    from innovlib.composite.uncertainty import DirichletWeights, uncertainty_analysis

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
    from innovlib.composite.sensitivity import unit_sensitivity
    from innovlib.composite.uncertainty import Choice, DirichletWeights

    framework, data, build = _score_inputs(shares, metrics, weights)
    choices = [Choice.values("aggregate", "method", list(methods), name="aggregation")]
    return unit_sensitivity(framework, data, build, choices, [DirichletWeights(1, concentration)], n=n, seed=seed)


# --- exact feasibility ---------------------------------------------------------------------------------------

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
    w = pd.Series(_weights_for(metrics, weights), index=metrics).drop(varied)
    base = (shares[list(w.index)].astype(float) @ w).to_dict() if len(w) else dict.fromkeys(shares.index, 0.0)
    coef = shares[varied].astype(float).to_dict()
    return feasibility_interval(base, coef, [(cluster, other) for other in shares.index if other != cluster],
                                bounds=(0.0, math.inf))


# --- published ranks across editions ---------------------------------------------------------------------------

# Which figure to trust first when an edition's rank is known twice: the edition's own table, then the "previous
# rank" column of the next edition (which WIPO may have recomputed with revised data).
BASIS_PREFERENCE = ("own_edition", "next_edition_previous_rank")


def _by_basis_preference(rows: pd.DataFrame) -> pd.DataFrame:
    """``rows`` sorted so that an own-edition figure comes before a later edition's previous-rank column (stable)."""
    unknown = sorted(set(rows["basis"]) - set(BASIS_PREFERENCE))
    if unknown:
        raise ClusterDataError(f"size_ranking: unknown basis {unknown[0]!r}; expected one of {', '.join(BASIS_PREFERENCE)}")
    order = rows["basis"].map({b: i for i, b in enumerate(BASIS_PREFERENCE)})
    return rows.assign(_order=order).sort_values("_order", kind="stable").drop(columns="_order")


def published_ranks(size: pd.DataFrame) -> pd.DataFrame:
    """One published rank per (edition, cluster) from the long ``size_ranking`` table, own edition's figure first.

    A rank known both from its edition's own table and from the next edition's "previous rank" column keeps
    the own-edition figure (see :data:`BASIS_PREFERENCE`); the other row is dropped. Returned in edition and
    rank order.

    Example
    -------
    >>> size = pd.DataFrame({"edition": [2022, 2022], "cluster": ["Nagoya", "Nagoya"], "rank": [13, 12],
    ...                      "basis": ["next_edition_previous_rank", "own_edition"]})
    >>> published_ranks(size)[["edition", "cluster", "rank"]].values.tolist()
    [[2022, 'Nagoya', 12]]
    """
    kept = _by_basis_preference(size).drop_duplicates(["edition", "cluster"], keep="first")
    return kept.sort_values(["edition", "rank"], kind="stable").reset_index(drop=True)


def published_rank(size: pd.DataFrame, edition: int, cluster: str, *, prefer_source: str | None = None) -> tuple[int, str]:
    """A cluster's published rank in one edition and the URL of its source, own edition's figure first.

    ``prefer_source`` (a ``source_key``) picks that source's row when it has one. Raises ``KeyError`` naming
    the edition and cluster when no rank is published in the data.

    Example
    -------
    >>> size = pd.DataFrame({"edition": [2024], "cluster": ["London"], "rank": [21], "basis": ["own_edition"],
    ...                      "source_key": ["KIM"], "source_url": ["https://example.org/kim"]})
    >>> published_rank(size, 2024, "London")
    (21, 'https://example.org/kim')
    """
    rows = size[(size["edition"] == edition) & (size["cluster"] == cluster)]
    if rows.empty:
        raise KeyError(f"size_ranking has no published rank for {cluster!r} in GII {edition}")
    if prefer_source is not None and (rows["source_key"] == prefer_source).any():
        rows = rows[rows["source_key"] == prefer_source]
    row = _by_basis_preference(rows).iloc[0]
    return int(row["rank"]), str(row["source_url"])


def published_rank_row(size: pd.DataFrame, edition: int, cluster: str) -> pd.Series:
    """The ``size_ranking`` row that gives a cluster's rank in one edition, own edition's figure first.

    The whole row is returned so that a check can offer every URL it records as evidence
    (:func:`innovlib.claims.row_sources`), not only its main ``source_url``. Raises ``KeyError`` like
    :func:`published_rank`.

    Example
    -------
    >>> size = pd.DataFrame({"edition": [2025], "cluster": ["London"], "rank": [8], "previous_rank": [21],
    ...                      "basis": ["own_edition"], "source_url": ["https://example.org/afp"]})
    >>> int(published_rank_row(size, 2025, "London")["previous_rank"])
    21
    """
    rows = size[(size["edition"] == edition) & (size["cluster"] == cluster)]
    if rows.empty:
        raise KeyError(f"size_ranking has no published rank for {cluster!r} in GII {edition}")
    return _by_basis_preference(rows).iloc[0]


def published_previous_rank(size: pd.DataFrame, edition: int, cluster: str) -> tuple[int | None, pd.Series | None]:
    """A cluster's previous-edition rank as the source of ``edition`` publishes it beside the new rank, and the row.

    A rank change ("rose from 21st to 8th") is a statement of the new edition's source: it is read from that
    row's ``previous_rank``, not from the older edition's own row (often another, weaker source, and WIPO may
    revise a previous rank). ``(None, None)`` when no row of ``edition`` gives a previous rank for the cluster.

    Example
    -------
    >>> size = pd.DataFrame({"edition": [2025, 2024], "cluster": ["London", "London"], "rank": [8, 21],
    ...                      "previous_rank": [21, None], "basis": ["own_edition"] * 2})
    >>> published_previous_rank(size, 2025, "London")[0]
    21
    >>> published_previous_rank(size, 2024, "London")
    (None, None)
    """
    rows = size[(size["edition"] == edition) & (size["cluster"] == cluster) & size["previous_rank"].notna()]
    if rows.empty:
        return None, None
    row = _by_basis_preference(rows).iloc[0]
    return int(row["previous_rank"]), row


def metric_leaders(metric_values: pd.DataFrame, edition: int, metrics: Sequence[str]) -> dict[str, str | None]:
    """The cluster published 1st on each metric in one edition (``None`` when no source gives the 1st place).

    Example
    -------
    >>> mv = pd.DataFrame({"edition": [2025, 2025], "cluster": ["Tokyo–Yokohama", "Beijing"],
    ...                    "metric": ["pct", "pub"], "metric_rank": [1, 1]})
    >>> metric_leaders(mv, 2025, ["pct", "pub", "vc"])
    {'pct': 'Tokyo–Yokohama', 'pub': 'Beijing', 'vc': None}
    """
    leaders: dict[str, str | None] = {}
    for metric in check_metrics(metrics):
        first = metric_values[(metric_values["edition"] == edition) & (metric_values["metric"] == metric)
                              & (metric_values["metric_rank"] == 1)]["cluster"].unique()
        if len(first) > 1:
            raise ClusterDataError(f"metric_values, GII {edition}: several clusters are 1st on {metric!r}: "
                                   + ", ".join(first))
        leaders[metric] = str(first[0]) if len(first) else None
    return leaders


# --- scores linear in one unpublished share -------------------------------------------------------------------

@dataclass(frozen=True)
class LinearScores:
    """Scores ``base + coef * x`` in one unknown share ``x``, and each score's rounding half-width (``slack``)."""

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
