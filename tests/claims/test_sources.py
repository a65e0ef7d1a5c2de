"""Source integrity of every dataset under data/ (except the claim catalogue).

A verdict can only be as good as the page its figure was read on. These tests read the descriptors and CSV files
directly (json and csv only, no innovlib code) and check that:

- every source carries a grade: ``primary`` (the producer of the figure), ``official`` (another government or
  agency page reporting it), ``news`` (an established news organisation's own report) or ``secondary`` (reposts,
  aggregators, blogs, mirrors of unknown standing, personal pages);
- a repost graded as its original says so: ``original`` names the outlet or office and date, and ``via`` is the
  page actually read (the source's ``path``);
- every URL a row cites (``source_url``, ``source_url_2``, ``other_source_urls``) is one of its descriptor's sources;
- no source is a bare site or a profile page (``https://github.com/<user>``), which cannot state a figure.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

DATA = Path(__file__).resolve().parents[2] / "data"
EXCLUDED = {"claims"}  # the claim catalogue cites the two articles, not figures' sources
GRADES = {"primary", "official", "news", "secondary"}
URL_COLUMNS = ("source_url", "source_url_2", "other_source_urls")
URL_SEPARATOR = " | "
# Hosts whose one-segment paths are user or organisation profiles rather than documents.
PROFILE_HOSTS = {"github.com", "gitlab.com", "twitter.com", "x.com", "linkedin.com", "www.linkedin.com",
                 "facebook.com", "www.facebook.com", "weibo.com", "medium.com", "zhihu.com", "www.zhihu.com"}
CODE_HOSTS = {"github.com", "gitlab.com"}

DATASETS = sorted(p.parent.name for p in DATA.glob("*/datapackage.json") if p.parent.name not in EXCLUDED)


def descriptor(name: str) -> dict:
    return json.loads((DATA / name / "datapackage.json").read_text(encoding="utf-8"))


def cited_urls(name: str):
    """Yield (resource, row number, column, url) for every URL a row of the dataset cites."""
    for resource in descriptor(name)["resources"]:
        with open(DATA / name / resource["path"], encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle), start=2):
                for column in URL_COLUMNS:
                    for url in (row.get(column) or "").split(URL_SEPARATOR):
                        if url.strip():
                            yield resource["name"], number, column, url.strip()


def is_bare_or_profile(url: str) -> bool:
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    host = parts.netloc.lower().split(":")[0]
    if not segments and not parts.query:
        return True  # a whole site, e.g. https://example.org/
    if host in CODE_HOSTS:
        return len(segments) < 4  # needs owner/repo/blob|raw|tree/<file>, not a profile or a repository front page
    return host in PROFILE_HOSTS and len(segments) < 2


def test_there_are_datasets_to_check():
    assert len(DATASETS) >= 9, DATASETS


@pytest.mark.parametrize("name", DATASETS)
def test_every_source_has_a_valid_grade(name):
    for source in descriptor(name)["sources"]:
        where = f"data/{name}/datapackage.json, source {source.get('path')!r}"
        assert source.get("grade") in GRADES, f"{where}: grade {source.get('grade')!r} is not one of {sorted(GRADES)}"
        for field in ("title", "publisher", "path", "date_retrieved"):
            assert source.get(field), f"{where}: missing {field!r}"
        if "grade_note" in source:
            assert isinstance(source["grade_note"], str) and source["grade_note"].strip(), where


@pytest.mark.parametrize("name", DATASETS)
def test_reposts_name_their_original_and_the_page_read(name):
    for source in descriptor(name)["sources"]:
        where = f"data/{name}/datapackage.json, source {source['path']!r}"
        if "original" in source or "via" in source:
            assert source.get("original", "").strip(), f"{where}: a repost must name its original (outlet/office, date)"
            assert source.get("via") == source["path"], f"{where}: 'via' must be the page actually read (= path)"
            assert source["grade"] != "secondary" or "grade_note" in source, where


@pytest.mark.parametrize("name", DATASETS)
def test_source_paths_are_unique_and_are_documents(name):
    paths = [s["path"] for s in descriptor(name)["sources"]]
    assert len(paths) == len(set(paths)), f"data/{name}: duplicated source paths"
    for path in paths:
        assert urlsplit(path).scheme in ("http", "https"), f"data/{name}: {path!r} is not a web address"
        assert not is_bare_or_profile(path), f"data/{name}: {path!r} is a bare site or profile page, not a document"


@pytest.mark.parametrize("name", DATASETS)
def test_every_cited_url_is_a_listed_source(name):
    paths = {s["path"] for s in descriptor(name)["sources"]}
    missing = [f"{resource}.csv row {number} {column}: {url}"
               for resource, number, column, url in cited_urls(name) if url not in paths]
    assert not missing, f"data/{name}: URLs cited by rows but not listed in sources:\n" + "\n".join(missing)


def test_profile_and_bare_site_detection():
    assert is_bare_or_profile("https://github.com/TuTroy")
    assert is_bare_or_profile("https://github.com/owner/repo")
    assert is_bare_or_profile("https://example.org/")
    assert not is_bare_or_profile("https://github.com/owner/repo/blob/main/data.json")
    assert not is_bare_or_profile("https://macaonews.org/?p=97178")
    assert not is_bare_or_profile("https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters")


def test_shenzhen_2024_sei_figures_rest_on_a_primary_source():
    """SEI-03 (42.3% of GDP) once rested on a personal portfolio page; it must now rest on the producer's report."""
    sources = {s["path"]: s for s in descriptor("sei_first_tier_cities")["sources"]}
    assert not any(urlsplit(p).netloc == "github.com" for p in sources)
    with open(DATA / "sei_first_tier_cities" / "sei_first_tier_cities.csv", encoding="utf-8", newline="") as handle:
        rows = {(r["city"], r["year"], r["indicator"]): r for r in csv.DictReader(handle)}
    expected = {"sei_share_of_gdp": "42.3", "sei_value_added": "15600", "sei_growth_yoy": "10.5"}
    for indicator, value in expected.items():
        row = rows[("Shenzhen", "2024", indicator)]
        assert row["value"] == value, indicator
        assert sources[row["source_url"]]["grade"] == "primary", indicator


