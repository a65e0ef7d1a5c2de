"""innovlib.clusters.linear_scores: each cluster's score as a line in one unpublished share, and the 2025 interval
it gives."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from innovlib import clusters as cl


def test_scores_without_and_the_2025_interval_by_hand():
    # Published 2025 shares: Shenzhen 9.0 + 2.4 + 2.9 = 14.3, Tokyo 10.3 + x + 2.2 = 12.5 + x.
    known = pd.DataFrame({"pct": [9.0, 10.3], "pub": [2.4, np.nan], "vc": [2.9, 2.2]}, index=["SZ", "TY"])
    with_vc = cl.scores_without(known, ("TY", "pub"))
    without_vc = cl.scores_without(known, ("TY", "pub"), "vc")
    assert with_vc.base == pytest.approx({"SZ": 14.3, "TY": 12.5})
    assert with_vc.coef == {"SZ": 0.0, "TY": 1.0}
    assert with_vc.slack == pytest.approx({"SZ": 0.15, "TY": 0.10})
    assert without_vc.base == pytest.approx({"SZ": 11.4, "TY": 10.3})
    assert without_vc.slack == pytest.approx({"SZ": 0.10, "TY": 0.05})
    first_with = cl.feasibility_interval(with_vc.base, with_vc.coef, ["SZ", "TY"], bounds=(0, 100))
    first_without = cl.feasibility_interval(without_vc.base, without_vc.coef, ["TY", "SZ"], bounds=(0, 100))
    both = first_with.intersect(first_without)
    assert (both.lower, both.upper) == pytest.approx((1.1, 1.8))  # 10.3 + x > 11.4 and 12.5 + x < 14.3
    # rounding: each published share may be 0.05 off, so 0.95 < x < 2.05 is possible
    possible = cl.feasibility_interval(with_vc.base, with_vc.coef, ["SZ", "TY"], bounds=(0, 100), slack=with_vc.slack,
                                       mode="possible").intersect(
        cl.feasibility_interval(without_vc.base, without_vc.coef, ["TY", "SZ"], bounds=(0, 100), slack=without_vc.slack,
                                mode="possible"))
    assert (possible.lower, possible.upper) == pytest.approx((0.95, 2.05))


def test_scores_without_refuses_a_second_unknown_and_a_foreign_metric():
    known = pd.DataFrame({"pct": [9.0, np.nan], "pub": [2.4, np.nan]}, index=["SZ", "TY"])
    with pytest.raises(cl.ClusterDataError, match="TY's PCT applications share is not published"):
        cl.scores_without(known, ("TY", "pub"), metrics=["pct", "pub"])
    assert cl.scores_without(known, ("TY", "pub"), "pct", metrics=["pct", "pub"]).base == {"SZ": 2.4, "TY": 0.0}
    with pytest.raises(ValueError, match="cannot leave out 'vc'"):
        cl.scores_without(known, ("TY", "pub"), "vc", metrics=["pct", "pub"])
