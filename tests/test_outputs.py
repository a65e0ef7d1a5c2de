"""What a notebook hands to the runner (records, scalars, tables) and the outputs folder's guards (the lock, real
folders, atomic writes), checked by the files they leave."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pandas as pd
import pytest

from innovlib import outputs
from innovlib.outputs import (
    OutputsBusyError, OutputsLinkError, atomic_write_text, collect_scalars, held_lock_fds, lock_outputs,
    make_real_directory, read_records, record_claim, record_dataset, record_not_tested, save_scalar, save_table,
)


@pytest.fixture
def staging(tmp_path, monkeypatch):
    """A run's staging folder, as the runner sets it for the kernel."""
    folder = tmp_path / "staging"
    monkeypatch.setenv(outputs.RUN_DIR_ENV, str(folder))
    return folder


def test_records_are_appended_as_json_lines_and_read_back_in_order(staging):
    record_dataset("demo", "demo", "ab" * 32, staging / "demo.csv")
    record_claim({"claim": "GII-01", "verdict": "reproduced"})
    record_claim({"claim": "GII-02", "verdict": "contradicted"})
    record_not_tested({"part": "GII-03a", "because": "edition = 2024"})
    assert read_records(staging, "datasets.jsonl") == [
        {"dataset": "demo", "resource": "demo", "sha256": "ab" * 32, "path": str(staging / "demo.csv")}]
    assert [r["claim"] for r in read_records(staging, "claims.jsonl")] == ["GII-01", "GII-02"]
    assert read_records(staging, "not_tested.jsonl") == [{"part": "GII-03a", "because": "edition = 2024"}]


def test_a_line_cut_short_by_a_killed_kernel_loses_that_record_only(tmp_path):
    (tmp_path / "claims.jsonl").write_text('{"claim": "A"}\n{"claim": "B", "verd\n\n[1, 2]\n{"claim": "C"}\n')
    assert read_records(tmp_path, "claims.jsonl") == [{"claim": "A"}, {"claim": "C"}]
    assert read_records(tmp_path, "absent.jsonl") == []


def test_outside_a_run_nothing_is_written(tmp_path, monkeypatch):
    monkeypatch.delenv(outputs.RUN_DIR_ENV, raising=False)
    monkeypatch.chdir(tmp_path)
    record_claim({"claim": "GII-01"})
    assert save_scalar("top_rank", 3) == 3
    assert list(tmp_path.iterdir()) == []


def test_scalars_keep_the_last_value_per_name_as_plain_python(staging):
    import numpy as np

    save_scalar("top_rank", np.int64(3))
    save_scalar("share", np.float64(0.25))
    save_scalar("top_rank", 4)
    save_scalar("leader", "Shenzhen")
    save_scalar("holds", np.bool_(True))
    assert collect_scalars(staging) == {"top_rank": 4, "share": 0.25, "leader": "Shenzhen", "holds": True}
    assert collect_scalars(staging.parent / "no-run") == {}


@pytest.mark.parametrize("name, value, message", [
    ("Top", 1, "must match"),
    ("long_text", "x" * 201, "201 characters"),
    ("a_list", [1], "got list"),
    ("share", float("inf"), "must be finite"),
])
def test_a_scalar_that_a_summary_cannot_hold_is_refused(staging, name, value, message):
    with pytest.raises(ValueError, match=message):
        save_scalar(name, value)
    assert not (staging / "scalars.jsonl").exists()


def test_a_user_table_is_written_with_formulas_neutralised(staging):
    table = pd.DataFrame({"company": ["=CMD()", "Acme"], "n": [-1, 2]})
    table.attrs["user_input"] = True
    assert save_table(table, "companies") is table
    own = pd.DataFrame({"note": ["=1+1"]})
    assert save_table(own, "own") is own
    assert (staging / "tables" / "companies.csv").read_text() == "company,n\n'=CMD(),-1\nAcme,2\n"
    assert (staging / "tables" / "own.csv").read_text() == "note\n=1+1\n"  # the project's own table: as it is


