"""innovlib.plots.lines: lines over editions with a few units named and the others grey, rank paths, path panels with
one colour per unit, and scores linear in one unknown."""

from __future__ import annotations

import warnings

import matplotlib.colors as mcolors
import numpy as np
import pandas as pd
import pytest

from innovlib.plots.lines import lines_in_x, path_panels, paths, rank_paths
from innovlib.plots.theme import GREY, PALETTE


def _ranks() -> pd.DataFrame:
    rows = []
    for i, unit in enumerate("ABCDEFGHIJKL"):
        rows += [{"edition": e, "unit": unit, "rank": (i + k) % 12 + 1} for k, e in enumerate([2022, 2023, 2024])]
    return pd.DataFrame(rows)


def test_grey_lines_without_context_label_draw_no_legend():
    data = pd.DataFrame({"year": [2020, 2021] * 3, "value": [1.0, 2, 3, 4, 5, 6],
                         "unit": ["A", "A", "B", "B", "C", "C"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = paths(data, "year", "value", "unit", highlight=["A"], context_label="", value_label="v (units)",
                   x_label="year")
    assert ax.get_legend() is None
    assert [t.get_text() for t in ax.texts] == ["A"]
    assert [mcolors.to_hex(line.get_color()) for line in ax.lines] == [GREY, GREY, PALETTE[0].lower()]


def test_a_missing_value_breaks_the_line_and_is_not_interpolated():
    data = pd.DataFrame({"year": [2020, 2021, 2022], "unit": ["A"] * 3, "value": [1.0, None, 3.0]})
    ax = paths(data, "year", "value", "unit", value_label="v (units)", x_label="year")
    line = ax.lines[0]
    assert line.get_xdata().tolist() == [2020, 2021, 2022]
    assert line.get_ydata()[[0, 2]].tolist() == [1.0, 3.0] and np.isnan(line.get_ydata()[1])  # a break, no value
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2020", "2021", "2022"]  # every year still has a tick
    assert "no data 2021" in [t.get_text() for t in ax.texts]


def test_rank_paths_grey_all_but_the_highlighted_units(legend_is_outside):
    ax = rank_paths(_ranks(), "edition", "rank", "unit", highlight=["B", "E"], value_label="rank (1 = largest)",
                    x_label="edition")
    colours = [mcolors.to_hex(line.get_color()) for line in ax.lines]
    assert colours.count(GREY) == 10
    assert colours[-2:] == [PALETTE[0].lower(), PALETTE[1].lower()]  # B then E, in highlight order, drawn on top
    markers = [line.get_marker() for line in ax.lines[-2:]]
    assert markers == ["o", "s"]
    assert sorted(t.get_text() for t in ax.texts) == ["B", "E"]  # direct labels; the legend names only the grey lines
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["others"]
    assert legend_is_outside(ax)
    assert ax.yaxis_inverted() and ax.get_ylim() == (12.5, 0.5)
    assert ax.get_yticks().tolist() == list(range(1, 13))
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023", "2024"]
    assert ax.get_xlabel() == "edition" and ax.get_ylabel() == "rank (1 = largest)"


def test_paths_refuse_more_units_than_distinguishable_colours():
    with pytest.raises(ValueError, match="12 units to draw in 8 distinguishable colours"):
        paths(_ranks(), "edition", "rank", "unit", value_label="rank", x_label="edition")
    with pytest.raises(ValueError, match="highlight names 9 units"):
        paths(_ranks(), "edition", "rank", "unit", highlight=list("ABCDEFGHI"), value_label="rank", x_label="e")


def test_direct_labels_do_not_overlap():
    data = pd.DataFrame({"year": [1, 2] * 3, "unit": ["a", "a", "b", "b", "c", "c"],
                         "value": [1.0, 10.0, 1.0, 10.01, 1.0, 10.02]})
    ax = paths(data, "year", "value", "unit", value_label="value (units)", x_label="year")
    ax.figure.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in ax.texts), key=lambda b: b.y0)
    assert len(boxes) == 3
    assert all(lower.y1 <= upper.y0 + 1 for lower, upper in zip(boxes, boxes[1:]))


def test_paths_without_direct_labels_put_the_legend_outside(legend_is_outside):
    data = pd.DataFrame({"year": [1, 2, 1, 2], "source": ["x", "x", "y", "y"], "count": [3, 4, 5, 6]})
    ax = paths(data, "year", "count", "source", value_label="companies", x_label="year", direct_labels=False)
    assert len(ax.texts) == 0 and [t.get_text() for t in ax.get_legend().get_texts()] == ["x", "y"]
    assert legend_is_outside(ax)


def test_path_panels_keep_one_colour_per_unit_and_ring_flagged_points():
    counts = pd.DataFrame({"year": [2023, 2024, 2024, 2024], "source": ["GEI", "GEI", "Hurun", "ITjuzi"],
                           "companies": [75, 115, 78, 116], "disputed": [False, True, False, pd.NA]})
    axes = path_panels({"Beijing": counts, "Shanghai": counts[counts["source"] == "Hurun"]}, "year",
                       "companies", "source", value_label="unicorns (count)", x_label="year",
                       ring="disputed", ring_label="conflicting summaries", title="Counts by source")
    assert [ax.get_title() for ax in axes] == ["Beijing", "Shanghai"]
    colour = {ax.get_title(): {line.get_label(): mcolors.to_hex(line.get_color()) for line in ax.get_lines()}
              for ax in axes}
    assert colour["Shanghai"]["Hurun"] == colour["Beijing"]["Hurun"] == PALETTE[1].lower()  # GEI, Hurun, ITjuzi
    rings = axes[0].collections[-1].get_offsets().tolist()
    assert rings == [[2024.0, 115.0]]  # the one disputed point; a missing flag is not ringed
    legend = axes[0].figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["GEI", "Hurun", "ITjuzi", "conflicting summaries"]
    assert axes[0].figure.get_suptitle() == "Counts by source"


def test_path_panels_refuse_more_units_than_distinguishable_colours():
    many = pd.DataFrame({"year": [2024] * 9, "source": list("ABCDEFGHI"), "companies": range(9)})
    with pytest.raises(ValueError, match="9 units to draw in 8 distinguishable colours"):
        path_panels({"all": many}, "year", "companies", "source", value_label="n", x_label="year")


def test_lines_in_x_draw_each_line_and_shade_only_a_non_empty_band(legend_is_outside):
    lines = pd.DataFrame({"label": ["A", "B"], "group": ["A", "B"], "dashed": [False, True],
                          "intercept": [14.3, 12.5], "slope": [0.0, 1.0]})
    ax = lines_in_x(lines, x_max=3, x_label="x (%)", value_label="sum of shares (%)", band=(0.5, 1.8),
                    band_label="both hold", mark=1.6, mark_label="2023")
    a, b = ax.lines[0], ax.lines[1]
    assert a.get_ydata()[-1] == 14.3 and round(b.get_ydata()[-1], 6) == 15.5  # 12.5 + 1 * 3
    assert b.get_linestyle() == "--" and ax.get_xlim() == (0.0, 3.0)
    assert ax.lines[2].get_xdata()[0] == 1.6  # the marked value
    assert len(ax.patches) == 1 and legend_is_outside(ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B", "both hold", "2023"]
    empty = lines_in_x(lines, x_max=3, x_label="x", value_label="y", band=(2.0, 1.0))
    assert len(empty.patches) == 0
