"""innovlib.claims: evidence rules, claim parts, parameter binding, what a notebook records.

The tests build a small data folder of their own (a two-claim catalogue and graded sources), so each rule is
checked on a hand-made case whose answer is known, independently of the project's curated data.
"""

from __future__ import annotations

import json

import pytest

from innovlib import claims, data
from innovlib.claims import Audit, combine_parts, decide, evaluate, parse_published, values_match

CLAIMS = """claim_id,article,topic,subject,claim
AB-01,TW-2025-11,unicorns,Shenzhen,Shenzhen has 42 unicorns
AB-02,TP-2025-09,gii_clusters_2025,Cluster,The cluster ranks 45th on intensity and has the largest population
"""
PARTS = """part_id,claim_id,statement,published_value,unit,comparison
AB-01,AB-01,Shenzhen has 42 unicorns,42,companies,equals
AB-02a,AB-02,Ranks 45th on intensity,45,rank,equals
AB-02b,AB-02,Has the largest population of all clusters,,statement,holds
"""
SOURCES = {
    "https://stats.example.gov/release": "primary",
    "https://ministry.example.gov/page": "official",
    "https://paper-one.example/news": "news",
    "https://paper-two.example/story": "news",
    "https://www.paper-one.example/other": "news",
    "https://mirror.example/copy": "secondary",
}


def _field(name, kind="string", **extra):
    return {"name": name, "type": kind, **extra}


@pytest.fixture()
def data_root(tmp_path, monkeypatch):
    """A data folder with a claims dataset (claims + claim_parts) and a dataset listing graded sources."""
    root = tmp_path / "data"
    (root / "claims").mkdir(parents=True)
    (root / "claims" / "claims.csv").write_text(CLAIMS, encoding="utf-8")
    (root / "claims" / "claim_parts.csv").write_text(PARTS, encoding="utf-8")
    claim_fields = [_field(n) for n in ("claim_id", "article", "topic", "subject", "claim")]
    part_fields = [_field(n) for n in ("part_id", "claim_id", "statement", "published_value", "unit", "comparison")]
    descriptor = {
        "name": "claims", "title": "test claims",
        "sources": [{"title": "an article", "path": "https://paper-one.example/article", "grade": "news"}],
        "resources": [
            {"name": "claims", "path": "claims.csv", "schema": {"fields": claim_fields, "primaryKey": ["claim_id"]}},
            {"name": "claim_parts", "path": "claim_parts.csv", "schema": {"fields": part_fields, "primaryKey": ["part_id"]}},
        ],
    }
    (root / "claims" / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    data.rehash("claims", root)
    (root / "figures").mkdir()
    (root / "figures" / "figures.csv").write_text("x\n1\n", encoding="utf-8")
    figures = {
        "name": "figures", "title": "graded sources",
        "sources": [{"title": f"source at {url}", "path": url, "grade": grade} for url, grade in SOURCES.items()],
        "resources": [{"name": "figures", "path": "figures.csv", "schema": {"fields": [_field("x", "integer")]}}],
    }
    (root / "figures" / "datapackage.json").write_text(json.dumps(figures), encoding="utf-8")
    data.rehash("figures", root)
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root))
    return root


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


def test_explicit_verdicts_obey_the_same_rules(data_root):
    weak = decide("AB-01", "confirmed_by_source", sources=["https://mirror.example/copy"], explanation="a mirror")
    assert weak.verdict == "not_checkable"
    with pytest.raises(ValueError, match="needs basis='recomputed'"):
        decide("AB-01", "reproduced", explanation="sorted published numbers")
    with pytest.raises(ValueError, match="needs the sources"):
        decide("AB-01", "confirmed_by_source", explanation="no source")


def test_unlisted_source_is_an_error(data_root):
    with pytest.raises(KeyError, match="not listed in any"):
        evaluate("AB-01", computed=42, basis="source", sources=["https://github.com/someone"], explanation="e")


def test_parts_and_unknown_ids(data_root):
    assert claims.parts_of("AB-02") == ["AB-02a", "AB-02b"]
    assert claims.lookup("AB-02b")["claim"].startswith("The cluster ranks 45th")
    with pytest.raises(KeyError, match="has parts AB-02a, AB-02b"):
        evaluate("AB-02", computed=45, explanation="e")
    with pytest.raises(KeyError, match="Did you mean AB-01"):
        evaluate("AB-1", computed=1, explanation="e")


def test_claim_verdict_is_the_weakest_part_or_contradicted():
    assert combine_parts({"a": "reproduced", "b": "confirmed_by_source"})[0] == "confirmed_by_source"
    assert combine_parts({"a": "confirmed_by_source", "b": "not_checkable"}) == (
        "not_checkable", "not checkable: 1 of 2 parts confirmed by source, 1 not checkable")
    assert combine_parts({"a": "not_checkable", "b": "contradicted", "c": "reproduced"})[0] == "contradicted"
    assert combine_parts({"a": "reproduced", "b": None}) == (
        "unchecked", "unchecked: 1 of 2 parts reproduced, 1 unchecked")


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
                                    "grade": "primary", "publisher": "", "dataset": "figures"}


def test_verdict_html_escapes_text_and_links_only_http():
    bad = claims.Source("javascript:alert(1)", "<script>", "secondary")
    verdict = claims.Verdict("AB-01", "AB-01", "not_checkable", 42, "<img src=x onerror=alert(1)>", "<b>why</b>",
                             sources=(bad,), statement="<i>s</i>")
    page = verdict._repr_html_()
    assert "<img" not in page and "<script>" not in page and "href" not in page and "<i>s" not in page


def test_looking_up_a_grade_records_every_descriptor_read(data_root, tmp_path, monkeypatch):
    """Grades come from every descriptor, so the run's cache must see all of them (a changed grade re-runs)."""
    claims._source_index.cache_clear()
    monkeypatch.setenv("INNOVLIB_RUN_DIR", str(tmp_path / "run"))
    assert claims.lookup_source("https://paper-one.example/news").grade == "news"
    recorded = [json.loads(line) for line in (tmp_path / "run" / "datasets.jsonl").read_text().splitlines()]
    assert {r["dataset"] for r in recorded} == {"claims", "figures"}
