"""CASTED's *China Regional S&T Innovation Evaluation* as its releases are reported: editions side by side, tiers,
published ranks and first places, from the ``regional_st_innovation`` dataset (one row per region and edition,
``region == "China"`` for the national score). Nothing is recomputed: the reports are not freely published.

Example
-------
>>> import pandas as pd
>>> scores = pd.DataFrame({"edition": ["2025", "2024"], "year": [2025, 2024], "region": ["Shanghai", "Beijing"],
...                        "rank": [1, 1], "score": [91.4, None], "tier": [1, 1]})
>>> first_places(scores)["first"].tolist()
['Beijing', 'Shanghai']
"""

from __future__ import annotations

import pandas as pd

from innovlib.text import names

NATIONAL = "China"  # the region value of the national score's rows


def provinces(scores: pd.DataFrame) -> pd.DataFrame:
    """The provincial rows (the national score left out).

    Example
    -------
    >>> provinces(pd.DataFrame({"region": ["China", "Shanghai"]}))["region"].tolist()
    ['Shanghai']
    """
    return scores[scores["region"] != NATIONAL]


def national(scores: pd.DataFrame) -> pd.DataFrame:
    """The national score's rows, by report year.

    Example
    -------
    >>> national(pd.DataFrame({"region": ["China", "Shanghai", "China"], "year": [2025, 2025, 2024]}))["year"].tolist()
    [2024, 2025]
    """
    return scores[scores["region"] == NATIONAL].sort_values("year")


def edition_rows(provinces: pd.DataFrame, edition: str) -> pd.DataFrame:
    """One edition's rows indexed by region.

    Example
    -------
    >>> edition_rows(pd.DataFrame({"edition": ["2025", "2024"], "region": ["Shanghai", "Beijing"]}), "2024").index.tolist()
    ['Beijing']
    """
    return provinces[provinces["edition"] == edition].set_index("region")


def editions_compared(provinces: pd.DataFrame, edition: str, previous_edition: str) -> pd.DataFrame:
    """Rank, score and tier in the examined edition beside rank and tier in the compared one, best first.

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2025", "2025", "2024"], "region": ["Beijing", "Shanghai", "Beijing"],
    ...                      "rank": [2, 1, 1], "score": [90.0, 91.4, None], "tier": [1, 1, 1]})
    >>> editions_compared(rows, "2025", "2024")[["region", "rank 2025 (examined)", "rank 2024 (compared)"]].values.tolist()
    [['Shanghai', 1, nan], ['Beijing', 2, 1.0]]
    """
    examined, compared = f" {edition} (examined)", f" {previous_edition} (compared)"
    current, previous = edition_rows(provinces, edition), edition_rows(provinces, previous_edition)
    return (current[["rank", "score", "tier"]].join(previous[["rank", "tier"]], how="outer", suffixes=(examined, compared))
            .sort_values([f"rank{examined}", f"tier{examined}"]).reset_index())


def score_paths(scores: pd.DataFrame, regions: list[str]) -> pd.DataFrame:
    """Published composite scores of the nation and of ``regions`` as one long table with a ``series`` column
    (editions without a published score are left out, not filled).

    Example
    -------
    >>> scores = pd.DataFrame({"year": [2024, 2025, 2025], "region": ["China", "China", "Shanghai"],
    ...                        "score": [None, 80.2, 91.38]})
    >>> score_paths(scores, ["Shanghai"])[["year", "series"]].values.tolist()
    [[2025, 'China (national)'], [2025, 'Shanghai']]
    """
    series = [national(scores).assign(series=f"{NATIONAL} (national)")]
    series += [scores[scores["region"] == region].assign(series=region) for region in regions]
    return pd.concat(series).dropna(subset=["score"])


def tiers_by_edition(provinces: pd.DataFrame) -> pd.DataFrame:
    """Regions (rows) by edition (columns) with their published tier, sorted by tier in the latest editions first.

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2024", "2025", "2025"], "region": ["A", "A", "B"], "tier": [2, 1, 2]})
    >>> tiers_by_edition(rows).fillna(0).astype(int).values.tolist()
    [[2, 1], [0, 2]]
    """
    tiers = provinces.pivot_table(index="region", columns="edition", values="tier", aggfunc="first")
    return tiers.dropna(how="all").sort_values(list(tiers.columns)[::-1])


def leaders_ranks(provinces: pd.DataFrame, best: int = 6) -> pd.DataFrame:
    """Published rank by report year of the regions ranked ``best`` or better in some year (stated ranks only).

    Example
    -------
    >>> rows = pd.DataFrame({"year": [2024, 2025, 2025], "region": ["A", "A", "B"], "rank": [7, 3, 9]})
    >>> leaders_ranks(rows).index.tolist()
    ['A']
    """
    ranks = provinces.dropna(subset=["rank"]).pivot_table(index="region", columns="year", values="rank", aggfunc="first")
    return ranks[(ranks <= best).any(axis=1)]


def first_places(provinces: pd.DataFrame) -> pd.DataFrame:
    """The region(s) ranked 1st in each edition (empty where no source states it).

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2016", "2025"], "region": ["Beijing", "Shanghai"], "rank": [2, 1]})
    >>> first_places(rows).values.tolist()
    [['2016', nan], ['2025', 'Shanghai']]
    """
    editions = sorted(provinces["edition"].unique())
    return (provinces[provinces["rank"] == 1].groupby("edition")["region"].agg(names).reindex(editions)
            .rename("first").reset_index())


def region_indicators(indicators: pd.DataFrame, region: str, edition: str) -> pd.DataFrame:
    """One region's published indicator values and ranks in one edition.

    Example
    -------
    >>> rows = pd.DataFrame({"edition": ["2025", "2024"], "region": ["Shanghai", "Shanghai"], "rank": [2, 3]})
    >>> region_indicators(rows, "Shanghai", "2025")["rank"].tolist()
    [2]
    """
    return indicators[(indicators["region"] == region) & (indicators["edition"] == edition)]

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"score": "score (points)", "first": "first place", "name_zh": "name (Chinese)", "name_en": "name",
          "indicator_count": "indicators"}
