"""`innovlib verify`: a cited run is re-executed into a temporary folder and certified, or its differences named.

Runs the fault-suite fixture notebook `quick` (tests/faults/notebooks), never the real notebooks: one good run is
made once for the module and copied into each case's outputs folder.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from innovlib import cli, verify

FAULTS = Path(__file__).resolve().parent / "faults"


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def baseline(quick_run):
    """One good run of `quick` with default parameters (conftest.quick_run); returns its root (data/, outputs/)."""
    return quick_run[0]


@pytest.fixture
def cited(baseline, tmp_path, monkeypatch):
    """A copy of the baseline's output folder, with the environment pointing at the baseline's data."""
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(baseline / "data"))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.delenv("FAULT_FAIL", raising=False)
    shutil.copytree(baseline / "outputs" / "quick", tmp_path / "outputs" / "quick")  # the run, not the report
    return tmp_path / "outputs" / "quick"


def test_verify_certifies_an_untouched_run(cited, capsys):
    before = snapshot(cited)
    assert cli.main(["verify", str(cited)]) == 0
    out = capsys.readouterr().out
    run = json.loads((cited / "run.json").read_text())
    assert out.startswith(f"VERIFIED {cited}") and run["run_id"] in out
    assert "1 table(s), 1 verdict(s)" in out and "input differs" not in out
    assert snapshot(cited) == before, "verify changed the cited outputs"
    assert not list(cited.parent.glob(".staging*")) and sorted(p.name for p in cited.parent.iterdir()) == ["quick"]


def test_verify_names_an_edited_table_an_edited_verdict_and_a_changed_input_and_leaves_them_alone(
        cited, tmp_path, monkeypatch, capsys):
    """Three tamperings, one re-execution: each is named on its own line."""
    table = cited / "tables" / "summary.csv"
    table.write_text(table.read_text().replace("tiny,3,", "tiny,4,"))
    claims_file = cited / "claims.json"
    verdicts = json.loads(claims_file.read_text())
    verdicts[0]["verdict"] = "contradicted"
    claims_file.write_text(json.dumps(verdicts))
    notebooks = tmp_path / "notebooks"
    shutil.copytree(FAULTS / "notebooks", notebooks)
    page = json.loads((notebooks / "quick.ipynb").read_text())
    page["cells"][0]["source"] = "# quick, edited\n"
    (notebooks / "quick.ipynb").write_text(json.dumps(page))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(notebooks))
    before = snapshot(cited)
    assert cli.main(["verify", str(cited)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"NOT VERIFIED {cited}")
    assert "result differs: tables/summary.csv: line 2: cited 'tiny,4,0', re-run 'tiny,3,0'" in out
    assert "tables/summary.csv of the cited folder has changed since the run wrote it" in out
    assert "input differs: notebook quick.ipynb: sha256" in out
    assert ("result differs: claims.json: SEI-03a differs (verdict: cited 'contradicted', re-run 'reproduced')"
            in out), out
    assert snapshot(cited) == before


def test_verify_refuses_a_folder_without_run_json(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert cli.main(["verify", str(tmp_path / "empty")]) == 2
    assert "run.json is missing; nothing to verify" in capsys.readouterr().err


def test_verify_compares_package_versions(cited, monkeypatch):
    run = json.loads((cited / "run.json").read_text())
    from innovlib import runner

    installed = runner.installed_packages()
    assert run["packages"] == installed and run["packages"]["pandas"]
    recorded = dict(run)
    recorded["packages"] = {**installed, "pandas": "0.0.1", "nonexistent-package": "1.0"}
    differences, notes, checked = verify.compare_inputs(recorded, FAULTS / "notebooks" / "quick.ipynb")
    assert differences == [] and checked >= 6
    assert any(f"pandas 0.0.1 in the run, {installed['pandas']} now" in n for n in notes)
    assert any("nonexistent-package 1.0" in n for n in notes)


def test_strip_run_specific_keeps_what_a_verdict_says():
    entry = {"part_id": "A-01", "verdict": "reproduced", "computed": 1, "run_id": "x", "output": "a"}
    assert verify.strip_run_specific([entry]) == [{"part_id": "A-01", "verdict": "reproduced", "computed": 1}]
