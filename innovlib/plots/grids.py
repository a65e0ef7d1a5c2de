"""Heat maps: a table as a grid of coloured, labelled cells, and a long table's grid over two parameters in panels
that share one colour scale. A missing value stays uncoloured and hatched: nothing is filled in.

Example
-------
>>> import pandas as pd
>>> ax = value_grid(pd.DataFrame({"2024": [1.0], "2025": [2.0]}, index=["Shanghai"]), fmt=".0f")
>>> [t.get_text() for t in ax.texts]
['1', '2']
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.patches import Rectangle

from innovlib.plots.theme import GREY, finish_axes, new_axes


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
    values = table.astype(float)
    rows, columns = values.shape
    ax = new_axes(ax, (max(4.5, 0.9 * columns + 2.5 + (1.0 if value_label else 0.0)), max(2.5, 0.3 * rows + 1.2)))
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
    return finish_axes(ax, title, x_label, y_label)


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
