"""innovlib.plots.bars: bars start at zero, close values become dots on an axis that says it is cut, missing values
are written not drawn, stacked shares, and panels of bars."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.plots.bars import bar_panels, share_bars, value_bars
from innovlib.plots.theme import GREY


def test_bars_start_at_zero_and_carry_the_value_label(legend_is_outside):
    data = pd.DataFrame({"city": ["A", "B", "C"], "growth": [5.5, 3.1, 4.0]})
    ax = value_bars(data, "city", "growth", value_label="growth (%)", reference={"China 5.2%": 5.2})
    assert ax.get_xlim() == (0, pytest.approx(5.5 * 1.3))
    assert [p.get_width() for p in ax.patches] == [5.5, 3.1, 4.0]
    assert ax.get_xlabel() == "growth (%)"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert [t.get_text() for t in ax.texts] == ["5.50", "3.10", "4.00"]
    assert ax.lines[-1].get_xdata()[0] == 5.2 and ax.lines[-1].get_color() == GREY
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["China 5.2%"]
    assert legend_is_outside(ax)


def test_vertical_bars_start_at_zero():
    data = pd.DataFrame({"year": ["2021", "2024"], "scale": [1.0, 1.8]})
    ax = value_bars(data, "year", "scale", value_label="trillion CNY", vertical=True, fmt="{:.1f}")
    assert ax.get_ylim() == (0, pytest.approx(1.8 * 1.12))
    assert [p.get_height() for p in ax.patches] == [1.0, 1.8]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2024"]
    assert ax.get_ylabel() == "trillion CNY" and [t.get_text() for t in ax.texts] == ["1.0", "1.8"]


def test_close_values_become_a_dot_plot_that_says_its_axis_is_cut():
    data = pd.DataFrame({"city": ["Tokyo", "Shenzhen", "New York", "San Francisco"],
                         "score": [46.84, 46.79, 46.72, 46.11]})
    ax = value_bars(data, "city", "score", value_label="composite score (points)")
    assert not ax.patches  # no bars: lengths would mislead
    assert [line.get_xdata().tolist() for line in ax.lines] == [[46.84, 46.79, 46.72, 46.11]]  # one series of dots
    assert ax.get_xlabel() == "composite score (points; axis does not start at zero)"
    # spread 0.73: from 0.15 spread below the smallest to 0.6 spread above the largest
    assert ax.get_xlim() == (pytest.approx(46.11 - 0.15 * 0.73), pytest.approx(46.84 + 0.6 * 0.73))


def test_dot_below_zero_always_draws_bars():
    data = pd.DataFrame({"city": ["Tokyo", "Shenzhen"], "score": [46.84, 46.79]})
    ax = value_bars(data, "city", "score", value_label="score (points)", dot_below=0)
    assert len(ax.patches) == 2 and ax.get_xlim()[0] == 0 and ax.get_xlabel() == "score (points)"


def test_missing_value_is_labelled_not_drawn():
    data = pd.DataFrame({"city": ["A", "B"], "growth": [5.5, None]})
    ax = value_bars(data, "city", "growth", value_label="growth (%)", missing_text="not found")
    assert [t.get_text() for t in ax.texts] == ["5.50", "not found"]
    assert [p.get_width() for p in ax.patches] == [5.5, 0.0]  # nothing is drawn for B


def test_text_column_replaces_the_written_value():
    data = pd.DataFrame({"city": ["A", "B"], "growth": [5.5, 4.0], "note": ["+0.3 pt", None]})
    ax = value_bars(data, "city", "growth", value_label="growth (%)", text="note", fmt="{:.1f}")
    assert [t.get_text() for t in ax.texts] == ["+0.3 pt", "4.0"]


def test_grouped_bars_have_a_legend_outside(legend_is_outside):
    data = pd.DataFrame({"input": ["weights", "normalisation"], "S1": [0.2, 0.5], "ST": [0.3, 0.6],
                         "S1_conf": [0.01, 0.02], "ST_conf": [0.01, 0.02]})
    ax = value_bars(data, "input", ["S1", "ST"], error=["S1_conf", "ST_conf"], value_label="Sobol index")
    assert ax.get_xlim()[0] == 0
    assert [p.get_width() for p in ax.patches] == [0.2, 0.5, 0.3, 0.6]  # S1 bars, then ST bars
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["S1", "ST"]
    assert legend_is_outside(ax)


def test_interval_error_bars_are_asymmetric_and_fit_the_axis():
    data = pd.DataFrame({"window": ["2018-2022", "2019-2023"], "rate": [9.8, 10.2], "low": [5.5, 6.1],
                         "high": [14.2, 14.5]})
    ax = value_bars(data, "window", "rate", error=("low", "high"), dot_below=0, value_label="growth (% a year)")
    segments = [seg for coll in ax.collections for seg in coll.get_segments()]
    assert sorted((round(s[0][0], 1), round(s[1][0], 1)) for s in segments) == [(5.5, 14.2), (6.1, 14.5)]
    assert ax.get_xlim() == (0, pytest.approx(14.5 * 1.3))


def test_share_bars_stack_from_zero_with_legend_outside(legend_is_outside):
    shares = pd.DataFrame({"PCT": [10.2, 4.4], "publications": [1.4, 2.0]}, index=["Tokyo", "Seoul"])
    ax = share_bars(shares, value_label="share of world total (%)", reference={"one third": 100 / 3})
    assert ax.get_xlim() == (0, pytest.approx(100 / 3 * 1.25))  # the reference line is the widest thing drawn
    assert len(ax.patches) == 4
    right_ends = sorted(p.get_x() + p.get_width() for p in ax.patches)
    assert right_ends == pytest.approx([4.4, 6.4, 10.2, 11.6])
    assert [t.get_text() for t in ax.texts] == ["11.6", "6.4"]  # each bar's total
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Tokyo", "Seoul"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["one third", "PCT", "publications"]
    assert legend_is_outside(ax)


def test_bar_panels_draw_each_panel_with_shared_and_own_arguments():
    by_city = pd.DataFrame({"city": ["Beijing", "Shanghai"], "companies": [63, 43]})
    by_year = pd.DataFrame({"year": [2020, 2021], "companies": [12, 40]})
    axes = bar_panels([{"data": by_city, "label": "city", "title": "by city"},
                       {"data": by_year, "label": "year", "vertical": True, "title": "by year"}],
                      height=3, value="companies", value_label="companies (count)", fmt="{:.0f}", dot_below=0)
    assert [ax.get_title() for ax in axes] == ["by city", "by year"]
    assert axes[0].get_xlim()[0] == 0 and axes[1].get_ylim()[0] == 0
    assert [p.get_width() for p in axes[0].patches] == [63, 43]
    assert [p.get_height() for p in axes[1].patches] == [12, 40]
    assert [t.get_text() for t in axes[1].texts] == ["12", "40"]
    assert axes[0].figure.get_size_inches().tolist() == [10.0, 3.0]