# --- what the findings offer as evidence (issue 17) -------------------------------------------------------------

FINDINGS = Path(__file__).resolve().parents[2] / "innovlib" / "findings"


def test_findings_never_read_a_rows_main_source_url_alone():
    """A check that cites a data row offers every URL the row records (claims.row_sources: source_url,
    source_url_2, other_source_urls), never row["source_url"] alone: the AFP copy cited for London's 2025 rank also
    states its 2024 rank, and was not offered for it."""
    import ast

    found = []
    for path in sorted(FINDINGS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            key = node.slice.value if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) else None
            if key == "source_url" or (isinstance(node, ast.Attribute) and node.attr == "source_url"):
                found.append(f"{path.name}:{node.lineno}")
    assert not found, f"findings that read a row's source_url alone (use claims.row_sources(row)): {found}"


def test_one_url_has_one_grade_in_every_descriptor():
    """The same page graded twice differently (or once without a grade) made the verdict depend on which
    descriptor was read first; every descriptor, the claim catalogue's included, must agree."""
    grades: dict[str, set] = {}
    for path in sorted(DATA.glob("*/datapackage.json")):
        for source in json.loads(path.read_text(encoding="utf-8")).get("sources", []):
            grades.setdefault(source["path"], set()).add((source.get("grade"), path.parent.name))
    mixed = {url: sorted(g, key=str) for url, g in grades.items() if len({grade for grade, _ in g}) > 1}
    assert not mixed, f"URLs graded differently in different descriptors: {mixed}"


@pytest.mark.parametrize("name", DATASETS)
def test_an_original_names_its_date(name):
    """A repost takes its original's grade only when it names the original's outlet or office and its date."""
    import re

    for source in descriptor(name)["sources"]:
        if "original" in source:
            assert re.search(r"\b(19|20)\d\d\b", source["original"]), (
                f"data/{name}: {source['path']!r}: 'original' must give the original's date: {source['original']!r}")
