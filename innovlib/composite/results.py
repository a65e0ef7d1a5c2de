"""Results of a build: index ranks and the results table (COINr's ``get_results``)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from innovlib.composite.data import CompositeData
from innovlib.composite.framework import Framework
from innovlib.rankings import rank


def rank_scores(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Ranks of scores along ``axis`` (highest = 1, ties share the best rank, missing stays missing).

    :func:`innovlib.rankings.rank` with ``ties="min"``, as COINr and WIPO rank.

    Example
    -------
    >>> rank_scores(np.array([3.0, 5.0, 3.0, np.nan])).tolist()
    [2.0, 1.0, 2.0, nan]
    """
    return rank(np.asarray(scores, float), ties="min", missing="keep", axis=axis)


def results_table(data: CompositeData, framework: Framework, decimals: int | None = 2) -> pd.DataFrame:
    """Scores of every aggregate (index first) with the index rank (ties: min), sorted by rank.

    Ranks use unrounded scores; ``decimals`` rounds the displayed scores (COINr's ``get_results`` uses 2).

    Example
    -------
    >>> fw = Framework(pd.DataFrame({"code": ["x", "I"], "level": [1, 2], "parent": ["I", None]}))
    >>> d = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "I": [1.0, 3.0]}, index=["A", "B"]))
    >>> results_table(d, fw)["Rank"].tolist()
    [1, 2]
    """
    top = framework.codes(framework.n_levels)[0]
    order = [c for level in range(framework.n_levels, 0, -1) for c in framework.codes(level)]
    table = data.values[order].copy()
    ranks = rank_scores(table[top].to_numpy(float))
    if decimals is not None:
        table = table.round(decimals)
    table.insert(0, "Rank", pd.array(ranks, dtype="Int64"))
    return table.sort_values(["Rank"], kind="stable")
