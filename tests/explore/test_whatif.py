"""The "what would it take" solver against the composite engine itself: for every weight tried, the rebuilt
ranking puts the unit at the target rank or better exactly when the weight lies in a solved interval."""

from __future__ import annotations

import math

import jupyter_client
import numpy as np
import pandas as pd
import pytest

from innovlib.explore import what_if
from innovlib.explore.whatif import framework, interval_text


def _inside(intervals, x):
    return any(low < x < high for low, high in intervals)


@pytest.mark.parametrize("aggregation", ["arithmetic", "geometric", "harmonic"])
@pytest.mark.parametrize("normalisation", ["none", "minmax", "zscore", "rank"])
def test_solved_intervals_agree_with_rebuilt_rankings(aggregation, normalisation):
    rng = np.random.default_rng(7)
    shares = pd.DataFrame(rng.uniform(0.5, 10.0, size=(9, 3)), columns=["pct", "pub", "vc"],
                          index=[f"U{i}" for i in range(9)])
    base = what_if(shares, [1.0, 0.5, 2.0], normalisation, aggregation)
    checked = 0
    for unit in ("U0", "U8"):
        for rank in (1, 4):
            intervals = base.weight_for_rank(unit, rank, "pub")
            ends = {e for iv in intervals for e in iv}
            for x in np.linspace(0.0, 12.0, 25):
                if any(abs(x - e) < 1e-6 for e in ends):
                    continue  # a tie at an end: the open interval leaves it out
                rebuilt = what_if(shares, [1.0, float(x), 2.0], normalisation, aggregation)
                assert (rebuilt.rank_of(unit) <= rank) == _inside(intervals, x), (unit, rank, x, intervals)
                checked += 1
    assert checked > 80


def test_a_unit_that_cannot_get_there():
    shares = pd.DataFrame({"pct": [9.0, 1.0], "pub": [9.0, 1.0]}, index=["Big", "Small"])
    change = what_if(shares, [1.0, 1.0], "none", "arithmetic")
    assert change.weight_for_rank("Small", 1, "pub") == []
    assert interval_text([], "Small", 1, "pub") == "No weight of pub (the other weights held) brings Small to rank 1."
    assert change.weight_for_rank("Big", 1, "pct") == [(0.0, math.inf)]


def test_bad_requests_are_one_line_errors():
    shares = pd.DataFrame({"pct": [2.0, 1.0], "pub": [1.0, 3.0]}, index=["X", "Y"])
    change = what_if(shares, [1.0, 1.0], "none", "arithmetic")
    with pytest.raises(ValueError, match="'vc' is not one of the indicators pct, pub"):
        change.weight_for_rank("X", 1, "vc")
    with pytest.raises(KeyError, match="unit 'Z' is not ranked"):
        change.weight_for_rank("Z", 1, "pub")
    with pytest.raises(ValueError, match="aggregation: 'median' unknown"):
        what_if(shares, [1.0, 1.0], "none", "median")
    with pytest.raises(ValueError, match=r"weights: expected 2 numbers \(pct, pub\), got 3"):
        framework(["pct", "pub"], [1, 1, 1])


def test_a_person_at_a_front_end_gets_the_widget():
    """A kernel asked as JupyterLab asks (allow_stdin true) shows the panel's widget, not the static note."""
    manager, client = jupyter_client.manager.start_new_kernel(kernel_name="python3")
    try:
        client.execute('from innovlib.explore import panel\n_ = panel("regional_shares")', allow_stdin=True)
        kinds = []
        while True:
            message = client.get_iopub_msg(timeout=300)
            if message["msg_type"] == "display_data":
                kinds.append(sorted(message["content"]["data"]))
            if message["msg_type"] == "error":
                pytest.fail("\n".join(message["content"]["traceback"]))
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle" and kinds:
                break
        assert kinds == [["application/vnd.jupyter.widget-view+json", "text/plain"]]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
