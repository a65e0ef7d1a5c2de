"""Verdicts of the ``regional_st_innovation`` notebook: Time Weekly's account (TW-2025-11) of CASTED's 2025
*China Regional S&T Innovation Evaluation*.

The reports are not freely published, so every figure is a published one (``basis="source"``) from the
``regional_st_innovation`` dataset, shaped by :mod:`innovlib.analyses.regional_st_innovation`. Each claim is
about the 2025 report (compared with 2024, tier 1 as "the leaders"): a run with other values shows what it finds
and records nothing. Each claim goes evidence (``<claim>_evidence``: values only) → decision (``decide_<claim>``)
→ words (``WORDING``) → audit (:mod:`innovlib.findings`).

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

from dataclasses import dataclass
from datetime import date

import pandas as pd

from innovlib import claims
from innovlib.analyses.regional_st_innovation import edition_rows
from innovlib.findings import Decision, compare, record
from innovlib.rankings import tier_members
from innovlib.text import names, ordinal

EDITION = {"edition": "2025"}
PREVIOUS = {"previous_edition": "2024"}
LEADERS = ["Shanghai", "Beijing", "Jiangsu", "Guangdong", "Zhejiang", "Tianjin"]
INDICATORS = {"RSI-03a": "technology international revenue per 10,000 yuan of GDP",
              "RSI-03b": "labour productivity",
              "RSI-03c": "R&D expenditure intensity (R&D / GDP)"}
STRONG_GRADES = ("primary", "official", "news")

WORDING = {
    "national_trend": ("Between the published editions the national score moved from {first_score:.2f} "
                       "({first_edition}) to {last_score:.2f} ({last_edition})."),
    "no_national_score": "No edition in the data publishes a national score.",
    "rsi_01a": "The {edition} report as published ranks Shanghai {rank}.",
    "rsi_01a_missing": "Shanghai's rank in the {edition} report (no source in the data gives it)",
    "rsi_01b": "The {previous_edition} report ranks Beijing {rank}.",
    "rsi_01b_missing": "Beijing's rank in the {previous_edition} report: no source in the data states it",
    "rsi_01b_known": "Ranks stated for {previous_edition}: {known}.",
    "rsi_01b_known_rank": "{region} {rank}",
    "rsi_01b_note": " What the sources say of Beijing: {note}.",
    "rsi_01c_missing": "the release date of the {edition} report",
    "rsi_01c": "Reports of the release date it to {released}{venue}. {note}",
    "rsi_01c_venue": " ({venue})",
    "rsi_01c_finding": ("The {edition} report's release is dated {released} by {n_pages} page(s) found, while the "
                        "article says {stated}{strength}"),
    "rsi_01c_weak": "; none of them is graded news or better, so the date stays open.",
    "date": "{date.day} {date:%B %Y}",
    "rsi_02": "Tier {tier} of the {edition} report, as published, is {members} ({n_members} regions).",
    "rsi_02_missing": "tier membership in the {edition} report",
    "rsi_02_figure": "{region} in tier {tier}",
    "rsi_03": "Shanghai ranks {rank} on {indicator} in the {edition} report.",
    "rsi_03_missing": "Shanghai's rank on {indicator} in the {edition} report (no source gives it)",
    "rsi_04_missing": ("the 1st-ranked region of the editions {unstated} and of the reports not in the data (no leader "
                       "is found for the 2019 and 2020 reports)"),
    "rsi_04": ("The data states the 1st place for {n_stated} of the {n_editions} editions it has ({stated}): "
               "{by_region} of them{others}{weak}. Whether 1st place 'usually' passed between the two in turn needs "
               "the leader of every year."),
    "rsi_04_stated": "{edition}: {first}",
    "rsi_04_count": "{region} in {count}",
    "rsi_04_others": ", and {others} otherwise",
    "rsi_04_no_others": ", always Beijing or Shanghai",
    "rsi_04_weak": "; for {editions} only secondary pages state it",
}


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
        return WORDING["no_national_score"]
    first, last = shown.iloc[0], shown.iloc[-1]
    return WORDING["national_trend"].format(first_score=first["score"], first_edition=first["edition"],
                                            last_score=last["score"], last_edition=last["edition"])


def _rank(value) -> int | None:
    return None if pd.isna(value) else int(value)


# --- RSI-01 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Release:
    """A report's release as reports of it date it."""

    released: date
    venue: str | None
    note: str | None
    sources: tuple[str, ...]
    strong: bool  # some source is graded news or better


