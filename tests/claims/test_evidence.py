"""innovlib.claims.evidence: the grades a source takes, the evidence rules every verdict obeys, and the reason decided
from the evidence (the data folder of conftest.py: a hand-made catalogue and graded sources)."""

from __future__ import annotations

import json

import pytest

from innovlib import data
from innovlib.claims import evidence
from innovlib.claims.verdict import decide, evaluate

from .conftest import ARTICLE, SOURCES


@pytest.mark.parametrize("url, expected", [
    ("https://stats.example.gov/release", "confirmed_by_source"),
    ("https://ministry.example.gov/page", "confirmed_by_source"),
    ("https://paper-one.example/news", "confirmed_by_source"),
    ("https://mirror.example/copy", "not_checkable"),
])
def test_a_confirmation_needs_a_source_graded_news_or_better(data_root, url, expected):
    verdict = evaluate("AB-01", computed=42, basis="source", sources=[url], explanation="the source says 42")
    assert verdict.verdict == expected
    assert verdict.sources[0].grade == SOURCES[url]
    if expected == "not_checkable":
        assert "Only secondary or ungraded sources" in verdict.explanation


@pytest.mark.parametrize("urls, expected", [
    (["https://stats.example.gov/release"], "contradicted"),
    (["https://ministry.example.gov/page"], "contradicted"),
    (["https://paper-one.example/news", "https://paper-two.example/story"], "contradicted"),
    # two reports of one outlet are not independent
    (["https://paper-one.example/news", "https://www.paper-one.example/other"], "not_checkable"),
    (["https://paper-one.example/news"], "not_checkable"),
    (["https://mirror.example/copy", "https://paper-two.example/story"], "not_checkable"),
])
def test_a_contradiction_needs_strong_or_two_independent_sources(data_root, urls, expected):
    verdict = evaluate("AB-01", computed=115, basis="source", sources=urls, explanation="the source says 115")
    assert verdict.verdict == expected
    if expected == "not_checkable":
        assert "too weak to contradict" in verdict.explanation


def test_each_figure_of_a_comparison_needs_its_own_evidence(data_root):
    """A city's rate against the national rate: a primary national figure cannot carry a secondary city figure."""
    groups = {"the city's rate": ["https://mirror.example/copy"], "the national rate": ["https://stats.example.gov/release"]}
    weak = evaluate("AB-02b", computed=True, basis="source", sources=groups, explanation="5.5 > 5.2")
    assert weak.verdict == "not_checkable" and weak.explanation.startswith("For the city's rate: Only secondary")
    assert weak.explanation.endswith("5.5 > 5.2")
    assert [s.grade for s in weak.sources] == ["secondary", "primary"]
    groups["the city's rate"] = ["https://paper-two.example/story"]
    assert evaluate("AB-02b", computed=True, basis="source", sources=groups, explanation="e").verdict == "confirmed_by_source"


def test_unlisted_source_is_an_error(data_root):
    with pytest.raises(KeyError, match="not listed in any"):
        evaluate("AB-01", computed=42, basis="source", sources=["https://github.com/someone"], explanation="e")


MIRROR, PRIMARY = "https://mirror.example/copy", "https://stats.example.gov/release"


@pytest.mark.parametrize("make, reason", [
    (lambda: evaluate("AB-01", 42, explanation="counted"), "recomputed"),
    (lambda: evaluate("AB-01", 42, basis="source", sources=[PRIMARY], explanation="e"), "source_states_it"),
    (lambda: evaluate("AB-01", 42, basis="source", sources=[MIRROR], explanation="e"), "weak_sources_agree"),
    (lambda: evaluate("AB-01", 115, basis="source", sources=[MIRROR], explanation="e"), "weak_sources_disagree"),
    (lambda: decide("AB-01", "not_checkable", computed=115, sources=[MIRROR], explanation="e"), "weak_sources_disagree"),
    (lambda: decide("AB-01", "not_checkable", computed=42, sources=[MIRROR], explanation="e"), "weak_sources_agree"),
    (lambda: decide("AB-02b", "not_checkable", explanation="e", missing="populations"), "no_public_data"),
    (lambda: evaluate("AB-01", 41, basis="source", sources=[PRIMARY], explanation="e"), "wrong_value"),
    (lambda: evaluate("AB-01", 41, basis="source", sources=[PRIMARY], explanation="e",
                      earlier={"the 2024 edition": 42}), "outdated_figure"),
    (lambda: evaluate("AB-01", 41, basis="source", sources=[PRIMARY], explanation="e",
                      earlier={"the 2023 edition": 40}), "wrong_value"),
    (lambda: decide("AB-03b", "contradicted", computed="end-2024", sources=[PRIMARY], explanation="e"), "wrong_period"),
    (lambda: decide("AB-01", "contradicted", computed=41, sources=[PRIMARY], explanation="e",
                    unlike=("output", "value added")), "unlike_compared"),
    (lambda: decide("AB-01", "not_checkable", explanation="e", missing="value added",
                    unlike=("output", "value added")), "unlike_compared"),
])
def test_every_verdict_carries_a_reason_decided_from_the_evidence(data_root, make, reason):
    verdict = make()
    assert verdict.reason == reason
    assert reason in evidence.REASONS_BY_VERDICT[verdict.verdict]


