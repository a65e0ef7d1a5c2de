"""Verdicts of the gii_clusters notebook: claims GII-01 to GII-08 (article TP-2025-09, about GII 2025).

Every check re-reads published GII 2025 (and 2024) figures or uses WIPO's fixed 2025 method, so none depends on
the notebook's parameters (``about={}``) and each is recorded in every run. The tables are the ``gii_clusters``
resources as :func:`innovlib.data.load` returns them (``size`` = ``size_ranking``, whose provenance
:func:`innovlib.data.provenance_of` finds); ``gap`` is :func:`innovlib.analyses.gii_clusters.gap_2025`. Each claim goes
evidence (``<claim>_evidence``: values only) → decision (``decide_<claim>``), both in
:mod:`innovlib.findings.gii_clusters_evidence` (the two would pass 500 lines as one module), → words (``WORDING``)
→ audit (:mod:`innovlib.findings`).

Example
-------
>>> from innovlib.data import load
>>> audit = claims.Audit()
>>> gii_07(audit, load("gii_clusters", resource="intensity"))
>>> [audit.verdict_of(part) for part in claims.parts_of("GII-07")]
['confirmed_by_source', 'confirmed_by_source', 'not_checkable']
"""

from __future__ import annotations


import pandas as pd

from innovlib import claims
from innovlib import clusters as cl
from innovlib.analyses.gii_clusters import Gap2025, metric_names, weights_text
from innovlib.findings import record
from innovlib.findings import gii_clusters_evidence as ev
from innovlib.findings.gii_clusters_evidence import SJ, SZ, TY, interval_text
from innovlib.text import names, ordinal

