"""Verdicts of the ``city_industrial_innovation`` notebook: Time Weekly's account (TW-2025-11) of the 2025 Global
City Industrial Innovation Index.

The report itself is not public: each function reads the figures that reports of its launch published (the
``city_industrial_innovation`` dataset) and records a part's verdict through :class:`innovlib.claims.Audit`.
Sorting published scores re-reads published figures, so every check has ``basis="source"``.

``composite`` is the ``scores`` resource filtered to the composite dimension of the run's edition
(:func:`innovlib.city_index.composite_scores`), ``published_scores`` its scored rows with ranks and margins
(:func:`innovlib.rankings.margins_to_next`).

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
from innovlib.city_index import TOP_N, top_group
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


def _score_sources(composite: pd.DataFrame) -> list[str]:
    return composite.dropna(subset=["score"])["source_url"].unique().tolist()


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
    if {"Shenzhen", "Tokyo"} <= set(published_scores["city"]):
        ranked = published_scores.set_index("city")
        audit.check("GCI-01a", computed=int(ranked.loc["Shenzhen", "rank"]), about=ABOUT, basis="source",
                    explanation=f"Sorting the published scores puts Shenzhen {ordinal(ranked.loc['Shenzhen', 'rank'])}.",
                    sources=score_sources)
        gap = ranked.loc["Tokyo", "score"] - ranked.loc["Shenzhen", "score"]
        audit.check("GCI-01b", computed=bool(ranked.loc["Tokyo", "rank"] == 1 and 0 < gap < 0.1), about=ABOUT,
                    basis="source", sources=score_sources,
                    explanation=f"Tokyo {ranked.loc['Tokyo', 'score']:.2f}, Shenzhen {ranked.loc['Shenzhen', 'score']:.2f}: "
                                f"a gap of {gap:.2f} points ('very small' taken as under 0.1).")
    else:
        for part in ("GCI-01a", "GCI-01b"):
            audit.not_checkable(part, about=ABOUT, missing=f"Shenzhen's and Tokyo's scores in the {edition} edition")
    chinese = composite[composite["country"] == "China"].dropna(subset=["rank"]).sort_values("rank")
    position = list(chinese["city"]).index("Shenzhen") + 1 if "Shenzhen" in set(chinese["city"]) else 0
    audit.check("GCI-01c", computed=int(position), about=ABOUT, basis="source",
                sources=chinese["source_url"].unique().tolist(),
                explanation="Published ranks of the Chinese cities: " + names(
                    f"{city} {ordinal(rank)}" for city, rank in zip(chinese["city"], chinese["rank"])) + ".")


def _rank_only_in_article(audit: claims.Audit, part: str, city: str, composite: pd.DataFrame, edition: int) -> None:
    """A rank whose only source is the article being checked cannot confirm the article."""
    by_city = composite.set_index("city")
    row = by_city.loc[city] if city in by_city.index else None
    only_article = row is not None and row["source_url"] == claims.articles()[ARTICLE]["path"]
    audit.not_checkable(
        part, about=ABOUT, missing=f"an independent publication of {city}'s rank in the {edition} edition",
        explanation=(f"The only source giving it ({ordinal(row['rank'])}) is the article being checked."
                     if only_article and pd.notna(row["rank"]) else ""))


def gci_02(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-02: Beijing 5th (only the article itself states it)."""
    _rank_only_in_article(audit, "GCI-02", "Beijing", composite, edition)


def gci_03(audit: claims.Audit, composite: pd.DataFrame, edition: int) -> None:
    """GCI-03: Shanghai 9th (only the article itself states it)."""
    _rank_only_in_article(audit, "GCI-03", "Shanghai", composite, edition)


def gci_04(audit: claims.Audit, scores: pd.DataFrame, composite: pd.DataFrame) -> None:
    """GCI-04: six of the top ten are Asian (a), more than in the previous edition (b).

    Only part of the top ten is named by the sources, so the count of Asian cities says how many names it rests on.
    """
    top = top_group(composite)
    asian = top[top["continent"] == "Asia"]
    audit.check("GCI-04a", computed=len(asian), about=ABOUT, basis="source",
                explanation=(f"Cities named in the top ten: {len(top)} of {TOP_N}; the Asian ones are "
                             f"{names(asian['city'])}."
                             + (f" {TOP_N - len(top)} names are not published." if len(top) < TOP_N else "")),
                sources=asian["source_url"].unique().tolist())
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


MISSING_DIMENSIONS = "the {edition} dimension scores or ranks (the launch reports give composite scores only)"


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


def gci_10(audit: claims.Audit, composite: pd.DataFrame) -> None:
    """GCI-10: three of the top ten are Chinese cities (a lower bound when names are missing)."""
    top = top_group(composite)
    chinese_top = top[top["country"] == "China"]
    audit.check("GCI-10", computed=len(chinese_top), about=ABOUT, basis="source",
                explanation=(f"Chinese cities named in the top ten: {names(chinese_top['city'])}."
                             + (f" {TOP_N - len(top)} of the ten names are not published, so this count is a lower "
                                "bound." if len(top) < TOP_N else "")),
                sources=chinese_top["source_url"].unique().tolist())
