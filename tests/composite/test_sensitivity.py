"""Per-unit Sobol indices of ranks: a case with a known answer, SALib as the oracle, units that never move."""

import warnings

import numpy as np
import pandas as pd
import pytest

from innovlib.composite import (Build, Choice, CompositeData, Framework, NonPositiveValuesError, Step, StepError,
                                plot_unit_sensitivity, run_build, unit_sensitivity)
from innovlib.composite.results import rank_scores
from innovlib.composite.sensitivity import sobol_from_outputs
from innovlib.composite.uncertainty import score_configurations, sobol_design


@pytest.fixture
def known():
    """Six units, two indicators, F's y missing; two uncertain choices: imputation (mean | median) and the
    weights (1:1 | 1:3). Ranks under the four configurations (hand-checked with the engine):

    ====  ======  ======  ======  ======
    unit  mean,1  mean,3  med,1   med,3
    ====  ======  ======  ======  ======
    A     6       6       6       6        never moves
    B     5       5       5       5        never moves
    C     2       1       2       1        the weights only
    D     1       4       1       3        both
    E     4       2       3       2        both
    F     3       3       4       4        the imputation only
    ====  ======  ======  ======  ======
    """
    fw = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None]}))
    data = CompositeData(pd.DataFrame({"x": [6.0, 9.0, 9.0, 19.0, 13.0, 15.0],
                                       "y": [0.0, 6.0, 19.0, 5.0, 10.0, np.nan]}, index=list("ABCDEF")))
    build = Build([Step("impute", {"method": "mean"}), Step("normalise", {"method": "minmax"}), Step("aggregate")])
    choices = [Choice.values("impute", "method", ["mean", "median"], name="imputation"),
               Choice("aggregate", [{"weights": {"x": 1, "y": 1}}, {"weights": {"x": 1, "y": 3}}], name="weights")]
    return fw, data, build, choices


def nominal_and_choices(known):
    fw, data, build, choices = known
    return run_build(fw, data, build), choices


def test_the_table_of_ranks_in_the_fixture_holds(known):
    fw, data, build, choices = known
    scores, units, _ = score_configurations(fw, data, build, choices, np.array([[0, 0], [0, 1], [1, 0], [1, 1]]))
    ranks = pd.DataFrame(rank_scores(scores, axis=1).T, index=units)
    assert ranks.loc["C"].tolist() == [2, 1, 2, 1] and ranks.loc["F"].tolist() == [3, 3, 4, 4]
    assert ranks.loc["A"].nunique() == 1 and ranks.loc["B"].nunique() == 1


def test_a_unit_moved_by_one_choice_only_gets_all_of_it(known):
    us = unit_sensitivity(*nominal_and_choices(known), n=256, seed=3)
    s1, st = us.frame("S1"), us.frame("ST")
    assert s1.loc["C", "weights"] == pytest.approx(1, abs=0.05) and st.loc["C", "weights"] == pytest.approx(1, abs=0.05)
    assert s1.loc["C", "imputation"] == pytest.approx(0, abs=1e-12) and st.loc["C", "imputation"] == 0
    assert s1.loc["F", "imputation"] == pytest.approx(1, abs=0.05) and st.loc["F", "imputation"] == pytest.approx(1, abs=0.05)
    assert st.loc["F", "weights"] == 0
    # D and E move with both; ST >= S1 (interactions), both inputs matter
    assert (st.loc[["D", "E"]] >= s1.loc[["D", "E"]] - 1e-12).all().all()
    assert (st.loc[["D", "E"]] > 0.05).all().all()
    dominant = us.dominant()
    assert dominant.loc["C", "input"] == "weights" and dominant.loc["F", "input"] == "imputation"


def test_a_unit_whose_rank_never_changes_gets_nan(known):
    us = unit_sensitivity(*nominal_and_choices(known), n=64, seed=1)
    table = us.table()
    assert table.loc["A"][["S1", "S1_conf", "ST", "ST_conf"]].isna().all().all()
    assert us.rank_sd[us.units.index("B")] == 0 and pd.isna(us.dominant().loc["A", "input"])
    assert table.loc["C"][["S1", "ST"]].notna().all().all()


def test_indices_equal_salib_for_each_unit(known):
    """Independent oracle: SALib.analyze.sobol on one unit's ranks (same design, same bootstrap seed)."""
    from SALib.analyze import sobol

    fw, data, build, choices = known
    us = unit_sensitivity(run_build(fw, data, build), choices, n=128, seed=5, num_resamples=50)
    problem, labels, option_index, _ = sobol_design(fw, build, choices, [], 128, 5)
    scores, units, _ = score_configurations(fw, data, build, choices, option_index)
    ranks = rank_scores(scores, axis=1)
    for unit in ("C", "D", "E", "F"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            si = sobol.analyze(problem, ranks[:, units.index(unit)], calc_second_order=False, num_resamples=50,
                               seed=5)
        k = us.units.index(unit)
        for name in ("S1", "S1_conf", "ST", "ST_conf"):
            np.testing.assert_allclose(getattr(us, name)[k], si[name], rtol=1e-9, atol=1e-12, err_msg=f"{unit} {name}")


def test_sobol_from_outputs_refuses_a_broken_design():
    with pytest.raises(StepError, match="do not form"):
        sobol_from_outputs(np.zeros((7, 3)), 2)


def test_an_option_that_never_builds_is_a_clear_error_or_raises(known):
    """Min-max gives zeros, so every geometric mean fails: dropping its runs (and their base rows) would leave
    an analysis in which aggregation never varies, so it is an error naming the option; on_failure="raise"
    raises the build's own error. The triple form (framework, data, build) is still accepted."""
    fw, data, build, choices = known
    choices = choices + [Choice.values("aggregate", "method", ["arithmetic", "geometric"], name="aggregation")]
    with pytest.raises(StepError, match=r"^unit_sensitivity: input 'aggregation' takes option\(s\) \[\{'method': "
                                        r"'geometric'\}\] in no kept run \(40 of 80 runs failed\)"):
        unit_sensitivity(fw, data, build, choices, n=16)
    with pytest.raises(NonPositiveValuesError, match="geometric mean met zero or negative values"):
        unit_sensitivity(run_build(fw, data, build), choices, n=16, on_failure="raise")
    with pytest.raises(StepError, match="^unit_sensitivity: on_failure must be 'drop' or 'raise', got 'skip'$"):
        unit_sensitivity(run_build(fw, data, build), choices, n=16, on_failure="skip")


def test_plot_shows_the_top_units(known):
    import matplotlib

    matplotlib.use("Agg")
    us = unit_sensitivity(*nominal_and_choices(known), n=64, seed=1)
    ax = plot_unit_sensitivity(us, top=4)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("D (rank 1") and len(labels) == 4
    assert [t.get_text() for t in ax.get_xticklabels()] == ["imputation", "weights"]
    import matplotlib.pyplot as plt

    plt.close(ax.figure)
