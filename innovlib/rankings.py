"""Ranking (:func:`rank`, the one ranking of innovlib) and small helpers for published rankings: ranks from
scores, margins between neighbours, counts in the top n.

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

import numpy as np
import pandas as pd

# Tie rules: "min" is competition ranking (1, 2, 2, 4), as WIPO and COINr rank; "first" breaks ties by order of
# appearance (scipy's "ordinal").
TIE_RULES = ("min", "max", "dense", "average", "first")
MISSING_RULES = ("keep", "raise")
_SCIPY_TIE_RULE = {"min": "min", "max": "max", "dense": "dense", "average": "average", "first": "ordinal"}


def rank(scores, *, ties: str = "min", missing: str = "keep", ascending: bool = False, axis: int = -1):
    """Rank scores, best first, with explicit rules for ties and missing values (the one ranking of innovlib).

    Built on :func:`scipy.stats.rankdata`, so a 2-D array is ranked along ``axis`` in one vectorised call
    (e.g. replications x units in an uncertainty analysis).

    Parameters
    ----------
    scores : pandas.Series or array-like
        Scores; a Series keeps its index and name.
    ties : {"min", "max", "dense", "average", "first"}
        ``"min"``: tied scores share the best rank and the next rank skips (1, 2, 2, 4: competition ranking,
        as WIPO and COINr); ``"max"`` (1, 3, 3, 4); ``"dense"`` (1, 2, 2, 3); ``"average"`` (1, 2.5, 2.5, 4);
        ``"first"``: order of appearance breaks ties (1, 2, 3, 4).
    missing : {"keep", "raise"}
        ``"keep"``: a missing score gets a missing rank and is not counted when ranking the others (it is not
        ranked last); ``"raise"``: a missing score is an error.
    ascending : bool
        Rank the lowest score first instead of the highest.
    axis : int
        Axis of an array along which scores are ranked (ignored for a Series).

    Returns
    -------
    pandas.Series or numpy.ndarray
        A Series of dtype ``Int64`` (float for ``"average"``) with ``<NA>`` (NaN) for missing scores, or a float
        array with NaN for missing scores.

    Example
    -------
    >>> rank(pd.Series([5.0, 3.0, 3.0, None, 1.0], index=list("ABCDE"))).tolist()
    [1, 2, 2, <NA>, 4]
    >>> rank(np.array([[3.0, 5.0, 3.0], [1.0, np.nan, 2.0]]), axis=1).tolist()
    [[2.0, 1.0, 2.0], [2.0, nan, 1.0]]
    """
    if ties not in TIE_RULES:
        raise ValueError(f"rank: ties must be one of {TIE_RULES}, not {ties!r}")
    if missing not in MISSING_RULES:
        raise ValueError(f"rank: missing must be one of {MISSING_RULES}, not {missing!r}")
    from scipy.stats import rankdata  # scipy is imported only when something is ranked

    if isinstance(scores, pd.Series):
        values = pd.to_numeric(scores, errors="raise").to_numpy(float, na_value=np.nan)
        ranks = rank(values, ties=ties, missing=missing, ascending=ascending)
        out = pd.Series(ranks, index=scores.index, name=scores.name)
        return out if ties == "average" else out.astype("Int64")
    values = np.asarray(scores, float)
    if missing == "raise" and np.isnan(values).any():
        raise ValueError(f"rank: {int(np.isnan(values).sum())} missing score(s) and missing='raise'")
    if values.size == 0:
        return values.copy()
    # nan_policy="omit": a missing score is left out of the ranking and gets a missing rank.
    return rankdata(values if ascending else -values, method=_SCIPY_TIE_RULE[ties], axis=axis,
                    nan_policy="omit").astype(float)


def rank_by_score(scores: pd.Series) -> pd.Series:
    """Rank scores from the highest (1); tied scores share the best rank ("min" method), missing stays missing.

    Example
    -------
    >>> rank_by_score(pd.Series([46.84, 46.79, 46.79, 46.11])).tolist()
    [1, 2, 2, 4]
    """
    return rank(scores, ties="min")


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
