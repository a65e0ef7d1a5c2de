"""The functions behind each build step, called directly with validated arguments, on cases small enough to check
by hand: the aggregation means over groups of children, each step's ``apply_*`` function, the screening rules,
and the argument checks of the step registry."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from innovlib.composite import CompositeData, Framework, StepError
from innovlib.composite.aggregate import AggregateArguments, ChildGroups, a_amean, a_copeland, a_genmean, a_gmean, \
    a_hmean, apply_aggregate
from innovlib.composite.build import Step, run_step
from innovlib.composite.denominate import DenominateArguments, apply_denominate
from innovlib.composite.impute import ImputeArguments, apply_impute
from innovlib.composite.normalise import NormaliseArguments, NormaliseContext, apply_normalise, n_dist2ref, n_none
from innovlib.composite.registry import check_choice, check_number, check_type
from innovlib.composite.screen import ScreenArguments, apply_screen, low_data, low_data_or_nonzero, low_nonzero
from innovlib.composite.treat import TreatArguments, apply_treat, no_transform


def one_level(codes, **columns):
    """A framework of indicators ``codes`` under one index ``I``; each extra column gives a value per code, the
    index's last (``None`` when left out)."""
    table = pd.DataFrame({"code": [*codes, "I"], "level": [1] * len(codes) + [2],
                          "parent": ["I"] * len(codes) + [None]})
    for name, values in columns.items():
        table[name] = list(values) if len(values) == len(codes) + 1 else [*values, None]
    return Framework(table)


# --- means over groups of children ---------------------------------------------------------------------------

def test_the_means_of_two_groups_of_two_children():
    groups = ChildGroups(np.array([[1.0, 4.0, 2.0, 8.0]]), np.ones(4), np.array([0, 2]))
    assert groups.sizes.tolist() == [2, 2] and groups.complete
    assert a_amean(groups).tolist() == [[2.5, 5.0]]
    np.testing.assert_allclose(a_gmean(groups), [[2.0, 4.0]])  # sqrt(1 * 4), sqrt(2 * 8)
    np.testing.assert_allclose(a_hmean(groups), [[1.6, 3.2]])  # 2 / (1 + 1/4), 2 / (1/2 + 1/8)
    squares = ChildGroups(np.array([[1.0, 7.0]]), np.ones(2), np.array([0]), p=2)
    np.testing.assert_allclose(a_genmean(squares), [[5.0]])  # sqrt((1 + 49) / 2)


def test_weights_count_and_a_missing_child_gets_no_weight():
    assert a_amean(ChildGroups(np.array([[0.0, 100.0]]), np.array([1.0, 3.0]), np.array([0]))).tolist() == [[75.0]]
    gap = ChildGroups(np.array([[2.0, np.nan, 8.0]]), np.ones(3), np.array([0]))
    assert not gap.complete
    assert a_amean(gap).tolist() == [[5.0]]
    np.testing.assert_allclose(a_gmean(gap), [[4.0]])


def test_copeland_counts_pairwise_wins_minus_losses():
    # unit 0 beats both others on both indicators, unit 2 loses to both: +2, 0, -2
    groups = ChildGroups(np.array([[3.0, 3.0], [2.0, 2.0], [1.0, 1.0]]), np.ones(2), np.array([0]))
    assert a_copeland(groups).tolist() == [[2.0], [0.0], [-2.0]]
    # a split vote (one indicator each way, equal weights) is a tie: nobody wins
    tie = ChildGroups(np.array([[3.0, 1.0], [1.0, 3.0]]), np.ones(2), np.array([0]))
    assert a_copeland(tie).tolist() == [[0.0], [0.0]]


def test_apply_aggregate_keeps_extra_columns_in_front_of_the_scores():
    fw = one_level(["x", "y"], weight=[1, 3, 1])
    data = CompositeData(pd.DataFrame({"population": [7.0], "x": [1.0], "y": [16.0]}, index=["A"]))
    out, report = apply_aggregate(data, fw, AggregateArguments.from_mapping({"method": "geometric"}))
    assert list(out.values.columns) == ["population", "x", "y", "I"]
    assert out.values.loc["A", "population"] == 7.0
    assert out.values.loc["A", "I"] == pytest.approx(8.0)  # (1^1 * 16^3) ** (1/4)
    assert report["method"] == "geometric"


# --- each step's apply function --------------------------------------------------------------------------------

def test_apply_denominate_divides_by_the_given_denominators_in_unit_order():
    fw = one_level(["x", "y"], denominator=["pop", None])
    data = CompositeData(pd.DataFrame({"x": [10.0, 9.0], "y": [1.0, 2.0]}, index=["A", "B"]))
    denominators = pd.DataFrame({"pop": [3.0, 4.0]}, index=["B", "A"])
    out, report = apply_denominate(data, fw, DenominateArguments(denominators=denominators))
    assert out.values["x"].tolist() == [2.5, 3.0] and out.values["y"].tolist() == [1.0, 2.0]
    assert report["denominated"] == {"x": "pop"}
    with pytest.raises(StepError, match="denominator column 'pop' of indicator 'x' not found"):
        apply_denominate(data, fw, DenominateArguments(denominators=pd.DataFrame({"gdp": [1.0, 1.0]},
                                                                                 index=["A", "B"])))