WORDING = {
    "feasibility": ("{SZ} 1st with VC deals and {TY} 1st without them hold together exactly when {both} (x = {TY}'s "
                    "2025 publication share, %; {both_possible} for some unrounded values of the published shares). "
                    "Only these two clusters are compared; WIPO, as quoted in the press, says the VC metric "
                    "contributed to the change without giving the counterfactual ranking."),
    "gii_01a_finding": ("{publisher} ({grade}) ranks {SZ} {sz_rank} and {TY} {ty_rank} in GII 2025, as The Paper's "
                        "headline says; the order cannot be recomputed, since {TY}'s 2025 publication share is "
                        "unpublished."),
    "gii_01a": ("The 2025 ranking puts {SZ} at rank {sz_rank} and {TY} at rank {ty_rank}. The 1st place cannot be "
                "recomputed: {TY}'s 2025 publication share is not published; with the published shares {SZ} is ahead "
                "exactly when that share is below {with_vc_upper:.2f}%."),
    "rank_figure": "{cluster}'s 2025 rank",
    "history_item": "{rank} in GII {edition}",
    "gii_01b": ("Reports of the 2025 launch by {reporters} say that this is the cluster's first 1st place. The ranks "
                "in the data agree: {history}, never 1st; the editions before GII {first_in_data} (the ranking began "
                "in 2017) are not in the data."),
    "gii_01b_missing": "published cluster ranks for the editions before GII {first_in_data}",
    "gii_01b_open": ("The data has {SZ}'s ranks from GII {first_in_data} on: {history}; {how_often} 1st in those "
                     "editions, and no source in the data says in words that 2025 is its first 1st place."),
    "gii_01c_figure": "{SZ}'s rank in GII {edition}",
    "gii_01c_missing": "{SZ}'s published rank in GII {editions}",
    "gii_01c_open": "The claim needs GII {first}-{last}; the data has {history}.",
    "gii_01c": "Published ranks: {history}.",
    "gii_01c_words": (" For GII {editions} no ranking table was found: the 2nd places rest on news reports that say the "
                      "cluster had been 2nd in every edition since 2020 (one, Macao News, counts four years from 2020 "
                      "to 2023)."),
    "gii_02a": "The 2025 ranking puts {SJ} at rank {rank}.",
    "gii_02b_missing": "{SJ}'s 2024 rank as the 2025 ranking publishes it",
    "gii_02b": "{SJ}: {previous} in 2024 and {rank} in 2025 as the 2025 sources give them: {change} places higher.{own}",
    "gii_02b_own": " GII 2024's own list, as a secondary page gives it, also has {own_2024}.",
    "gii_02b_2025_figure": "{SJ}'s 2025 rank",
    "gii_02b_2024_figure": "{SJ}'s 2024 rank as the 2025 sources give it",
    "gii_03a": "London's 2025 rank on VC deals as published: {rank}.",
    "gii_03_2025": "{cluster}'s published rank in GII 2025: {rank}.",
    "gii_03_2024_own": "{cluster}'s rank in GII 2024 as its own list gives it: {previous}.",
    "gii_03_2024": "{cluster}'s 2024 rank as the 2025 sources state it beside the new rank ({rank}): {previous}.",
    "gii_03f_moved": "London {london} places, Bengaluru {bengaluru}",
    "gii_03f": ("Published rises from 2024 to 2025: {moved}. {reporters} attributes Bengaluru's rise to VC deals, as "
                "the article does. The attribution is reported, not recomputed: no source gives the 2025 ranking "
                "without the new metric."),
    "gii_03f_missing": "the GII 2025 ranking without VC deals (WIPO's two-metric ranking of the 2025 clusters)",
    "gii_03f_open": ("Published rises from 2024 to 2025: {moved}. That the rise is due to VC deals is an attribution "
                     "only a ranking without the new metric, or a source stating it, could settle."),
    "leader": "{metric}: {cluster}",
    "not_published": "not published",
    "metric_rank": "{metric} {rank}",
    "leader_figure": "1st on {metric}",
    "gii_04a_missing": "the 1st cluster on {metrics}",
    "gii_04a_open": "Published leaders: {leaders}.",
    "gii_04a": ("Published 2025 metric leaders: {leaders}; none is {SZ}, whose own metric ranks are given as "
                "{sz_ranks}."),
    "gii_04b": ("The 2025 ranking (the three metrics combined) puts {SZ} at rank {sz_rank}. Not recomputable: with "
                "{TY}'s publication share x unpublished, the 1st place holds exactly when x < {with_vc_upper:.2f}% "
                "({possible_upper:.2f} allowing for rounding)."),
    "gii_05a": ("The GII 2023 appendix table has {metrics_2023} only; VC-deal figures first appear in the data for GII "
                "{vc_first_edition}, and WIPO's page '{blog_title}' presents the metric as new."),
    "gii_05a_2023_figure": "the metrics of GII 2023",
    "gii_05a_new_figure": "VC deals new in 2025",
    "gii_05b_movers": ("Of the {n_moved} clusters with published 2024 and 2025 ranks in the data, {n_moved_up} moved "
                       "up; a change between editions mixes new data with the new metric, so these moves do not show "
                       "by themselves what the metric did."),
    "gii_05b": ("{reporters} report that adding VC deals changed the ranking, as the article says. {movers} WIPO's "
                "ranking of the 2025 clusters by the previous method, which would show the metric's effect, was not "
                "found."),
    "gii_05b_missing": ("WIPO's GII 2025 ranking computed with the previous two-metric method (report appendix), to "
                        "compare with"),
    "gii_05c": ("Published 2025 VC-deal shares: {SZ} {sz_vc:g}%, {TY} {ty_vc:g}%; the gap of {vc_gap:.1f} points "
                "exceeds what rounding to 0.1 could hide."),
    "share_figure": "{cluster}'s {metric} share",
    "vc_figure": "{cluster}'s VC share",
    "gii_05d_share": "{TY}'s published 2025 publication share is {x:g}%. {feasibility}",
    "gii_05d_rounding": "shares precise enough to decide (rounding to 0.1 allows both answers)",
    "gii_05d_stated": ("{reporters} reports that the change at the top was down to the new VC metric, as the expert "
                       "says ({note}). Not recomputable, since {TY}'s 2025 publication share x is unpublished: "
                       "{feasibility}"),
    "gii_05d_missing": ("{TY}'s 2025 share of world scientific publications, or WIPO's GII 2025 ranking with the "
                        "previous two-metric method"),
    "gii_06a": "{SZ}'s published 2025 rank on innovation intensity: {position}.",
    "gii_06b_missing": "cluster populations (WIPO's 2025 intensity table with each cluster's population)",
    "gii_06b": "The data has no population figure for any cluster.",
    "gii_06c_missing": "{SZ}'s 2025 ranks on per-capita PCT applications, publications and VC deals",
    "gii_06c": ("The data gives its overall intensity rank ({position}) and only the top three of each per-capita "
                "ranking{values}."),
    "gii_06c_values": ("; its per-million values are published ({values}), but not the other clusters' values they "
                       "would be ranked against"),
    "per_million": "{value:,.0f} {name}",
    "gii_06c_partial": "Partial per-capita ranks only.",
    "gii_07a": ("WIPO's 2025 page lists the most intensive clusters as {top5} (compared as a set). Ningde's position "
                "differs between sources: {ningde}."),
    "ningde_position": "{position} per {publisher}",
    "gii_07b": "GII 2024's five most intensive clusters: {previous}; GII 2025's: {top5}.",
    "gii_07b_2024_figure": "GII 2024's five most intensive clusters",
    "gii_07b_2025_figure": "GII 2025's five most intensive clusters",
    "gii_07c_missing": "Ningde's PCT counts over the editions (or WIPO's statement of the cause)",
    "gii_07c": "Why Ningde entered the top five is an attribution the data cannot test.",
    "gii_08": "Per-capita {metric} leaders as published: {leaders} (compared as a set).{catl}",
    "gii_08_catl": " The article names the company CATL; its cluster is Ningde.",
    "gii_08d_missing": ("WIPO's 2025 intensity table of the 25 most intensive clusters (their per-capita values on "
                        "each metric)"),
    "gii_08d": ("The article means the 25 most innovation-intensive clusters. The data has the first {n_overall} of "
                "them (WIPO) and the top three on each per-capita metric, from a secondary summary ({leaders}): "
                "different clusters lead on different metrics, but the other clusters of the 25 and their strengths "
                "are not in the data."),
    "summary_recomputed": "- **GII {edition} recomputed** ({metrics}, {weights}): {result}",
    "summary_match": "{n_match} of {n_ranks} ranks recomputed from the counts equal the published ranks.",
    "summary_not_recomputable": ("not possible: the data has no counts for this edition and metric set; published "
                                 "ranks shown."),
    "summary_claims": ("- **Claims (GII 2025)**: {n_recorded} of {n_parts} claim parts have a verdict in this run: "
                       "{tally}.{without}"),
    "summary_tally": "{n} {verdict}",
    "summary_without": " Without a verdict: {parts}.",
    "summary_gap": ("- **The missing figure**: {SZ} is ahead of {TY} with VC deals exactly when {TY}'s 2025 "
                    "publication share is below {with_vc_upper:.2f}%; '{TY} would stay 1st without VC deals' also "
                    "needs it above {without_vc_lower:.2f}%."),
}


