"""innovlib.plots.theme: the palette and theme, legends outside, the shared axes and tick helpers; and the package
re-exports every figure from its module."""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.colors as mcolors
import matplotlib.pyplot as plt
import pytest

from innovlib import notebook_outputs, plots
from innovlib.plots import bars, grids, intervals, lines, theme


def test_the_palette_is_okabe_ito_with_one_distinct_marker_per_colour():
    assert theme.PALETTE[:3] == ["#0072B2", "#E69F00", "#009E73"]  # Okabe & Ito (2008): blue, orange, green
    assert len(set(theme.PALETTE)) == len(set(theme.MARKERS)) == 8
    assert mcolors.to_hex(theme.GREY) == "#9a9a9a"


def test_set_theme_sets_the_palette_sizes_and_frameless_legends():
    theme.set_theme()
    assert mpl.rcParams["figure.figsize"] == [8.0, 4.5]
    assert mpl.rcParams["savefig.bbox"] == "tight" and mpl.rcParams["legend.frameon"] is False
    cycle = [mcolors.to_hex(c["color"]).upper() for c in mpl.rcParams["axes.prop_cycle"]]
    assert cycle == [c.upper() for c in theme.PALETTE]


def test_new_axes_reuses_the_given_axes_or_makes_a_figure_of_the_asked_size():
    ax = theme.new_axes(None, (5, 3))
    assert ax.figure.get_size_inches().tolist() == [5.0, 3.0]
    assert theme.new_axes(ax, (1, 1)) is ax and ax.figure.get_size_inches().tolist() == [5.0, 3.0]


def test_legend_outside_sits_right_of_the_axes_and_is_none_without_labels(legend_is_outside):
    fig, ax = plt.subplots()
    ax.plot([1, 2], [1, 2])
    assert theme.legend_outside(ax) is None
    ax.plot([1, 2], [2, 1], label="Shenzhen")
    legend = theme.legend_outside(ax, title="cluster")
    assert legend.get_title().get_text() == "cluster" and [t.get_text() for t in legend.get_texts()] == ["Shenzhen"]
    assert legend_is_outside(ax)


def test_category_ticks_stay_level_when_they_fit_and_turn_upright_when_they_would_overlap():
    fig, ax = plt.subplots(figsize=(8, 4))
    theme.category_ticks(ax, [2021, 2022, 2023], [2021, 2022, 2023])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023"]
    assert ax.get_xticks().tolist() == [2021.0, 2022.0, 2023.0]
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {0.0}
    # 20 names of 24 characters in about 620 px: 31 px apart / 1.3 < 7 px * 24
    names = [f"Shenzhen–Hong Kong–G. {i:02d}" for i in range(20)]
    theme.category_ticks(ax, range(20), names)
    assert {t.get_rotation() for t in ax.get_xticklabels()} == {90.0}


@pytest.mark.parametrize("high, ticks", [(1, [1]), (12, list(range(1, 13))), (12.2, [1, 5, 10]),
                                         (35, [1, 5, 10, 15, 20, 25, 30, 35])])
def test_rank_ticks_always_show_rank_one(high, ticks):
    assert theme.rank_ticks(high) == ticks


def test_finish_axes_writes_labels_and_leaves_an_empty_title_alone():
    fig, ax = plt.subplots()
    ax.set_title("kept")
    assert theme.finish_axes(ax, "", "edition", "rank (1 = largest)") is ax
    assert (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()) == ("kept", "edition", "rank (1 = largest)")


def test_the_package_offers_each_figure_from_its_own_module():
    assert plots.value_bars is bars.value_bars and plots.share_bars is bars.share_bars
    assert plots.bar_panels is bars.bar_panels
    assert plots.paths is lines.paths and plots.rank_paths is lines.rank_paths
    assert plots.path_panels is lines.path_panels and plots.lines_in_x is lines.lines_in_x
    assert plots.value_grid is grids.value_grid and plots.grid_heatmap is grids.grid_heatmap
    assert plots.rank_intervals is intervals.rank_intervals
    assert plots.set_theme is theme.set_theme and plots.PALETTE is theme.PALETTE
    assert plots.stray_outputs is notebook_outputs.stray_outputs  # a notebook check, importable from here as before
