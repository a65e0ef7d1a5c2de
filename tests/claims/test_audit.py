"""innovlib.claims.audit: verdicts bound to a run's parameters, recorded for the runner, and the notebook's own findings
section (the data folder of conftest.py)."""

from __future__ import annotations

import json

import pytest

from innovlib.claims.audit import Audit, findings_markdown


def test_audit_records_only_for_the_parameters_a_claim_is_about(data_root, tmp_path, monkeypatch):
    run_dir = tmp_path / "run"
    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(run_dir))
    monkeypatch.setenv("INNOVLIB_NOTEBOOK", "demo")
    other = Audit(edition=2024, top_n=10)
    other.check("AB-01", 42, about={"edition": 2025}, explanation="counted")
    other.not_checkable("AB-02b", missing="populations", about={"edition": 2025})
    assert other.recorded == [] and [s.part_id for s in other.not_tested] == ["AB-01", "AB-02b"]
    assert not (run_dir / "claims.jsonl").exists(), "a run with other parameters recorded a verdict"

    audit = Audit(edition=2025, top_n=10)
    audit.check("AB-01", 42, about={"edition": 2025}, explanation="counted")
    audit.not_checkable("AB-02b", missing="cluster populations", about={})
    with pytest.raises(ValueError, match="already has a verdict"):
        audit.check("AB-01", 42, about={}, explanation="again")
    with pytest.raises(ValueError, match="say which parameter values"):
        audit.check("AB-02a", 45, about=None, explanation="e")
    with pytest.raises(KeyError, match="does not have: year"):
        audit.check("AB-02a", 45, about={"year": 1}, explanation="e")
    records = [json.loads(line) for line in (run_dir / "claims.jsonl").read_text().splitlines()]
    assert [(r["part_id"], r["claim_id"], r["verdict"], r["notebook"], r["about"]) for r in records] == [
        ("AB-01", "AB-01", "reproduced", "demo", {"edition": 2025}),
        ("AB-02b", "AB-02", "not_checkable", "demo", {}),
    ]
    assert records[1]["explanation"] == "Missing: cluster populations."


def test_numpy_values_are_stored_as_plain_numbers(data_root, tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path))
    Audit().check("AB-02a", np.int64(45), about={}, basis="source", sources=["https://stats.example.gov/release"],
                  explanation="e")
    record = json.loads((tmp_path / "claims.jsonl").read_text())
    assert record["computed"] == 45 and record["verdict"] == "confirmed_by_source"
    assert record["sources"][0] == {"url": "https://stats.example.gov/release", "title": "source at https://stats.example.gov/release",
                                    "grade": "primary", "publisher": "", "dataset": "figures", "original": "", "via": ""}
    assert record["reason"] == "source_states_it"


def test_the_findings_section_lists_what_the_run_recorded_then_what_it_did_not_test(data_root, tmp_path, monkeypatch):
    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path))
    audit = Audit(edition=2025)
    audit.check("AB-01", 41, about={"edition": 2025}, explanation="Counted 41 rows. The list is of July.")
    audit.not_checkable("AB-02b", missing="cluster populations", about={})
    audit.check("AB-02a", 45, about={"edition": 2024}, explanation="e")  # another edition: not tested here
    assert findings_markdown(audit).splitlines() == [
        "| claim part | verdict | published | found | why |",
        "|---|---|---|---|---|",
        "| [AB-01](#part-AB-01) | contradicted: wrong value | 42 | 41 | Counted 41 rows. The list is of July. |",
        "| [AB-02b](#part-AB-02b) | not checkable: no public data | — | — | Missing: cluster populations. |",
        "",
        "**This run does not test the published claim parts AB-02a**: it uses edition = 2025, while they are about "
        "edition = 2024. It records no verdict for them; their verdicts come from a run with those values.",
    ]
    assert audit.verdict_of("AB-01") == "contradicted" and audit.verdict_of("AB-02a") is None
