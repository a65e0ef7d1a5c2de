"""Lines: values or ranks over editions (a few units named and coloured, the others grey), small multiples of
them, and scores linear in one unknown.

A line joins published values only: nothing is interpolated or drawn where a value is missing. Highlighted units
get a palette colour and a marker each; more units than distinguishable colours must be named.

Example
-------
>>> import pandas as pd
>>> ranks = pd.DataFrame({"year": [2024, 2025, 2024, 2025], "city": ["A", "A", "B", "B"], "rank": [1, 2, 2, 1]})
>>> ax = rank_paths(ranks, "year", "rank", "city", value_label="rank", x_label="year")
>>> len(ax.lines), [t.get_text() for t in ax.get_xticklabels()]
(2, ['2024', '2025'])
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from innovlib.plots.theme import (GREY, MARKERS, PALETTE, category_ticks, finish_axes, legend_outside, new_axes,
                                  rank_ticks)


def _spread_labels(positions: list[float], gap: float) -> list[float]:
    """Move sorted label positions apart so neighbours are at least ``gap`` apart, keeping their mean."""
    order = np.argsort(positions)
    placed = np.array(positions, dtype=float)[order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    placed -= (placed.mean() - np.mean(positions)) if len(placed) else 0
    result = np.empty_like(placed)
    result[order] = placed
    return result.tolist()


def paths(data: pd.DataFrame, x: str, y: str, unit: str, *, value_label: str, x_label: str, title: str = "",
          highlight: list[str] | None = None, colors: dict[str, str] | None = None, rank: bool = False,
          direct_labels: bool = True, legend: bool = True, linestyle: str = "-", context_label: str = "others",
          ax=None):
    """Lines of ``y`` over ``x``, one per unit: a few units named and coloured, the others grey.

    Highlighted units get a palette colour and a marker each, and (``direct_labels``) their name at the line's
    end instead of a legend; grey units are context. Points are the published values only: a line joins known
    values and nothing is interpolated or drawn where a value is missing. Every ``x`` in the data gets a tick.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table: one row per unit and ``x``.
    x, y, unit : str
        Columns of the horizontal position (e.g. edition), the value and the unit (one line each).
    value_label, x_label : str
        Axis labels, with units (``"rank (1 = largest)"``, ``"edition"``).
    title : str
        Figure title.
    highlight : list of str, optional
        Units drawn in colour, in this order (at most 8). Default: every unit when there are at most 8.
    colors : dict, optional
        Fixed colour per unit (for the same colour across panels); default: the palette in ``highlight`` order.
    rank : bool
        The values are ranks: rank 1 at the top, integer ticks.
    direct_labels : bool
        Name highlighted units at their line ends; otherwise a legend outside the axes.
    legend : bool
        Without direct labels, draw a legend outside the axes (``False``: the caller draws one for several panels).
    linestyle : str
        Line style of the highlighted units (``":"`` says the points are separate observations).
    context_label : str
        Legend entry (outside the axes) of the grey lines, when there are any; empty: no legend (say it elsewhere).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> ranks = pd.DataFrame({"edition": [2023, 2024, 2023, 2024, 2023, 2024],
    ...                       "cluster": ["Tokyo", "Tokyo", "Seoul", "Seoul", "Paris", "Paris"],
    ...                       "rank": [1, 1, 3, 2, 2, 3]})
    >>> ax = paths(ranks, "edition", "rank", "cluster", highlight=["Seoul"], rank=True,
    ...            value_label="rank (1 = largest)", x_label="GII edition")
    >>> [t.get_text() for t in ax.texts]
    ['Seoul']
    """

    units = list(dict.fromkeys(data[unit]))
    if highlight is None:
        if len(units) > len(PALETTE):
            raise ValueError(f"{len(units)} units to draw in {len(PALETTE)} distinguishable colours: name the ones "
                             "to highlight (highlight=[...]); the others are drawn in grey")
        highlight = units
    highlight = [u for u in highlight if u in set(units)]
    if len(highlight) > len(PALETTE):
        raise ValueError(f"highlight names {len(highlight)} units; at most {len(PALETTE)} stay distinguishable")
    ax = new_axes(ax, (8, 5.5 if rank and len(units) > 10 else 4.5))
    ends, context = [], context_label
    for u in [u for u in units if u not in highlight] + highlight:
        rows = data[data[unit] == u].dropna(subset=[y]).sort_values(x)
        if rows.empty:
            continue
        if u in highlight:
            j = highlight.index(u)
            colour = (colors or {}).get(u, PALETTE[j % len(PALETTE)])
            ax.plot(rows[x], rows[y], linestyle=linestyle, marker=MARKERS[j % len(MARKERS)], color=colour,
                    linewidth=2, markersize=6, label=str(u), zorder=3)
            ends.append((str(u), rows[x].iloc[-1], float(rows[y].iloc[-1]), colour))
        else:
            ax.plot(rows[x], rows[y], linestyle="-", marker="o", color=GREY, linewidth=0.9, markersize=3,
                    alpha=0.7, zorder=1, label=context or "_nolegend_")
            context = None
    xs = sorted(data[x].dropna().unique())
    category_ticks(ax, xs, xs)
    if rank:
        low, high = data[y].min(), data[y].max()
        ax.set_yticks(rank_ticks(high))
        ax.set_ylim(high + 0.5, max(0.5, low - 0.5))
    else:
        ax.autoscale_view()
    finish_axes(ax, title, x_label, value_label)
    if direct_labels and ends:
        ax.set_xlim(xs[0] - 0.15 * (xs[-1] - xs[0] or 1), xs[-1] + 0.15 * (xs[-1] - xs[0] or 1))
        to_pixels, points = ax.transData.transform, 72 / ax.figure.dpi
        for end_x in {e[1] for e in ends}:
            group = [e for e in ends if e[1] == end_x]
            pixel_y = [to_pixels((end_x, e[2]))[1] for e in group]
            placed = _spread_labels(pixel_y, 11 / points)
            for (name, _, end_y, colour), at, start in zip(group, placed, pixel_y):
                ax.annotate(name, (end_x, end_y), xytext=(8, (at - start) * points), textcoords="offset points",
                            va="center", fontsize=8, color=colour, annotation_clip=False)
        if context is None and context_label:  # only the grey lines need a legend: the others are named at their ends
            handles, labels = ax.get_legend_handles_labels()
            ax.legend([h for h, lab in zip(handles, labels) if lab == context_label], [context_label],
                      loc="upper right", bbox_to_anchor=(1.0, -0.1), borderaxespad=0.0, fontsize=8)
    elif legend:
        legend_outside(ax)
    return ax


def rank_paths(data: pd.DataFrame, x: str, y: str, unit: str, *, highlight: list[str] | None = None, **kwargs):
    """Ranks over editions: :func:`paths` with ``rank=True`` (rank 1 on top, integer ticks).

    Example
    -------
    >>> import pandas as pd
    >>> ranks = pd.DataFrame({"year": [2024, 2025, 2024, 2025], "region": ["A", "A", "B", "B"], "rank": [1, 2, 2, 1]})
    >>> ax = rank_paths(ranks, "year", "rank", "region", value_label="published rank", x_label="report year")
    >>> bool(ax.yaxis_inverted())
    True
    """
    return paths(data, x, y, unit, highlight=highlight, rank=True, **kwargs)


def path_panels(panels: dict[str, pd.DataFrame], x: str, y: str, unit: str, *, value_label: str, x_label: str,
                title: str = "", ring: str | None = None, ring_label: str = "", panel_width: float = 3.2):
    """Small multiples of :func:`paths`, one panel per table, in one row with one shared legend below.

    Every unit keeps one colour across the panels (palette in sorted order of all units), so a reader follows a
    series from panel to panel; points where the column ``ring`` is true are ringed in black (e.g. figures that
    conflicting reports give).

    Parameters
    ----------
    panels : dict of str to pandas.DataFrame
        Panel title -> long table (one row per unit and ``x``), drawn left to right.
    x, y, unit : str
        Columns of the horizontal position, the value and the unit (one line each).
    value_label, x_label : str
        Axis labels, with units.
    title : str
        Title of the whole figure.
    ring : str, optional
        Boolean column: the points to ring.
    ring_label : str
        Legend entry of the ringed points.
    panel_width : float
        Width of one panel, in inches.

    Returns
    -------
    list of matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"year": [2023, 2024, 2024], "source": ["GEI", "GEI", "Hurun"],
    ...                        "companies": [75, 115, 79], "disputed": [False, True, False]})
    >>> axes = path_panels({"Beijing": counts, "Shanghai": counts.head(2)}, "year", "companies", "source",
    ...                    value_label="unicorns (count)", x_label="year", ring="disputed", ring_label="disputed")
    >>> [ax.get_title() for ax in axes], sorted(axes[0].figure.legends[0].texts[i].get_text() for i in range(3))
    (['Beijing', 'Shanghai'], ['GEI', 'Hurun', 'disputed'])
    """
    units = sorted(set().union(*(set(table[unit]) for table in panels.values())))
    if len(units) > len(PALETTE):
        raise ValueError(f"{len(units)} units to draw in {len(PALETTE)} distinguishable colours across the panels")
    colors = dict(zip(units, PALETTE))
    fig, axes = plt.subplots(1, len(panels), figsize=(panel_width * len(panels), 4.2), layout="constrained",
                             squeeze=False)
    for ax, (panel, table) in zip(axes[0], panels.items()):
        paths(table, x, y, unit, highlight=units, colors=colors, direct_labels=False, legend=False,
              value_label=value_label, x_label=x_label, title=panel, ax=ax)
        if ring is not None:
            ringed = table[table[ring].fillna(False).astype(bool)]  # missing: not ringed
            ax.scatter(ringed[x], ringed[y], s=160, facecolors="none", edgecolors="black", linewidths=1.5,
                       label=ring_label or ring, zorder=4)
    handles = {label: handle for ax in axes[0] for handle, label in zip(*ax.get_legend_handles_labels())}
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncol=4)
    if title:
        fig.suptitle(title)
    return list(axes[0])


def lines_in_x(lines: pd.DataFrame, *, x_max: float, x_label: str, value_label: str, title: str = "",
               band: tuple[float, float] | None = None, band_label: str = "", mark: float | None = None,
               mark_label: str = "", ax=None):
    """Scores that are linear in one unknown x (``intercept + slope * x``), one line per row of ``lines``.

    Parameters
    ----------
    lines : pandas.DataFrame
        Columns ``label``, ``group`` (one colour per group), ``dashed`` (bool), ``intercept`` and ``slope``.
    x_max : float
        The x-axis runs from 0 to ``x_max``.
    band, band_label
        An interval of x to shade (e.g. where a claimed ordering holds); nothing is shaded when empty.
    mark, mark_label
        A value of x to mark with a dotted line (e.g. a figure published for another year).

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> lines = pd.DataFrame({"label": ["A", "B"], "group": ["A", "B"], "dashed": [False, False],
    ...                       "intercept": [14.3, 12.5], "slope": [0.0, 1.0]})
    >>> ax = lines_in_x(lines, x_max=3, x_label="x (%)", value_label="score (%)", band=(0.0, 1.8))
    >>> len(ax.lines)
    2
    """
    ax = new_axes(ax, (8, 4.5))
    x = np.linspace(0, x_max, 301)
    colours = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(dict.fromkeys(lines["group"]))}
    for row in lines.itertuples():
        ax.plot(x, row.intercept + row.slope * x, color=colours[row.group], linestyle="--" if row.dashed else "-",
                label=row.label)
    if band is not None and band[0] < band[1]:
        ax.axvspan(max(band[0], 0), min(band[1], x_max), color=GREY, alpha=0.25, label=band_label)
    if mark is not None and np.isfinite(mark):
        ax.axvline(mark, color="black", linewidth=0.8, linestyle=":", label=mark_label)
    ax.set_xlim(0, x_max)
    finish_axes(ax, title, x_label, value_label)
    legend_outside(ax, fontsize=8)
    return ax