def test_unlike_names_two_different_kinds_and_unknown_evidence_is_refused(data_root):
    with pytest.raises(ValueError, match="two different kinds"):
        decide("AB-01", "contradicted", computed=41, sources=[PRIMARY], explanation="e", unlike=("output", "output"))
    with pytest.raises(TypeError, match="unknown argument.*reason"):
        evaluate("AB-01", 41, explanation="e", reason="wrong_value")  # a reason is decided, never typed


def test_the_audited_article_is_never_evidence_for_its_own_claims(data_root):
    with pytest.raises(ValueError, match="never evidence for its own claims"):
        evaluate("AB-01", 42, basis="source", sources=[ARTICLE], explanation="the article says so")
    with pytest.raises(ValueError, match="never evidence"):
        decide("AB-01", "not_checkable", sources=[PRIMARY, ARTICLE], explanation="e")


def test_several_figures_need_their_sources_per_figure(data_root):
    """A flat list let one strong source vouch for a figure it does not state; per figure, each is checked."""
    with pytest.raises(ValueError, match="rests on several figures"):
        evaluate("AB-03c", [75, 59], basis="source", sources=[PRIMARY, MIRROR], explanation="e")
    per_figure = evaluate("AB-03c", [75, 59], basis="source", explanation="e",
                          sources={"the first city": [PRIMARY], "the second city": [MIRROR]})
    assert per_figure.verdict == "not_checkable" and per_figure.reason == "weak_sources_agree"
    assert per_figure.explanation.startswith("For the second city: Only secondary")
    # one source stating both figures is fine as a list of one
    assert evaluate("AB-03c", [75, 59], basis="source", sources=[PRIMARY], explanation="e").verdict == "confirmed_by_source"


def test_a_repost_carries_its_original_and_via(data_root):
    descriptor = json.loads((data_root / "figures" / "datapackage.json").read_text())
    descriptor["sources"].append({"title": "repost", "path": "https://repost.example/x", "grade": "news",
                                  "original": "Xinhua, 2025-09-16", "via": "https://repost.example/x"})
    (data_root / "figures" / "datapackage.json").write_text(json.dumps(descriptor))
    evidence._source_index.cache_clear()
    source = evidence.lookup_source("https://repost.example/x")
    assert (source.grade, source.original, source.via) == ("news", "Xinhua, 2025-09-16", "https://repost.example/x")
    evidence._source_index.cache_clear()


@pytest.mark.parametrize("grades, message", [
    (("news", "secondary"), "graded secondary here but news in"),
    (("news", None), "graded not at all here but news in"),
])
def test_one_url_takes_one_grade(data_root, grades, message):
    """A URL graded twice used to take the first descriptor's grade silently; now validation names both."""
    url = "https://paper-two.example/story"
    for name, grade in zip(("claims", "figures"), grades):
        path = data_root / name / "datapackage.json"
        descriptor = json.loads(path.read_text())
        descriptor["sources"] = [s for s in descriptor["sources"] if s["path"] != url]
        descriptor["sources"].append({"title": "t", "path": url, **({"grade": grade} if grade else {})})
        path.write_text(json.dumps(descriptor))
    with pytest.raises(data.DataValidationError, match=message) as raised:
        data.graded_sources(data_root)
    assert "claims/datapackage.json" in str(raised.value) and "figures/datapackage.json" in str(raised.value)
    evidence._source_index.cache_clear()
    with pytest.raises(data.DataValidationError, match="one URL takes one grade"):
        evidence.lookup_source(url)
    evidence._source_index.cache_clear()


def test_a_grade_must_be_one_of_the_four(data_root):
    path = data_root / "figures" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["sources"][0]["grade"] = "primray"
    path.write_text(json.dumps(descriptor))
    with pytest.raises(data.DataValidationError, match="source 1 .*'grade' must be one of primary, official, news, secondary, got 'primray'"):
        data.read_descriptor("figures", data_root)


def test_looking_up_a_grade_records_every_descriptor_read(data_root, tmp_path, monkeypatch):
    """Grades come from every descriptor, so the run's cache must see all of them (a changed grade re-runs)."""
    evidence._source_index.cache_clear()
    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path / "run"))
    assert evidence.lookup_source("https://paper-one.example/news").grade == "news"
    recorded = [json.loads(line) for line in (tmp_path / "run" / "datasets.jsonl").read_text().splitlines()]
    assert {r["dataset"] for r in recorded} == {"claims", "figures"}
