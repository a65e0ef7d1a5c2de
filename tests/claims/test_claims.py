"""innovlib.claims: evidence rules, claim parts, parameter binding, what a notebook records.

The tests build a small data folder of their own (a two-claim catalogue and graded sources), so each rule is
checked on a hand-made case whose answer is known, independently of the project's curated data.
"""

from __future__ import annotations

import json

import pytest

from innovlib import claims, data
from innovlib.claims import Audit, combine_parts, decide, evaluate, parse_published, values_match

CLAIMS = """claim_id,article,topic,subject,claim,headline
AB-01,TW-2025-11,unicorns,Shenzhen,Shenzhen has 42 unicorns,AB-01
AB-02,TP-2025-09,gii_clusters_2025,Cluster,The cluster ranks 45th on intensity and has the largest population,AB-02a
AB-03,TW-2025-11,unicorns,China,"China had 372 unicorns in July, and its cities 75 and 59",AB-03a
"""
PARTS = """part_id,claim_id,statement,published_value,unit,comparison
AB-01,AB-01,Shenzhen has 42 unicorns,42,companies,equals
AB-02a,AB-02,Ranks 45th on intensity,45,rank,equals
AB-02b,AB-02,Has the largest population of all clusters,,statement,holds
AB-03a,AB-03,China has 372 unicorns,372,companies,equals
AB-03b,AB-03,The count refers to July 2025,7,month of 2025,equals
AB-03c,AB-03,Two cities have 75 and 59 unicorns,75/59,companies,equals
"""
ARTICLE = "https://paper-one.example/article"
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
    claim_fields = [_field(n) for n in ("claim_id", "article", "topic", "subject", "claim", "headline")]
    part_fields = [_field(n) for n in ("part_id", "claim_id", "statement", "published_value", "unit", "comparison")]
    descriptor = {
        "name": "claims", "title": "test claims",
        "sources": [{"title": "an article [article id TW-2025-11]", "path": ARTICLE, "grade": "news"}],
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


def test_a_claim_takes_its_headline_verdict_and_names_its_details():
    """The headline decides; details qualify; a contradicted detail is never hidden."""
    parts = {"GII-01a": "confirmed_by_source", "GII-01b": "not_checkable", "GII-01c": "not_checkable"}
    assert combine_parts(parts, ["GII-01a"]) == ("confirmed_by_source", "confirmed by source; details: 2 not checkable")
    # before the headline rule the weakest part decided: a side detail sank a confirmed headline
    assert combine_parts(parts, ["GII-01a"])[0] != "not_checkable"
    mixed = {"a": "confirmed_by_source", "b": "contradicted", "c": "not_checkable"}
    assert combine_parts(mixed, ["a"]) == ("confirmed_by_source", "confirmed by source; details: 1 contradicted, 1 not checkable")
    assert claims.contradicted_details(mixed, ["a"]) == ["b"]
    # a headline of several parts: contradicted if any is, otherwise the weakest
    assert combine_parts({"a": "reproduced", "b": "confirmed_by_source", "c": "contradicted"}, ["a", "b"])[0] == "confirmed_by_source"
    assert combine_parts({"a": "reproduced", "b": "contradicted"}, ["a", "b"])[0] == "contradicted"
    assert combine_parts({"a": "reproduced", "b": None}, ["a", "b"]) == ("unchecked", "unchecked: 1 of 2 headline parts not checked")
    assert combine_parts({"a": "reproduced", "b": None}, ["a"]) == ("reproduced", "reproduced; details: 1 unchecked")
    with pytest.raises(KeyError, match="not among the claim's parts"):
        combine_parts({"a": "reproduced"}, ["z"])


def test_the_catalogue_headline_must_name_the_claims_own_parts(data_root):
    (data_root / "claims" / "claims.csv").write_text(CLAIMS.replace(",AB-02a\n", ",AB-01\n"), encoding="utf-8")
    data.rehash("claims", data_root)
    claims._catalogue_rows.cache_clear()
    with pytest.raises(data.DataValidationError, match=r"claims.csv, row 3, column 'headline'.*AB-01, not a part of AB-02"):
        claims.headline_of("AB-02")
    claims._catalogue_rows.cache_clear()


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
    assert reason in claims.REASONS_BY_VERDICT[verdict.verdict]


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
    claims._source_index.cache_clear()
    source = claims.lookup_source("https://repost.example/x")
    assert (source.grade, source.original, source.via) == ("news", "Xinhua, 2025-09-16", "https://repost.example/x")
    claims._source_index.cache_clear()


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
    claims._source_index.cache_clear()
    with pytest.raises(data.DataValidationError, match="one URL takes one grade"):
        claims.lookup_source(url)
    claims._source_index.cache_clear()


def test_a_grade_must_be_one_of_the_four(data_root):
    path = data_root / "figures" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["sources"][0]["grade"] = "primray"
    path.write_text(json.dumps(descriptor))
    with pytest.raises(data.DataValidationError, match="source 1 .*'grade' must be one of primary, official, news, secondary, got 'primray'"):
        data.read_descriptor("figures", data_root)


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
    assert claims.display_published(value, unit, comparison) == shown


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
