"""innovlib.plots.intervals: rank intervals with rank 1 on the left, the medians and nominal ranks drawn."""

from __future__ import annotations

import pandas as pd

from innovlib.plots.intervals import rank_intervals


def test_rank_intervals_put_rank_one_left_and_legend_outside(legend_is_outside):
    table = pd.DataFrame({"Nominal": [1, 2, 3], "Median": [1, 2.5, 3], "Q5": [1, 2, 2], "Q95": [2, 4, 3]},
                         index=["A", "B", "C"])
    ax = rank_intervals(table, title="Ranks under random weights")  # the composite engine's column names
    # from rank 0.5 to the ticks' reach: 1 to 5 (every rank up to 12), the worst Q95 (4) inside
    assert ax.get_xlim() == (0.5, 5.0) and not ax.xaxis_inverted()
    assert ax.get_xticks().tolist() == [1, 2, 3, 4, 5]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A", "B", "C"]
    assert [seg[:, 0].tolist() for seg in ax.collections[0].get_segments()] == [[1, 2], [2, 4], [2, 3]]
    assert ax.lines[0].get_xdata().tolist() == [1, 2.5, 3] and ax.lines[1].get_xdata().tolist() == [1, 2, 3]
    assert ax.get_xlabel() == "rank (1 = best)" and ax.get_title() == "Ranks under random weights"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["5–95% of ranks", "median rank", "nominal rank"]
    assert legend_is_outside(ax)


def test_rank_intervals_read_other_column_names():
    table = pd.DataFrame({"rank": [2, 1], "mid": [2, 1], "lo": [1, 1], "hi": [2, 2]}, index=["X", "Y"])
    ax = rank_intervals(table, nominal="rank", median="mid", low="lo", high="hi", value_label="rank")
    assert ax.get_xticks().tolist() == [1, 2, 3] and ax.lines[1].get_xdata().tolist() == [2, 1]
