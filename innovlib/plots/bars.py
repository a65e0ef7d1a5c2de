"""Bars: one value per row (grouped for several columns), stacked shares, and bar charts side by side.

Bars start at zero; when the values differ by little relative to their size, a dot plot replaces the bars (an axis
cut to make bars differ would make lengths lie). A missing value is written, never drawn or estimated.

Example
-------
>>> import pandas as pd
>>> ax = value_bars(pd.DataFrame({"city": ["Tokyo", "Paris"], "score": [46.8, 30.2]}), "city", "score",
...                 value_label="score (points)")
>>> float(ax.get_xlim()[0]), len(ax.patches)
(0.0, 2)
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from innovlib.plots.theme import (GREY, LABEL_BOX, PALETTE, category_ticks, expected_x, finish_axes,
                                  legend_outside, new_axes, year_text)


def value_bars(data: pd.DataFrame, label: str, value: str | list[str], *, value_label: str, title: str = "",
               text: str | None = None, fmt: str = "{:.2f}", error: str | list[str] | None = None,
               reference: dict[str, float] | None = None, vertical: bool = False, dot_below: float = 0.1,
               missing_text: str = "not published", category_label: str = "", years: bool = False, ax=None):
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
    years : bool
        The ``label`` column holds years: bars stand on a real year axis (2021, 2023, 2024 spaced by value) and
        every year missing between the first and the last gets its place and ``missing_text``.
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
    if years and not vertical:
        raise ValueError("value_bars: years=True puts years on the horizontal axis; pass vertical=True")
    if years:  # every year from the first to the last has its place; a missing one is written, never drawn
        full = expected_x(data[label].astype(float), 1)
        data = data.assign(**{label: data[label].astype(float)}).set_index(label).reindex(full).rename_axis(label) \
            .reset_index()
    columns = [value] if isinstance(value, str) else list(value)
    errors = [error] if isinstance(error, (str, tuple)) else list(error or [None] * len(columns))
    values = data[columns].astype(float)
    finite = values.stack().dropna()
    n, k = len(data), len(columns)
    ax = new_axes(ax, (max(5, 0.9 * n + 2), 4) if vertical else (8, 0.45 * n * max(1, 0.7 * k) + 1.3))
    dots = (k == 1 and len(finite) > 1 and dot_below > 0 and finite.min() > 0
            and (finite.max() - finite.min()) < dot_below * finite.max())
    positions = data[label].to_numpy(float) if years else np.arange(n)
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
    for i, at_position in enumerate(positions):
        row_values = values.iloc[i]
        if row_values.isna().all():
            words, at = missing_text, 0.0 if not dots else finite.min()
        elif k > 1:
            continue
        else:
            at = float(row_values.iloc[0])
            words = str(labels.iloc[i]) if labels is not None and pd.notna(labels.iloc[i]) else fmt.format(at)
        if vertical:
            ax.annotate(words, (at_position, at), xytext=(0, 4), textcoords="offset points", ha="center",
                        va="bottom", fontsize=8, color="dimgrey" if row_values.isna().all() else "black",
                        bbox=LABEL_BOX)
        else:
            ax.annotate(words, (at, at_position), xytext=(6 if dots else 4, 0), textcoords="offset points", va="center",
                        fontsize=8, color="dimgrey" if row_values.isna().all() else "black", bbox=LABEL_BOX)
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
    names = [year_text(v) for v in data[label]] if years else data[label].astype(str).tolist()
    if vertical:
        category_ticks(ax, positions, names)
        ax.grid(axis="x", visible=False)
        finish_axes(ax, title, category_label, value_label)
    else:
        ax.set_yticks(positions, names)
        ax.set_ylim(n - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        finish_axes(ax, title, value_label, category_label)
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
    ax = new_axes(ax, (8, 0.38 * n + 1.5))
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
                    bbox=LABEL_BOX)
    ax.set_yticks(y, [str(u) for u in shares.index])
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xlim(0, max([left.max() if n else 1.0, *(reference or {0: 0}).values()]) * 1.25)
    ax.grid(axis="y", visible=False)
    finish_axes(ax, title, value_label, "")
    legend_outside(ax, title=legend_title)
    return ax


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
    fig, axes = plt.subplots(1, len(panels), figsize=(panel_width * len(panels), height), layout="constrained",
                             squeeze=False)
    for ax, panel in zip(axes[0], panels):
        value_bars(**{**shared, **panel}, ax=ax)
    return list(axes[0])
