"""Rank intervals: each unit's ranks under uncertainty as a 5–95% bar, its median and its nominal rank.

Example
-------
>>> import pandas as pd
>>> table = pd.DataFrame({"Nominal": [2, 1], "Median": [2, 1], "Q5": [1, 1], "Q95": [3, 2]}, index=["A", "B"])
>>> [t.get_text() for t in rank_intervals(table).get_yticklabels()]
['A', 'B']
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from innovlib.plots.theme import PALETTE, finish_axes, legend_outside, new_axes, rank_ticks


def rank_intervals(intervals: pd.DataFrame, *, nominal: str = "Nominal", median: str = "Median", low: str = "Q5",
                   high: str = "Q95", title: str = "", value_label: str = "rank (1 = best)", ax=None):
    """Each unit's rank as a 5–95% interval, its median and its nominal rank, one row per unit (first on top).

    Parameters
    ----------
    intervals : pandas.DataFrame
        Index: the units; columns named by ``nominal``, ``median``, ``low`` and ``high``.
    nominal, median, low, high : str
        Columns of the nominal rank, the median rank and the interval's ends (by default the names of
        :meth:`innovlib.composite.uncertainty.UncertaintyResult.rank_stats`).
    title, value_label : str
        Title, and the rank axis's label.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"Nominal": [1, 2], "Median": [1, 2.5], "Q5": [1, 2], "Q95": [2, 4]}, index=["A", "B"])
    >>> ax = rank_intervals(table)
    >>> bool(ax.get_xlim()[0] < 1 < ax.get_xlim()[1])
    True
    """

    n = len(intervals)
    ax = new_axes(ax, (8, 0.34 * n + 1.5))
    y = np.arange(n)
    ax.hlines(y, intervals[low], intervals[high], color=PALETTE[0], linewidth=5, alpha=0.35,
              label="5–95% of ranks")
    ax.plot(intervals[median], y, "o", color=PALETTE[0], label="median rank")
    ax.plot(intervals[nominal], y, "|", color="black", markersize=14, markeredgewidth=2, label="nominal rank")
    ax.set_yticks(y, [str(u) for u in intervals.index])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0.5, max(float(intervals[high].max()), float(intervals[nominal].max())) + 0.5)
    ax.set_xticks(rank_ticks(ax.get_xlim()[1]))
    ax.grid(axis="y", visible=False)
    finish_axes(ax, title, value_label, "")
    legend_outside(ax)
    return ax
