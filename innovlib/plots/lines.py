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

from innovlib.plots.theme import (GREY, LABEL_BOX, MARKERS, PALETTE, category_ticks, every_of, expected_x,
                                  finish_axes, legend_outside, new_axes, rank_ticks, year_text, zero_axis)


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


#: Legend entry of the hollow points: a figure whose evidence is graded secondary.
SECONDARY_LABEL = "hollow: source graded secondary"


def _runs(values: list, step: float) -> list[tuple]:
    """Consecutive values (``step`` apart) as ``(first, last)`` runs: 2019, 2020, 2023 -> (2019, 2020), (2023, 2023)."""
    runs = []
    for v in values:
        if runs and abs(v - runs[-1][1] - step) < 1e-9:
            runs[-1] = (runs[-1][0], v)
        else:
            runs.append((v, v))
    return runs


def _write_gaps(ax, values: pd.Series, present: set, colour: str) -> None:
    """Write "no data 2022" (or "no data 2019–2021") in a line's gaps, where other units have data."""
    missing = values.isna().to_numpy()
    index = values.index.tolist()
    i = 0
    while i < len(index):
        if not missing[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(index) and missing[j + 1]:
            j += 1
        if any(index[k] in present for k in range(i, j + 1)):
            years = year_text(index[i]) + ("" if i == j else "–" + year_text(index[j]))
            at_y = (values.iloc[i - 1] + values.iloc[j + 1]) / 2  # between the two known neighbours
            ax.annotate(f"no data {years}", ((index[i] + index[j]) / 2, at_y), ha="center", va="bottom",
                        xytext=(0, 3), textcoords="offset points", fontsize=8, color=colour, style="italic",
                        bbox=LABEL_BOX)
        i = j + 1


def paths(data: pd.DataFrame, x: str, y: str, unit: str, *, value_label: str, x_label: str, title: str = "",
          highlight: list[str] | None = None, colors: dict[str, str] | None = None, rank: bool = False,
          direct_labels: bool = True, legend: bool = True, linestyle: str = "-", context_label: str = "others",
          every: float | None = None, secondary: str | None = None, zero: bool = True, ax=None):
    """Lines of ``y`` over ``x``, one per unit: a few units named and coloured, the others grey.

    Highlighted units get a palette colour and a marker each, and (``direct_labels``) their name at the line's
    end instead of a legend; grey units are context. Points are the published values only: nothing is
    interpolated, and a line never crosses a missing edition or year. It breaks there, and the gap is written
    ("no data 2022") on a highlighted line, or once over the axis when no unit has data for it. Every expected
    ``x`` gets a tick, so a missing year keeps its place on the axis. Points whose evidence is graded secondary
    (column ``secondary``) are drawn hollow, and the legend says so. A value axis (not ranks) starts at zero
    unless ``zero`` is false, and then its label says that it does not.

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
    every : float, optional
        Spacing of the expected ``x`` values (1: a yearly edition); a value missing in that grid is a gap. Default:
        1 when every ``x`` is a whole number (years, editions), else only the ``x`` values in the data.
    secondary : str, optional
        Boolean column: the points whose evidence is graded secondary (:func:`innovlib.plots.secondary_points`).
    zero : bool
        Start a value axis at zero (ignored for ranks); ``False`` writes "axis does not start at zero" in its label.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> gap = pd.DataFrame({"year": [2021, 2023], "unit": ["A", "A"], "value": [5.0, 6.0]})
    >>> ax = paths(gap, "year", "value", "unit", value_label="count", x_label="year")
    >>> ax.lines[0].get_ydata().tolist(), [t.get_text() for t in ax.texts], float(ax.get_ylim()[0])
    ([5.0, nan, 6.0], ['no data 2022', 'A'], 0.0)
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
    xs = expected_x(data[x], every)
    present = set(data.dropna(subset=[y])[x])
    ends, context = [], context_label
    for u in [u for u in units if u not in highlight] + highlight:
        rows = data[data[unit] == u].dropna(subset=[y]).drop_duplicates(x).set_index(x).sort_index()
        if rows.empty:
            continue
        span = [v for v in xs if rows.index[0] <= v <= rows.index[-1]]
        values = rows[y].astype(float).reindex(span)  # a missing x is NaN: the line breaks there
        if u in highlight:
            j = highlight.index(u)
            colour = (colors or {}).get(u, PALETTE[j % len(PALETTE)])
            ax.plot(span, values.to_numpy(), linestyle=linestyle, marker=MARKERS[j % len(MARKERS)], color=colour,
                    linewidth=2, markersize=6, label=str(u), zorder=3)
            ends.append((str(u), rows.index[-1], float(rows[y].iloc[-1]), colour))
            _write_gaps(ax, values, present, colour)
            if secondary is not None:
                weak = rows[rows[secondary].fillna(False).astype(bool)]
                ax.plot(weak.index, weak[y].astype(float), linestyle="none", marker=MARKERS[j % len(MARKERS)],
                        markersize=7, markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.8,
                        zorder=4, label="_nolegend_")
        else:
            ax.plot(span, values.to_numpy(), linestyle="-", marker="o", color=GREY, linewidth=0.9, markersize=3,
                    alpha=0.7, zorder=1, label=context or "_nolegend_")
            context = None
            if secondary is not None:
                weak = rows[rows[secondary].fillna(False).astype(bool)]
                ax.plot(weak.index, weak[y].astype(float), linestyle="none", marker="o", markersize=5,
                        markerfacecolor="white", markeredgecolor=GREY, markeredgewidth=1.2, zorder=2,
                        label="_nolegend_")
    category_ticks(ax, xs, [year_text(v) for v in xs])
    step = every_of(xs)
    for first, last in _runs([v for v in xs if v not in present], step):  # no unit has a value: say it once
        ax.axvspan(first - 0.4 * step, last + 0.4 * step, color=GREY, alpha=0.12, lw=0)
        years = year_text(first) + ("" if first == last else "–" + year_text(last))
        # at the bottom edge (zero, or the lowest ranks): the least crowded, away from per-line gap labels
        ax.annotate(f"no data {years}", ((first + last) / 2, 0.0), xycoords=("data", "axes fraction"),
                    xytext=(0, 4), textcoords="offset points", ha="center", va="bottom", fontsize=8,
                    color="dimgrey", style="italic", bbox=LABEL_BOX)
    if rank:
        low, high = data[y].min(), data[y].max()
        ax.set_yticks(rank_ticks(high))
        ax.set_ylim(high + 0.5, max(0.5, low - 0.5))
    else:
        ax.autoscale_view()
        value_label = zero_axis(ax, value_label, zero)
    weak_legend = secondary is not None and bool(data.dropna(subset=[y])[secondary].fillna(False).astype(bool).any())
    if weak_legend:
        ax.plot([], [], linestyle="none", marker="o", markerfacecolor="white", markeredgecolor="black",
                markersize=7, label=SECONDARY_LABEL)
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
        keep = ([context_label] if context is None and context_label else []) + ([SECONDARY_LABEL] if weak_legend else [])
        if keep:  # only grey lines and hollow points need a legend: the others are named at their ends
            handles, labels = ax.get_legend_handles_labels()
            pairs = [(h, lab) for h, lab in zip(handles, labels) if lab in keep]
            ax.legend([h for h, _ in pairs], [lab for _, lab in pairs],
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
                title: str = "", ring: str | None = None, ring_label: str = "", secondary: str | None = None,
                panel_width: float = 3.2, per_row: int = 3):
    """Small multiples of :func:`paths`, one panel per table, ``per_row`` to a row, with one shared legend below.

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
    secondary : str, optional
        Boolean column: points whose evidence is graded secondary, drawn hollow (see :func:`paths`).
    panel_width : float
        Width of one panel, in inches.
    per_row : int
        Panels in one row; more wrap to the next row (the figure stays narrow enough to read on a page).

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
    columns = min(len(panels), per_row)  # more panels wrap to new rows: a wide strip would not fit a page
    rows = -(-len(panels) // columns)
    fig, grid = plt.subplots(rows, columns, figsize=(panel_width * columns, 3.8 * rows + 0.6), layout="constrained",
                             squeeze=False)
    axes = [grid.flat[i] for i in range(len(panels))]
    for spare in grid.flat[len(panels):]:
        spare.set_visible(False)
    for ax, (panel, table) in zip(axes, panels.items()):
        paths(table, x, y, unit, highlight=units, colors=colors, direct_labels=False, legend=False,
              value_label=value_label, x_label=x_label, title=panel, secondary=secondary, ax=ax)
        if ring is not None:
            ringed = table[table[ring].fillna(False).astype(bool)]  # missing: not ringed
            ax.scatter(ringed[x], ringed[y], s=160, facecolors="none", edgecolors="black", linewidths=1.5,
                       label=ring_label or ring, zorder=4)
    handles = {label: handle for ax in axes for handle, label in zip(*ax.get_legend_handles_labels())}
    fig.legend(handles.values(), handles.keys(), loc="outside lower center", ncol=min(4, columns + 1))
    if title:
        fig.suptitle(title)
    return axes


def lines_in_x(lines: pd.DataFrame, *, x_max: float, x_label: str, value_label: str, title: str = "",
               band: tuple[float, float] | None = None, band_label: str = "", mark: float | None = None,
               mark_label: str = "", ax=None):
    """Scores that are linear in one unknown x (``intercept + slope * x``), one line per row of ``lines``; the value
    axis is fitted to the lines (where they cross matters) and its label says when it does not start at zero.

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
    finish_axes(ax, title, x_label, zero_axis(ax, value_label, zero=False))
    legend_outside(ax, fontsize=8)
    return ax
