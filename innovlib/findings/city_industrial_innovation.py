"""Verdicts of the ``city_industrial_innovation`` notebook: Time Weekly's account (TW-2025-11) of the 2025 Global
City Industrial Innovation Index.

The report itself is not public: each function reads the figures that reports of its launch published (the
``city_industrial_innovation`` dataset) and records a part's verdict through :class:`innovlib.claims.Audit`.
Sorting published scores re-reads published figures, so every check has ``basis="source"``.

``composite`` is the ``scores`` resource filtered to the composite dimension of the run's edition
(:func:`innovlib.analyses.city_industrial_innovation.composite_scores`), ``published_scores`` its scored rows
with ranks and margins (:func:`innovlib.rankings.margins_to_next`).

Example
-------
>>> from innovlib import claims
>>> audit = claims.Audit(edition=2023)   # the claims are about 2025: shown, not recorded
>>> gci_07(audit)
>>> audit.recorded
[]
"""

from __future__ import annotations

import pandas as pd

from innovlib import claims
from innovlib.analyses.city_industrial_innovation import TOP_N, top_group
from innovlib.text import names, ordinal

#: The claims are about the 2025 edition.
ABOUT = {"edition": 2025}
ARTICLE = "TW-2025-11"


def scores_summary(published_scores: pd.DataFrame, edition: int) -> str:
    """One sentence on how close the published composite scores are, or that none is published.

    Example
    -------
    >>> scores_summary(pd.DataFrame({"score": [46.84, 46.79, 46.11]}), 2025)[:46]
    'The 3 published scores lie within 0.73 points;'
    >>> scores_summary(pd.DataFrame({"score": []}), 2023)
    'No composite scores are published for the 2023 edition (only ranks).'
    """
    if published_scores.empty:
        return f"No composite scores are published for the {edition} edition (only ranks)."
    spread = published_scores["score"].max() - published_scores["score"].min()
    return (f"The {len(published_scores)} published scores lie within {spread:.2f} points; scores are published to "
            "two decimals with no uncertainty analysis, and the indicator data are not public, so the ranking's "
            "robustness cannot be tested.")


def _article_urls() -> set[str]:
    """The URLs the claims dataset records for the audited articles: never evidence for their own claims."""
    return {source["path"] for source in claims.articles().values()}


def _evidence(row) -> list[str]:
    """Every URL a row records (:func:`innovlib.claims.row_sources`) except the audited article's own."""
    return [url for url in claims.row_sources(row) if url not in _article_urls()]


def _independent(composite: pd.DataFrame) -> pd.DataFrame:
    """The rows some source other than the audited article states."""
    return composite[[bool(_evidence(row)) for _, row in composite.iterrows()]]


def _score_sources(composite: pd.DataFrame) -> list[str]:
    scored = _independent(composite).dropna(subset=["score"])
    return list(dict.fromkeys(url for _, row in scored.iterrows() for url in _evidence(row)))


