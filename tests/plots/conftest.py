"""Figures are drawn off screen and closed after each test; one check that a legend sits outside the data area."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def legend_is_outside():
    """A check: the legend of an axes lies wholly right of, below or above its data area (after drawing)."""

    def check(ax) -> bool:
        ax.figure.canvas.draw()
        legend = ax.get_legend().get_window_extent()
        axes = ax.get_window_extent()
        return legend.x0 >= axes.x1 or legend.y1 <= axes.y0 or legend.y0 >= axes.y1

    return check
