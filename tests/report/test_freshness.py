"""The report is written again exactly when something it is made of changed, and never trusted unchecked."""

from __future__ import annotations

import json
import os

from innovlib import report
from innovlib.report_freshness import RECORD_FILE, REPORT_FILES


def _bytes(folder):
    return {name: (folder / name).read_bytes() for name in REPORT_FILES}


def test_an_unchanged_report_is_left_as_it_is_and_gives_the_same_counts(tmp_path):
    first = report.write_report(tmp_path)
    written = _bytes(tmp_path)
    stamp = json.loads((tmp_path / "report.json").read_text())["generated_utc"]
    assert report.write_report(tmp_path) == first
    assert _bytes(tmp_path) == written  # not rewritten: same generation time, same bytes
    assert json.loads((tmp_path / "report.json").read_text())["generated_utc"] == stamp
    assert first == {k: v for k, v in json.loads((tmp_path / "report.json").read_text())["counts"].items()}


def test_an_edited_report_file_is_written_again(tmp_path):
    report.write_report(tmp_path)
    (tmp_path / "report.html").write_text("<p>edited</p>")
    report.write_report(tmp_path)
    assert b"<p>edited</p>" not in (tmp_path / "report.html").read_bytes()


def test_a_report_file_replaced_by_a_link_is_written_again(tmp_path):
    report.write_report(tmp_path)
    (tmp_path / "elsewhere.md").write_bytes((tmp_path / "report.md").read_bytes())
    (tmp_path / "report.md").unlink()
    os.symlink(tmp_path / "elsewhere.md", tmp_path / "report.md")
    report.write_report(tmp_path)
    assert not (tmp_path / "report.md").is_symlink()


def test_a_damaged_record_means_a_new_report(tmp_path):
    report.write_report(tmp_path)
    (tmp_path / RECORD_FILE).write_text("{not json")
    (tmp_path / "report.md").write_text("stale")
    report.write_report(tmp_path)
    assert (tmp_path / "report.md").read_text() != "stale"


def test_a_changed_run_folder_is_looked_at_again_and_its_problem_said_each_time(tmp_path):
    report.write_report(tmp_path)
    (tmp_path / "unicorns").mkdir()
    (tmp_path / "unicorns" / "run.json").write_text("{damaged")
    said, again = [], []
    report.write_report(tmp_path, said)
    assert len(said) == 1 and "unicorns" in said[0]
    report.write_report(tmp_path, again)  # unchanged since: left as it is, the same problem said
    assert again == said


def test_unchanged_counts_reads_the_counts_only_for_the_recorded_inputs(tmp_path):
    from innovlib.report_freshness import report_inputs, unchanged_counts

    counts = report.write_report(tmp_path)
    inputs = report_inputs(tmp_path)
    assert unchanged_counts(tmp_path, inputs) == (counts, [])
    assert unchanged_counts(tmp_path, "0" * 64) is None
    (tmp_path / "unicorns").mkdir()
    (tmp_path / "unicorns" / "run.json").write_text("{}")
    assert report_inputs(tmp_path) != inputs  # a new run folder is a new input
