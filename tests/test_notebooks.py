"""Every finding notebook runs through the runner with default parameters and gives the expected verdicts."""

from __future__ import annotations

import json

import pytest

from innovlib import runner
from innovlib.claims import VERDICTS
from innovlib.data import load

NOTEBOOKS = sorted(runner.discover())

# The verdict each claim gets from the committed data (reviewed by hand against the sources in data/).
# A change here is a change of finding: explain it in the commit message.
EXPECTED_VERDICTS: dict[str, str] = {
    # gii_clusters: 2025 ranks only published (no full 2025 counts); GII-05 needs Tokyo-Yokohama's publication share
    "GII-01": "confirmed_by_source", "GII-02": "confirmed_by_source", "GII-03": "confirmed_by_source",
    "GII-04": "confirmed_by_source", "GII-05": "not_checkable", "GII-06": "confirmed_by_source",
    "GII-07": "confirmed_by_source", "GII-08": "confirmed_by_source",
    # city_industrial_innovation: only the composite scores and a few ranks are public; no dimension results
    "GCI-01": "confirmed_by_source", "GCI-02": "not_checkable", "GCI-03": "not_checkable",
    "GCI-04": "confirmed_by_source", "GCI-05": "reproduced", "GCI-06": "not_checkable",
    "GCI-07": "not_checkable", "GCI-08": "not_checkable", "GCI-09": "not_checkable",
    # unicorns: the article's Beijing 75 is GEI's previous edition
    "UNI-01": "confirmed_by_source", "UNI-02": "contradicted",
    # regional_st_innovation
    "RSI-01": "confirmed_by_source", "RSI-02": "confirmed_by_source", "RSI-03": "not_checkable",
    # patent_conversion
    "PAT-01": "not_checkable", "PAT-02": "not_checkable",
    # regional_shares
    "YRD-01": "not_checkable", "GBA-01": "not_checkable", "GBA-02": "confirmed_by_source", "GBA-03": "not_checkable",
    # sei_growth: no year has all four cities' SEI value added; Shenzhen's real-rate chain lacks 2021 and 2024
    "SEI-01": "not_checkable", "SEI-02": "not_checkable", "SEI-03": "confirmed_by_source",
    # first_tier_gdp
    "GDP-01": "confirmed_by_source", "SH-01": "confirmed_by_source",
}

pytestmark = pytest.mark.notebooks


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    """Run every notebook once (in parallel, like `make reproduce`) into a temporary outputs folder."""
    if not NOTEBOOKS:
        pytest.skip("no notebooks yet")
    outputs = tmp_path_factory.mktemp("outputs")
    tasks = runner.plan(NOTEBOOKS, outputs=outputs, kernel=runner.find_kernel(), timeout=600)
    results = {r.name: r for r in runner.run(tasks, jobs=2)}
    return outputs, results


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_with_default_parameters(executed, name):
    outputs, results = executed
    assert results[name].status == "ok", results[name].error
    for produced in (f"{name}.ipynb", f"{name}.html", "run.json", "claims.json"):
        assert (outputs / name / produced).exists(), produced


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_verdicts_are_complete_and_valid(executed, name):
    outputs, results = executed
    verdicts = json.loads((outputs / name / "claims.json").read_text())
    catalogue = set(load("claims")["claim_id"])
    ids = [v["claim_id"] for v in verdicts]
    assert len(ids) == len(set(ids)), f"{name} gives some claim more than one verdict"
    for verdict in verdicts:
        assert verdict["claim_id"] in catalogue
        assert verdict["verdict"] in VERDICTS
        assert verdict["explanation"]
        if verdict["verdict"] == "confirmed_by_source":
            assert verdict["source"], f"{verdict['claim_id']} is confirmed by a source it does not name"
        expected = EXPECTED_VERDICTS.get(verdict["claim_id"])
        if expected:
            assert verdict["verdict"] == expected, f"{verdict['claim_id']}: {verdict['explanation']}"


def test_each_claim_is_checked_by_one_notebook_at_most(executed):
    outputs, _ = executed
    seen = {}
    for claims_file in outputs.glob("*/claims.json"):
        for verdict in json.loads(claims_file.read_text()):
            assert verdict["claim_id"] not in seen, f"{verdict['claim_id']} checked by {seen.get(verdict['claim_id'])} and {claims_file.parent.name}"
            seen[verdict["claim_id"]] = claims_file.parent.name
    for claim_id in EXPECTED_VERDICTS:
        assert claim_id in seen, f"{claim_id} has an expected verdict but no notebook checks it"
