"""innovlib.clusters.feasibility: exact intervals of one unknown for which an ordering holds, by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from innovlib import clusters as cl


def test_feasibility_interval_by_hand():
    # Known shares of GII 2025 (rounded): Shenzhen 9.0 + 2.4 + 2.9, Tokyo 10.3 + x + 2.2, x unknown.
    with_vc = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100))
    without_vc = cl.feasibility_interval({"SZ": 11.4, "TY": 10.3}, {"TY": 1.0}, ["TY", "SZ"], bounds=(0, 100))
    both = with_vc.intersect(without_vc)
    assert (both.lower, both.upper) == (pytest.approx(1.1), pytest.approx(1.8))
    assert both.contains(1.5) and not both.contains(2.0)
    # rounding: five shares of Shenzhen/Tokyo each ±0.05 once Tokyo's two known shares are summed as one base
    possible = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100),
                                       slack={"SZ": 0.15, "TY": 0.10}, mode="possible")
    certain = cl.feasibility_interval({"SZ": 14.3, "TY": 12.5}, {"TY": 1.0}, ["SZ", "TY"], bounds=(0, 100),
                                      slack={"SZ": 0.15, "TY": 0.10}, mode="certain")
    assert possible.upper == pytest.approx(2.05) and certain.upper == pytest.approx(1.55)
    # the unknown on both sides: A = 1 + 2x, B = 3 + x, C = 2 ; order A > B > C needs x > 2 and x > -1
    chain = cl.feasibility_interval({"A": 1, "B": 3, "C": 2}, {"A": 2, "B": 1}, ["A", "B", "C"])
    assert chain.lower == pytest.approx(2.0) and chain.upper == math.inf and chain.lower_pair == ("A", "B")


def test_feasibility_interval_empty_cases():
    # contradictory orderings: x > 2 and x < 1
    interval = cl.feasibility_interval({"A": 0, "B": 2, "C": 1}, {"A": 1, "C": 1}, [("A", "B"), ("B", "C")])
    assert interval.empty and str(interval) == "empty"
    # no unknown in the pair and the known scores contradict the claim
    assert cl.feasibility_interval({"A": 1.0, "B": 2.0}, {}, ["A", "B"]).empty
    # bounds cut the interval away: x must exceed 150 but shares are at most 100
    assert cl.feasibility_interval({"A": 0, "B": 150}, {"A": 1}, ["A", "B"], bounds=(0, 100)).empty


def test_first_place_weights_by_hand():
    # A first: 5 + w > 4 + 2w (w < 1) and 5 + w > 1 + 3w (w < 2); B, behind A on PCT, needs w > 1
    shares = pd.DataFrame({"pct": [5.0, 4.0, 1.0], "pub": [1.0, 2.0, 3.0]}, index=["A", "B", "C"])
    a = cl.first_place_weights(shares, ["pct", "pub"], "A")
    assert (a.lower, a.upper, a.upper_pair) == (0.0, 1.0, ("A", "B"))
    b = cl.first_place_weights(shares, ["pct", "pub"], "B")
    assert (b.lower, b.upper) == (1.0, 3.0) and b.lower_pair == ("B", "A") and b.upper_pair == ("B", "C")
    # the PCT weight, publications fixed at 1: C (w + 3) leads A (5w + 1) while w < 1/2 and B (4w + 2) while w < 1/3
    c = cl.first_place_weights(shares, ["pct", "pub"], "C", varied="pct")
    assert (c.lower, c.upper, c.upper_pair) == (0.0, pytest.approx(1 / 3), ("C", "B"))
    assert cl.first_place_weights(shares.assign(pub=[1.0, 2.0, 0.5]), ["pct", "pub"], "C").empty  # dominated


def test_an_interval_is_open_and_intersects_keeping_the_binding_pairs():
    wide = cl.Interval(0.0, 2.0, ("A", "B"), ("A", "C"))
    narrow = cl.Interval(1.0, 3.0, ("D", "A"), ("A", "E"))
    both = wide.intersect(narrow)
    assert both == cl.Interval(1.0, 2.0, ("D", "A"), ("A", "C"))
    assert str(both) == "(1, 2)" and not both.empty
    assert both.contains(1.5) and not both.contains(1.0) and not both.contains(2.0)  # strict order: open ends
    assert cl.Interval(2.0, 2.0).empty and str(cl.Interval(2.0, 2.0)) == "empty"