@dataclass(frozen=True)
class Rsi01Evidence:
    """RSI-01: Shanghai's rank in ``edition``, Beijing's in ``previous_edition`` and the release of ``edition``."""

    edition: str
    previous_edition: str
    shanghai_rank: int | None
    shanghai_sources: tuple[str, ...]
    beijing_before: int | None
    beijing_sources: tuple[str, ...]
    previous_ranks: dict[str, int]  # every rank stated for the previous edition, best first
    beijing_note: str | None
    release: Release | None
    stated_release: str  # the release date as the article states it


def rsi_01_evidence(provinces: pd.DataFrame, edition: str, previous_edition: str,
                    releases: pd.DataFrame | None = None) -> Rsi01Evidence:
    """The values RSI-01 rests on (``releases``: the dataset's resource of release dates).

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2025", "2024"], "region": ["Shanghai", "Shanghai"], "rank": [1, 2],
    ...                      "source_url": ["u", "u"]})
    >>> e = rsi_01_evidence(rows, "2025", "2024")
    >>> e.shanghai_rank, e.beijing_before, e.previous_ranks, e.release
    (1, None, {'Shanghai': 2}, None)
    """
    current, previous = edition_rows(provinces, edition), edition_rows(provinces, previous_edition)
    shanghai, beijing = _rank(current["rank"].get("Shanghai")), _rank(previous["rank"].get("Beijing"))
    note = previous["note"].get("Beijing") if "note" in previous else None
    release = None if releases is None else releases[releases["edition"] == edition]
    found = None
    if release is not None and not release.empty:
        row = release.iloc[0]
        urls = tuple(claims.row_sources(row))
        found = Release(released=pd.Timestamp(row["released"]).date(),
                        venue=row["venue"] if pd.notna(row["venue"]) else None,
                        note=row["note"] if pd.notna(row["note"]) else None, sources=urls,
                        strong=any(claims.lookup_source(url).grade in STRONG_GRADES for url in urls))
    part = claims.lookup("RSI-01c")
    return Rsi01Evidence(
        edition=edition, previous_edition=previous_edition, shanghai_rank=shanghai,
        shanghai_sources=tuple(claims.row_sources(current.loc["Shanghai"])) if shanghai is not None else (),
        beijing_before=beijing,
        beijing_sources=tuple(claims.row_sources(previous.loc["Beijing"])) if beijing is not None else (),
        previous_ranks={region: int(rank) for region, rank in previous["rank"].dropna().sort_values().items()},
        beijing_note=note if isinstance(note, str) and note else None, release=found,
        stated_release=claims.display_published(part["published_value"], part["unit"]))


def decide_rsi_01(evidence: Rsi01Evidence) -> dict[str, Decision]:
    """Each rank and the release month compared with the claim's figures; what no source states stays open.

    Example
    -------
    >>> e = Rsi01Evidence("2025", "2024", 1, ("u",), 2, ("u",), {"Beijing": 2}, None, None, "October 2025")
    >>> {part: (d.verdict, d.computed) for part, d in decide_rsi_01(e).items()}
    {'RSI-01a': ('confirmed_by_source', 1), 'RSI-01b': ('contradicted', 2), 'RSI-01c': ('not_checkable', None)}
    """
    def ranked(part: str, rank: int | None) -> Decision:
        return Decision("not_checkable") if rank is None else compare(part, rank)

    release = evidence.release
    return {"RSI-01a": ranked("RSI-01a", evidence.shanghai_rank),
            "RSI-01b": ranked("RSI-01b", evidence.beijing_before),
            "RSI-01c": Decision("not_checkable") if release is None else compare("RSI-01c", release.released.month)}


