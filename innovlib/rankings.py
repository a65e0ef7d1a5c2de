"""Small helpers for published rankings: ranks from scores, margins between neighbours, counts in the top n.

Published city and regional rankings often give a few scores, some ranks and tier lists. These pure functions
recompute what can be recomputed from what is published, so a notebook can compare it with a claim.

Example
-------
>>> import pandas as pd
>>> table = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "New York"], "score": [46.84, 46.79, 46.72]})
>>> margins_to_next(table, "score", "city")["margin_to_next"].round(2).tolist()
[0.05, 0.07, nan]
"""

from __future__ import annotations

import pandas as pd

from innovlib.clusters import rank_with_ties


def rank_by_score(scores: pd.Series) -> pd.Series:
    """Rank scores from the highest (1); tied scores share the best rank ("min" method).

    Example
    -------
    >>> rank_by_score(pd.Series([46.84, 46.79, 46.79, 46.11])).tolist()
    [1, 2, 2, 4]
    """
    return rank_with_ties(scores, method="min")


def margins_to_next(table: pd.DataFrame, score: str, label: str) -> pd.DataFrame:
    """Sort by score (highest first) and give each entry its rank and its lead over the next one.

    Parameters
    ----------
    table : pandas.DataFrame
        One row per entry with a score; rows with a missing score are dropped (a gap is not a zero).
    score, label : str
        Column names of the score and of the entry's name.

    Returns
    -------
    pandas.DataFrame
        Columns ``label``, ``score``, ``rank``, ``margin_to_next`` (score minus the next entry's score; empty
        for the last) and ``next`` (the next entry's name).

    Example
    -------
    >>> table = pd.DataFrame({"city": ["A", "B", "C"], "score": [1.0, 3.0, None]})
    >>> margins_to_next(table, "score", "city")[["city", "rank", "margin_to_next"]].to_dict("records")
    [{'city': 'B', 'rank': 1, 'margin_to_next': 2.0}, {'city': 'A', 'rank': 2, 'margin_to_next': nan}]
    """
    present = table[[label, score]].dropna(subset=[score]).sort_values(score, ascending=False, kind="stable")
    present = present.reset_index(drop=True)
    present["rank"] = rank_by_score(present[score])
    present["margin_to_next"] = present[score] - present[score].shift(-1)
    present["next"] = present[label].shift(-1)
    return present


def count_in_top(table: pd.DataFrame, group: str, rank: str, n: int) -> pd.Series:
    """How many entries of each group rank within the top ``n`` (rank <= n).

    Entries whose exact rank is unknown but that a source places in the top ``n`` should carry a rank marker
    of ``n`` or less before calling this; entries with a missing rank are not counted.

    Example
    -------
    >>> table = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "New York"], "continent": ["Asia", "Asia", "North America"],
    ...                       "rank": [1, 2, 3]})
    >>> count_in_top(table, "continent", "rank", 2).to_dict()
    {'Asia': 2}
    """
    ranked = table[table[rank].notna() & (table[rank] <= n)]
    return ranked.groupby(group).size().sort_values(ascending=False).rename("count")


def tier_members(table: pd.DataFrame, tier: str, label: str) -> dict:
    """Members of each tier, in table order: ``{tier: [label, ...]}``.

    Example
    -------
    >>> table = pd.DataFrame({"region": ["Shanghai", "Tibet", "Beijing"], "tier": [1, 3, 1]})
    >>> tier_members(table, "tier", "region")
    {1: ['Shanghai', 'Beijing'], 3: ['Tibet']}
    """
    present = table.dropna(subset=[tier])
    return {key: list(rows[label]) for key, rows in present.groupby(tier, sort=True)}
