"""The figure helpers keep their promises: zero-based bars, greyed context lines, legends outside, clean outputs."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.colors as mcolors  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from innovlib import plots  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def _legend_outside(ax) -> bool:
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    axes = ax.get_window_extent()
    return legend.x0 >= axes.x1 or legend.y1 <= axes.y0 or legend.y0 >= axes.y1


def test_bars_start_at_zero_and_carry_the_value_label():
    data = pd.DataFrame({"city": ["A", "B", "C"], "growth": [5.5, 3.1, 4.0]})
    ax = plots.value_bars(data, "city", "growth", value_label="growth (%)", reference={"China 5.2%": 5.2})
    assert ax.get_xlim()[0] == 0
    assert ax.get_xlabel() == "growth (%)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert _legend_outside(ax)


def test_vertical_bars_start_at_zero():
    data = pd.DataFrame({"year": ["2021", "2024"], "scale": [1.0, 1.8]})
    ax = plots.value_bars(data, "year", "scale", value_label="trillion CNY", vertical=True)
    assert ax.get_ylim()[0] == 0
    assert ax.get_ylabel() == "trillion CNY"


def test_close_values_become_a_dot_plot_that_says_its_axis_is_cut():
    data = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "New York", "San Francisco"],
                         "score": [46.84, 46.79, 46.72, 46.11]})
    ax = plots.value_bars(data, "city", "score", value_label="composite score (points)")
    assert not ax.patches  # no bars: lengths would mislead
    assert "does not start at zero" in ax.get_xlabel()
    low, high = ax.get_xlim()
    assert low < 46.11 and high > 46.84


def test_missing_value_is_labelled_not_drawn():
    data = pd.DataFrame({"city": ["A", "B"], "growth": [5.5, None]})
    ax = plots.value_bars(data, "city", "growth", value_label="growth (%)", missing_text="not found")
    assert "not found" in [t.get_text() for t in ax.texts]


def test_grouped_bars_have_a_legend_outside():
    data = pd.DataFrame({"input": ["weights", "normalisation"], "S1": [0.2, 0.5], "ST": [0.3, 0.6],
                         "S1_conf": [0.01, 0.02], "ST_conf": [0.01, 0.02]})
    ax = plots.value_bars(data, "input", ["S1", "ST"], error=["S1_conf", "ST_conf"], value_label="Sobol index")
    assert ax.get_xlim()[0] == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["S1", "ST"]
    assert _legend_outside(ax)


def test_interval_error_bars_are_asymmetric_and_fit_the_axis():
    data = pd.DataFrame({"window": ["2018-2022", "2019-2023"], "rate": [9.8, 10.2], "low": [5.5, 6.1],
                         "high": [14.2, 14.5]})
    ax = plots.value_bars(data, "window", "rate", error=("low", "high"), dot_below=0, value_label="growth (% a year)")
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    assert sorted((round(s[0][0], 1), round(s[1][0], 1)) for s in segments) == [(5.5, 14.2), (6.1, 14.5)]
    assert ax.get_xlim() == (0, pytest.approx(14.5 * 1.3))


def test_grey_lines_without_context_label_draw_no_legend():
    data = pd.DataFrame({"year": [2020, 2021] * 3, "value": [1.0, 2, 3, 4, 5, 6],
                         "unit": ["A", "A", "B", "B", "C", "C"]})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plots.paths(data, "year", "value", "unit", highlight=["A"], context_label="", value_label="v (units)",
                         x_label="year")
    assert ax.get_legend() is None
    assert [t.get_text() for t in ax.texts] == ["A"]


def test_share_bars_stack_from_zero_with_legend_outside():
    shares = pd.DataFrame({"PCT": [10.2, 4.4], "publications": [1.4, 2.0]}, index=["Tokyo", "Seoul"])
    ax = plots.share_bars(shares, value_label="share of world total (%)", reference={"one third": 100 / 3})
    assert ax.get_xlim()[0] == 0
    right_ends = sorted(p.get_x() + p.get_width() for p in ax.patches)
    assert right_ends[-1] == pytest.approx(11.6)
    assert _legend_outside(ax)


def _ranks() -> pd.DataFrame:
    rows = []
    for i, unit in enumerate("ABCDEFGHIJKL"):
        rows += [{"edition": e, "unit": unit, "rank": (i + k) % 12 + 1} for k, e in enumerate([2022, 2023, 2024])]
    return pd.DataFrame(rows)


def test_rank_paths_grey_all_but_the_highlighted_units():
    ax = plots.rank_paths(_ranks(), "edition", "rank", "unit", highlight=["B", "E"], value_label="rank (1 = largest)",
                          x_label="edition")
    colours = [mcolors.to_hex(line.get_color()) for line in ax.lines]
    assert colours.count(plots.GREY) == 10
    coloured = [c for c in colours if c != plots.GREY]
    assert len(set(coloured)) == 2
    markers = {line.get_marker() for line in ax.lines if mcolors.to_hex(line.get_color()) != plots.GREY}
    assert len(markers) == 2
    assert sorted(t.get_text() for t in ax.texts) == ["B", "E"]  # direct labels; the legend names only the grey lines
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["others"]
    assert _legend_outside(ax)
    assert ax.yaxis_inverted()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023", "2024"]
    assert ax.get_xlabel() == "edition" and ax.get_ylabel() == "rank (1 = largest)"


def test_paths_refuse_more_units_than_distinguishable_colours():
    with pytest.raises(ValueError, match="highlight"):
        plots.paths(_ranks(), "edition", "rank", "unit", value_label="rank", x_label="edition")


def test_direct_labels_do_not_overlap():
    data = pd.DataFrame({"year": [1, 2] * 3, "unit": ["a", "a", "b", "b", "c", "c"],
                         "value": [1.0, 10.0, 1.0, 10.01, 1.0, 10.02]})
    ax = plots.paths(data, "year", "value", "unit", value_label="value (units)", x_label="year")
    ax.figure.canvas.draw()
    boxes = sorted((t.get_window_extent() for t in ax.texts), key=lambda b: b.y0)
    assert all(lower.y1 <= upper.y0 + 1 for lower, upper in zip(boxes, boxes[1:]))


def test_paths_without_direct_labels_put_the_legend_outside():
    data = pd.DataFrame({"year": [1, 2, 1, 2], "source": ["x", "x", "y", "y"], "count": [3, 4, 5, 6]})
    ax = plots.paths(data, "year", "count", "source", value_label="companies", x_label="year", direct_labels=False)
    assert _legend_outside(ax)


def test_rank_intervals_put_rank_one_left_and_legend_outside():
    table = pd.DataFrame({"Nominal": [1, 2, 3], "Median": [1, 2.5, 3], "Q5": [1, 2, 2], "Q95": [2, 4, 3]},
                         index=["A", "B", "C"])
    ax = plots.rank_intervals(table)  # the composite engine's column names by default
    low, high = ax.get_xlim()
    assert low < 1 < 4 < high and not ax.xaxis_inverted()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert ax.get_xlabel()
    assert _legend_outside(ax)


def test_lines_in_x_draw_each_line_and_shade_only_a_non_empty_band():
    lines = pd.DataFrame({"label": ["A", "B"], "group": ["A", "B"], "dashed": [False, True],
                          "intercept": [14.3, 12.5], "slope": [0.0, 1.0]})
    ax = plots.lines_in_x(lines, x_max=3, x_label="x (%)", value_label="sum of shares (%)", band=(0.5, 1.8),
                          band_label="both hold", mark=1.6, mark_label="2023")
    a, b = ax.lines[0], ax.lines[1]
    assert a.get_ydata()[-1] == 14.3 and round(b.get_ydata()[-1], 6) == 15.5  # 12.5 + 1 * 3
    assert b.get_linestyle() == "--" and ax.get_xlim() == (0.0, 3.0)
    assert len(ax.patches) == 1 and _legend_outside(ax)
    empty = plots.lines_in_x(lines, x_max=3, x_label="x", value_label="y", band=(2.0, 1.0))
    assert len(empty.patches) == 0


def _cell(*outputs):
    return {"cell_type": "code", "source": "", "outputs": list(outputs)}


def test_stray_outputs_on_a_hand_made_notebook():
    table = {"output_type": "display_data", "data": {"text/html": "<table>" + "x" * 300 + "</table>",
                                                     "text/plain": "table"}}
    notebook = {"cells": [
        {"cell_type": "markdown", "source": "# Title"},
        _cell({"output_type": "stream", "name": "stderr",
               "text": "/tmp/ipykernel_1/1.py:10: Pandas4Warning: The 'lsuffix' keyword is deprecated\n"}),
        _cell({"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "<Figure size 800x450>"}}),
        _cell({"output_type": "execute_result", "data": {"text/plain": "<Axes: title={'center': 'x'}>"}}),
        _cell({"output_type": "stream", "name": "stdout", "text": "Screened out: ['Philadelphia']\n"}),
        _cell(table),
        _cell(dict(table, output_type="execute_result")),
        _cell({"output_type": "display_data", "data": {"text/markdown": "Shenzhen is **2nd**.",
                                                       "text/plain": "<IPython.core.display.Markdown object>"}}),
        _cell({"output_type": "stream", "name": "stdout", "text": "FutureWarning: use observed=True\n"}),
    ]}
    assert plots.stray_outputs(notebook) == [
        "cell 1: stderr: /tmp/ipykernel_1/1.py:10: Pandas4Warning: The 'lsuffix' keyword is deprecated",
        "cell 3: object repr: <Axes: title={'center': 'x'}>",
        "cell 4: object repr: ['Philadelphia']",
        "cell 6: shown twice (also cell 5)",
        "cell 8: warning: FutureWarning: use observed=True",
    ]


def test_stray_outputs_of_a_clean_notebook_is_empty():
    notebook = {"cells": [_cell({"output_type": "display_data",
                                 "data": {"image/png": "iVBOR", "text/plain": "<Figure size 800x450 with 1 Axes>"}}),
                          _cell({"output_type": "stream", "name": "stdout", "text": "35 clusters\n"})]}
    assert plots.stray_outputs(notebook) == []


def test_grid_heatmap_labels_every_cell_frames_the_chosen_ones_and_shares_one_scale():
    grid = pd.DataFrame({"start": [2018, 2018, 2019, 2018, 2019], "end": [2020, 2021, 2021, 2021, 2021],
                         "basis": ["nominal"] * 3 + ["real"] * 2, "rate": [5.0, None, 7.2, 3.0, 9.0],
                         "verdict": ["C", "N", "R", "C", "C"], "chosen": [False, False, True, False, True]})
    axes = plots.grid_heatmap(grid, "start", "end", "rate", text="verdict", panel="basis", outline="chosen",
                              value_label="growth (% a year)", row_label="base year")
    assert [t.get_text() for t in axes[0].texts] == ["5.0\nC", "—\nN", "7.2\nR"]
    assert [ax.get_title() for ax in axes] == ["basis: nominal", "basis: real"]
    assert [t.get_text() for t in axes[0].get_xticklabels()] == ["2020", "2021"]
    # one colour scale for both panels: from the smallest to the largest rate of the whole grid
    assert [ax.collections[0].get_clim() for ax in axes] == [(3.0, 9.0), (3.0, 9.0)]
    framed = [p for p in axes[0].patches if p.get_linewidth() > 2]  # cell (row 2019, column 2021)
    assert [(p.get_x() + 0.48, p.get_y() + 0.48) for p in framed] == [pytest.approx((1.5, 1.5))]
    hatched = [p for p in axes[0].patches if p.get_hatch()]  # cell (row 2018, column 2021): no rate
    assert [(p.get_x() + 0.5, p.get_y() + 0.5) for p in hatched] == [(1.5, 0.5)]
    assert axes[0].get_ylabel() == "base year" and axes[1].get_ylabel() == ""


def test_path_panels_keep_one_colour_per_unit_and_ring_flagged_points():
    counts = pd.DataFrame({"year": [2023, 2024, 2024, 2024], "source": ["GEI", "GEI", "Hurun", "ITjuzi"],
                           "companies": [75, 115, 78, 116], "disputed": [False, True, False, pd.NA]})
    axes = plots.path_panels({"Beijing": counts, "Shanghai": counts[counts["source"] == "Hurun"]}, "year",
                             "companies", "source", value_label="unicorns (count)", x_label="year",
                             ring="disputed", ring_label="conflicting summaries", title="Counts by source")
    assert [ax.get_title() for ax in axes] == ["Beijing", "Shanghai"]
    colour = {ax.get_title(): {line.get_label(): mcolors.to_hex(line.get_color()) for line in ax.get_lines()}
              for ax in axes}
    assert colour["Shanghai"]["Hurun"] == colour["Beijing"]["Hurun"] == plots.PALETTE[1].lower()  # GEI, Hurun, ITjuzi
    rings = axes[0].collections[-1].get_offsets().tolist()
    assert rings == [[2024.0, 115.0]]  # the one disputed point; a missing flag is not ringed
    legend = axes[0].figure.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["GEI", "Hurun", "ITjuzi", "conflicting summaries"]
    assert axes[0].figure.get_suptitle() == "Counts by source"


def test_path_panels_refuse_more_units_than_distinguishable_colours():
    many = pd.DataFrame({"year": [2024] * 9, "source": list("ABCDEFGHI"), "companies": range(9)})
    with pytest.raises(ValueError, match="9 units to draw in 8 distinguishable colours"):
        plots.path_panels({"all": many}, "year", "companies", "source", value_label="n", x_label="year")


def test_bar_panels_draw_each_panel_with_shared_and_own_arguments():
    by_city = pd.DataFrame({"city": ["Beijing", "Shanghai"], "companies": [63, 43]})
    by_year = pd.DataFrame({"year": [2020, 2021], "companies": [12, 40]})
    axes = plots.bar_panels([{"data": by_city, "label": "city", "title": "by city"},
                             {"data": by_year, "label": "year", "vertical": True, "title": "by year"}],
                            height=3, value="companies", value_label="companies (count)", fmt="{:.0f}", dot_below=0)
    assert [ax.get_title() for ax in axes] == ["by city", "by year"]
    assert axes[0].get_xlim()[0] == 0 and axes[1].get_ylim()[0] == 0
    assert [p.get_width() for p in axes[0].patches] == [63, 43]
    assert [p.get_height() for p in axes[1].patches] == [12, 40]
    assert axes[0].figure.get_size_inches().tolist() == [10.0, 3.0]


def test_value_grid_writes_each_value_leaves_missing_cells_blank_and_labels_the_colour_bar():
    tiers = pd.DataFrame({"2024": [1.0, None], "2025": [1.0, 2.0]}, index=["Shanghai", "Tibet"])
    ax = plots.value_grid(tiers, fmt=".0f", x_label="edition", title="Tier by edition")
    assert [t.get_text() for t in ax.texts] == ["1", "1", "2"]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Shanghai", "Tibet"]
    assert ax.get_xlabel() == "edition" and len(ax.figure.axes) == 1  # no colour bar without a value label
    corr = pd.DataFrame([[1.0, -0.5], [-0.5, 1.0]], index=["a", "b"], columns=["a", "b"])
    ax = plots.value_grid(corr, cmap="vlag", vmin=-1, vmax=1, value_label="Pearson correlation")
    colour_bar = ax.figure.axes[1]
    assert colour_bar.get_ylabel() == "Pearson correlation" and colour_bar.get_ylim() == (-1.0, 1.0)
    assert [t.get_text() for t in ax.texts] == ["1.00", "-0.50", "-0.50", "1.00"]
