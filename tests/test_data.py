"""innovlib.data: loading the real datasets, and a clear error for each kind of bad input."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from conftest import GOOD_CSV, write_dataset
from innovlib import data
from innovlib.data import DataValidationError, load


def test_claim_catalogue_loads_with_provenance():
    claims = load("claims", resource="claims")
    parts = load("claims", resource="claim_parts")
    assert claims["claim_id"].is_unique and parts["part_id"].is_unique
    # holds for any catalogue: every part belongs to a claim, every claim has parts, every headline part is its own
    assert set(parts["claim_id"]) == set(claims["claim_id"])
    owner = parts.set_index("part_id")["claim_id"]
    for claim_id, headline in zip(claims["claim_id"], claims["headline"]):
        assert headline.split() and all(owner.get(part) == claim_id for part in headline.split()), claim_id
    assert claims.set_index("claim_id").loc["SEI-03", "article"] == "TW-2025-11"
    assert parts.set_index("part_id").loc["SEI-03a", "published_value"] == "42.3"
    assert parts.set_index("part_id").loc["GBA-01a", "published_value"] == "150/50/10"
    assert claims.attrs == {"dataset": "claims/claims"}  # a short name: pandas deep-copies attrs on every operation
    provenance = data.provenance_of(claims)
    assert provenance["dataset"] == "claims" and provenance["resource"] == "claims"
    assert len(provenance["sha256"]) == 64
    assert {s["publisher"] for s in provenance["sources"]} == {"Time Weekly (时代周报)", "The Paper (澎湃新闻)"}


def test_every_committed_dataset_is_valid_and_sourced():
    for name in data.dataset_names():
        descriptor = data.read_descriptor(name)
        assert descriptor["sources"], name
        for resource in descriptor["resources"]:
            data.validate(data.resolve(name, resource["name"]))
            fields = {f["name"]: f for f in resource["schema"]["fields"]}
            numeric = [f for f in fields.values()
                       if f.get("type") in ("number", "integer") and not f["name"].endswith(("year", "edition"))]
            assert resource["schema"].get("primaryKey"), f"{name}/{resource['name']} needs a primary key"
            assert all("unit" in f for f in numeric), f"{name}/{resource['name']}: every numeric field needs a unit"
            if len(descriptor["sources"]) > 1 and name != "claims":
                assert "source_url" in fields, f"{name}/{resource['name']}: rows from several sources need source_url"


def test_good_dataset_is_typed(data_root):
    write_dataset(data_root)
    table = load("demo")
    assert str(table["year"].dtype) == "Int64"
    assert table["value"].tolist()[0] == 100.5
    assert pd.isna(table["value"].tolist()[1])  # an empty cell is a documented gap, not zero
    assert data.provenance_of(table)["units"] == {"value": "100 million CNY"}


def test_catalogue_and_describe(data_root):
    write_dataset(data_root)
    catalogue = data.catalogue()
    assert catalogue.to_dict("records") == [
        {"dataset": "demo", "resource": "demo", "title": "Demo dataset", "rows": 2, "sources": 1}
    ]
    text = data.describe("demo")
    assert "https://example.org" in text and "value (number) [100 million CNY]" in text


def test_rehash_records_a_deliberate_edit(data_root):
    csv = write_dataset(data_root)
    csv.write_text(GOOD_CSV.replace("100.5", "100.6"), encoding="utf-8")
    with pytest.raises(DataValidationError, match="checksum mismatch"):
        load("demo")
    data.rehash("demo")
    assert load("demo")["value"].tolist()[0] == 100.6


def _error(data_root, csv_text=GOOD_CSV, **kwargs) -> DataValidationError:
    write_dataset(data_root, csv_text, **kwargs)
    with pytest.raises(DataValidationError) as info:
        load("demo")
    return info.value


def test_unknown_dataset_lists_the_known_ones(data_root):
    write_dataset(data_root)
    with pytest.raises(DataValidationError, match="no dataset 'dmeo'.*Known datasets: demo"):
        load("dmeo")


def test_missing_file(data_root):
    csv = write_dataset(data_root)
    csv.unlink()
    with pytest.raises(DataValidationError, match=r"demo\.csv: file is missing"):
        load("demo")


def test_empty_file(data_root):
    error = _error(data_root, "")
    assert error.path.endswith("demo.csv") and "file is empty" in str(error)


def test_header_without_rows(data_root):
    assert "no data rows" in str(_error(data_root, "city,year,value,source_url\n"))


def test_missing_column(data_root):
    error = _error(data_root, "city,year,source_url\nBeijing,2023,https://x\n")
    assert (error.row, error.column) == (1, "value")
    assert "column is missing" in str(error)


def test_extra_column(data_root):
    error = _error(data_root, "city,year,value,source_url,extra\nBeijing,2023,1,https://x,9\n")
    assert (error.row, error.column) == (1, "extra")


def test_columns_out_of_order(data_root):
    error = _error(data_root, "year,city,value,source_url\n2023,Beijing,1,https://x\n")
    assert "out of order" in str(error)


def test_wrong_type_names_row_and_column(data_root):
    error = _error(data_root, GOOD_CSV + "Shanghai,2023,lots,https://x\n")
    assert (error.row, error.column) == (4, "value")
    assert "'lots' is not of the declared type" in str(error)
    assert str(error).startswith(f"{data_root / 'demo' / 'demo.csv'}, row 4, column 'value'")


def test_duplicate_primary_key(data_root):
    error = _error(data_root, GOOD_CSV + "Beijing,2023,7,https://x\n")
    assert error.row == 4 and "duplicate key" in str(error)


def test_value_below_minimum(data_root):
    error = _error(data_root, GOOD_CSV + "Shanghai,2023,-5,https://x\n")
    assert (error.row, error.column) == (4, "value") and "minimum" in str(error)


def test_value_above_maximum(data_root):
    error = _error(data_root, GOOD_CSV + "Shanghai,2031,5,https://x\n")
    assert (error.row, error.column) == (4, "year") and "maximum" in str(error)


def test_value_outside_enumeration(data_root):
    error = _error(data_root, GOOD_CSV + "Guangzhou,2023,5,https://x\n")
    assert (error.row, error.column) == (4, "city") and "enum" in str(error)


def test_missing_required_value(data_root):
    error = _error(data_root, GOOD_CSV + "Shanghai,2023,5,\n")
    assert (error.row, error.column) == (4, "source_url") and "required" in str(error)


def test_checksum_mismatch(data_root):
    error = _error(data_root, record_hash=False)
    assert "checksum mismatch" in str(error) and "innovlib data rehash demo" in str(error)


def test_descriptor_is_not_json(data_root):
    write_dataset(data_root)
    (data_root / "demo" / "datapackage.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataValidationError, match="not valid JSON"):
        load("demo")


def test_descriptor_without_sources(data_root):
    assert "no 'sources'" in str(_error(data_root, sources=[]))


def test_source_without_url(data_root):
    assert "has no URL" in str(_error(data_root, sources=[{"title": "A report"}]))


def test_several_resources_need_a_name(data_root):
    write_dataset(data_root)
    path = data_root / "demo" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["resources"].append({**descriptor["resources"][0], "name": "copy"})
    path.write_text(json.dumps(descriptor))
    with pytest.raises(DataValidationError, match="several resources"):
        load("demo")
    assert len(load("demo", resource="copy")) == 2


def test_urls_must_be_http(data_root):
    error = _error(data_root, GOOD_CSV.replace("https://example.org/sz", "javascript:alert(1)"))
    assert (error.row, error.column) == (3, "source_url") and "http(s) URL" in str(error)
    assert "must be an http(s) URL" in str(_error(data_root, sources=[{"title": "A", "path": "file:///etc/passwd"}]))
    assert data.is_http_url("https://example.org/a?b=1") and not data.is_http_url("http:///nohost")


def test_nul_bytes_and_repeated_rows_name_the_row(data_root):
    assert _error(data_root, GOOD_CSV.replace("Shenzhen", "Shen\x00zhen")).row == 3
    write_dataset(data_root, GOOD_CSV + GOOD_CSV.splitlines()[1] + "\n")
    path = data_root / "demo" / "datapackage.json"
    descriptor = json.loads(path.read_text())
    descriptor["resources"][0]["schema"].pop("primaryKey")
    path.write_text(json.dumps(descriptor))
    with pytest.raises(DataValidationError, match="row 4: row repeats row 2"):
        load("demo")


def test_missing_datasets_are_found(data_root):
    write_dataset(data_root)
    (data_root / "empty").mkdir()
    assert data.missing_datasets() == {"empty": f"{data_root / 'empty' / 'datapackage.json'}: descriptor is missing"}


def test_data_validate_rejects_a_url_graded_twice_and_show_prints_grades(data_root, capsys):
    from innovlib import cli

    source = {"title": "A repost", "publisher": "Example", "path": "https://example.org/repost",
              "original": "Xinhua, 2025-09-16", "via": "https://example.org/repost"}
    write_dataset(data_root, name="first", sources=[{**source, "grade": "news"}])
    write_dataset(data_root, name="second", sources=[{**source, "grade": "secondary"}])
    assert cli.main(["data", "validate"]) == 1
    out = capsys.readouterr().out
    line = next(line for line in out.splitlines() if line.startswith("INVALID"))
    assert "second/datapackage.json" in line and "first/datapackage.json" in line and "one URL takes one grade" in line
    assert cli.main(["data", "show", "first"]) == 0
    shown = capsys.readouterr().out
    assert "[news] Example: A repost" in shown and "original: Xinhua, 2025-09-16" in shown
    assert "via: https://example.org/repost" in shown
    write_dataset(data_root, name="second", sources=[{**source, "grade": "news"}])
    assert cli.main(["data", "validate"]) == 0


def test_resolve_gives_a_dataset_ref_naming_the_csv_and_its_descriptor(data_root):
    csv = write_dataset(data_root, name="demo")
    ref = data.resolve("demo")
    assert isinstance(ref, data.DatasetRef)
    assert (ref.name, ref.resource, ref.csv_path, ref.descriptor_path) == (
        "demo", "demo", csv, data_root / "demo" / "datapackage.json")
    assert ref.descriptor["title"] == "Demo dataset"
    assert ref.resource_descriptor["schema"]["primaryKey"] == ["city", "year"]