def _words(key: str, **fields) -> str:
    """``WORDING[key]`` filled with ``fields`` and the two clusters' names."""
    return WORDING[key].format(SZ=SZ, TY=TY, SJ=SJ, **fields)


def feasibility_text(gap: Gap2025) -> str:
    """The interval of Tokyo–Yokohama's unpublished publication share in which both orderings hold.

    Example
    -------
    >>> from innovlib.analyses.gii_clusters import gap_2025
    >>> from innovlib.data import load
    >>> feasibility_text(gap_2025(load("gii_clusters", resource="metric_values")))[:90]
    'Shenzhen–Hong Kong–Guangzhou 1st with VC deals and Tokyo–Yokohama 1st without them hold to'
    """
    return _words("feasibility", both=interval_text(gap.both), both_possible=interval_text(gap.both_possible))


def gii_01(audit: claims.Audit, size: pd.DataFrame, ranks_published: pd.DataFrame, gap: Gap2025,
           statements: pd.DataFrame | None = None) -> None:
    """GII-01a: Shenzhen–Hong Kong–Guangzhou 1st in 2025; GII-01b: first time 1st; GII-01c: 2nd in the five
    editions before.

    ``statements`` is the ``statements`` resource (sources that say in words the cluster was 1st for the first time).

    Example
    -------
    >>> from innovlib.analyses.gii_clusters import gap_2025
    >>> from innovlib.data import load
    >>> size, audit = load("gii_clusters", resource="size_ranking"), claims.Audit()
    >>> gii_01(audit, size, cl.published_ranks(size), gap_2025(load("gii_clusters", resource="metric_values")),
    ...        load("gii_clusters", resource="statements"))
    >>> [audit.verdict_of(part) for part in claims.parts_of("GII-01")]
    ['confirmed_by_source', 'confirmed_by_source', 'confirmed_by_source']
    """
    e = ev.gii_01_evidence(size, ranks_published, gap, statements)
    decided = ev.decide_gii_01(e)
    history = ", ".join(_words("history_item", rank=rank, edition=edition) for edition, rank in e.history.items())
    first_in_data = min(e.history)
    ranks = {"sz_rank": e.sz_rank, "ty_rank": e.ty_rank, "with_vc_upper": e.with_vc_upper}
    record(audit, "GII-01a", decided["GII-01a"], about={}, explanation=_words("gii_01a", **ranks),
           sources={_words("rank_figure", cluster=cluster): list(urls) for cluster, urls in e.rank_sources.items()},
           finding=_words("gii_01a_finding", publisher=e.strongest[0], grade=e.strongest[1],
                          **{**ranks, "sz_rank": ordinal(e.sz_rank), "ty_rank": ordinal(e.ty_rank)}))
    if decided["GII-01b"].verdict != "not_checkable":
        record(audit, "GII-01b", decided["GII-01b"], about={}, sources=list(e.first_time_sources),
               explanation=_words("gii_01b", reporters=names(e.first_time_reporters), history=history,
                                  first_in_data=first_in_data))
    else:
        record(audit, "GII-01b", decided["GII-01b"], about={},
               sources=[url for urls in e.history_sources.values() for url in urls],
               missing=_words("gii_01b_missing", first_in_data=first_in_data),
               explanation=_words("gii_01b_open", first_in_data=first_in_data, history=history,
                                  how_often="never" if e.never_first else "at least once"))
    by_year = {_words("gii_01c_figure", edition=y): list(e.history_sources[y])
               for y in e.years_claimed if y in e.history}
    if e.years_missing:
        record(audit, "GII-01c", decided["GII-01c"], about={}, sources=by_year,
               missing=_words("gii_01c_missing", editions=", ".join(map(str, e.years_missing))),
               explanation=_words("gii_01c_open", first=e.years_claimed[0], last=e.years_claimed[-1], history=history))
    else:
        words = [y for y in e.years_claimed if y in e.from_words]
        record(audit, "GII-01c", decided["GII-01c"], about={}, sources=by_year,
               explanation=_words("gii_01c", history=history)
               + (_words("gii_01c_words", editions=" and ".join(map(str, words))) if words else ""))


