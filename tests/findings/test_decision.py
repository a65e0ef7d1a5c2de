"""findings.Decision, compare and record: the one decision shape every findings module uses, and the three ways
record hands a decision to the audit (open, stated, compared), checked by the fields claims.json keeps."""

from __future__ import annotations

import pytest

from innovlib.claims import Audit
from innovlib.findings import Decision, compare, record

OFFICIAL = "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"  # graded official in data/


def recorded(decision: Decision, part_id: str = "SEI-03a", **words) -> dict:
    """What claims.json keeps of ``decision`` recorded for ``part_id``."""
    audit = Audit(cities=["Beijing", "Shanghai", "Guangzhou", "Shenzhen"])
    record(audit, part_id, decision, about={}, **words)
    return audit.recorded[0].as_dict()


def test_a_verdict_outside_the_four_or_an_unknown_basis_is_refused():
    with pytest.raises(ValueError, match="verdict must be one of"):
        Decision("confirmed")
    with pytest.raises(ValueError, match="basis must be one of"):
        Decision("contradicted", basis="guess")


def test_only_a_recomputed_value_can_reproduce_a_figure():
    with pytest.raises(ValueError, match="needs basis='recomputed'"):
        Decision("reproduced", computed=7.2)
    assert Decision("reproduced", computed=7.2, basis="recomputed").basis == "recomputed"


@pytest.mark.parametrize("share, verdict", [(42.3, "confirmed_by_source"), (42.34, "confirmed_by_source"),
                                            (42.36, "contradicted")])
def test_compare_carries_its_tolerance_to_the_record(share, verdict):
    """SEI-03a's 42.3% is published to one decimal: within 0.05 it holds, and the record keeps that tolerance."""
    decision = compare("SEI-03a", share, tolerance=0.05)
    assert decision == Decision(verdict, computed=share, tolerance=0.05)
    kept = recorded(decision, explanation="As published.", sources=[OFFICIAL])
    assert (kept["verdict"], kept["basis"], kept["tolerance"], kept["published"], kept["computed"]) == (
        verdict, "source", 0.05, 42.3, share)  # the catalogue's "42.3" read as a number, as claims.evaluate does


def test_a_stated_verdict_is_recorded_as_given_on_its_basis():
    """A rule over recomputed values (SEI-01) is recorded as reproduced, without a tolerance, with the catalogue's
    text as the published figure; a stated verdict without a basis keeps none."""
    rule = Decision("reproduced", computed={2022: "largest"}, stated=True, basis="recomputed")
    kept = recorded(rule, "SEI-01", explanation="Largest in every year.", sources=[OFFICIAL])
    assert (kept["verdict"], kept["basis"], kept["tolerance"], kept["published"], kept["computed"]) == (
        "reproduced", "recomputed", None, "1", {"2022": "largest"})
    undated = Decision("contradicted", computed="end-2024", stated=True, basis=None)
    assert recorded(undated, "SEI-03a", explanation="Another year.", sources=[OFFICIAL])["basis"] is None


def test_a_stated_open_part_needs_no_missing_data_but_an_open_one_does():
    """SEI-02b with Shenzhen fastest in some shared estimates only: open, yet decided from recomputed values."""
    split = Decision("not_checkable", computed={"2019-2024 nominal": "1 of 3"}, stated=True, basis="recomputed")
    kept = recorded(split, "SEI-02b", explanation="Fastest in 1 of 3.", sources=[OFFICIAL])
    assert (kept["verdict"], kept["basis"], kept["missing"], kept["explanation"]) == (
        "not_checkable", "recomputed", "", "Fastest in 1 of 3.")  # as given: no 'Missing:' before it
    with pytest.raises(ValueError, match="say what data is missing"):
        recorded(Decision("not_checkable"), "SEI-02b")
    kept = recorded(Decision("not_checkable", computed=45), "SEI-02b", missing="a shared window")
    assert (kept["basis"], kept["missing"], kept["computed"], kept["explanation"]) == (
        None, "a shared window", 45, "Missing: a shared window.")
