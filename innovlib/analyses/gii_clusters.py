"""The GII cluster analyses the notebook narrates: an edition recomputed from its counts, how robust its top is,
what Tokyo–Yokohama would need to be first again, and the one figure GII 2025's 1st place turns on.

Built on the primitives of :mod:`innovlib.clusters`. Each function takes the loaded ``gii_clusters`` tables and
returns a frozen dataclass: the tables to show and save, the intervals, and a ``summary`` in Markdown whose every
number comes from those tables. World totals are never estimated: only the interval the rounded published shares
allow is used.

Example
-------
>>> import pandas as pd
>>> metric_values = pd.DataFrame({"edition": [2023] * 4, "cluster": ["A", "A", "B", "B"],
...                               "metric": ["pct", "pub", "pct", "pub"], "count": [60, 30, 40, 20],
...                               "world_share": [60.0, 30.0, 40.0, 20.0]})
>>> ranks = pd.DataFrame({"edition": [2023, 2023], "cluster": ["A", "B"], "rank": [1, 2], "total_score": [90.0, 60.0],
...                       "basis": ["own_edition"] * 2, "source_key": ["K"] * 2})
>>> recompute(metric_values, ranks, 2023, ["pct", "pub"]).n_match
2
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from innovlib import clusters as cl

SHENZHEN, TOKYO = "Shenzhen–Hong Kong–Guangzhou", "Tokyo–Yokohama"
METHOD_2025 = ["pct", "pub", "vc"]  # WIPO's 2025 method: the plain sum of three world shares
HALF_STEP = 0.05  # shares are published to 0.1


def metric_names(metrics: Sequence[str], joiner: str = " + ") -> str:
    """Readable names of metrics.

    Example
    -------
    >>> metric_names(["pct", "vc"])
    'PCT applications + venture-capital deals'
    """
    return joiner.join(cl.METRICS[m] for m in metrics)


def weights_text(metrics: Sequence[str], weights) -> str:
    """How a run weights its metrics, in words.

    Example
    -------
    >>> weights_text(["pct", "pub"], None), weights_text(["pct", "pub"], [1, 2.5])
    ('equal weights', 'weights pct 1, pub 2.5')
    """
    if not weights:
        return "equal weights"
    return "weights " + ", ".join(f"{m} {w:g}" for m, w in zip(metrics, weights))


def check_weights(metrics: Sequence[str], weights) -> list[float] | None:
    """The ``weights`` parameter checked against ``metrics``: one weight per metric, or ``None`` (equal weights).

    Example
    -------
    >>> check_weights(["pct", "pub"], []) is None
    True
    >>> check_weights(["pct", "pub"], [1.0])
    Traceback (most recent call last):
    ...
    ValueError: weights gives 1 weights for 2 metrics (pct, pub): give one weight per metric, in the same order, or none for equal weights.
    """
    if weights and len(weights) != len(metrics):
        raise ValueError(f"weights gives {len(weights)} weights for {len(metrics)} metrics ({', '.join(metrics)}): "
                         "give one weight per metric, in the same order, or none for equal weights.")
    return list(weights) or None


# --- an edition recomputed from its counts ----------------------------------------------------------------------

@dataclass(frozen=True)
class Recomputation:
    """An edition's ranking recomputed from counts (``counts`` is None when the data cannot recompute it).

    ``table``: published against recomputed ranks per cluster (or, when not recomputable, the published ranks
    with whatever shares are published); ``world_bounds``: the interval of each metric's world total that every
    rounded published share allows.
    """

    edition: int
    metrics: list
    weights: list | None
    table: pd.DataFrame
    counts: pd.DataFrame | None
    world_bounds: dict | None
    agree_across_corners: bool
    summary: str
    totals: str

    @property
    def recomputable(self) -> bool:
        return self.counts is not None

    @property
    def n_match(self) -> int:
        return int(self.table["match"].sum()) if self.recomputable else 0

    def exact_shares(self) -> pd.DataFrame:
        """Shares recomputed from the counts with each world total at the middle of its interval.

        Any totals in the interval give the same ranks at its corners and shares within 0.05 points, so the
        middle stands for all of them; it is a point of the interval, not an estimate of the total.
        """
        return pd.DataFrame({m: cl.world_share(self.counts[m], 0.5 * sum(self.world_bounds[m])) for m in self.metrics})


def recompute(metric_values: pd.DataFrame, ranks_published: pd.DataFrame, edition: int, metrics: Sequence[str],
              weights=None) -> Recomputation:
    """Recompute an edition's ranks from counts at every corner of the box of world totals the shares allow.

    Parameters
    ----------
    metric_values : DataFrame
        The ``metric_values`` resource (counts and published shares, long).
    ranks_published : DataFrame
        One published rank per edition and cluster (:func:`innovlib.clusters.published_ranks`).
    edition, metrics, weights
        The edition, the metrics combined and their weights (None = WIPO's plain sum).

    Example
    -------
    >>> mv = pd.DataFrame({"edition": [2023] * 2, "cluster": ["A", "B"], "metric": ["pct"] * 2,
    ...                    "count": [None, None], "world_share": [3.0, 2.0]})
    >>> rp = pd.DataFrame({"edition": [2023] * 2, "cluster": ["A", "B"], "rank": [1, 2], "total_score": [5.0, 4.0],
    ...                    "basis": ["own_edition"] * 2, "source_key": ["K"] * 2})
    >>> recompute(mv, rp, 2023, ["pct"]).recomputable
    False
    """
    metrics = cl.check_metrics(metrics)
    edition_ranks = ranks_published[ranks_published["edition"] == edition].set_index("cluster")
    if edition_ranks.empty:
        raise ValueError(f"edition {edition}: the data has no published ranking; editions with ranks: "
                         + ", ".join(str(e) for e in sorted(ranks_published["edition"].unique())))
    rows_of_edition = metric_values[metric_values["edition"] == edition]
    edition_method = sorted(rows_of_edition["metric"].unique())
    without_counts = [m for m in metrics if rows_of_edition.loc[rows_of_edition["metric"] == m, "count"].notna().sum() == 0]
    counts = cl.shares_table(metric_values, edition, metrics, value="count")
    published_shares = cl.shares_table(metric_values, edition, metrics)
    own_ranks = edition_ranks[edition_ranks["basis"] == "own_edition"].sort_values("rank")
    common = [c for c in own_ranks.index if c in counts.index and c in published_shares.index]
    if without_counts or not common:
        return _not_recomputable(metric_values, edition_ranks, edition, metrics, weights, without_counts, edition_method)
    counts, published_shares = counts.loc[common].astype(float), published_shares.loc[common]
    world_bounds = {m: cl.world_total_bounds(counts[m], published_shares[m]) for m in metrics}
    corners = pd.MultiIndex.from_product([world_bounds[m] for m in metrics]).tolist()
    ranks_at = [cl.rank_with_ties(cl.combined_score(pd.DataFrame({m: cl.world_share(counts[m], total)
                                                                  for m, total in zip(metrics, corner)}),
                                                    weights, metrics), method="min") for corner in corners]
    agree = all((r == ranks_at[0]).all() for r in ranks_at)
    table = pd.DataFrame({"published_rank": own_ranks.loc[common, "rank"], "recomputed_rank": ranks_at[0],
                          "published_total": own_ranks.loc[common, "total_score"],
                          "sum_of_published_shares": published_shares[metrics].sum(axis=1).round(1)})
    table["match"] = table["published_rank"] == table["recomputed_rank"]
    summary = (f"GII {edition}, {metric_names(metrics)} with {weights_text(metrics, weights)}: "
               f"**{int(table['match'].sum())} of {len(table)}** ranks recomputed from the counts equal the published "
               f"ranks; the recomputed ranks are {'the same' if agree else '**not** the same'} at every corner of the "
               "world-total box.")
    return Recomputation(edition, metrics, weights, table, counts, world_bounds, agree, summary,
                         _totals_text(table, counts, corners, metrics, weights, edition_method, edition))


def _not_recomputable(metric_values, edition_ranks, edition, metrics, weights, without_counts, edition_method):
    """The published ranks with whatever shares are published, and why the edition cannot be recomputed."""
    reason = (f"the data has no {' or '.join(cl.METRICS[m] for m in without_counts)} counts for GII {edition}"
              if without_counts else f"no cluster of GII {edition} has counts and shares for every metric chosen")
    n_own = int((edition_ranks["basis"] == "own_edition").sum())
    with_counts = metric_values[metric_values["count"].notna()].groupby("edition")["metric"].unique()
    available = "; ".join(f"GII {e} ({metric_names(sorted(ms), ', ')})" for e, ms in with_counts.items())
    summary = (f"**GII {edition} cannot be recomputed with these metrics:** {reason}. Counts are in the data for "
               f"{available}. Shown instead: the {len(edition_ranks)} ranks published for GII {edition}: {n_own} from "
               "the edition's own table or page"
               + (f", {len(edition_ranks) - n_own} from the next edition's previous-rank column"
                  if len(edition_ranks) > n_own else "") + "; with whatever shares are published.")
    shares = cl.shares_table(metric_values, edition, list(cl.METRICS), complete=False)
    table = edition_ranks[["rank", "total_score", "basis", "source_key"]].join(shares).sort_values("rank")
    totals = (f"No totals to compare: WIPO's totals for GII {edition} sum {metric_names(edition_method)}, and this "
              "run has no counts for them.")
    return Recomputation(edition, metrics, weights, table, None, None, False, summary, totals)


def _totals_text(table, counts, corners, metrics, weights, edition_method, edition) -> str:
    """Published totals against totals recomputed at each corner, and against sums of the rounded shares."""
    if sorted(metrics) != edition_method:
        return (f"No totals to compare: WIPO's totals for GII {edition} sum {metric_names(edition_method)}, and this "
                "run combines other metrics.")
    matches = [int((sum(100 * counts[m] / total for m, total in zip(metrics, corner)).round(1)
                    == table["published_total"]).sum()) for corner in corners]
    misses = table[table["sum_of_published_shares"] != table["published_total"]].head(1)
    example = "".join(f" (e.g. {c}: sum of rounded shares {r.sum_of_published_shares:g} against a published total "
                      f"{r.published_total:g})" for c, r in misses.iterrows())
    return (f"Published totals matched to 0.1 by totals recomputed from the counts: {min(matches)}-{max(matches)} of "
            f"{len(table)} (across the corners of the world-total box); by sums of the rounded shares: "
            f"{len(table) - int((table['sum_of_published_shares'] != table['published_total']).sum())}{example}. "
            "These totals are the plain sum of shares WIPO publishes"
            + ("" if weights is None else "; the weights of this run apply to the ranks above, not to this comparison")
            + ".")


def lambda_intervals(rec: Recomputation) -> tuple[pd.DataFrame | None, str]:
    """The exchange rate λ between publications and PCT applications for which the published order holds.

    With two metrics and equal weights, ranking by ``pct_share + pub_share`` is ranking by
    ``pct_count + λ·pub_count`` with ``λ = world PCT total / world publication total``; the published order holds
    for an open interval of λ (exact, :func:`innovlib.clusters.feasibility_interval`), and the rounded shares
    allow another. Returns the two intervals (None for other settings) and a sentence saying whether the second
    lies inside the first.

    Example
    -------
    >>> lambda_intervals(Recomputation(2025, ["pct"], None, pd.DataFrame(), None, None, False, "", ""))[0] is None
    True
    """
    if not (rec.recomputable and rec.metrics == ["pct", "pub"] and rec.weights is None):
        return None, ("λ intervals are computed for the two metrics PCT applications and publications with equal "
                      "weights, on an edition with counts; this run has other settings.")
    order = rec.table.sort_values("published_rank").index.tolist()
    exact = cl.feasibility_interval(rec.counts["pct"].to_dict(), rec.counts["pub"].to_dict(), order,
                                    bounds=(0, math.inf))
    (pct_lo, pct_hi), (pub_lo, pub_hi) = rec.world_bounds["pct"], rec.world_bounds["pub"]
    rounding = (pct_lo / pub_hi, pct_hi / pub_lo)
    binding = " / ".join(" ahead of ".join(pair) for pair in (exact.lower_pair, exact.upper_pair) if pair)
    table = pd.DataFrame({"what": ["λ for which the published order holds (open interval)",
                                   "λ allowed by the rounded published shares"],
                          "lower": [exact.lower, rounding[0]], "upper": [exact.upper, rounding[1]],
                          "binding pair": [binding, "world-total bounds"]})
    inside = exact.contains(rounding[0]) and exact.contains(rounding[1])
    return table, (f"The interval of λ the rounded shares allow {'lies' if inside else '**does not lie**'} inside "
                   "the interval for which the published order holds.")


# --- robustness and sensitivity -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Robustness:
    """Ranks with each metric left out (None with one metric), rank intervals under random weights, Sobol indices
    of each cluster's rank, and what it takes for Tokyo–Yokohama to be first.

    Example
    -------
    Tokyo–Yokohama leads on PCT (10 % against 8 %) and trails on articles (1 % against 2 %): 1st while the
    articles' weight stays below 2.

    >>> counts = pd.DataFrame({"pct": [100.0, 80.0], "pub": [10.0, 20.0]},
    ...                       index=pd.Index([TOKYO, SHENZHEN], name="cluster"))
    >>> rec = Recomputation(2023, ["pct", "pub"], None, pd.DataFrame(), counts,
    ...                     {"pct": (1000.0, 1000.0), "pub": (1000.0, 1000.0)}, True, "", "")
    >>> rob = robustness(rec, n_draws=50, seed=0, concentration=20.0, top_n=2, n_sobol=16)
    >>> rob.leave_one_out.loc[SHENZHEN].tolist(), str(rob.first_place)   # all, without PCT, without articles
    ([2, 1, 2], '(0, 2)')
    """

    leave_one_out: pd.DataFrame | None
    intervals: pd.DataFrame
    sensitivity: object
    first_place: cl.Interval | None
    summary: str


def robustness(rec: Recomputation, *, n_draws: int, seed: int, concentration: float, top_n: int,
               n_sobol: int = 256) -> Robustness | None:
    """The robustness analyses of a recomputed edition (None when it cannot be recomputed).

    Example
    -------
    >>> robustness(Recomputation(2025, ["pct"], None, pd.DataFrame(), None, None, False, "", ""), n_draws=10,
    ...            seed=0, concentration=20.0, top_n=5) is None
    True
    """
    if not rec.recomputable:
        return None
    shares = rec.exact_shares()
    lomo = (cl.leave_one_metric_out(shares, rec.metrics, weights=rec.weights, method="min")
            if len(rec.metrics) >= 2 else None)
    intervals = cl.rank_intervals(shares, rec.metrics, weights=rec.weights, n_draws=n_draws,
                                  concentration=concentration, seed=seed)
    sensitivity = cl.rank_sensitivity(shares, rec.metrics, weights=rec.weights, concentration=concentration,
                                      n=n_sobol, seed=seed)
    first = (cl.first_place_weights(shares, rec.metrics, TOKYO, weights=rec.weights)
             if TOKYO in shares.index and len(rec.metrics) >= 2 else None)
    top = intervals.head(top_n)
    unmoved = top[(top["Q5"] == top["Nominal"]) & (top["Q95"] == top["Nominal"])].index.tolist()
    summary = (f"Of the top {len(top)} clusters, {len(unmoved)} keep their nominal rank in 90% of the {n_draws} "
               f"weight draws{': ' + '; '.join(unmoved) if unmoved else ''}."
               + (" With a single metric, weights cannot change the ranking and no metric can be left out."
                  if len(rec.metrics) == 1 else ""))
    return Robustness(lomo, intervals, sensitivity, first, summary)


def first_place_text(rob: Robustness | None, gap: "Gap2025", edition: int, metrics: Sequence[str],
                     weights=None) -> str:
    """What would it take for Tokyo–Yokohama to be first again, from the computed intervals and Sobol indices.

    Example
    -------
    >>> gap = Gap2025(pd.DataFrame(), math.nan, 1.6, None, None, cl.Interval(0.0, 1.8), cl.Interval(0.4, 100.0),
    ...               cl.Interval(0.4, 1.8), cl.Interval(0.2, 2.0), None, pd.DataFrame(), "")
    >>> print(first_place_text(None, gap, 2025, ["pct", "pub", "vc"]))
    **GII 2025** (three metrics, equal weights): Tokyo–Yokohama is 1st again exactly when its unpublished publication share x is above 1.80%; without VC deals, when x is above 0.40%.
    """
    lines = [f"**GII 2025** (three metrics, equal weights): {TOKYO} is 1st again exactly when its unpublished "
             f"publication share x is above {gap.with_vc.upper:.2f}%; without VC deals, when x is above "
             f"{gap.without_vc.lower:.2f}%."]
    if rob is None or TOKYO not in rob.intervals.index:
        return "\n".join(lines)
    varied = metrics[-1]
    iv, nominal = rob.first_place, int(rob.intervals.loc[TOKYO, "Nominal"])
    position = "is 1st" if nominal == 1 else f"ranks {nominal}"
    if iv is None:
        reach = f"with {cl.METRICS[varied]} alone, no weight can change the ranking"
    elif iv.empty:
        reach = f"no weight of {cl.METRICS[varied]} (others fixed) puts it 1st"
    else:
        rivals = " and ".join(" ahead of ".join(p) for p in (iv.lower_pair, iv.upper_pair) if p)
        reach = (f"it is 1st for weights of {cl.METRICS[varied]} between {iv.lower:.3g} and {iv.upper:.3g} "
                 f"(this run: {(weights or [1.0] * len(metrics))[-1]:g}; the other weights fixed; binding: {rivals})")
    dominant = rob.sensitivity.dominant().loc[TOKYO]
    moved = ("its rank never moves over the sensitivity design" if dominant["input"] is None else
             f"the assumption that moves its rank most is {dominant['input']} (total Sobol index {dominant['ST']:.2f})")
    lines.append(f"**GII {edition}** as recomputed here: {TOKYO} {position}; {reach}; {moved}.")
    return "\n\n".join(lines)


# --- GII 2025: the one missing figure -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Gap2025:
    """Shenzhen–Hong Kong–Guangzhou against Tokyo–Yokohama in GII 2025, as functions of Tokyo–Yokohama's
    unpublished 2025 publication share x (%).

    ``with_vc``/``without_vc``: x for which Shenzhen is ahead with VC deals / Tokyo ahead without them (exact);
    ``both``: both hold; ``both_possible``: both hold for some unrounded values of the published shares;
    ``certain``: both hold for all of them (only computed when x is published).

    Example
    -------
    >>> known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]}, index=[SHENZHEN, TOKYO])
    >>> mv = pd.DataFrame({"edition": [2023], "cluster": [TOKYO], "metric": ["pub"], "world_share": [1.6]})
    >>> gap = gap_2025(mv, known)
    >>> str(gap.both), str(gap.both_possible), gap.certain is None   # x unpublished: nothing is certain
    ('(1.1, 1.8)', '(0.95, 2.05)', True)
    """

    known: pd.DataFrame
    tokyo_pub_2025: float
    tokyo_pub_2023: float
    scores_vc: cl.LinearScores | None
    scores_novc: cl.LinearScores | None
    with_vc: cl.Interval
    without_vc: cl.Interval
    both: cl.Interval
    both_possible: cl.Interval
    certain: cl.Interval | None
    feasibility: pd.DataFrame
    summary: str

    def score_lines(self) -> pd.DataFrame:
        """Each cluster's score as a line in x, with and without VC deals (for :func:`innovlib.plots.lines_in_x`).

        Example
        -------
        >>> known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]}, index=[SHENZHEN, TOKYO])
        >>> mv = pd.DataFrame({"edition": [2023], "cluster": [TOKYO], "metric": ["pub"], "world_share": [1.6]})
        >>> gap_2025(mv, known).score_lines()["slope"].tolist()
        [0.0, 1.0, 0.0, 1.0]
        """
        return pd.DataFrame([{"label": f"{c}, {'with' if vc else 'without'} VC", "group": c, "dashed": not vc,
                              "intercept": s.base[c], "slope": s.coef[c]}
                             for vc, s in ((True, self.scores_vc), (False, self.scores_novc)) for c in (SHENZHEN, TOKYO)])


def _ordering_intervals(scores: cl.LinearScores, ordering, mode: str) -> cl.Interval:
    return cl.feasibility_interval(scores.base, scores.coef, ordering, bounds=(0, 100), slack=scores.slack, mode=mode)


def gap_2025(metric_values: pd.DataFrame, known: pd.DataFrame | None = None) -> Gap2025:
    """Solve GII 2025's 1st place for Tokyo–Yokohama's unpublished publication share x.

    Each claimed ordering of the two clusters' sums of shares is linear in x, so the interval of x for which it
    holds is exact (:func:`innovlib.clusters.feasibility_interval`), with and without rounding slack. ``known``
    (the published 2025 shares of the two clusters) is taken from ``metric_values`` unless given.

    Example
    -------
    Shenzhen 9.0 + 2.4 + 2.9 = 14.3 against Tokyo 10.3 + x + 2.2: Shenzhen is 1st while x < 1.8.

    >>> known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, None], "vc": [2.9, 2.2]}, index=[SHENZHEN, TOKYO])
    >>> mv = pd.DataFrame({"edition": [2023], "cluster": [TOKYO], "metric": ["pub"], "world_share": [1.6]})
    >>> g = gap_2025(mv, known)
    >>> round(g.with_vc.upper, 2), round(g.without_vc.lower, 2)
    (1.8, 1.1)
    """
    if known is None:
        known = cl.shares_table(metric_values, 2025, METHOD_2025, complete=False).loc[[SHENZHEN, TOKYO]]
    tokyo_pub_2025 = float(known.loc[TOKYO, "pub"])
    # x is Tokyo–Yokohama's publication share; when the data holds it, the intervals still show what the claims need.
    without_x = known.assign(pub=known["pub"].where(known.index != TOKYO))
    scores_vc = cl.scores_without(without_x, (TOKYO, "pub"))
    scores_novc = cl.scores_without(without_x, (TOKYO, "pub"), "vc")
    orderings = {f"with VC: {SHENZHEN} ahead of {TOKYO}": (scores_vc, [SHENZHEN, TOKYO]),
                 f"without VC: {TOKYO} ahead of {SHENZHEN}": (scores_novc, [TOKYO, SHENZHEN])}
    rows, by_mode = [], {}
    for label, (scores, ordering) in orderings.items():
        for mode in ("exact", "possible", "certain"):
            iv = _ordering_intervals(scores, ordering, mode)
            by_mode.setdefault(mode, []).append(iv)
            rows.append({"ordering": label, "rounding": mode, "x lower": iv.lower, "x upper": iv.upper,
                         "empty": iv.empty})
    with_vc, without_vc = by_mode["exact"]
    both, both_possible = with_vc.intersect(without_vc), by_mode["possible"][0].intersect(by_mode["possible"][1])
    certain = None if math.isnan(tokyo_pub_2025) else by_mode["certain"][0].intersect(by_mode["certain"][1])
    tokyo_pub_2023 = float(metric_values.query("edition == 2023 and cluster == @TOKYO and metric == 'pub'")
                           ["world_share"].iloc[0])
    unknown = [f"{c}'s {cl.METRICS[m]} share" for c in known.index for m in METHOD_2025 if pd.isna(known.loc[c, m])]
    published = "; ".join(f"{cl.METRICS[m]}: " + ", ".join(f"{c} {known.loc[c, m]:.1f}" for c in known.index
                                                           if pd.notna(known.loc[c, m])) for m in METHOD_2025)
    summary = (f"Published 2025 shares (%, rounded): {published}. Not published: {', '.join(unknown) or 'none'}.\n\n"
               f"Both orderings hold exactly when **{both.lower:.2f} < x < {both.upper:.2f}** (x = {TOKYO}'s 2025 "
               f"publication share, %; {both_possible.lower:.2f} < x < {both_possible.upper:.2f} for some unrounded "
               f"values of the published shares). {SHENZHEN} is ahead of {TOKYO} with VC deals exactly when "
               f"x < {with_vc.upper:.2f}. For comparison, GII 2023 published {tokyo_pub_2023:g} for {TOKYO}'s "
               "publication share" + (f"; the 2025 share is in the data: {tokyo_pub_2025:g}."
                                      if not math.isnan(tokyo_pub_2025) else "; its 2025 share is not in the data."))
    feasibility = pd.DataFrame(rows).set_index(["ordering", "rounding"])
    return Gap2025(known, tokyo_pub_2025, tokyo_pub_2023, scores_vc, scores_novc, with_vc, without_vc, both,
                   both_possible, certain, feasibility, summary)

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"best_rank": "best rank", "worst_rank": "worst rank", "pct": "PCT applications", "pub": "publications",
          "vc": "VC deals", "published_rank": "published rank", "recomputed_rank": "recomputed rank",
          "published_total": "published total (% of world)", "sum_of_published_shares": "sum of published shares (%)",
          "match": "ranks match", "rank_all": "rank, all metrics", "rank_without_pct": "rank without PCT",
          "rank_without_pub": "rank without publications", "Nominal": "nominal rank", "Mean": "mean rank",
          "Median": "median rank", "Q5": "rank, 5th percentile", "Q95": "rank, 95th percentile",
          "x lower": "x, lowest (%)", "x upper": "x, highest (%)", "empty": "no x fits",
          "source_key": "source", "next_edition_previous_rank": "next edition's previous rank",
          "own_edition": "own edition",
          "part": "part", "published": "figures published", "found": "figures found"}