def test_apply_impute_fills_within_each_group_and_counts_what_it_filled():
    fw = one_level(["x"])
    meta = pd.DataFrame({"region": ["north", "north", "south", "south"]}, index=list("ABCD"))
    data = CompositeData(pd.DataFrame({"x": [1.0, np.nan, 10.0, np.nan]}, index=list("ABCD")), meta)
    out, report = apply_impute(data, fw, ImputeArguments("group_mean", group="region"))
    assert out.values["x"].tolist() == [1.0, 1.0, 10.0, 10.0]
    assert report["n_imputed"] == 2
    assert report["imputed"]["x"].tolist() == [False, True, False, True]


def test_apply_normalise_none_keeps_values_but_applies_the_direction():
    fw = one_level(["x", "y"], direction=[1, -1, 1])
    data = CompositeData(pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 5.0]}, index=["A", "B"]))
    out, report = apply_normalise(data, fw, NormaliseArguments.from_mapping({"method": "none"}))
    assert out.values.to_numpy().tolist() == [[1.0, -2.0], [3.0, -5.0]]
    assert report["methods"] == {"x": "none", "y": "none"}
    x = np.array([[1.0], [2.0]])
    copy = n_none(x, NormaliseArguments())
    assert copy.tolist() == x.tolist() and copy is not x


def test_a_normalise_context_carries_the_reference_values():
    context = NormaliseContext(reference=np.array([4.0]))
    assert context.targets is None and context.goalposts is None
    # distance to the reference unit's value 4 from the minimum 0, capped at 1
    assert n_dist2ref(np.array([[0.0], [2.0], [8.0]]), NormaliseArguments(scale=1), context).ravel().tolist() == [
        0.0, 0.5, 1.0]


def test_apply_screen_drops_sparse_units_unless_forced_in():
    fw = one_level(["x", "y"])
    data = CompositeData(pd.DataFrame({"x": [1.0, np.nan, np.nan], "y": [1.0, 2.0, np.nan]}, index=list("ABC")))
    out, report = apply_screen(data, fw, ScreenArguments(min_availability=0.6, force={"C": True}))
    assert out.values.index.tolist() == ["A", "C"] and report["removed"] == ["B"]
    assert report["summary"]["availability"].tolist() == [1.0, 0.5, 0.0]
    with pytest.raises(StepError, match="forced unit 'Z' not in the data"):
        apply_screen(data, fw, ScreenArguments(force={"Z": True}))


def test_the_screening_rules():
    availability, nonzero = np.array([1.0, 0.5, 1.0]), np.array([1.0, 1.0, 0.25])
    rules = SimpleNamespace(min_availability=0.6, min_nonzero=0.5)
    assert low_data(availability, nonzero, rules).tolist() == [False, True, False]
    assert low_nonzero(availability, nonzero, rules).tolist() == [False, False, True]
    assert low_data_or_nonzero(availability, nonzero, rules).tolist() == [False, True, True]


def test_apply_treat_winsorises_the_outlier_and_no_transform_leaves_it_there():
    fw = one_level(["x"])
    data = CompositeData(pd.DataFrame({"x": [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 100]}))
    out, report = apply_treat(data, fw, TreatArguments(winmax=1, transform="none"))
    assert out.values["x"].tolist() == [1.0, 2, 3, 4, 5, 6, 7, 8, 9, 9]  # 100 winsorised to the next value
    assert int(report["table"].loc["x", "n_winsorised"]) == 1
    assert no_transform(np.array([1.0, 100.0])) is None


def test_run_step_runs_a_logged_step_with_its_validated_arguments():
    fw = one_level(["x"])
    data = CompositeData(pd.DataFrame({"x": [1.0, 3.0]}, index=["A", "B"]))
    out, report = run_step(Step("normalise", method="minmax"), data, fw)
    assert out.values["x"].tolist() == [0.0, 100.0] and report["method"] == "minmax"


# --- the argument checks ---------------------------------------------------------------------------------------

def test_the_argument_checks_name_the_step_the_argument_and_what_was_expected():
    args = ScreenArguments()
    check_number(args, "min_availability", low=0, high=1)  # the default passes
    with pytest.raises(StepError, match=r"build step 'screen', argument 'min_availability': expected a number "
                                        r">= 0 and <= 1, got 1.5"):
        check_number(args, "min_availability", low=0, high=1, value=1.5)
    with pytest.raises(StepError, match="expected an integer >= 0, got 2.5"):
        check_number(args, "min_availability", low=0, integer=True, value=2.5)
    with pytest.raises(StepError, match=r"argument 'by': expected one of \['na', 'zeros'\], got 'all'"):
        check_choice(args, "by", ("na", "zeros"), value="all")
    check_type(args, "force", dict, "a dict", optional=True)  # None is allowed when optional
    with pytest.raises(StepError, match="argument 'force': expected a dict, got None"):
        check_type(args, "force", dict, "a dict")
