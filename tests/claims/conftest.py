"""A small data folder of the claims tests' own (a three-claim catalogue from two publications, and graded sources),
so each rule is checked on a hand-made case whose answer is known, independently of the project's curated data."""

from __future__ import annotations

import json

import pytest

from innovlib import data

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
PUBLICATIONS = f"""publication_id,kind,title,publisher,path,grade
TW-2025-11,news article,An article,Paper One,{ARTICLE},news
TP-2025-09,data release,A release,Bureau,,
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
    (root / "claims" / "publications.csv").write_text(PUBLICATIONS, encoding="utf-8")
    claim_fields = [_field(n) for n in ("claim_id", "article", "topic", "subject", "claim", "headline")]
    publication_fields = [_field(n) for n in PUBLICATIONS.splitlines()[0].split(",")]
    part_fields = [_field(n) for n in ("part_id", "claim_id", "statement", "published_value", "unit", "comparison")]
    descriptor = {
        "name": "claims", "title": "test claims",
        "sources": [{"title": "an article", "path": ARTICLE, "grade": "news"}],
        "resources": [
            {"name": "publications", "path": "publications.csv",
             "schema": {"fields": publication_fields, "primaryKey": ["publication_id"], "missingValues": [""]}},
            {"name": "claims", "path": "claims.csv", "schema": {
                "fields": claim_fields, "primaryKey": ["claim_id"],
                "foreignKeys": [{"fields": ["article"],
                                 "reference": {"resource": "publications", "fields": ["publication_id"]}}]}},
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
