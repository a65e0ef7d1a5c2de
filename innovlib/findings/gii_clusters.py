"""Verdicts of the gii_clusters notebook: claims GII-01 to GII-08 (article TP-2025-09, about GII 2025).

Every check re-reads published GII 2025 (and 2024) figures or uses WIPO's fixed 2025 method, so none depends on
the notebook's parameters (``about={}``) and each is recorded in every run. The tables are the ``gii_clusters``
resources as :func:`innovlib.data.load` returns them (``size`` = ``size_ranking``, with its provenance in
``attrs``); ``gap`` is :func:`innovlib.analyses.gii_clusters.gap_2025`.

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
from innovlib.analyses.gii_clusters import METHOD_2025, SHENZHEN, TOKYO, Gap2025, metric_names, weights_text
from innovlib.text import ordinal

SZ, TY = SHENZHEN, TOKYO


def _feasibility_text(gap: Gap2025) -> str:
    return (f"{SZ} 1st with VC deals and {TY} 1st without them hold together exactly when {gap.both.lower:.2f} < x < "
            f"{gap.both.upper:.2f} (x = {TY}'s 2025 publication share, %; {gap.both_possible.lower:.2f} < x < "
            f"{gap.both_possible.upper:.2f} for some unrounded values of the published shares). Only these two "
            "clusters are compared; WIPO, as quoted in the press, says the VC metric contributed to the change "
            "without giving the counterfactual ranking.")


def _reporters(urls) -> str:
    """The publishers, graded news or better, of the sources at ``urls`` ("Xinhua, China Daily Asia and ...")."""
    from innovlib.text import names

    found = [claims.lookup_source(url) for url in urls]
    return names(dict.fromkeys(s.publisher for s in found if s.grade in ("primary", "official", "news")))


def _statement(statements: pd.DataFrame | None, subject: str, statement: str) -> pd.Series | None:
    """The ``statements`` row of the 2025 edition saying ``statement`` about ``subject`` (``None`` when none does)."""
    if statements is None:
        return None
    rows = statements[(statements["edition"] == 2025) & (statements["subject"] == subject)
                      & (statements["statement"] == statement)]
    return rows.iloc[0] if len(rows) else None


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
    sz_row, ty_row = cl.published_rank_row(size, 2025, SZ), cl.published_rank_row(size, 2025, TY)
    sz_rank, ty_rank = int(sz_row["rank"]), int(ty_row["rank"])
    best = max((claims.lookup_source(url) for url in claims.row_sources(sz_row)),
               key=lambda source: claims.GRADE_STRENGTH[source.grade])
    audit.check("GII-01a", computed=sz_rank, about={}, basis="source",
                sources={f"{SZ}'s 2025 rank": claims.row_sources(sz_row),
                         f"{TY}'s 2025 rank": claims.row_sources(ty_row)},
                finding=(f"{best.publisher} ({best.grade}) ranks {SZ} {ordinal(sz_rank)} and {TY} {ordinal(ty_rank)} "
                         f"in GII 2025, as The Paper's headline says; the order cannot be recomputed, since {TY}'s "
                         "2025 publication share is unpublished."),
                explanation=(f"The 2025 ranking puts {SZ} at rank {sz_rank} and {TY} at rank {ty_rank}. The 1st place "
                             f"cannot be recomputed: {TY}'s 2025 publication share is not published; with the published "
                             f"shares {SZ} is ahead exactly when that share is below {gap.with_vc.upper:.2f}%."))
    history = ranks_published[(ranks_published["cluster"] == SZ) & (ranks_published["edition"] < 2025)]
    history = history.set_index("edition")
    history_text = ", ".join(f"{rank} in GII {e}" for e, rank in history["rank"].items())
    first_in_data = int(history.index.min())
    never_first = bool((history["rank"] != 1).all())
    first_time = _statement(statements, SZ, "first_time_ranked_1st")
    if first_time is not None and never_first:
        audit.check(
            "GII-01b", computed=True, about={}, basis="source", sources=claims.row_sources(first_time),
            explanation=(f"Reports of the 2025 launch by {_reporters(claims.row_sources(first_time))} say that this is "
                         f"the cluster's first 1st place. The ranks in the data agree: {history_text}, never 1st; the "
                         f"editions before GII {first_in_data} (the ranking began in 2017) are not in the data."))
    else:
        audit.not_checkable(
            "GII-01b", about={}, computed=history["rank"].tolist(),
            sources=[url for _, row in history.iterrows() for url in claims.row_sources(row)],
            missing=f"published cluster ranks for the editions before GII {first_in_data}",
            explanation=(f"The data has {SZ}'s ranks from GII {first_in_data} on: {history_text}; "
                         f"{'never' if never_first else 'at least once'} 1st in those editions, and no source in the "
                         "data says in words that 2025 is its first 1st place."))
    rank_claimed, years_claimed = claims.parse_published(claims.lookup("GII-01c")["published_value"])
    years_needed = list(range(2025 - int(years_claimed), 2025))
    years_missing = [e for e in years_needed if e not in history.index]
    years_known = [e for e in years_needed if e in history.index]
    by_year = {f"{SZ}'s rank in GII {e}": claims.row_sources(history.loc[e]) for e in years_known}
    if years_missing:
        audit.not_checkable(
            "GII-01c", about={}, computed=history["rank"].reindex(years_known).tolist(), sources=by_year,
            missing=f"{SZ}'s published rank in GII " + ", ".join(map(str, years_missing)),
            explanation=f"The claim needs GII {years_needed[0]}-{years_needed[-1]}; the data has {history_text}.")
    else:
        from_words = [e for e in years_needed
                      if pd.notna(history.loc[e, "note"]) and str(history.loc[e, "note"]).startswith("no GII")]
        audit.check("GII-01c", computed=bool((history.loc[years_needed, "rank"] == rank_claimed).all()), about={},
                    basis="source", sources=by_year,
                    explanation=(f"Published ranks: {history_text}."
                                 + (f" For GII {' and '.join(map(str, from_words))} no ranking table was found: the 2nd "
                                    "places rest on news reports that say the cluster had been 2nd in every edition "
                                    "since 2020 (one, Macao News, counts four years from 2020 to 2023)."
                                    if from_words else "")))


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
    sj = "San Jose–San Francisco"
    row_2025 = cl.published_rank_row(size, 2025, sj)
    rank_2025 = int(row_2025["rank"])
    audit.check("GII-02a", computed=rank_2025, about={}, basis="source", sources=claims.row_sources(row_2025),
                explanation=f"The 2025 ranking puts {sj} at rank {rank_2025}.")
    previous, previous_row = cl.published_previous_rank(size, 2025, sj)
    own_2024 = size.query("edition == 2024 and cluster == @sj")
    own_text = (f" GII 2024's own list, as a secondary page gives it, also has {int(own_2024['rank'].iloc[0])}."
                if len(own_2024) else "")
    if previous is None:
        audit.not_checkable("GII-02b", about={}, computed=rank_2025, sources=claims.row_sources(row_2025),
                            missing=f"{sj}'s 2024 rank as the 2025 ranking publishes it")
        return
    change = int(cl.rank_change(pd.Series({sj: previous}), pd.Series({sj: rank_2025})).iloc[0])
    audit.check("GII-02b", computed=change, about={}, basis="source",
                sources={f"{sj}'s 2025 rank": claims.row_sources(row_2025),
                         f"{sj}'s 2024 rank as the 2025 sources give it": claims.row_sources(previous_row)},
                explanation=(f"{sj}: {previous} in 2024 and {rank_2025} in 2025 as the 2025 sources give them: "
                             f"{change} places higher.{own_text}"))


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
    london_vc = metric_values.query("edition == 2025 and cluster == 'London' and metric == 'vc'").iloc[0]
    audit.check("GII-03a", computed=int(london_vc["metric_rank"]), about={}, basis="source",
                sources=claims.row_sources(london_vc),
                explanation=f"London's 2025 rank on VC deals as published: {int(london_vc['metric_rank'])}.")
    moves = {}
    for cluster, part_2025, part_2024 in [("London", "GII-03b", "GII-03c"), ("Bengaluru", "GII-03d", "GII-03e")]:
        row = cl.published_rank_row(size, 2025, cluster)
        audit.check(part_2025, computed=int(row["rank"]), about={}, basis="source", sources=claims.row_sources(row),
                    explanation=f"{cluster}'s published rank in GII 2025: {int(row['rank'])}.")
        previous, previous_row = cl.published_previous_rank(size, 2025, cluster)
        if previous is None:
            row_2024 = cl.published_rank_row(size, 2024, cluster)
            rank_2024 = int(row_2024["rank"])
            audit.check(part_2024, computed=rank_2024, about={}, basis="source", sources=claims.row_sources(row_2024),
                        explanation=f"{cluster}'s rank in GII 2024 as its own list gives it: {rank_2024}.")
            previous = rank_2024
        else:
            audit.check(part_2024, computed=previous, about={}, basis="source",
                        sources=claims.row_sources(previous_row),
                        explanation=(f"{cluster}'s 2024 rank as the 2025 sources state it beside the new rank "
                                     f"({int(row['rank'])}): {previous}."))
        moves[cluster] = previous - int(row["rank"])
    moved = f"London {moves['London']} places, Bengaluru {moves['Bengaluru']}"
    attribution = _statement(statements, "Bengaluru", "rise_due_to_vc_deals")
    if attribution is not None:
        audit.record("GII-03f", "confirmed_by_source", computed=moves["Bengaluru"], about={}, basis="source",
                     sources=claims.row_sources(attribution),
                     explanation=(f"Published rises from 2024 to 2025: {moved}. {_reporters(claims.row_sources(attribution))} "
                                  "attributes Bengaluru's rise to VC deals, as the article does. The attribution is "
                                  "reported, not recomputed: no source gives the 2025 ranking without the new metric."))
    else:
        audit.not_checkable(
            "GII-03f", about={}, computed=moves["Bengaluru"],
            missing="the GII 2025 ranking without VC deals (WIPO's two-metric ranking of the 2025 clusters)",
            explanation=(f"Published rises from 2024 to 2025: {moved}. That the rise is due to VC deals is an "
                         "attribution only a ranking without the new metric, or a source stating it, could settle."))


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
    leaders = cl.metric_leaders(metric_values, 2025, METHOD_2025)
    sz_rows = metric_values.query("edition == 2025 and cluster == @SZ").set_index("metric")
    leader_rows = metric_values[(metric_values["edition"] == 2025) & (metric_values["metric_rank"] == 1)]
    leaders_text = "; ".join(f"{cl.METRICS[m]}: {c or 'not published'}" for m, c in leaders.items())
    sz_ranks_text = ", ".join(f"{cl.METRICS[m]} {int(r)}" for m, r in sz_rows["metric_rank"].dropna().items())
    if any(c is None for c in leaders.values()):
        audit.not_checkable("GII-04a", about={}, computed=leaders_text,
                            missing="the 1st cluster on " + metric_names([m for m, c in leaders.items() if c is None], ", "),
                            explanation=f"Published leaders: {leaders_text}.")
    else:
        audit.check("GII-04a", computed=SZ not in leaders.values(), about={}, basis="source",
                    sources={f"1st on {cl.METRICS[row.metric]}": claims.row_sources(row)
                             for _, row in leader_rows.iterrows()},
                    explanation=(f"Published 2025 metric leaders: {leaders_text}; none is {SZ}, whose own metric ranks "
                                 f"are given as {sz_ranks_text}."))
    sz_row = cl.published_rank_row(size, 2025, SZ)
    sz_rank = int(sz_row["rank"])
    possible_upper = gap.feasibility.loc[(f"with VC: {SZ} ahead of {TY}", "possible"), "x upper"]
    audit.check("GII-04b", computed=sz_rank, about={}, basis="source", sources=claims.row_sources(sz_row),
                explanation=(f"The 2025 ranking (the three metrics combined) puts {SZ} at rank {sz_rank}. Not "
                             f"recomputable: with {TY}'s publication share x unpublished, the 1st place holds exactly "
                             f"when x < {gap.with_vc.upper:.2f}% ({possible_upper:.2f} allowing for rounding)."))


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
    source_of = {s["key"]: s["path"] for s in size.attrs["provenance"]["sources"]}
    metrics_by_edition = metric_values.groupby("edition")["metric"].unique()
    vc_first_edition = int(metric_values.loc[metric_values["metric"] == "vc", "edition"].min())
    blog = claims.lookup_source(source_of["WIPOBLOG"])
    audit.check(
        "GII-05a", computed=bool(vc_first_edition == 2025 and "vc" not in metrics_by_edition.get(2023, [])), about={},
        basis="source", sources={"the metrics of GII 2023": [source_of["WIPO23R"]], "VC deals new in 2025": [blog.url]},
        explanation=(f"The GII 2023 appendix table has {' and '.join(cl.METRICS[m] for m in sorted(metrics_by_edition[2023]))} "
                     f"only; VC-deal figures first appear in the data for GII {vc_first_edition}, and WIPO's page "
                     f"'{blog.title}' presents the metric as new."))
    ranks = ranks_published.pivot(index="cluster", columns="edition", values="rank")
    moved = ranks[[2024, 2025]].dropna()
    moved_up = moved[moved[2025] < moved[2024]]
    movers = (f"Of the {len(moved)} clusters with published 2024 and 2025 ranks in the data, {len(moved_up)} moved up; "
              "a change between editions mixes new data with the new metric, so these moves do not show by themselves "
              "what the metric did.")
    reshaped = _statement(statements, "top 100", "vc_metric_reshaped_ranking")
    if reshaped is not None:
        audit.check("GII-05b", computed=True, about={}, basis="source", sources=claims.row_sources(reshaped),
                    explanation=(f"{_reporters(claims.row_sources(reshaped))} report that adding VC deals changed the "
                                 f"ranking, as the article says. {movers} WIPO's ranking of the 2025 clusters by the "
                                 "previous method, which would show the metric's effect, was not found."))
    else:
        audit.not_checkable(
            "GII-05b", about={}, computed=len(moved_up),
            missing="WIPO's GII 2025 ranking computed with the previous two-metric method (report appendix), to compare with",
            explanation=movers)
    known = gap.known
    vc_gap = float(known.loc[SZ, "vc"] - known.loc[TY, "vc"])
    vc_rows = metric_values.query("edition == 2025 and metric == 'vc' and cluster in [@SZ, @TY]")
    audit.check("GII-05c", computed=bool(vc_gap > 2 * 0.05), about={}, basis="source",  # 0.05: half a rounding step
                sources={f"{row['cluster']}'s VC share": claims.row_sources(row) for _, row in vc_rows.iterrows()},
                explanation=(f"Published 2025 VC-deal shares: {SZ} {known.loc[SZ, 'vc']:g}%, {TY} "
                             f"{known.loc[TY, 'vc']:g}%; the gap of {vc_gap:.1f} points exceeds what rounding to 0.1 "
                             "could hide."))
    text = _feasibility_text(gap)
    x = gap.tokyo_pub_2025
    share_rows = metric_values.query("edition == 2025 and cluster in [@SZ, @TY]")
    attribution = _statement(statements, SZ, "top_change_due_to_vc_deals")
    if pd.notna(x) and (gap.certain.contains(x) or not gap.both_possible.contains(x)):
        audit.check("GII-05d", computed=bool(gap.certain.contains(x)), about={}, basis="source",
                    sources={f"{row['cluster']}'s {cl.METRICS[row['metric']]} share": claims.row_sources(row)
                             for _, row in share_rows.iterrows()},
                    explanation=f"{TY}'s published 2025 publication share is {x:g}%. {text}")
    elif pd.notna(x):
        audit.not_checkable("GII-05d", about={}, computed=float(x),
                            missing="shares precise enough to decide (rounding to 0.1 allows both answers)",
                            explanation=f"{TY}'s published 2025 publication share is {x:g}%. {text}")
    elif attribution is not None:
        audit.record("GII-05d", "confirmed_by_source", computed=f"{gap.both.lower:.2f} < x < {gap.both.upper:.2f}",
                     about={}, basis="source", sources=claims.row_sources(attribution),
                     explanation=(f"{_reporters(claims.row_sources(attribution)[:1])} reports that the change at the top was "
                                  f"down to the new VC metric, as the expert says ({attribution['note']}). Not "
                                  f"recomputable, since {TY}'s 2025 publication share x is unpublished: {text}"))
    else:
        audit.not_checkable(
            "GII-05d", about={}, computed=f"{gap.both.lower:.2f} < x < {gap.both.upper:.2f}",
            missing=(f"{TY}'s 2025 share of world scientific publications, or WIPO's GII 2025 ranking with the "
                     "previous two-metric method"), explanation=text)


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
    overall = intensity.query("edition == 2025 and measure == 'overall' and cluster == @SZ").iloc[0]
    position = int(overall["position"])
    audit.check("GII-06a", computed=position, about={}, basis="source", sources=claims.row_sources(overall),
                explanation=f"{SZ}'s published 2025 rank on innovation intensity: {position}.")
    audit.not_checkable("GII-06b", about={},
                        missing="cluster populations (WIPO's 2025 intensity table with each cluster's population)",
                        explanation="The data has no population figure for any cluster.")
    per_capita = intensity.query("edition == 2025 and cluster == @SZ and measure.str.endswith('_per_capita')",
                                 engine="python")
    values = intensity.query("edition == 2025 and cluster == @SZ and measure == 'per_million_values'")
    values_text = ("; its per-million values are published (" + ", ".join(
        f"{v:,.0f} {name}" for name, v in [("PCT applications", values["pct_per_million"].iloc[0]),
                                          ("publications", values["pub_per_million"].iloc[0]),
                                          ("VC deals", values["vc_per_million"].iloc[0])] if pd.notna(v))
                   + "), but not the other clusters' values they would be ranked against") if len(values) else ""
    audit.not_checkable(
        "GII-06c", about={}, computed=position,
        missing=f"{SZ}'s 2025 ranks on per-capita PCT applications, publications and VC deals",
        explanation=(f"The data gives its overall intensity rank ({position}) and only the top three of each "
                     f"per-capita ranking{values_text}." if per_capita.empty else "Partial per-capita ranks only."))


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
    wipo = intensity.query("edition == 2025 and measure == 'overall' and source_key == 'WIPO25'").sort_values("position")
    top5_rows = wipo[wipo["position"] <= 5]
    top5 = top5_rows["cluster"].tolist()
    claimed_top5 = ["San Jose–San Francisco", "Cambridge", "Boston–Cambridge", "Ningde", "Oxford"]  # the claim, as stated
    ningde = intensity.query("edition == 2025 and cluster == 'Ningde' and measure == 'overall'")
    ningde_text = "; ".join(f"{ordinal(int(row['position']))} per {claims.lookup_source(claims.row_sources(row)[0]).publisher}"
                            for _, row in ningde.iterrows())
    top5_sources = [url for _, row in top5_rows.iterrows() for url in claims.row_sources(row)]
    audit.check("GII-07a", computed=sorted(top5), published=sorted(claimed_top5), about={}, basis="source",
                sources=top5_sources,
                explanation=(f"WIPO's 2025 page lists the most intensive clusters as {', '.join(top5)} (compared as a "
                             f"set). Ningde's position differs between sources: {ningde_text}."))
    previous = intensity.query("edition == 2024 and measure == 'overall' and position <= 5")
    audit.check("GII-07b", computed=bool("Ningde" in top5 and "Ningde" not in previous["cluster"].tolist()
                                         and len(previous) == 5), about={}, basis="source",
                sources={"GII 2024's five most intensive clusters":
                             [url for _, row in previous.iterrows() for url in claims.row_sources(row)],
                         "GII 2025's five most intensive clusters": top5_sources},
                explanation=(f"GII 2024's five most intensive clusters: "
                             f"{', '.join(previous.sort_values('position')['cluster'])}; GII 2025's: {', '.join(top5)}."))
    audit.not_checkable("GII-07c", about={}, missing="Ningde's PCT counts over the editions (or WIPO's statement of the cause)",
                        explanation="Why Ningde entered the top five is an attribution the data cannot test.")


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
    per_capita = intensity[(intensity["edition"] == 2025) & intensity["measure"].str.endswith("_per_capita")]
    # The claim as stated; the article names the company CATL, read here as its cluster, Ningde.
    claimed_leaders = {"GII-08a": ("pct", ["Ningde", "San Jose–San Francisco", "Eindhoven"]),
                       "GII-08b": ("pub", ["Cambridge", "Oxford", "Ann Arbor"]),
                       "GII-08c": ("vc", ["San Jose–San Francisco", "Cambridge", "Austin"])}
    leaders_by_metric = {}
    for part_id, (metric, claimed) in claimed_leaders.items():
        rows = per_capita[per_capita["measure"] == f"{metric}_per_capita"].sort_values("position")
        found = rows["cluster"].head(len(claimed)).tolist()
        leaders_by_metric[metric] = found
        audit.check(part_id, computed=sorted(found), published=sorted(claimed), about={}, basis="source",
                    sources=[url for _, row in rows.iterrows() for url in claims.row_sources(row)],
                    explanation=(f"Per-capita {cl.METRICS[metric]} leaders as published: {', '.join(found)} (compared "
                                 "as a set)." + (" The article names the company CATL; its cluster is Ningde."
                                                 if metric == "pct" else "")))
    overall = intensity.query("edition == 2025 and measure == 'overall' and source_key == 'WIPO25'")
    leaders_text = "; ".join(f"{cl.METRICS[m]}: {', '.join(c)}" for m, c in leaders_by_metric.items())
    audit.not_checkable(
        "GII-08d", about={},
        missing="WIPO's 2025 intensity table of the 25 most intensive clusters (their per-capita values on each metric)",
        explanation=(f"The article means the 25 most innovation-intensive clusters. The data has the first "
                     f"{len(overall)} of them (WIPO) and the top three on each per-capita metric, from a secondary "
                     f"summary ({leaders_text}): different clusters lead on different metrics, but the other clusters "
                     "of the 25 and their strengths are not in the data."))


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
    lines = [f"- **GII {rec.edition} recomputed** ({metric_names(rec.metrics)}, {weights_text(rec.metrics, rec.weights)}): "
             + (f"{rec.n_match} of {len(rec.table)} ranks recomputed from the counts equal the published ranks."
                if rec.recomputable else
                "not possible: the data has no counts for this edition and metric set; published ranks shown."),
             f"- **Claims (GII 2025)**: {len(recorded)} of {len(parts)} claim parts have a verdict in this run: "
             + (", ".join(f"{n} {name}" for name, n in tally.items()) or "none") + "."
             + (f" Without a verdict: {', '.join(not_recorded)}." if not_recorded else ""),
             f"- **The missing figure**: {SZ} is ahead of {TY} with VC deals exactly when {TY}'s 2025 publication share "
             f"is below {gap.with_vc.upper:.2f}%; '{TY} would stay 1st without VC deals' also needs it above "
             f"{gap.without_vc.lower:.2f}%."]
    return "\n".join(lines), recorded
