"""The one look every figure shares: palette, markers, seaborn theme, legends outside, and the axes and tick helpers
the figure modules draw with.

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision deficiencies), each paired
with its own marker; context series and reference lines are grey.

Example
-------
>>> set_theme()
>>> import matplotlib as mpl
>>> mpl.rcParams["legend.frameon"]
False
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns

from innovlib.plots.figures import restart_numbering

#: Okabe & Ito's colour-blind-safe palette, most distinguishable first (yellow last: weak on white).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442"]
#: One marker per palette colour, so series stay apart in greyscale too.
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "*"]
#: Colour of context (not highlighted) series and of reference lines.
GREY = "#9a9a9a"
#: Box behind a value written beside a bar or a point, so that grid lines do not cross the text.
LABEL_BOX = {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def set_theme() -> None:
    """Apply innovlib's theme: seaborn white grid, the Okabe-Ito palette, readable sizes, tight saved figures; and
    number the next figure shown 1 (the first call of every notebook: figures are numbered per notebook).

    Example
    -------
    >>> set_theme()
    >>> mpl.rcParams["figure.figsize"], mpl.rcParams["axes.titleweight"]
    ([8.0, 4.5], 'bold')
    """
    sns.set_theme(style="whitegrid", palette=PALETTE, context="notebook")
    mpl.rcParams.update({"figure.figsize": (8, 4.5), "figure.dpi": 100, "axes.titleweight": "bold",
                         "axes.titlesize": "medium", "savefig.bbox": "tight", "legend.frameon": False})
    restart_numbering()


def new_axes(ax, figsize: tuple[float, float]):
    """``ax`` when given, else the axes of a new figure of ``figsize`` inches: every figure helper draws on either.

    Example
    -------
    >>> ax = new_axes(None, (3, 2))
    >>> ax.figure.get_size_inches().tolist(), new_axes(ax, (9, 9)) is ax
    ([3.0, 2.0], True)
    """
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def legend_outside(ax, title: str | None = None, **kwargs):
    """Move the legend of ``ax`` to the right of the data area; returns the legend (``None`` without labels).

    Example
    -------
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


def category_ticks(ax, positions, labels) -> None:
    """Category or year ticks on the x-axis, turned upright when neighbours would overlap (about 7 px a character).

    Example
    -------
    >>> ax = new_axes(None, (8, 4))
    >>> category_ticks(ax, [0, 1], ["Beijing", "Shanghai"])
    >>> [t.get_text() for t in ax.get_xticklabels()], ax.get_xticklabels()[0].get_rotation()
    (['Beijing', 'Shanghai'], 0.0)
    >>> category_ticks(ax, range(30), [f"a long city name {i}" for i in range(30)])
    >>> ax.get_xticklabels()[0].get_rotation()   # 30 long names in 8 inches: upright
    90.0
    """
    positions = np.asarray(positions, dtype=float)
    width = ax.get_window_extent().width
    span = (positions.max() - positions.min()) if len(positions) > 1 else 1.0
    gap = width * (np.diff(np.sort(positions)).min() / span if len(positions) > 1 else 1.0) / (1.3 if len(positions) > 1 else 1)
    longest = max((len(str(label)) for label in labels), default=0)
    ax.set_xticks(positions, [str(label) for label in labels], fontsize=9, rotation=90 if gap < 7 * longest else 0)


def rank_ticks(high: float) -> list[int]:
    """Rank ticks that always show rank 1: every rank up to 12, else 1 and multiples of 5.

    Example
    -------
    >>> rank_ticks(4.5)
    [1, 2, 3, 4, 5]
    >>> rank_ticks(21)
    [1, 5, 10, 15, 20]
    """
    high = int(np.ceil(high))
    return list(range(1, high + 1)) if high <= 12 else [1, *range(5, high + 1, 5)]


def finish_axes(ax, title: str, x_label: str, y_label: str):
    """Write the title (when there is one) and both axis labels; returns ``ax``.

    Example
    -------
    >>> ax = finish_axes(new_axes(None, (3, 2)), "Growth", "year", "growth (%)")
    >>> ax.get_title(), ax.get_xlabel(), ax.get_ylabel()
    ('Growth', 'year', 'growth (%)')
    """
    if title:
        ax.set_title(title)
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    return ax


def year_text(value) -> str:
    """A tick or gap label: a whole number without decimals (2022, not 2022.0).

    Example
    -------
    >>> year_text(2022.0), year_text(0.5)
    ('2022', '0.5')
    """
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def every_of(xs) -> float:
    """The smallest step between expected ``x`` values (1 for one point).

    Example
    -------
    >>> every_of([2020, 2022, 2023]), every_of([5])
    (1.0, 1.0)
    """
    return float(np.diff(xs).min()) if len(xs) > 1 else 1.0


def expected_x(values: pd.Series, every: float | None = None) -> list:
    """The ``x`` values a line is expected to have: every ``every`` from the first to the last value in the data
    (default 1 when all are whole numbers, as editions and years are; otherwise only the values present).

    Example
    -------
    >>> expected_x(pd.Series([2021, 2024, 2023])), expected_x(pd.Series([0.5, 2.0]))
    ([2021, 2022, 2023, 2024], [0.5, 2.0])
    """
    found = sorted(pd.Series(values).dropna().unique().tolist())
    if not found:
        return []
    if every is None:
        every = 1 if all(float(v).is_integer() for v in found) else None
    if not every:
        return found
    count = int(round((found[-1] - found[0]) / every)) + 1
    grid = [found[0] + i * every for i in range(count)]
    return [int(v) if float(v).is_integer() else v for v in grid]


def zero_axis(ax, value_label: str, zero: bool = True, axis: str = "y") -> str:
    """Start a value axis at zero, or return its label saying it does not start there (when it does not).

    Example
    -------
    >>> fig, ax = plt.subplots(); _ = ax.plot([0, 1], [40, 50])
    >>> zero_axis(ax, "score (points)", zero=False), zero_axis(ax, "score (points)"), float(ax.get_ylim()[0])
    ('score (points; axis does not start at zero)', 'score (points)', 0.0)
    """
    low, high = ax.get_ylim() if axis == "y" else ax.get_xlim()
    setter = ax.set_ylim if axis == "y" else ax.set_xlim
    if low <= 0 <= high:
        return value_label
    if zero:
        setter(0, high) if low > 0 else setter(low, 0)
        return value_label
    note = "axis does not start at zero"
    return value_label[:-1] + f"; {note})" if value_label.endswith(")") else f"{value_label} ({note})"