def gci_01(audit: claims.Audit, composite: pd.DataFrame, published_scores: pd.DataFrame, edition: int) -> None:
    """GCI-01: Shenzhen 2nd of 27 (a), a very small gap behind Tokyo (b: under 0.1 points), 1st in China (c).

    Example
    -------
    >>> url = "https://www.163.com/dy/article/KEBS813F051492T3.html"
    >>> composite = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "Beijing"], "country": ["Japan", "China", "China"],
    ...                           "score": [46.84, 46.79, 40.0], "rank": [1, 2, 5], "source_url": [url] * 3})
    >>> from innovlib.rankings import margins_to_next
    >>> audit = claims.Audit(edition=2025)
    >>> gci_01(audit, composite, margins_to_next(composite, "score", "city"), 2025)
    >>> [(v.part_id, v.computed) for v in audit.recorded]
    [('GCI-01a', 2), ('GCI-01b', True), ('GCI-01c', 1)]
    """
    score_sources = _score_sources(composite)
    ranked = published_scores.set_index("city")
    if {"Shenzhen", "Tokyo"} <= set(published_scores["city"]):
        audit.check("GCI-01a", computed=int(ranked.loc["Shenzhen", "rank"]), about=ABOUT, basis="source",
                    explanation=f"Sorting the published scores puts Shenzhen {ordinal(ranked.loc['Shenzhen', 'rank'])}.",
                    sources=score_sources,
                    finding=(f"Of the {len(ranked)} city scores published from the 2025 launch, Shenzhen's is "
                             f"{ordinal(ranked.loc['Shenzhen', 'rank'])}, "
                             f"{ranked.loc['Tokyo', 'score'] - ranked.loc['Shenzhen', 'score']:.2f} points behind "
                             "Tokyo's, as the article says" + (
                                 "; these scores are known only from secondary pages (reposts of the launch)."
                                 if all(claims.lookup_source(url).grade == "secondary" for url in score_sources)
                                 else ".")))
        gap = ranked.loc["Tokyo", "score"] - ranked.loc["Shenzhen", "score"]
        by_city = composite.set_index("city")
        audit.check("GCI-01b", computed=bool(ranked.loc["Tokyo", "rank"] == 1 and 0 < gap < 0.1), about=ABOUT,
                    basis="source", sources={f"{city}'s score": _evidence(by_city.loc[city]) for city in ("Tokyo", "Shenzhen")},
                    explanation=f"Tokyo {ranked.loc['Tokyo', 'score']:.2f}, Shenzhen {ranked.loc['Shenzhen', 'score']:.2f}: "
                                f"a gap of {gap:.2f} points ('very small' taken as under 0.1).")
    else:
        for part in ("GCI-01a", "GCI-01b"):
            audit.not_checkable(part, about=ABOUT, missing=f"Shenzhen's and Tokyo's scores in the {edition} edition")
    # 1st among the Chinese cities: every city ranked above Shenzhen must be known (from sources other than the
    # article) and none of them Chinese.
    known = _independent(composite).dropna(subset=["rank"])
    if "Shenzhen" not in set(known["city"]):
        audit.not_checkable("GCI-01c", about=ABOUT, missing=f"Shenzhen's rank in the {edition} edition")
        return
    sz_rank = int(known.set_index("city").loc["Shenzhen", "rank"])
    above = known[known["rank"] < sz_rank].sort_values("rank")
    above_text = names(f"{city} ({country}) {ordinal(rank)}" for city, country, rank
                       in zip(above["city"], above["country"], above["rank"]))
    if len(above) < sz_rank - 1:
        audit.not_checkable("GCI-01c", about=ABOUT, missing=f"the cities ranked above Shenzhen ({ordinal(sz_rank)})",
                            explanation=f"Known: {above_text or 'none'}.")
        return
    position = 1 + int((above["country"] == "China").sum())
    audit.check("GCI-01c", computed=position, about=ABOUT, basis="source",
                sources={f"{city}'s rank": _evidence(row) for city, row in
                         known[known["rank"] <= sz_rank].set_index("city").iterrows()},
                explanation=(f"Shenzhen is {ordinal(sz_rank)} of the 27 cities"
                             + (f"; the city ranked above it is {above_text}" if len(above) else "")
                             + f", so it is {ordinal(position)} among the Chinese cities. (The article's ranks of "
                               "Beijing and Shanghai appear in no other source and are not used.)"))


def _rank_only_in_article(audit: claims.Audit, part: str, city: str, composite: pd.DataFrame, edition: int) -> None:
    """A rank that no source other than the audited article states cannot be checked: the article cannot confirm
    itself. Says what the independent sources do say of the city."""
    by_city = _independent(composite).set_index("city")
    row = by_city.loc[city] if city in by_city.index else None
    if row is not None and pd.notna(row["rank"]):
        audit.check(part, computed=int(row["rank"]), about=ABOUT, basis="source", sources=_evidence(row),
                    explanation=f"{city}'s published rank in the {edition} edition: {ordinal(row['rank'])}.")
        return
    said = ("The launch reports found name it among the top ten but give no rank"
            if row is not None and bool(row.get("in_top_10")) else "No source found gives its rank")
    stated = claims.lookup(part)["published_value"]
    audit.not_checkable(
        part, about=ABOUT, missing=f"an independent publication of {city}'s rank in the {edition} edition",
        explanation=f"{said}; only the article itself states {ordinal(int(stated))}, and it cannot confirm itself.")