def gii_02(audit: claims.Audit, size: pd.DataFrame) -> None:
    """GII-02a: San Jose–San Francisco's 2025 rank; GII-02b: its rise since 2024, read from the 2025 source's
    previous rank (:func:`innovlib.clusters.published_previous_rank`).

    Example
    -------
    >>> from innovlib.data import load
    >>> audit = claims.Audit()
    >>> gii_02(audit, load("gii_clusters", resource="size_ranking"))
    >>> audit.recorded[1].computed, audit.verdict_of("GII-02b")
    (3, 'confirmed_by_source')
    """
    e = ev.gii_02_evidence(size)
    decided, move = ev.decide_gii_02(e), e.move
    record(audit, "GII-02a", decided["GII-02a"], about={}, sources=list(move.sources),
           explanation=_words("gii_02a", rank=move.rank))
    if move.previous is None:
        record(audit, "GII-02b", decided["GII-02b"], about={}, sources=list(move.sources),
               missing=_words("gii_02b_missing"))
        return
    own = _words("gii_02b_own", own_2024=e.own_2024) if e.own_2024 is not None else ""
    record(audit, "GII-02b", decided["GII-02b"], about={},
           sources={_words("gii_02b_2025_figure"): list(move.sources),
                    _words("gii_02b_2024_figure"): list(move.previous_sources)},
           explanation=_words("gii_02b", previous=move.previous, rank=move.rank, change=move.rise, own=own))


