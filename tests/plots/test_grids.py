"""innovlib.plots.grids: a table as a heat map (missing cells blank and hatched) and a grid of two parameters in
panels that share one colour scale."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.plots.grids import grid_heatmap, value_grid


def test_grid_heatmap_labels_every_cell_frames_the_chosen_ones_and_shares_one_scale():
    grid = pd.DataFrame({"start": [2018, 2018, 2019, 2018, 2019], "end": [2020, 2021, 2021, 2021, 2021],
                         "basis": ["nominal"] * 3 + ["real"] * 2, "rate": [5.0, None, 7.2, 3.0, 9.0],
                         "verdict": ["C", "N", "R", "C", "C"], "chosen": [False, False, True, False, True]})
    axes = grid_heatmap(grid, "start", "end", "rate", text="verdict", panel="basis", outline="chosen",
                        value_label="growth (% a year)", row_label="base year", title="Growth by window")
    assert [t.get_text() for t in axes[0].texts] == ["5.0\nC", "—\nN", "7.2\nR"]
    assert [ax.get_title() for ax in axes] == ["basis: nominal", "basis: real"]
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2020", "2021"]
    assert [t.get_text() for t in axes[0].get_yticklabels()] == ["2018", "2019"]
    # one colour scale for both panels: from the smallest to the largest rate of the whole grid
    assert [ax.collections[0].get_clim() for ax in axes] == [(3.0, 9.0), (3.0, 9.0)]
    framed = [p for p in axes[0].patches if p.get_linewidth() > 2]  # cell (row 2019, column 2021)
    assert [(p.get_x() + 0.48, p.get_y() + 0.48) for p in framed] == [pytest.approx((1.5, 1.5))]
    hatched = [p for p in axes[0].patches if p.get_hatch()]  # cell (row 2018, column 2021): no rate
    assert [(p.get_x() + 0.5, p.get_y() + 0.5) for p in hatched] == [(1.5, 0.5)]
    assert axes[0].get_ylabel() == "base year" and axes[1].get_ylabel() == ""
    assert axes[0].figure.get_suptitle() == "Growth by window"
    colour_bars = [ax for ax in axes[0].figure.axes if ax not in list(axes)]
    assert [bar.get_ylabel() for bar in colour_bars] == ["growth (% a year)"]  # one, beside the last panel


def test_value_grid_writes_each_value_leaves_missing_cells_blank_and_labels_the_colour_bar():
    tiers = pd.DataFrame({"2024": [1.0, None], "2025": [1.0, 2.0]}, index=["Shanghai", "Tibet"])
    ax = value_grid(tiers, fmt=".0f", x_label="edition", title="Tier by edition")
    assert [t.get_text() for t in ax.texts] == ["1", "1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Shanghai", "Tibet"]
    assert [(p.get_x(), p.get_y()) for p in ax.patches if p.get_hatch()] == [(0, 1)]  # Tibet in 2024
    assert ax.get_xlabel() == "edition" and ax.get_title() == "Tier by edition"
    assert len(ax.figure.axes) == 1  # no colour bar without a value label
    corr = pd.DataFrame([[1.0, -0.5], [-0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
    ax = value_grid(corr, cmap="vlag", vmin=-1, vmax=1, value_label="Pearson correlation")
    colour_bar = ax.figure.axes[1]
    assert colour_bar.get_ylabel() == "Pearson correlation" and colour_bar.get_ylim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.texts] == ["1.00", "-0.50", "-0.50", "1.00"]


def test_value_grid_labels_replace_values_and_an_unlabelled_missing_cell_is_no_point():
    values = pd.DataFrame({"x": [1.0, None], "y": [None, 4.0]}, index=["r1", "r2"])
    labels = pd.DataFrame({"x": ["one", None], "y": ["n/a", "four"]}, index=["r1", "r2"])
    ax = value_grid(values, labels=labels)
    assert [t.get_text() for t in ax.texts] == ["one", "n/a", "four"]
    assert [(p.get_x(), p.get_y()) for p in ax.patches if p.get_hatch()] == [(1, 0)]  # labelled and missing only