def test_the_gdp_comparison_is_saved_without_float_noise(staging):
    """5.6 - 5.2 is 0.39999999999999947 in binary floats; the citable CSV says 0.4, as the figures allow."""
    import csv

    from innovlib import analyses
    from innovlib.data import load

    comparison = analyses.first_tier_gdp.growth_vs_national(load("city_gdp_2025q1q3"), "2025Q1-Q3",
                                                            ["Beijing", "Shanghai", "Shenzhen", "Guangzhou"])
    assert comparison.set_index("city").loc["Beijing", "difference_pp"] != 0.4  # the noise is there to remove
    save_table(comparison, "gdp_growth_vs_national")
    text = (staging / "tables" / "gdp_growth_vs_national.csv").read_text(encoding="utf-8")
    rows = {row["city"]: row for row in csv.DictReader(text.splitlines())}
    assert {city: rows[city]["difference_pp"] for city in rows} == {
        "Beijing": "0.4", "Shanghai": "0.3", "Shenzhen": "0.3", "Guangzhou": "-1.1"}
    assert rows["Beijing"]["real_growth"] == "5.6" and rows["Beijing"]["national"] == "5.2"
    assert not re.search(r"\d\.\d*(?:0{6}|9{6})\d", text)


def test_save_table_writes_each_float_column_at_its_precision(staging):
    table = pd.DataFrame({"city": ["A", "B", "C"], "share": [1 / 3, 0.125, None], "level": [8.8, 5.25, 2.0],
                          "rank": [1, 2, 3], "ratio": [2 / 3, 0.1 + 0.2, 1.0], "holds": [True, False, True]})
    save_table(table, "precision", precision={"share": 2})
    assert (staging / "tables" / "precision.csv").read_text() == (
        "city,share,level,rank,ratio,holds\n"
        "A,0.33,8.8,1,0.666666666667,True\n"  # computed, undeclared: 12 significant digits, no noise
        "B,0.12,5.25,2,0.3,False\n"  # declared: half to even; 0.1 + 0.2 is 0.3
        "C,,2,3,1,True\n")  # missing stays empty; a whole number has no decimal point
    save_table(table, "all_floats", precision=1)
    assert (staging / "tables" / "all_floats.csv").read_text().splitlines()[1] == "A,0.3,8.8,1,0.7,True"
    assert table["share"].iloc[0] == 1 / 3  # the table itself is not changed


def test_the_index_is_written_when_asked(staging):
    table = pd.DataFrame({"rank": [1.0, 2.0]}, index=pd.Index(["Tokyo", "Seoul"], name="cluster"))
    save_table(table, "indexed", index=True)
    assert (staging / "tables" / "indexed.csv").read_text() == "cluster,rank\nTokyo,1\nSeoul,2\n"


def test_the_lock_is_reentrant_and_refuses_a_second_holder_without_waiting(tmp_path):
    folder = tmp_path / "outputs"
    with lock_outputs(folder):
        with lock_outputs(folder):  # the same process again: re-entrant
            assert len(held_lock_fds()) == 1
        assert (folder / ".lock").read_text() == str(os.getpid())
        other = subprocess.run(  # another process: the lock is busy and names its holder
            [sys.executable, "-c", "import sys; from innovlib.outputs import lock_outputs\n"
             "with lock_outputs(sys.argv[1], wait=False): pass", str(folder)],
            capture_output=True, text=True, timeout=60)
        assert other.returncode == 1
        assert f"OutputsBusyError: {folder} is in use by another innovlib run (pid {os.getpid()})" in other.stderr
    assert held_lock_fds() == []


def test_a_lock_file_that_is_a_link_is_refused_and_its_target_kept(tmp_path):
    folder, target = tmp_path / "outputs", tmp_path / "precious.txt"
    folder.mkdir()
    target.write_text("keep")
    (folder / ".lock").symlink_to(target)
    with pytest.raises(OutputsLinkError, match="symbolic link"):
        with lock_outputs(folder):
            pass
    assert target.read_text() == "keep"


def test_make_real_directory_creates_a_folder_and_refuses_a_link_or_a_file(tmp_path):
    assert make_real_directory(tmp_path / "a" / "b") == tmp_path / "a" / "b"
    assert (tmp_path / "a" / "b").is_dir()
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "file").write_text("x")
    with pytest.raises(OutputsLinkError, match="symbolic link"):
        make_real_directory(tmp_path / "link")
    with pytest.raises(OutputsLinkError, match="is not a folder"):
        make_real_directory(tmp_path / "file")


def test_atomic_write_replaces_a_link_itself_never_the_file_it_names(tmp_path):
    target, path = tmp_path / "elsewhere.json", tmp_path / "run.json"
    target.write_text("old")
    path.symlink_to(target)
    atomic_write_text(path, json.dumps({"status": "ok"}))
    assert target.read_text() == "old"
    assert not path.is_symlink() and json.loads(path.read_text()) == {"status": "ok"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["elsewhere.json", "run.json"]  # no temporary left