def _day(value: date) -> str:
    return WORDING["date"].format(date=value)


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
    e = rsi_01_evidence(provinces, edition, previous_edition, releases)
    decided = decide_rsi_01(e)
    fields = {"edition": edition, "previous_edition": previous_edition}
    if e.shanghai_rank is None:
        record(audit, "RSI-01a", decided["RSI-01a"], about=EDITION, missing=WORDING["rsi_01a_missing"].format(**fields))
    else:
        record(audit, "RSI-01a", decided["RSI-01a"], about=EDITION, sources=list(e.shanghai_sources),
               explanation=WORDING["rsi_01a"].format(rank=ordinal(e.shanghai_rank), **fields))
    if e.beijing_before is None:
        known = names(WORDING["rsi_01b_known_rank"].format(region=region, rank=ordinal(rank))
                      for region, rank in e.previous_ranks.items()) or "none"
        note = WORDING["rsi_01b_note"].format(note=e.beijing_note) if e.beijing_note else ""
        record(audit, "RSI-01b", decided["RSI-01b"], about=PREVIOUS,
               missing=WORDING["rsi_01b_missing"].format(**fields),
               explanation=WORDING["rsi_01b_known"].format(known=known, **fields) + note)
    else:
        record(audit, "RSI-01b", decided["RSI-01b"], about=PREVIOUS, sources=list(e.beijing_sources),
               explanation=WORDING["rsi_01b"].format(rank=ordinal(e.beijing_before), **fields))
    release = e.release
    if release is None:
        record(audit, "RSI-01c", decided["RSI-01c"], about=EDITION, missing=WORDING["rsi_01c_missing"].format(**fields))
        return
    note = release.note[:1].upper() + release.note[1:] + "." if release.note else ""  # the note as a sentence
    record(audit, "RSI-01c", decided["RSI-01c"], about=EDITION, sources=list(release.sources),
           finding=WORDING["rsi_01c_finding"].format(
               released=_day(release.released), n_pages=len(release.sources), stated=e.stated_release,
               strength="." if release.strong else WORDING["rsi_01c_weak"], **fields),
           explanation=WORDING["rsi_01c"].format(
               released=_day(release.released), note=note,
               venue=WORDING["rsi_01c_venue"].format(venue=release.venue) if release.venue else ""))


# --- RSI-02 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rsi02Evidence:
    """RSI-02: the members of the leading tier of ``edition`` (best rank first) and each member's sources."""

    edition: str
    tier: int
    members: tuple[str, ...]  # in tier order, as :func:`innovlib.rankings.tier_members` lists them
    by_rank: tuple[str, ...]
    sources: dict[str, tuple[str, ...]]


def rsi_02_evidence(provinces: pd.DataFrame, edition: str, leading_tier: int) -> Rsi02Evidence:
    """The values RSI-02 rests on.

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2025"] * 3, "region": ["Beijing", "Shanghai", "Anhui"], "rank": [2, 1, 7],
    ...                      "tier": [1, 1, 2], "source_url": "u"})
    >>> rsi_02_evidence(rows, "2025", 1).by_rank
    ('Shanghai', 'Beijing')
    """
    current = edition_rows(provinces, edition)
    leading = tier_members(current.reset_index(), "tier", "region").get(leading_tier, [])
    ordered = current.loc[leading].sort_values("rank")
    return Rsi02Evidence(edition=edition, tier=leading_tier, members=tuple(leading), by_rank=tuple(ordered.index),
                         sources={region: tuple(claims.row_sources(row)) for region, row in ordered.iterrows()})


def decide_rsi_02(evidence: Rsi02Evidence) -> dict[str, Decision]:
    """The tier's members compared with the six leaders as a set; no membership published, no verdict.

    Example
    -------
    >>> e = Rsi02Evidence("2025", 1, tuple(LEADERS[:5]), tuple(LEADERS[:5]), {})
    >>> decide_rsi_02(e)["RSI-02"].verdict
    'contradicted'
    """
    if not evidence.members:
        return {"RSI-02": Decision("not_checkable")}
    return {"RSI-02": compare("RSI-02", sorted(evidence.members), published=sorted(LEADERS))}