def gii_03(audit: claims.Audit, size: pd.DataFrame, metric_values: pd.DataFrame,
           statements: pd.DataFrame | None = None) -> None:
    """GII-03a-e: London's and Bengaluru's ranks (the 2024 ones as the 2025 sources give them); GII-03f: their rise
    attributed to VC deals.

    Example
    -------
    >>> from innovlib.data import load
    >>> audit = claims.Audit()
    >>> gii_03(audit, load("gii_clusters", resource="size_ranking"), load("gii_clusters", resource="metric_values"),
    ...        load("gii_clusters", resource="statements"))
    >>> audit.recorded[-1].computed  # Bengaluru: 56th in 2024, 21st in 2025
    35
    """
    e = ev.gii_03_evidence(size, metric_values, statements)
    decided = ev.decide_gii_03(e)
    record(audit, "GII-03a", decided["GII-03a"], about={}, sources=list(e.london_vc_sources),
           explanation=_words("gii_03a", rank=e.london_vc_rank))
    for cluster, part_2025, part_2024 in [("London", "GII-03b", "GII-03c"), ("Bengaluru", "GII-03d", "GII-03e")]:
        move = e.moves[cluster]
        fields = {"cluster": cluster, "rank": move.rank, "previous": move.previous}
        record(audit, part_2025, decided[part_2025], about={}, sources=list(move.sources),
               explanation=_words("gii_03_2025", **fields))
        record(audit, part_2024, decided[part_2024], about={}, sources=list(move.previous_sources),
               explanation=_words("gii_03_2024" if move.from_2025_source else "gii_03_2024_own", **fields))
    moved = _words("gii_03f_moved", london=e.moves["London"].rise, bengaluru=e.moves["Bengaluru"].rise)
    if e.attribution_sources is not None:
        record(audit, "GII-03f", decided["GII-03f"], about={}, sources=list(e.attribution_sources),
               explanation=_words("gii_03f", moved=moved, reporters=names(e.attribution_reporters)))
    else:
        record(audit, "GII-03f", decided["GII-03f"], about={}, missing=_words("gii_03f_missing"),
               explanation=_words("gii_03f_open", moved=moved))


def gii_04(audit: claims.Audit, size: pd.DataFrame, metric_values: pd.DataFrame, gap: Gap2025) -> None:
    """GII-04a: Shenzhen–Hong Kong–Guangzhou leads on no single metric (each metric's published leader is a figure
    with its own evidence); GII-04b: yet it is 1st overall.

    Example
    -------
    >>> from innovlib.analyses.gii_clusters import gap_2025
    >>> from innovlib.data import load
    >>> metric_values, audit = load("gii_clusters", resource="metric_values"), claims.Audit()
    >>> gii_04(audit, load("gii_clusters", resource="size_ranking"), metric_values, gap_2025(metric_values))
    >>> [audit.verdict_of(part) for part in claims.parts_of("GII-04")]
    ['confirmed_by_source', 'confirmed_by_source']
    """
    e = ev.gii_04_evidence(size, metric_values, gap)
    decided = ev.decide_gii_04(e)
    leaders = "; ".join(_words("leader", metric=cl.METRICS[m], cluster=c or WORDING["not_published"])
                        for m, c in e.leaders.items())
    if decided["GII-04a"].verdict == "not_checkable":
        record(audit, "GII-04a", decided["GII-04a"], about={}, explanation=_words("gii_04a_open", leaders=leaders),
               missing=_words("gii_04a_missing", metrics=metric_names([m for m, c in e.leaders.items() if c is None],
                                                                      ", ")))
    else:
        sz_ranks = ", ".join(_words("metric_rank", metric=cl.METRICS[m], rank=r) for m, r in e.sz_metric_ranks.items())
        record(audit, "GII-04a", decided["GII-04a"], about={},
               sources={_words("leader_figure", metric=cl.METRICS[m]): list(urls) for m, urls in e.leader_sources.items()},
               explanation=_words("gii_04a", leaders=leaders, sz_ranks=sz_ranks))
    record(audit, "GII-04b", decided["GII-04b"], about={}, sources=list(e.sz_sources),
           explanation=_words("gii_04b", sz_rank=e.sz_rank, with_vc_upper=e.with_vc_upper,
                              possible_upper=e.possible_upper))


