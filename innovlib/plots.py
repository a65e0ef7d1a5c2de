"""One look for every figure, and the figures the notebooks draw more than once.

Every helper is a pure function: a DataFrame in, a matplotlib Axes out (drawn on ``ax`` when one is given, on a
new figure otherwise); nothing is shown or saved. The rules they enforce:

- bars start at zero; when the values differ by little relative to their size, a dot plot replaces the bars (an
  axis cut to make bars differ would make lengths lie);
- every axis that carries values has a label with its unit; legends sit outside the data area;
- colours come from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), each paired
  with its own marker, and a line chart colours only a few named units, greying the others;
- labels are English (Shenzhen, not 深圳), so figures render without a CJK font.

:func:`stray_outputs` lists what an executed notebook shows that a reader should not see (warnings, stderr,
object reprs, a table shown twice).

Example
-------
>>> import pandas as pd
>>> from innovlib import plots
>>> plots.set_theme()
>>> ax = plots.value_bars(pd.DataFrame({"city": ["Tokyo", "Paris"], "score": [46.8, 30.2]}), "city", "score",
...                       value_label="score (points)")
>>> float(ax.get_xlim()[0])
0.0
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Okabe & Ito's colour-blind-safe palette, most distinguishable first (yellow last: weak on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
#: One marker per palette colour, so series stay apart in greyscale too.
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]
#: Colour of context (not highlighted) series and of reference lines.
GREY = "#9a9a9a"
_LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def set_theme() -> None:
    """Apply innovlib's theme: seaborn white grid, the Okabe-Ito palette, readable sizes, tight saved figures.

    Example
    -------
    >>> set_theme()
    """
    import matplotlib as mpl
    import seaborn as sns

    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    mpl.rcParams.update({"figure.figsize": (8, 4.5), "figure.dpi": 100, "axes.titleweight": "bold",
                         "axes.titlesize": "medium", "savefig.bbox": "tight", "legend.frameon": False})


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def legend_outside(ax, title: str | None = None, **kwargs):
    """Move the legend of ``ax`` to the right of the data area; returns the legend (``None`` without labels).

    Example
    -------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([1, 2], [3, 4], label="a")
    >>> bool(legend_outside(ax).get_bbox_to_anchor().x0 > ax.get_window_extent().x1)
    True
    """
    handles, labels = ax.get_legend_handles_labels()
    if not handles:
        return None
    kwargs = {"loc": "upper left", "bbox_to_anchor": (1.01, 1.0), "borderaxespad": 0.0, **kwargs}
    return ax.legend(handles, labels, title=title, **kwargs)


def _set_xticks(ax, positions, labels) -> None:
    """Category or year ticks on the x-axis, turned upright when neighbours would overlap (about 7 px a character)."""
    positions = np.asarray(positions, dtype=float)
    width = ax.get_window_extent().width
    span = (positions.max() - positions.min()) if len(positions) > 1 else 1.0
    gap = width * (np.diff(np.sort(positions)).min() / span if len(positions) > 1 else 1.0) / (1.3 if len(positions) > 1 else 1)
    longest = max((len(str(label)) for label in labels), default=0)
    ax.set_xticks(positions, [str(label) for label in labels], fontsize=9, rotation=90 if gap < 7 * longest else 0)


def _rank_ticks(high: float) -> list[int]:
    """Rank ticks that always show rank 1: every rank up to 12, else 1 and multiples of 5."""
    high = int(np.ceil(high))
    return list(range(1, high + 1)) if high <= 12 else [1, *range(5, high + 1, 5)]


def _finish(ax, title, x_label, y_label):
    if title:
        ax.set_title(title)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    return ax


def value_bars(data: pd.DataFrame, label: str, value: str | list[str], *, value_label: str, title: str = "",
               text: str | None = None, fmt: str = "{:.2f}", error: str | list[str] | None = None,
               reference: dict[str, float] | None = None, vertical: bool = False, dot_below: float = 0.1,
               missing_text: str = "not published", category_label: str = "", ax=None):
    """Bars of one value per row (grouped bars for several value columns), starting at zero.

    When the largest value exceeds the smallest by less than ``dot_below`` of the largest, a dot plot is drawn
    instead, its axis fitted to the data and labelled as not starting at zero: bars would all look equal, and an
    axis cut under bars would make their lengths lie.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per bar, drawn in the order given (first on top, or first on the left when ``vertical``).
    label : str
        Column naming each row (the category axis).
    value : str or list of str
        Column(s) of values; several columns give grouped bars with a legend.
    value_label : str
        Value-axis label, with its unit (``"score (points)"``).
    title : str
        Figure title.
    text : str, optional
        Column with a text written after each bar (e.g. a margin or a definition); default: the value by ``fmt``.
    fmt : str
        Format of the values written after the bars.
    error : str, tuple or list, optional
        Per value column: a column of symmetric error half-widths, or a ``(low, high)`` pair of columns holding an
        interval's ends (e.g. an asymmetric confidence interval); ``None`` for no error bar.
    reference : dict, optional
        ``{label: value}`` of reference lines drawn across the bars (e.g. a national rate), shown in the legend.
    vertical : bool
        Vertical bars (categories on the x-axis) instead of horizontal ones.
    dot_below : float
        Relative spread below which a dot plot replaces the bars; 0 always draws bars.
    missing_text : str
        Written where a value is missing (no bar is drawn and nothing is estimated).
    category_label : str
        Label of the category axis (e.g. ``"year"``); none by default, the names speak for themselves.
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> scores = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "New York"], "score": [46.84, 46.79, 46.72]})
    >>> ax = value_bars(scores, "city", "score", value_label="score (points)")
    >>> ax.get_xlabel()   # values this close are drawn as dots, on an axis that says it is cut
    'score (points; axis does not start at zero)'
    """
    columns = [value] if isinstance(value, str) else list(value)
    errors = [error] if isinstance(error, (str, tuple)) else list(error or [None] * len(columns))
    values = data[columns].astype(float)
    finite = values.stack().dropna()
    n, k = len(data), len(columns)
    ax = _axes(ax, (max(5, 0.9 * n + 2), 4) if vertical else (8, 0.45 * n * max(1, 0.7 * k) + 1.3))
    dots = (k == 1 and len(finite) > 1 and dot_below > 0 and finite.min() > 0
            and (finite.max() - finite.min()) < dot_below * finite.max())
    positions = np.arange(n)
    width = 0.8 / k
    reach = []  # upper ends of the error bars, so that the axis shows them whole
    for j, (column, err) in enumerate(zip(columns, errors)):
        offsets = positions + (j - (k - 1) / 2) * width
        heights = values[column].to_numpy()
        colour = PALETTE[j % len(PALETTE)]
        legend = column if k > 1 else None
        if dots:
            (ax.plot(heights, offsets, "o", color=colour, markersize=9) if not vertical
             else ax.plot(offsets, heights, "o", color=colour, markersize=9))
            continue
        xerr = (None if not err else data[err].to_numpy() if isinstance(err, str)
                else np.vstack([heights - data[err[0]].to_numpy(float), data[err[1]].to_numpy(float) - heights]))
        if xerr is not None:
            reach.extend(heights + (xerr if xerr.ndim == 1 else xerr[1]))
        bar = ax.bar if vertical else ax.barh
        bar(offsets, np.nan_to_num(heights), width * 0.9, color=colour, label=legend,
            **({"yerr": xerr} if vertical else {"xerr": xerr}), **({"error_kw": {"ecolor": "black", "capsize": 3}}
                                                                     if err else {}))
    span = finite.max() - finite.min() if dots else (finite.abs().max() if len(finite) else 1.0)
    span = span or 1.0
    labels = data[text] if text else None
    for i in positions:
        row_values = values.iloc[i]
        if row_values.isna().all():
            words, at = missing_text, 0.0 if not dots else finite.min()
        elif k > 1:
            continue
        else:
            at = float(row_values.iloc[0])
            words = str(labels.iloc[i]) if labels is not None and pd.notna(labels.iloc[i]) else fmt.format(at)
        if vertical:
            ax.annotate(words, (i, at), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                        fontsize=8, color="dimgrey" if row_values.isna().all() else "black", bbox=_LABEL_BOX)
        else:
            ax.annotate(words, (at, i), xytext=(6 if dots else 4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="dimgrey" if row_values.isna().all() else "black", bbox=_LABEL_BOX)
    for j, (name, level) in enumerate((reference or {}).items()):
        line = ax.axhline if vertical else ax.axvline
        line(level, color=[GREY, "black", PALETTE[3]][j % 3], linestyle=["--", ":", "-."][j % 3], label=name)
    if dots:
        low, high = finite.min() - 0.15 * span, finite.max() + 0.6 * span
        (ax.set_ylim if vertical else ax.set_xlim)(low, high)
        value_label = value_label[:-1] + "; axis does not start at zero)" if value_label.endswith(")") \
            else value_label + " (axis does not start at zero)"
    else:
        top = max(finite.max() if len(finite) else 1.0, *(reference or {0: 0}).values(),
                  *[r for r in reach if np.isfinite(r)])
        bottom = min(0.0, finite.min() if len(finite) else 0.0)
        (ax.set_ylim if vertical else ax.set_xlim)(bottom * 1.1, top * (1.12 if vertical else 1.3))
    names = data[label].astype(str).tolist()
    if vertical:
        _set_xticks(ax, positions, names)
        ax.grid(axis="x", visible=False)
        _finish(ax, title, category_label, value_label)
    else:
        ax.set_yticks(positions, names)
        ax.set_ylim(n - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        _finish(ax, title, value_label, category_label)
    legend_outside(ax)
    return ax


def share_bars(shares: pd.DataFrame, *, value_label: str, title: str = "", text: pd.Series | None = None,
               reference: dict[str, float] | None = None, legend_title: str | None = None, ax=None):
    """Horizontal stacked bars of shares (%), one bar per row, one colour per column, from zero.

    Parameters
    ----------
    shares : pandas.DataFrame
        Index: the units (drawn first on top); columns: the components stacked, in order (missing = 0).
    value_label : str
        Axis label with its unit (``"share of world total (%)"``).
    title : str
        Figure title.
    text : pandas.Series, optional
        Text written after each bar, by unit; default: the total, to one decimal.
    reference : dict, optional
        ``{label: value}`` of vertical reference lines (e.g. ``{"one third": 100 / 3}``).
    legend_title : str, optional
        Title of the legend of components (drawn outside the axes).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> shares = pd.DataFrame({"PCT": [10.2, 4.4], "publications": [1.4, 2.0]}, index=["Tokyo", "Seoul"])
    >>> ax = share_bars(shares, value_label="share of world total (%)")
    >>> [t.get_text() for t in ax.get_legend().get_texts()]
    ['PCT', 'publications']
    """
    n = len(shares)
    ax = _axes(ax, (8, 0.38 * n + 1.5))
    y = np.arange(n)
    left = np.zeros(n)
    for j, column in enumerate(shares.columns):
        widths = shares[column].astype(float).fillna(0).to_numpy()
        ax.barh(y, widths, 0.75, left=left, color=PALETTE[j % len(PALETTE)], label=str(column), edgecolor="white")
        left = left + widths
    for j, (name, level) in enumerate((reference or {}).items()):
        ax.axvline(level, color=[GREY, "black"][j % 2], linestyle=[":", "--"][j % 2], label=name)
    for i, unit in enumerate(shares.index):
        words = text.get(unit) if text is not None else f"{left[i]:.1f}"
        ax.annotate(str(words), (left[i], i), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8,
                    bbox=_LABEL_BOX)
    ax.set_yticks(y, [str(u) for u in shares.index])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, max([left.max() if n else 1.0, *(reference or {0: 0}).values()]) * 1.25)
    ax.grid(axis="y", visible=False)
    _finish(ax, title, value_label, "")
    legend_outside(ax, title=legend_title)
    return ax


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
    ax = _axes(ax, (8, 5.5 if rank and len(units) > 10 else 4.5))
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
    _set_xticks(ax, xs, xs)
    if rank:
        low, high = data[y].min(), data[y].max()
        ax.set_yticks(_rank_ticks(high))
        ax.set_ylim(high + 0.5, max(0.5, low - 0.5))
    else:
        ax.autoscale_view()
    _finish(ax, title, x_label, value_label)
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
    ax = _axes(ax, (8, 0.34 * n + 1.5))
    y = np.arange(n)
    ax.hlines(y, intervals[low], intervals[high], color=PALETTE[0], linewidth=5, alpha=0.35,
              label="5–95% of ranks")
    ax.plot(intervals[median], y, "o", color=PALETTE[0], label="median rank")
    ax.plot(intervals[nominal], y, "|", color="black", markersize=14, markeredgewidth=2, label="nominal rank")
    ax.set_yticks(y, [str(u) for u in intervals.index])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0.5, max(float(intervals[high].max()), float(intervals[nominal].max())) + 0.5)
    ax.set_xticks(_rank_ticks(ax.get_xlim()[1]))
    ax.grid(axis="y", visible=False)
    _finish(ax, title, value_label, "")
    legend_outside(ax)
    return ax


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
    ax = _axes(ax, (8, 4.5))
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
    _finish(ax, title, x_label, value_label)
    legend_outside(ax, fontsize=8)
    return ax


_REPR = re.compile(r"<(?:matplotlib|Axes|Figure|[\w.]+ object at 0x)[^>]*>|\b(?:np\.(?:float|int)\d+|Timestamp|"
                   r"numpy\.\w+)\(|\[(?:'[^'\n]*'(?:, )?)+\]|\bdtype[=:]")
_WARNING = re.compile(r"\b\w*(?:Warning|Error)\b:|^\s*warnings\.warn", re.MULTILINE)


def stray_outputs(notebook) -> list[str]:
    """What an executed notebook shows that a reader should not see, one line per finding.

    Reports, by code cell index: stderr streams, warning or error text, error outputs, Python object reprs
    (``<matplotlib...>``, ``<Axes ...>``, ``np.float64(...)``, a list repr like ``['a', 'b']``) in text and
    markdown outputs, and an HTML table or text output shown twice.

    Parameters
    ----------
    notebook : nbformat.NotebookNode or dict
        An executed notebook (as read by ``nbformat.read``).

    Returns
    -------
    list of str
        ``"cell 3: stderr: ..."`` and the like; empty when the outputs are clean.

    Example
    -------
    >>> nb = {"cells": [{"cell_type": "code", "source": "ax.plot()", "outputs": [
    ...     {"output_type": "execute_result", "data": {"text/plain": "[<matplotlib.lines.Line2D at 0x7f>]"}}]}]}
    >>> stray_outputs(nb)
    ['cell 0: object repr: <matplotlib.lines.Line2D at 0x7f>']
    """
    found, seen = [], {}
    for index, cell in enumerate(notebook["cells"]):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                found.append(f"cell {index}: error: {output.get('ename')}: {output.get('evalue')}")
                continue
            if kind == "stream":
                text = "".join(output.get("text", ""))
                first = text.strip().splitlines()[0] if text.strip() else ""
                if output.get("name") == "stderr":
                    found.append(f"cell {index}: stderr: {first[:200]}")
                    continue
                texts = {"text/plain": text}
            else:
                data = output.get("data", {})
                texts = {mime: "".join(v) if isinstance(v, list) else str(v) for mime, v in data.items()
                         if mime.startswith("text/")}
                if "text/plain" in texts and any(m.startswith("image/") for m in data):
                    texts.pop("text/plain")  # the plain fallback of an image is not shown
                if kind == "display_data" and "text/markdown" in texts:
                    texts.pop("text/plain", None)
                if "text/html" in texts:
                    texts.pop("text/plain", None)
            for mime, text in texts.items():
                if match := _WARNING.search(text):
                    line = next((ln for ln in text.splitlines() if match.group(0).strip() in ln), match.group(0))
                    found.append(f"cell {index}: warning: {line.strip()[:200]}")
                elif mime != "text/html" and (match := _REPR.search(text)):
                    found.append(f"cell {index}: object repr: {match.group(0)[:120]}")
                if mime in ("text/html", "text/plain") and kind != "stream" and len(text) > 200:
                    if text in seen:
                        found.append(f"cell {index}: shown twice (also cell {seen[text]})")
                    else:
                        seen[text] = index
    return found


def grid_heatmap(data: pd.DataFrame, row: str, column: str, value: str, *, value_label: str, title: str = "",
                 text: str | None = None, panel: str | None = None, outline: str | None = None,
                 fmt: str = "{:.1f}", empty_text: str = "—", row_label: str = "", column_label: str = ""):
    """A heat map of one value over a grid of two parameters (one panel per value of ``panel``, one shared colour
    scale), each cell labelled; drawn panel by panel with :func:`value_grid`.

    Parameters
    ----------
    data : pandas.DataFrame
        Long table: one row per grid point (and panel).
    row, column : str
        Columns whose values give the grid's rows (top to bottom, ascending) and columns (left to right).
    value : str
        Column coloured (a sequential colour map shared by every panel, with a colour bar).
    value_label : str
        Label of the colour bar, with its unit.
    title : str
        Figure title.
    text : str, optional
        Column written in each cell under the value (e.g. a would-be verdict); default: the value by ``fmt``.
    panel : str, optional
        Column splitting the grid into side-by-side panels (e.g. a price basis).
    outline : str, optional
        Boolean column: cells where it is true get a thick black frame (e.g. the cells a claim may mean).
    fmt : str
        Format of the value written in each cell.
    empty_text : str
        Written in a cell of the grid whose value is missing (the cell is hatched, never filled in).
    row_label, column_label : str
        Axis labels (by default the column names).

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes
        One axes per panel.

    Example
    -------
    >>> import pandas as pd
    >>> grid = pd.DataFrame({"start": [2018, 2018, 2019], "end": [2020, 2021, 2021], "rate": [5.0, None, 7.2]})
    >>> axes = grid_heatmap(grid, "start", "end", "rate", value_label="growth (% a year)")
    >>> [t.get_text() for t in axes[0].texts]
    ['5.0', '—', '7.2']
    """
    import matplotlib.pyplot as plt

    panels = list(dict.fromkeys(data[panel])) if panel else [None]
    rows, columns = sorted(data[row].unique()), sorted(data[column].unique())
    values = data[value].astype(float)
    low, high = (values.min(), values.max()) if values.notna().any() else (0.0, 1.0)
    words = values.map(lambda v: empty_text if pd.isna(v) else fmt.format(v))
    if text:
        words = words + data[text].map(lambda t: "" if pd.isna(t) else f"\n{t}")
    table = data.assign(_words=words, _outline=data[outline].astype(bool) if outline else False)
    fig, axes = plt.subplots(1, len(panels), figsize=(0.65 * len(columns) * len(panels) + 2.5, 0.55 * len(rows) + 1.8),
                             squeeze=False, sharey=True, layout="constrained")
    axes = axes[0]
    for ax, name in zip(axes, panels):
        part = table if panel is None else table[table[panel] == name]
        wide = {key: part.pivot_table(index=row, columns=column, values=key, aggfunc="first", dropna=False)
                .reindex(index=rows, columns=columns) for key in (value, "_words", "_outline")}
        value_grid(wide[value], labels=wide["_words"], outline=wide["_outline"].fillna(0).astype(bool),
                   cmap="viridis", vmin=low, vmax=high, value_label=value_label if ax is axes[-1] else "",
                   title="" if name is None else f"{panel.replace('_', ' ')}: {name}",
                   x_label=column_label or column, y_label=(row_label or row) if ax is axes[0] else "", ax=ax)
    if title:
        fig.suptitle(title)
    return axes


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
    import matplotlib.pyplot as plt

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


def bar_panels(panels: list[dict], *, height: float, panel_width: float = 5.0, **shared):
    """Several :func:`value_bars` side by side in one figure: ``panels`` gives each one's arguments.

    Parameters
    ----------
    panels : list of dict
        Keyword arguments of :func:`value_bars` for each panel, left to right (``data``, ``label``, ``title``, ...).
    height : float
        Figure height, in inches (e.g. grown with the number of bars).
    panel_width : float
        Width of one panel, in inches.
    **shared
        Arguments of :func:`value_bars` common to every panel (``value``, ``value_label``, ``fmt``, ...).

    Returns
    -------
    list of matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> by_city = pd.DataFrame({"city": ["Beijing", "Shanghai"], "companies": [8, 4]})
    >>> by_year = pd.DataFrame({"year": [2020, 2021], "companies": [5, 7]})
    >>> axes = bar_panels([{"data": by_city, "label": "city"}, {"data": by_year, "label": "year", "vertical": True}],
    ...                   height=3, value="companies", value_label="companies (count)", dot_below=0)
    >>> [ax.get_xlabel() for ax in axes]
    ['companies (count)', '']
    """
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(panels), figsize=(panel_width * len(panels), height), layout="constrained",
                             squeeze=False)
    for ax, panel in zip(axes[0], panels):
        value_bars(**{**shared, **panel}, ax=ax)
    return list(axes[0])


def value_grid(table: pd.DataFrame, *, title: str = "", value_label: str = "", fmt: str = ".2f", cmap: str = "crest",
               vmin: float | None = None, vmax: float | None = None, x_label: str = "", y_label: str = "",
               labels: pd.DataFrame | None = None, outline: pd.DataFrame | None = None, ax=None):
    """A table as a heat map: one cell per row and column, coloured and written with its value; a missing value
    stays uncoloured and hatched (nothing is filled in). The one heat map of the package (:func:`grid_heatmap`
    draws its panels with it).

    Parameters
    ----------
    table : pandas.DataFrame
        Rows and columns as drawn (first row on top); numbers or missing values.
    title : str
        Figure title.
    value_label : str
        Label of the colour bar, with its unit; no colour bar without it (the cells carry their values).
    fmt : str
        Format of the values written in the cells (``".0f"`` for ranks or tiers).
    cmap : str
        Colour map; a diverging one (``"vlag"``) with ``vmin``/``vmax`` for correlations.
    vmin, vmax : float, optional
        Ends of the colour scale; default: the data's range.
    x_label, y_label : str
        Axis labels (e.g. ``"edition"``).
    labels : pandas.DataFrame, optional
        Text written in each cell instead of the value (same rows and columns); a cell without a label is not a
        point of the grid: nothing is written and it is not hatched.
    outline : pandas.DataFrame of bool, optional
        Cells framed in thick black (same rows and columns).
    ax : matplotlib.axes.Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes

    Example
    -------
    >>> import pandas as pd
    >>> tiers = pd.DataFrame({"2024": [1, None], "2025": [1, 2]}, index=["Shanghai", "Tibet"])
    >>> ax = value_grid(tiers, fmt=".0f", x_label="edition")
    >>> [t.get_text() for t in ax.texts]   # the missing tier stays blank
    ['1', '1', '2']
    """
    import seaborn as sns
    from matplotlib.patches import Rectangle

    values = table.astype(float)
    rows, columns = values.shape
    ax = _axes(ax, (max(4.5, 0.9 * columns + 2.5 + (1.0 if value_label else 0.0)), max(2.5, 0.3 * rows + 1.2)))
    sns.heatmap(values, annot=False, cmap=cmap, vmin=vmin, vmax=vmax, linewidths=0.5, ax=ax,
                cbar=bool(value_label), cbar_kws={"label": value_label} if value_label else None)
    mesh = ax.collections[0]
    for i, j in np.ndindex(values.shape):
        number = values.iat[i, j]
        words = (labels.iat[i, j] if labels is not None else (None if np.isnan(number) else format(number, fmt)))
        if isinstance(words, str) and words:
            red, green, blue, _ = mesh.cmap(mesh.norm(number)) if not np.isnan(number) else (1, 1, 1, 1)
            bright = 0.2126 * red + 0.7152 * green + 0.0722 * blue > 0.408  # dark text on light cells, as seaborn
            ax.text(j + 0.5, i + 0.5, words, ha="center", va="center", fontsize=8,
                    color="black" if bright else "white")
        if np.isnan(number) and (labels is None or isinstance(words, str)):  # a point without a label is no point
            ax.add_patch(Rectangle((j, i), 1, 1, fill=False, hatch="//", edgecolor=GREY, lw=0))
        if outline is not None and bool(outline.iat[i, j]):
            ax.add_patch(Rectangle((j + 0.02, i + 0.02), 0.96, 0.96, fill=False, edgecolor="black", lw=2.2))
    ax.tick_params(axis="both", length=0)
    ax.grid(False)  # grid lines would show through the blank (missing) cells
    return _finish(ax, title, x_label, y_label)