def rsi_02(audit: claims.Audit, provinces: pd.DataFrame, edition: str, leading_tier: int) -> None:
    """RSI-02: the six leading regions are the members of the leading tier; each member needs its own evidence.

    Example
    -------
    >>> url = "https://www.kankanews.com/detail/EnwNqNLeAQa"
    >>> rows = pd.DataFrame({"edition": ["2025"] * 2, "region": ["Beijing", "Shanghai"], "rank": [2, 1],
    ...                      "tier": [1, 1], "source_url": [url, url]})
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_02(audit, rows, "2025", 1)
    >>> audit.recorded[0].computed, audit.recorded[0].verdict   # one news report per member, too weak to contradict
    (['Beijing', 'Shanghai'], 'not_checkable')
    """
    e = rsi_02_evidence(provinces, edition, leading_tier)
    decision = decide_rsi_02(e)["RSI-02"]
    about = {**EDITION, "leading_tier": 1}
    if decision.verdict == "not_checkable":
        record(audit, "RSI-02", decision, about=about, missing=WORDING["rsi_02_missing"].format(edition=edition))
        return
    record(audit, "RSI-02", decision, about=about,
           explanation=WORDING["rsi_02"].format(tier=leading_tier, edition=edition, members=names(e.by_rank),
                                                n_members=len(e.members)),
           sources={WORDING["rsi_02_figure"].format(region=region, tier=leading_tier): list(urls)
                    for region, urls in e.sources.items()})


# --- RSI-03 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorRank:
    """Shanghai's published rank on one indicator (``None``: no source gives it)."""

    indicator: str
    rank: int | None
    sources: tuple[str, ...]


def rsi_03_evidence(shanghai_indicators: pd.DataFrame) -> dict[str, IndicatorRank]:
    """Shanghai's rank on each claimed indicator, keyed by part id.

    Example
    -------
    >>> rsi_03_evidence(pd.DataFrame({"indicator": ["labour productivity"], "rank": [3], "source_url": ["u"]}))["RSI-03b"]
    IndicatorRank(indicator='labour productivity', rank=3, sources=('u',))
    """
    by_name = shanghai_indicators.set_index("indicator")
    found = {}
    for part, indicator in INDICATORS.items():
        rank = _rank(by_name["rank"].get(indicator))
        found[part] = IndicatorRank(indicator, rank,
                                    tuple(claims.row_sources(by_name.loc[indicator])) if rank is not None else ())
    return found


def decide_rsi_03(evidence: dict[str, IndicatorRank]) -> dict[str, Decision]:
    """Each indicator's published rank compared with the claim's; an unpublished one stays open.

    Example
    -------
    >>> decided = decide_rsi_03({"RSI-03c": IndicatorRank("R&D", 2, ("u",)), "RSI-03a": IndicatorRank("x", None, ())})
    >>> [(part, d.verdict, d.computed) for part, d in decided.items()]
    [('RSI-03c', 'confirmed_by_source', 2), ('RSI-03a', 'not_checkable', None)]
    """
    return {part: Decision("not_checkable") if found.rank is None else compare(part, found.rank)
            for part, found in evidence.items()}


def rsi_03(audit: claims.Audit, shanghai_indicators: pd.DataFrame, edition: str) -> None:
    """RSI-03: Shanghai's ranks on three indicators in the 2025 report, each part on its own published rank.

    Example
    -------
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_03(audit, pd.DataFrame({"indicator": [], "rank": [], "source_url": []}), "2025")
    >>> [v.verdict for v in audit.recorded]
    ['not_checkable', 'not_checkable', 'not_checkable']
    """
    evidence = rsi_03_evidence(shanghai_indicators)
    for part, decision in decide_rsi_03(evidence).items():
        found = evidence[part]
        if found.rank is None:
            record(audit, part, decision, about=EDITION,
                   missing=WORDING["rsi_03_missing"].format(indicator=found.indicator, edition=edition))
        else:
            record(audit, part, decision, about=EDITION, sources=list(found.sources),
                   explanation=WORDING["rsi_03"].format(rank=ordinal(found.rank), indicator=found.indicator,
                                                        edition=edition))


