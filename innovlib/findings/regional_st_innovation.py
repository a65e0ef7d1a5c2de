"""Verdicts of the ``regional_st_innovation`` notebook: Time Weekly's account (TW-2025-11) of CASTED's 2025
*China Regional S&T Innovation Evaluation*.

The reports are not freely published, so every figure is a published one (``basis="source"``) from the
``regional_st_innovation`` dataset, shaped by :mod:`innovlib.analyses.regional_st_innovation`. Each claim is
about the 2025 report (compared with 2024, tier 1 as "the leaders"): a run with other values shows what it finds
and records nothing.

Example
-------
>>> import pandas as pd
>>> from innovlib import claims
>>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
>>> rsi_04(audit, pd.DataFrame({"edition": ["2024", "2025"], "first": [None, "Shanghai"]}))
>>> audit.recorded[0].verdict
'not_checkable'
"""

from __future__ import annotations

import pandas as pd

from innovlib import claims
from innovlib.rankings import tier_members
from innovlib.analyses.regional_st_innovation import edition_rows
from innovlib.text import names, ordinal

EDITION = {"edition": "2025"}
PREVIOUS = {"previous_edition": "2024"}
LEADERS = ["Shanghai", "Beijing", "Jiangsu", "Guangdong", "Zhejiang", "Tianjin"]
INDICATORS = {"RSI-03a": "technology international revenue per 10,000 yuan of GDP",
              "RSI-03b": "labour productivity",
              "RSI-03c": "R&D expenditure intensity (R&D / GDP)"}


def national_trend(scores: pd.DataFrame) -> str:
    """One sentence on the national score between the first and the last edition that publish one.

    Example
    -------
    >>> national_trend(pd.DataFrame({"edition": ["2023", "2024", "2025"], "year": [2023, 2024, 2025],
    ...                              "region": ["China"] * 3, "score": [76.0, None, 80.2]}))
    'Between the published editions the national score moved from 76.00 (2023) to 80.20 (2025).'
    """
    shown = scores[scores["region"] == "China"].sort_values("year").dropna(subset=["score"])
    if shown.empty:
        return "No edition in the data publishes a national score."
    first, last = shown.iloc[0], shown.iloc[-1]
    return (f"Between the published editions the national score moved from {first['score']:.2f} "
            f"({first['edition']}) to {last['score']:.2f} ({last['edition']}).")


def rsi_01(audit: claims.Audit, provinces: pd.DataFrame, edition: str, previous_edition: str,
           releases: pd.DataFrame | None = None) -> None:
    """RSI-01: Shanghai 1st in the 2025 report (a), replacing Beijing, 1st in 2024 (b); the report released in
    October 2025 (c, from ``releases``, the dataset's resource of release dates).

    Example
    -------
    >>> url = "https://www.kankanews.com/detail/EnwNqNLeAQa"
    >>> rows = pd.DataFrame({"edition": ["2025", "2024"], "region": ["Shanghai", "Shanghai"], "rank": [1, 2],
    ...                      "source_url": [url, url]})
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_01(audit, rows, "2025", "2024")
    >>> [(v.part_id, v.computed) for v in audit.recorded]
    [('RSI-01a', 1), ('RSI-01b', None), ('RSI-01c', None)]
    """
    current, previous = edition_rows(provinces, edition), edition_rows(provinces, previous_edition)
    shanghai_rank = current["rank"].get("Shanghai")
    if pd.isna(shanghai_rank):
        audit.not_checkable("RSI-01a", about=EDITION,
                            missing=f"Shanghai's rank in the {edition} report (no source in the data gives it)")
    else:
        audit.check("RSI-01a", computed=int(shanghai_rank), about=EDITION, basis="source",
                    explanation=f"The {edition} report as published ranks Shanghai {ordinal(int(shanghai_rank))}.",
                    sources=claims.row_sources(current.loc["Shanghai"]))
    beijing_before = previous["rank"].get("Beijing")
    if pd.isna(beijing_before):
        stated = previous["rank"].dropna().astype(int)
        known = names(f"{region} {ordinal(rank)}" for region, rank in stated.sort_values().items()) or "none"
        note = previous["note"].get("Beijing") if "note" in previous else None
        listed = f" What the sources say of Beijing: {note}." if isinstance(note, str) and note else ""
        audit.not_checkable(
            "RSI-01b", about=PREVIOUS,
            missing=f"Beijing's rank in the {previous_edition} report: no source in the data states it",
            explanation=f"Ranks stated for {previous_edition}: {known}.{listed}")
    else:
        audit.check("RSI-01b", computed=int(beijing_before), about=PREVIOUS, basis="source",
                    explanation=f"The {previous_edition} report ranks Beijing {ordinal(int(beijing_before))}.",
                    sources=claims.row_sources(previous.loc["Beijing"]))
    release = None if releases is None else releases[releases["edition"] == edition]
    if release is None or release.empty:
        audit.not_checkable("RSI-01c", about=EDITION, missing=f"the release date of the {edition} report")
        return
    row = release.iloc[0]
    released = pd.Timestamp(row["released"])
    stated = claims.display_published(claims.lookup("RSI-01c")["published_value"], claims.lookup("RSI-01c")["unit"])
    audit.check("RSI-01c", computed=int(released.month), about=EDITION, basis="source",
                sources=claims.row_sources(row),
                finding=(f"The {edition} report's release is dated {released.day} {released:%B %Y} by "
                         f"{len(claims.row_sources(row))} page(s) found, while the article says {stated}"
                         + ("; none of them is graded news or better, so the date stays open." if not any(
                             claims.lookup_source(url).grade in ("primary", "official", "news")
                             for url in claims.row_sources(row)) else ".")),
                explanation=(f"Reports of the release date it to {released.day} {released:%B %Y}"
                             + (f" ({row['venue']})" if pd.notna(row["venue"]) else "") + ". "
                             + (f"{row['note'][0].upper()}{row['note'][1:]}." if pd.notna(row["note"]) else "")))