def gii_05(audit: claims.Audit, size: pd.DataFrame, metric_values: pd.DataFrame, ranks_published: pd.DataFrame,
           gap: Gap2025, statements: pd.DataFrame | None = None) -> None:
    """GII-05a: VC deals are a new metric; GII-05b: it reshaped the ranking; GII-05c: Shenzhen leads Tokyo on VC
    deals; GII-05d: the VC metric is what put Shenzhen 1st (Tokyo–Yokohama would have stayed 1st without it).

    GII-05b and GII-05d are attributions: a published Tokyo–Yokohama publication share would decide GII-05d by the
    published shares; without it, a news report that states the attribution confirms it, with the interval of the
    unpublished share in which the published figures agree.

    Example
    -------
    >>> from innovlib.analyses.gii_clusters import gap_2025
    >>> from innovlib.data import load
    >>> size, metric_values = load("gii_clusters", resource="size_ranking"), load("gii_clusters", resource="metric_values")
    >>> audit = claims.Audit()
    >>> gii_05(audit, size, metric_values, cl.published_ranks(size), gap_2025(metric_values))
    >>> audit.recorded[-1].computed  # no statement given: the interval of Tokyo–Yokohama's publication share both orderings need
    '1.10 < x < 1.80'
    """
    e = ev.gii_05_evidence(size, metric_values, ranks_published, gap, statements)
    decided = ev.decide_gii_05(e)
    record(audit, "GII-05a", decided["GII-05a"], about={},
           sources={_words("gii_05a_2023_figure"): [e.method_sources["2023 appendix"]],
                    _words("gii_05a_new_figure"): [e.method_sources["blog"]]},
           explanation=_words("gii_05a", metrics_2023=" and ".join(cl.METRICS[m] for m in e.metrics_2023),
                              vc_first_edition=e.vc_first_edition, blog_title=e.blog_title))
    movers = _words("gii_05b_movers", n_moved=e.n_moved, n_moved_up=e.n_moved_up)
    if e.reshaped_sources is not None:
        record(audit, "GII-05b", decided["GII-05b"], about={}, sources=list(e.reshaped_sources),
               explanation=_words("gii_05b", reporters=names(e.reshaped_reporters), movers=movers))
    else:
        record(audit, "GII-05b", decided["GII-05b"], about={}, missing=_words("gii_05b_missing"), explanation=movers)
    record(audit, "GII-05c", decided["GII-05c"], about={},
           sources={_words("vc_figure", cluster=c): list(urls) for c, urls in e.vc_sources.items()},
           explanation=_words("gii_05c", sz_vc=e.vc_shares[SZ], ty_vc=e.vc_shares[TY], vc_gap=e.vc_gap))
    text, d = feasibility_text(gap), decided["GII-05d"]
    if e.x is not None:
        share = _words("gii_05d_share", x=e.x, feasibility=text)
        if d.verdict == "not_checkable":
            record(audit, "GII-05d", d, about={}, missing=_words("gii_05d_rounding"), explanation=share)
        else:
            record(audit, "GII-05d", d, about={}, explanation=share,
                   sources={_words("share_figure", cluster=c, metric=cl.METRICS[m]): list(urls)
                            for (c, m), urls in e.share_sources.items()})
    elif e.attribution_sources is not None:
        record(audit, "GII-05d", d, about={}, sources=list(e.attribution_sources),
               explanation=_words("gii_05d_stated", reporters=names(e.attribution_reporter), note=e.attribution_note,
                                  feasibility=text))
    else:
        record(audit, "GII-05d", d, about={}, missing=_words("gii_05d_missing"), explanation=text)


def gii_06(audit: claims.Audit, intensity: pd.DataFrame) -> None:
    """GII-06a: Shenzhen–Hong Kong–Guangzhou's intensity rank; GII-06b: largest population; GII-06c: per capita.

    Example
    -------
    >>> from innovlib.data import load
    >>> audit = claims.Audit()
    >>> gii_06(audit, load("gii_clusters", resource="intensity"))
    >>> audit.recorded[0].computed
    45
    """
    e = ev.gii_06_evidence(intensity)
    decided = ev.decide_gii_06(e)
    record(audit, "GII-06a", decided["GII-06a"], about={}, sources=list(e.sources),
           explanation=_words("gii_06a", position=e.position))
    record(audit, "GII-06b", decided["GII-06b"], about={}, missing=_words("gii_06b_missing"),
           explanation=_words("gii_06b"))
    values = "" if e.per_million is None else _words("gii_06c_values", values=", ".join(
        _words("per_million", value=value, name=name) for name, value in e.per_million.items()))
    record(audit, "GII-06c", decided["GII-06c"], about={}, missing=_words("gii_06c_missing"),
           explanation=(_words("gii_06c_partial") if e.has_per_capita_ranks
                        else _words("gii_06c", position=e.position, values=values)))