# --- RSI-04 ------------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rsi04Evidence:
    """RSI-04: the 1st-ranked region of each edition in the data (``None``: not stated)."""

    firsts: dict[str, str | None]  # edition -> 1st-ranked region, in the data's order
    sources: tuple[str, ...]  # the sources of every 1st place stated
    weak_editions: tuple[str, ...]  # editions whose 1st place only secondary pages state

    @property
    def stated(self) -> dict[str, str]:
        return {edition: first for edition, first in self.firsts.items() if first is not None}


def rsi_04_evidence(firsts: pd.DataFrame, provinces: pd.DataFrame | None = None) -> Rsi04Evidence:
    """The values RSI-04 rests on (``firsts`` from :func:`innovlib.analyses.regional_st_innovation.first_places`;
    ``provinces`` gives the rows that state them, for their sources).

    Example
    -------
    >>> rsi_04_evidence(pd.DataFrame({"edition": ["2024", "2025"], "first": [None, "Shanghai"]})).stated
    {'2025': 'Shanghai'}
    """
    sources, weak = [], []
    if provinces is not None:
        leaders = provinces[provinces["rank"] == 1]
        sources = list(dict.fromkeys(url for _, row in leaders.iterrows() for url in claims.row_sources(row)))
        for edition, rows in leaders.groupby("edition"):
            grades = {claims.lookup_source(url).grade for _, row in rows.iterrows() for url in claims.row_sources(row)}
            if not grades & set(STRONG_GRADES):
                weak.append(edition)
    return Rsi04Evidence(firsts={edition: first if isinstance(first, str) else None
                                 for edition, first in zip(firsts["edition"], firsts["first"])},
                         sources=tuple(sources), weak_editions=tuple(sorted(weak)))


def decide_rsi_04(evidence: Rsi04Evidence) -> dict[str, Decision]:
    """Whether 1st place 'usually' passed between Beijing and Shanghai needs every year's leader, which no
    source gives: open, with the leaders found.

    Example
    -------
    >>> decide_rsi_04(Rsi04Evidence({"2024": None, "2025": "Shanghai"}, (), ()))["RSI-04"].computed
    {'2025': 'Shanghai'}
    """
    return {"RSI-04": Decision("not_checkable", computed=evidence.stated)}


def rsi_04(audit: claims.Audit, firsts: pd.DataFrame, provinces: pd.DataFrame | None = None) -> None:
    """RSI-04: 1st place has usually gone to Beijing or Shanghai in turn; that needs every edition's leader
    (``firsts`` from :func:`innovlib.analyses.regional_st_innovation.first_places`; ``provinces`` gives the rows
    that state them, for their sources).

    Example
    -------
    >>> audit = claims.Audit(edition="2025", previous_edition="2024", leading_tier=1)
    >>> rsi_04(audit, pd.DataFrame({"edition": ["2016", "2025"], "first": [None, "Shanghai"]}))
    >>> audit.recorded[0].computed
    {'2025': 'Shanghai'}
    """
    e = rsi_04_evidence(firsts, provinces)
    stated = e.stated
    counts = pd.Series(list(stated.values()), dtype=object).value_counts()
    others = sorted(set(stated.values()) - {"Beijing", "Shanghai"})
    record(audit, "RSI-04", decide_rsi_04(e)["RSI-04"], about={}, sources=list(e.sources),
           missing=WORDING["rsi_04_missing"].format(
               unstated=names(edition for edition, first in e.firsts.items() if first is None)),
           explanation=WORDING["rsi_04"].format(
               n_stated=len(stated), n_editions=len(e.firsts),
               stated=names(WORDING["rsi_04_stated"].format(edition=edition, first=first)
                            for edition, first in stated.items()),
               by_region=names(WORDING["rsi_04_count"].format(region=region, count=n) for region, n in counts.items()),
               others=WORDING["rsi_04_others"].format(others=names(others)) if others else WORDING["rsi_04_no_others"],
               weak=WORDING["rsi_04_weak"].format(editions=names(e.weak_editions)) if e.weak_editions else ""))
