"""innovlib.claims.catalogue: claim parts, headlines, unknown ids, a catalogue whose headline names another claim's
part, publications of any kind (the data folder of conftest.py), and a claim added to a copy of the project's
catalogue with rows alone."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from innovlib import cli, data
from innovlib.claims import catalogue
from innovlib.claims.verdict import evaluate

from .conftest import ARTICLE, CLAIMS, PUBLICATIONS

PROJECT_DATA = Path(__file__).resolve().parents[2] / "data"


def test_parts_and_unknown_ids(data_root):
    assert catalogue.parts_of("AB-02") == ["AB-02a", "AB-02b"]
    assert catalogue.lookup("AB-02b")["claim"].startswith("The cluster ranks 45th")
    with pytest.raises(KeyError, match="has parts AB-02a, AB-02b"):
        evaluate("AB-02", computed=45, explanation="e")
    with pytest.raises(KeyError, match="Did you mean AB-01"):
        evaluate("AB-1", computed=1, explanation="e")


def test_the_catalogue_headline_must_name_the_claims_own_parts(data_root):
    (data_root / "claims" / "claims.csv").write_text(CLAIMS.replace(",AB-02a\n", ",AB-01\n"), encoding="utf-8")
    data.rehash("claims", data_root)
    catalogue._catalogue_rows.cache_clear()
    with pytest.raises(data.DataValidationError, match=r"claims.csv, row 3, column 'headline'.*AB-01, not a part of AB-02"):
        catalogue.headline_of("AB-02")
    catalogue._catalogue_rows.cache_clear()


def test_publications_of_every_kind_and_their_urls_are_never_evidence(data_root):
    catalogue._publications.cache_clear()
    found = catalogue.articles()
    assert {pid: (row["kind"], row["path"], row["grade"]) for pid, row in found.items()} == {
        "TW-2025-11": ("news article", ARTICLE, "news"), "TP-2025-09": ("data release", "", "")}
    assert catalogue.lookup("AB-02a")["article"] == "TP-2025-09"
    assert catalogue.audited_article_urls() == frozenset({ARTICLE})
    catalogue._publications.cache_clear()


def test_a_publication_url_takes_the_grade_other_descriptors_give_it(data_root):
    # the figures dataset grades this URL news: a publication row cannot call it primary
    (data_root / "claims" / "publications.csv").write_text(
        PUBLICATIONS.replace(f"{ARTICLE},news", "https://paper-one.example/news,primary"), encoding="utf-8")
    data.rehash("claims", data_root)
    catalogue._publications.cache_clear()
    with pytest.raises(data.DataValidationError,
                       match=r"publications.csv, row 2, column 'grade'.*graded primary here but news in figures"):
        catalogue.articles()
    catalogue._publications.cache_clear()


def test_validate_names_the_row_of_a_claim_whose_publication_is_unknown(data_root, capsys):
    (data_root / "claims" / "claims.csv").write_text(CLAIMS.replace("AB-02,TP-2025-09", "AB-02,TP-2025-10"),
                                                    encoding="utf-8")
    data.rehash("claims", data_root)
    assert cli.main(["data", "validate", "claims"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "ok       claims/publications"
    assert lines[1] == (f"INVALID  {data_root / 'claims' / 'claims.csv'}, row 3, column 'article': value 'TP-2025-10' "
                        "is not a publication_id of resource 'publications' (did you mean 'TP-2025-09'?)")
    assert cli.main(["data", "validate", "figures"]) == 0


def test_a_new_publication_topic_and_claim_edit_rows_only(tmp_path, monkeypatch):
    """On a copy of the project's catalogue: a data release, a new topic and its claim are rows; the schema of
    every resource stays as it was, and the new claim is looked up like any other."""
    root = tmp_path / "data"
    shutil.copytree(PROJECT_DATA / "claims", root / "claims")
    shutil.copytree(PROJECT_DATA / "city_industrial_innovation", root / "city_industrial_innovation")
    schemas = _schemas(root)
    with (root / "claims" / "publications.csv").open("a", encoding="utf-8") as handle:
        handle.write("OECD-2026-03,data release,Main Science and Technology Indicators,OECD,2026-03,"
                     "https://www.oecd.org/en/data/datasets/main-science-and-technology-indicators.html,,2026-12-01,"
                     "primary,the producer of the figures,\n")
    with (root / "claims" / "claims.csv").open("a", encoding="utf-8") as handle:
        handle.write("RD-01,OECD-2026-03,oecd_rd_intensity,Israel,Israel has the highest R&D intensity,RD-01\n")
    with (root / "claims" / "claim_parts.csv").open("a", encoding="utf-8") as handle:
        handle.write("RD-01,RD-01,Israel's R&D intensity is the highest of the OECD,1,rank,equals\n")
    data.rehash("claims", root)
    assert _schemas(root) == schemas
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root))
    assert cli.main(["data", "validate"]) == 0
    catalogue._catalogue_rows.cache_clear()
    catalogue._publications.cache_clear()
    assert (catalogue.lookup("RD-01")["topic"], catalogue.articles()["OECD-2026-03"]["kind"]) == (
        "oecd_rd_intensity", "data release")
    assert "https://www.oecd.org/en/data/datasets/main-science-and-technology-indicators.html" in \
        catalogue.audited_article_urls()
    catalogue._catalogue_rows.cache_clear()
    catalogue._publications.cache_clear()


def _schemas(root: Path) -> list[dict]:
    descriptor = json.loads((root / "claims" / "datapackage.json").read_text(encoding="utf-8"))
    return [{k: v for k, v in resource.items() if k != "hash"} for resource in descriptor["resources"]]