def gci_02(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-02: Beijing 5th (only the article itself states it)."""
    _rank_only_in_article(audit, "GCI-02", "Beijing", composite, edition)


def gci_03(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-03: Shanghai 9th (only the article itself states it)."""
    _rank_only_in_article(audit, "GCI-03", "Shanghai", composite, edition)


def _stated_count(counts: pd.DataFrame | None, edition: int, group_by: str, group: str) -> pd.Series | None:
    if counts is None:
        return None
    rows = counts[(counts["edition"] == edition) & (counts["group_by"] == group_by) & (counts["group"] == group)
                  & (counts["top_n"] == TOP_N)]
    return rows.iloc[0] if len(rows) else None


def gci_04(audit: claims.Audit, scores: pd.DataFrame, composite: pd.DataFrame,
           counts: pd.DataFrame | None = None) -> None:
    """GCI-04: six of the top ten are Asian (a), more than in the previous edition (b).

    ``counts`` is the ``group_counts`` resource: a source's statement of how many top-ten cities are Asian. Without
    one, the count of Asian cities rests on the names published and says how many names are missing.
    """
    top = _independent(top_group(composite))
    asian = top[top["continent"] == "Asia"]
    stated = _stated_count(counts, ABOUT["edition"], "continent", "Asia")
    missing = TOP_N - len(top)
    if stated is not None:
        audit.check("GCI-04a", computed=int(stated["count"]), about=ABOUT, basis="source",
                    sources=claims.row_sources(stated),
                    explanation=(f"The launch report says {int(stated['count'])} of the top ten are Asian"
                                 + (f" and names them: {names(asian['city'])}" if bool(stated["named"]) else "")
                                 + f". Cities named in the top ten by any source: {len(top)} of {TOP_N}."))
    else:
        audit.check("GCI-04a", computed=len(asian), about=ABOUT, basis="source",
                    explanation=(f"Cities named in the top ten: {len(top)} of {TOP_N}; the Asian ones are "
                                 f"{names(asian['city'])}."
                                 + (f" {missing} names are not published, so this count is a lower bound."
                                    if missing else "")),
                    sources=list(dict.fromkeys(url for _, row in asian.iterrows() for url in _evidence(row))))
    previous = top_group(scores[(scores["dimension"] == "composite") & (scores["edition"] < ABOUT["edition"])])
    audit.not_checkable("GCI-04b", about=ABOUT,
                        missing=(f"the full top ten of the previous edition (only {len(previous)} names are "
                                 f"published: {names(previous['city'])})"))


def gci_05(audit: claims.Audit, composite: pd.DataFrame, published_scores: pd.DataFrame) -> None:
    """GCI-05: the top three are Shenzhen, Tokyo and New York (in any order)."""
    top_three = published_scores.head(3)["city"].tolist()
    audit.check("GCI-05", computed=sorted(top_three), published=sorted(["Shenzhen", "Tokyo", "New York"]),
                about=ABOUT, basis="source", sources=_score_sources(composite),
                explanation=f"The three highest published scores belong to {names(top_three)} (in that order).")


MISSING_DIMENSIONS = ("the {edition} dimension scores or ranks (the launch reports give composite scores and a few "
                      "indicator leaders, no dimension results)")


def gci_06(audit: claims.Audit, edition: int) -> None:
    """GCI-06: Shenzhen best of the Chinese top-ten cities on environment (a) and output (b), 1st on product and
    service output (c): no public account gives dimension results."""
    for part, what in [("GCI-06a", "environment"), ("GCI-06b", "output"), ("GCI-06c", "product and service output")]:
        audit.not_checkable(part, about=ABOUT, missing=f"{MISSING_DIMENSIONS.format(edition=edition)}: nothing on {what}")


def gci_07(audit: claims.Audit) -> None:
    """GCI-07: ICT products are 41.3% of Shenzhen's exports (no public source with the figure)."""
    audit.not_checkable("GCI-07", about=ABOUT, missing=("Shenzhen's ICT-product and total exports for the report's "
                                                        "data year (no public source with 41.3%)"))


def gci_08(audit: claims.Audit, edition: int) -> None:
    """GCI-08: Beijing leads the Chinese cities on input (a), thanks to researchers and R&D funding (b)."""
    audit.not_checkable("GCI-08a", about=ABOUT, missing=f"{MISSING_DIMENSIONS.format(edition=edition)}: nothing on input")
    audit.not_checkable("GCI-08b", about=ABOUT,
                        missing="the input indicators' values for the Chinese cities as used by the report")


def gci_09(audit: claims.Audit, edition: int) -> None:
    """GCI-09: Beijing and Shanghai ahead of Shenzhen on performance (a) with more unicorns (b); Shenzhen ahead on
    high-tech exports (c) and manufacturing value added (d)."""
    audit.not_checkable("GCI-09a", about=ABOUT,
                        missing=f"{MISSING_DIMENSIONS.format(edition=edition)}: nothing on performance")
    for part, what in [("GCI-09b", "unicorn counts"), ("GCI-09c", "high-tech export shares"),
                       ("GCI-09d", "manufacturing value added")]:
        audit.not_checkable(part, about=ABOUT, missing=f"the cities' {what} as used by the report")


def gci_10(audit: claims.Audit, composite: pd.DataFrame, counts: pd.DataFrame | None = None) -> None:
    """GCI-10: three of the top ten are Chinese cities.

    The count is exact when every Chinese city of the top ten must be among the names published: when a source
    states how many top-ten cities are Asian and names them all (``counts``), the unnamed ones are not Asian, so
    not Chinese. Otherwise, with names missing, it is a lower bound.
    """
    top = _independent(top_group(composite))
    chinese_top = top[top["country"] == "China"]
    missing = TOP_N - len(top)
    stated = _stated_count(counts, ABOUT["edition"], "continent", "Asia")
    all_asian_named = (stated is not None and bool(stated["named"])
                       and int(stated["count"]) == int((top["continent"] == "Asia").sum()))
    if not missing:
        bound = ""
    elif all_asian_named:
        bound = (f" {missing} of the ten names are not published, but the launch report names all "
                 f"{int(stated['count'])} Asian cities of the top ten, so the unnamed ones are not Chinese and the "
                 "count is exact.")
    else:
        bound = f" {missing} of the ten names are not published, so this count is a lower bound."
    figures = {f"{city} in the top ten": _evidence(row) for city, row in chinese_top.set_index("city").iterrows()}
    if all_asian_named and missing:
        figures["the Asian cities of the top ten"] = claims.row_sources(stated)
    audit.check("GCI-10", computed=len(chinese_top), about=ABOUT, basis="source", sources=figures,
                explanation=f"Chinese cities named in the top ten: {names(chinese_top['city'])}.{bound}")
