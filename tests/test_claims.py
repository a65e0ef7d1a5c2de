"""innovlib.claims: verdict rules, published-value parsing, and what a notebook records."""

from __future__ import annotations

import json

import pytest

from innovlib import claims
from innovlib.claims import evaluate, parse_published, values_match


def test_published_values_are_parsed():
    assert parse_published("75/59/42") == [75.0, 59.0, 42.0]
    assert parse_published("7.2") == 7.2
    assert parse_published("") is None
    assert parse_published("39/60/60/51") == [39.0, 60.0, 60.0, 51.0]


def test_recomputed_match_within_tolerance_is_reproduced():
    verdict = evaluate("SEI-02", computed=7.24, basis="recomputed", tolerance=0.05, explanation="CAGR 2019-2024")
    assert verdict.verdict == "reproduced"
    assert verdict.published == 7.2 and verdict.article == "TW-2025-11"


def test_recomputed_mismatch_is_contradicted():
    verdict = evaluate("SEI-02", computed=7.26, basis="recomputed", tolerance=0.05, explanation="CAGR 2019-2024")
    assert verdict.verdict == "contradicted"


def test_source_match_is_confirmed_and_needs_a_url():
    verdict = evaluate("GII-06", computed=45, basis="source", explanation="WIPO table", source="https://wipo.int")
    assert verdict.verdict == "confirmed_by_source"
    with pytest.raises(ValueError, match="needs the source URL"):
        evaluate("GII-06", computed=45, basis="source", explanation="WIPO table")


def test_lists_compare_element_wise():
    assert evaluate("UNI-02", computed=[75, 59, 42], basis="source", source="u", explanation="e").verdict == (
        "confirmed_by_source"
    )
    assert evaluate("UNI-02", computed=[115, 65, 42], basis="source", source="u", explanation="e").verdict == (
        "contradicted"
    )
    assert not values_match([1, 2], [1, 2, 3])


def test_text_lists_need_the_published_list():
    published = ["Shenzhen", "Tokyo", "New York"]
    with pytest.raises(ValueError, match="no figure to compare"):
        evaluate("GCI-05", computed=["Tokyo", "Shenzhen", "New York"], explanation="e")
    verdict = evaluate("GCI-05", computed=["Tokyo", "Shenzhen", "New York"], published=published, explanation="e")
    assert verdict.verdict == "contradicted"


def test_booleans_say_whether_a_statement_holds():
    assert evaluate("GII-05", computed=True, explanation="e").verdict == "reproduced"
    assert evaluate("GII-05", computed=False, explanation="e").verdict == "contradicted"


def test_greater_than_claims():
    assert evaluate("GBA-02", computed=5.3, basis="source", source="u", explanation="e").verdict == "confirmed_by_source"
    assert evaluate("GBA-02", computed=5.0, basis="source", source="u", explanation="e").verdict == "contradicted"


def test_unknown_claim_suggests_close_ids():
    with pytest.raises(KeyError, match="Did you mean SEI-02"):
        evaluate("SEI-2", computed=1, explanation="e")


def test_explanation_is_required():
    with pytest.raises(ValueError, match="explanation is required"):
        evaluate("SEI-02", computed=7.2, explanation=" ")


def test_check_and_not_checkable_are_saved_for_the_runner(tmp_path, monkeypatch):
    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path))
    monkeypatch.setenv("INNOVLIB_NOTEBOOK", "demo")
    claims.check("SEI-03", computed=42.3, basis="source", tolerance=0.05, explanation="communique", source="https://x")
    claims.not_checkable("GCI-07", missing="Shenzhen's ICT export share for the report year")
    with pytest.raises(ValueError, match="verdict must be one of"):
        claims.record("GCI-07", "probably", explanation="e")
    records = [json.loads(line) for line in (tmp_path / "claims.jsonl").read_text().splitlines()]
    assert [(r["claim_id"], r["verdict"], r["notebook"]) for r in records] == [
        ("SEI-03", "confirmed_by_source", "demo"), ("GCI-07", "not_checkable", "demo")
    ]
    assert records[1]["explanation"].startswith("Missing: Shenzhen's ICT export share")


def test_numpy_values_are_stored_as_plain_numbers(tmp_path, monkeypatch):
    import numpy as np

    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path))
    claims.check("GII-06", computed=np.int64(45), basis="source", source="https://x", explanation="e")
    record = json.loads((tmp_path / "claims.jsonl").read_text())
    assert record["computed"] == 45 and record["verdict"] == "confirmed_by_source"
