"""innovlib.claims.verdict and innovlib.claims.values: published values read and compared, verdicts decided, a claim's
verdict from its parts, and a verdict's display (the data folder of conftest.py where a catalogue is needed)."""

from __future__ import annotations

import pytest

from innovlib.claims.evidence import Source
from innovlib.claims.values import display_published, parse_published, values_match
from innovlib.claims.verdict import Verdict, combine_parts, contradicted_details, decide, evaluate


def test_published_values_are_parsed():
    assert parse_published("75/59/42") == [75.0, 59.0, 42.0]
    assert parse_published("7.2") == 7.2
    assert parse_published("") is None
    assert parse_published("39/60/60/51") == [39.0, 60.0, 60.0, 51.0]


def test_values_match_rules():
    assert values_match(7.24, 7.2, tolerance=0.05)
    assert not values_match(7.26, 7.2, tolerance=0.05)
    assert not values_match([1, 2], [1, 2, 3])
    assert not values_match(float("nan"), 1.0, tolerance=10)
    assert values_match(5.3, 5, comparison="greater than") and not values_match(5.0, 5, comparison="greater than")


def test_recomputation_reproduces_or_contradicts_without_sources(data_root):
    assert evaluate("AB-01", computed=42, explanation="counted rows").verdict == "reproduced"
    verdict = evaluate("AB-01", computed=41, explanation="counted rows")
    assert verdict.verdict == "contradicted" and verdict.published == 42.0 and verdict.claim_id == "AB-01"


def test_explicit_verdicts_obey_the_same_rules(data_root):
    weak = decide("AB-01", "confirmed_by_source", sources=["https://mirror.example/copy"], explanation="a mirror")
    assert weak.verdict == "not_checkable"
    with pytest.raises(ValueError, match="needs basis='recomputed'"):
        decide("AB-01", "reproduced", explanation="sorted published numbers")
    with pytest.raises(ValueError, match="needs the sources"):
        decide("AB-01", "confirmed_by_source", explanation="no source")


def test_a_claim_takes_its_headline_verdict_and_names_its_details():
    """The headline decides; details qualify; a contradicted detail is never hidden."""
    parts = {"GII-01a": "confirmed_by_source", "GII-01b": "not_checkable", "GII-01c": "not_checkable"}
    assert combine_parts(parts, ["GII-01a"]) == ("confirmed_by_source", "confirmed by source; details: 2 not checkable")
    # before the headline rule the weakest part decided: a side detail sank a confirmed headline
    assert combine_parts(parts, ["GII-01a"])[0] != "not_checkable"
    mixed = {"a": "confirmed_by_source", "b": "contradicted", "c": "not_checkable"}
    assert combine_parts(mixed, ["a"]) == ("confirmed_by_source", "confirmed by source; details: 1 contradicted, 1 not checkable")
    assert contradicted_details(mixed, ["a"]) == ["b"]
    # a headline of several parts: contradicted if any is, otherwise the weakest
    assert combine_parts({"a": "reproduced", "b": "confirmed_by_source", "c": "contradicted"}, ["a", "b"])[0] == "confirmed_by_source"
    assert combine_parts({"a": "reproduced", "b": "contradicted"}, ["a", "b"])[0] == "contradicted"
    assert combine_parts({"a": "reproduced", "b": None}, ["a", "b"]) == ("unchecked", "unchecked: 1 of 2 headline parts not checked")
    assert combine_parts({"a": "reproduced", "b": None}, ["a"]) == ("reproduced", "reproduced; details: 1 unchecked")
    with pytest.raises(KeyError, match="not among the claim's parts"):
        combine_parts({"a": "reproduced"}, ["z"])


@pytest.mark.parametrize("value, unit, comparison, shown", [
    ("7", "month of 2025 (date of the count)", "equals", "July 2025 (date of the count)"),
    ("21", "rank of 100 clusters (2024)", "equals", "21st of 100 clusters (2024)"),
    ("3", "rank on VC deals", "equals", "3rd on VC deals"),
    ("7.2", "percent per year", "equals", "7.2% per year"),
    ("40", "percent of national total", "approx", "about 40% of national total"),
    ("200", "count", "greater than", "more than 200"),
    ("1.8", "trillion CNY", "equals", "1.8 trillion CNY"),
    ("", "set", "equals", "—"),
])
def test_published_values_read_as_a_reader_writes_them(value, unit, comparison, shown):
    assert display_published(value, unit, comparison) == shown


def test_verdict_html_escapes_text_and_links_only_http():
    bad = Source("javascript:alert(1)", "<script>", "secondary")
    verdict = Verdict("AB-01", "AB-01", "not_checkable", 42, "<img src=x onerror=alert(1)>", "<b>why</b>",
                             sources=(bad,), statement="<i>s</i>")
    page = verdict._repr_html_()
    assert "<img" not in page and "<script>" not in page and "href" not in page and "<i>s" not in page