def gii_07(audit: claims.Audit, intensity: pd.DataFrame) -> None:
    """GII-07a: the five most intensive clusters of 2025; GII-07b: Ningde new among them; GII-07c: why.

    Example
    -------
    >>> from innovlib.data import load
    >>> audit = claims.Audit()
    >>> gii_07(audit, load("gii_clusters", resource="intensity"))
    >>> "Ningde" in audit.recorded[0].computed
    True
    """
    e = ev.gii_07_evidence(intensity)
    decided = ev.decide_gii_07(e)
    top5 = ", ".join(e.top5)
    ningde = "; ".join(_words("ningde_position", position=ordinal(position), publisher=publisher)
                       for position, publisher in e.ningde)
    record(audit, "GII-07a", decided["GII-07a"], about={}, sources=list(e.top5_sources),
           explanation=_words("gii_07a", top5=top5, ningde=ningde))
    record(audit, "GII-07b", decided["GII-07b"], about={},
           sources={_words("gii_07b_2024_figure"): list(e.previous_sources),
                    _words("gii_07b_2025_figure"): list(e.top5_sources)},
           explanation=_words("gii_07b", previous=", ".join(e.previous_by_position), top5=top5))
    record(audit, "GII-07c", decided["GII-07c"], about={}, missing=_words("gii_07c_missing"),
           explanation=_words("gii_07c"))


def gii_08(audit: claims.Audit, intensity: pd.DataFrame, ranks_published: pd.DataFrame) -> None:
    """GII-08a-c: the per-capita leaders on each metric; GII-08d: the 25 most intensive clusters differ in strengths.

    Example
    -------
    >>> from innovlib.data import load
    >>> audit = claims.Audit()
    >>> gii_08(audit, load("gii_clusters", resource="intensity"), cl.published_ranks(load("gii_clusters", resource="size_ranking")))
    >>> audit.recorded[0].computed
    ['Eindhoven', 'Ningde', 'San Jose–San Francisco']
    """
    e = ev.gii_08_evidence(intensity)
    decided = ev.decide_gii_08(e)
    for part, found in e.leaders.items():
        metric = ev.CLAIMED_LEADERS[part][0]
        record(audit, part, decided[part], about={}, sources=list(e.sources[part]),
               explanation=_words("gii_08", metric=cl.METRICS[metric], leaders=", ".join(found),
                                  catl=WORDING["gii_08_catl"] if metric == "pct" else ""))
    leaders = "; ".join(_words("leader", metric=cl.METRICS[ev.CLAIMED_LEADERS[part][0]], cluster=", ".join(found))
                        for part, found in e.leaders.items())
    record(audit, "GII-08d", decided["GII-08d"], about={}, missing=_words("gii_08d_missing"),
           explanation=_words("gii_08d", n_overall=e.n_overall, leaders=leaders))


def summary(audit: claims.Audit, parts: pd.DataFrame, rec, gap: Gap2025) -> tuple[str, pd.DataFrame]:
    """The findings of a run: a few lines in Markdown and the table of recorded verdicts.

    ``parts`` are the catalogue's GII claim parts; ``rec`` is :func:`innovlib.analyses.gii_clusters.recompute`'s result.

    Example
    -------
    >>> from innovlib.analyses.gii_clusters import Recomputation, gap_2025
    >>> from innovlib.data import load
    >>> rec = Recomputation(2025, ["pct"], None, pd.DataFrame(), None, None, False, "", "")
    >>> text, table = summary(claims.Audit(), claims.claim_catalogue().query("claim_id == 'GII-06'"), rec,
    ...                       gap_2025(load("gii_clusters", resource="metric_values")))
    >>> text.splitlines()[1]
    '- **Claims (GII 2025)**: 0 of 3 claim parts have a verdict in this run: none. Without a verdict: GII-06a, GII-06b, GII-06c.'
    """
    recorded = pd.DataFrame([{"part": v.part_id, "verdict": v.verdict.replace("_", " "),
                              "published": claims.format_value(v.published), "found": claims.format_value(v.computed)}
                             for v in audit.recorded], columns=["part", "verdict", "published", "found"])
    tally = recorded["verdict"].value_counts()
    not_recorded = [p for p in parts["part_id"] if p not in set(recorded["part"])]
    result = (_words("summary_match", n_match=rec.n_match, n_ranks=len(rec.table)) if rec.recomputable
              else _words("summary_not_recomputable"))
    lines = [_words("summary_recomputed", edition=rec.edition, metrics=metric_names(rec.metrics),
                    weights=weights_text(rec.metrics, rec.weights), result=result),
             _words("summary_claims", n_recorded=len(recorded), n_parts=len(parts),
                    tally=", ".join(_words("summary_tally", n=n, verdict=name) for name, n in tally.items()) or "none",
                    without=_words("summary_without", parts=", ".join(not_recorded)) if not_recorded else ""),
             _words("summary_gap", with_vc_upper=gap.with_vc.upper, without_vc_lower=gap.without_vc.lower)]
    return "\n".join(lines), recorded
