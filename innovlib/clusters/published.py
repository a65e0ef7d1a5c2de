"""Published ranks across editions: one rank per edition and cluster when sources give it twice (own edition's
table first), a cluster's rank with its source, the previous rank its edition's source states, and each metric's
published leader.

Example
-------
>>> size = pd.DataFrame({"edition": [2022, 2022], "cluster": ["Nagoya", "Nagoya"], "rank": [13, 12],
...                      "basis": ["next_edition_previous_rank", "own_edition"]})
>>> published_ranks(size)["rank"].tolist()
[12]
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from innovlib.clusters.validation import ClusterDataError, check_metrics

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