def rsi_02(audit: claims.Audit, provinces: pd.DataFrame, edition: str, leading_tier: int) -> None:
    """RSI-02: the six leading regions are the members of the leading tier; each member needs its own evidence.

    Example
    -------
    >>> url = "https://www.kankanews.com/detail/EnwNqNLeAQa"
    >>> rows = pd.DataFrame({"edition": ["2025"] * 2, "region": ["Beijing", "Shanghai"], "rank": [2, 1],
    ...                      "tier": [1, 1], "source_url": [url, url]})
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_02(audit, rows, "2025", 1)
    >>> audit.recorded[0].explanation.endswith("Tier 1 of the 2025 report, as published, is Shanghai and Beijing (2 regions).")
    True
    """
    about = {**EDITION, "leading_tier": 1}
    current = edition_rows(provinces, edition)
    leading = tier_members(current.reset_index(), "tier", "region").get(leading_tier, [])
    if not leading:
        audit.not_checkable("RSI-02", about=about, missing=f"tier membership in the {edition} report")
        return
    ordered = current.loc[leading].sort_values("rank")
    audit.check("RSI-02", computed=sorted(leading), published=sorted(LEADERS), about=about, basis="source",
                explanation=(f"Tier {leading_tier} of the {edition} report, as published, is "
                             f"{names(ordered.index)} ({len(leading)} regions)."),
                sources={f"{region} in tier {leading_tier}": claims.row_sources(row)
                         for region, row in ordered.iterrows()})


def rsi_03(audit: claims.Audit, shanghai_indicators: pd.DataFrame, edition: str) -> None:
    """RSI-03: Shanghai's ranks on three indicators in the 2025 report, each part on its own published rank.

    Example
    -------
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_03(audit, pd.DataFrame({"indicator": [], "rank": [], "source_url": []}), "2025")
    >>> [v.verdict for v in audit.recorded]
    ['not_checkable', 'not_checkable', 'not_checkable']
    """
    by_name = shanghai_indicators.set_index("indicator")
    for part, indicator in INDICATORS.items():
        rank = by_name["rank"].get(indicator)
        if pd.isna(rank):
            audit.not_checkable(part, about=EDITION,
                                missing=f"Shanghai's rank on {indicator} in the {edition} report (no source gives it)")
        else:
            audit.check(part, computed=int(rank), about=EDITION, basis="source",
                        explanation=f"Shanghai ranks {ordinal(int(rank))} on {indicator} in the {edition} report.",
                        sources=claims.row_sources(by_name.loc[indicator]))


def rsi_04(audit: claims.Audit, firsts: pd.DataFrame, provinces: pd.DataFrame | None = None) -> None:
    """RSI-04: 1st place has usually gone to Beijing or Shanghai in turn; that needs every edition's leader
    (``firsts`` from :func:`innovlib.analyses.regional_st_innovation.first_places`; ``provinces`` gives the rows
    that state them, for their sources).

    Example
    -------
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_04(audit, pd.DataFrame({"edition": ["2016", "2025"], "first": [None, "Shanghai"]}))
    >>> audit.recorded[0].explanation.startswith("Missing: the 1st-ranked region of the editions 2016")
    True
    """
    stated = firsts.dropna(subset=["first"])
    unstated = firsts[firsts["first"].isna()]
    sources, weak = [], []
    if provinces is not None:
        leaders = provinces[provinces["rank"] == 1]
        sources = list(dict.fromkeys(url for _, row in leaders.iterrows() for url in claims.row_sources(row)))
        for edition, rows in leaders.groupby("edition"):
            grades = {claims.lookup_source(url).grade for _, row in rows.iterrows() for url in claims.row_sources(row)}
            if not grades & {"primary", "official", "news"}:
                weak.append(edition)
    counts = stated["first"].value_counts()
    by_region = names(f"{region} in {n}" for region, n in counts.items())
    others = sorted(set(stated["first"]) - {"Beijing", "Shanghai"})
    audit.not_checkable(
        "RSI-04", about={}, computed=dict(zip(stated["edition"], stated["first"])), sources=sources,
        missing=("the 1st-ranked region of the editions " + names(unstated["edition"])
                 + " and of the reports not in the data (no leader is found for the 2019 and 2020 reports)"),
        explanation=(f"The data states the 1st place for {len(stated)} of the {len(firsts)} editions it has "
                     f"({names(stated['edition'] + ': ' + stated['first'])}): {by_region} of them"
                     + (f", and {names(others)} otherwise" if others else ", always Beijing or Shanghai")
                     + (f"; for {names(sorted(weak))} only secondary pages state it" if weak else "")
                     + ". Whether 1st place 'usually' passed between the two in turn needs the leader of every year."))
