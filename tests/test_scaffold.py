"""innovlib.scaffold and ``innovlib new``: what the skeleton holds, the names it refuses, and (marked ``notebooks``,
slow) a copy of the project where ``innovlib new demo`` is followed by every step of the README's "Adding a finding"
check: the finding's tests and doctests, its data validation, ``innovlib run demo --alternatives``, its reviewed
verdicts and stray outputs, ``innovlib verify outputs/demo`` and ``innovlib report``."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from innovlib import cli, scaffold
from innovlib.notebook_outputs import stray_outputs
from innovlib.scaffold import ClaimSkeleton, ScaffoldError

PROJECT = Path(__file__).resolve().parents[1]


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A small project: its pyproject.toml, the claim catalogue, empty package and test folders; the working
    directory, so that innovlib finds it as the project root."""
    root = tmp_path / "project"
    shutil.copytree(PROJECT / "data" / "claims", root / "data" / "claims")
    shutil.copy(PROJECT / "pyproject.toml", root / "pyproject.toml")
    for folder in ("notebooks", "innovlib/analyses", "innovlib/findings", "tests/findings"):
        (root / folder).mkdir(parents=True)
    monkeypatch.chdir(root)
    monkeypatch.delenv("INNOVLIB_DATA_DIR", raising=False)
    monkeypatch.delenv("INNOVLIB_NOTEBOOKS_DIR", raising=False)
    return root


def test_claim_names_and_default_ids():
    skeleton = ClaimSkeleton("GII-06", ("GII-06a", "GII-06b"), new=False)
    assert (skeleton.function, skeleton.evidence_class, skeleton.constant) == (
        "gii_06", "Gii06Evidence", "GII_06_PARTS")
    assert scaffold.default_claim_id("demo", set()) == "DEM-01"
    assert scaffold.default_claim_id("demo", {"DEM-01", "DEM-02"}) == "DEM-03"
    assert scaffold.default_claim_id("oecd_rd_intensity", set()) == "ORI-01"  # initials of three words or more
    assert scaffold.default_claim_id("r2", set()) == "RXX-01"
    assert scaffold.CLAIM_ID_PATTERN.match("RDI-01") and not scaffold.NAME_PATTERN.match("1demo")
    assert (ClaimSkeleton("RDI-01", ("RDI-01",), new=True).published, scaffold.CLAIM_YEAR) == ("3", 2025)


@pytest.mark.parametrize("argv, message", [
    (["new", "Demo"], "'Demo' cannot name a finding"),
    (["new", "class"], "'class' cannot name a finding"),
    (["new", "record"], "'record' is a name innovlib.findings or innovlib.analyses already uses"),
    (["new", "demo", "--dataset", "bad-name"], "'bad-name' cannot name a finding"),
    (["new", "demo", "--claim", "demo-1"], "claim id 'demo-1' must be 2-3 capitals"),
])
def test_a_bad_name_is_one_line_and_exit_2_and_nothing_is_written(project, capsys, argv, message):
    before = sorted(p.relative_to(project) for p in project.rglob("*"))
    assert cli.main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert sorted(p.relative_to(project) for p in project.rglob("*")) == before


def test_a_taken_name_or_dataset_is_refused(project, capsys):
    (project / "notebooks" / "demo.ipynb").write_text("{}", encoding="utf-8")
    assert cli.main(["new", "demo"]) == 2
    assert capsys.readouterr().err == "innovlib new: notebooks/demo.ipynb exists: 'demo' is taken\n"
    (project / "data" / "shared_rows").mkdir()
    with pytest.raises(ScaffoldError, match="data/shared_rows exists"):
        scaffold.new_finding("other", dataset="shared_rows")


def test_the_skeleton_of_an_existing_and_a_new_claim(project):
    written = scaffold.new_finding("rd_intensity", dataset="rd_rows", claim_ids=["GII-06", "RDI-01"])
    assert [p.relative_to(project).as_posix() for p in written] == [
        "data/rd_rows/rd_rows.csv", "data/rd_rows/datapackage.json", "notebooks/rd_intensity.ipynb",
        "innovlib/analyses/rd_intensity.py", "innovlib/findings/rd_intensity.py", "tests/findings/test_rd_intensity.py",
        "tests/notebooks/reviewed/rd_intensity.json", "data/claims/publications.csv", "data/claims/claims.csv",
        "data/claims/claim_parts.csv", "data/claims/datapackage.json"]
    # the catalogue: one new claim from one new publication, an analyst's question; GII-06 stays as it was
    catalogue = project / "data" / "claims"
    new_claims = [r for r in rows(catalogue / "claims.csv") if r["topic"] == "rd_intensity"]
    assert [(r["claim_id"], r["article"], r["headline"]) for r in new_claims] == [
        ("RDI-01", "rd_intensity-question", "RDI-01")]
    assert [r["part_id"] for r in rows(catalogue / "claim_parts.csv") if r["claim_id"] in ("RDI-01", "GII-06")] == [
        "GII-06a", "GII-06b", "GII-06c", "RDI-01"]
    publication = rows(catalogue / "publications.csv")[-1]
    assert (publication["publication_id"], publication["kind"], publication["path"], publication["grade"]) == (
        "rd_intensity-question", "analyst question", "", "")
    assert json.loads((project / "tests/notebooks/reviewed/rd_intensity.json").read_text()) == {
        "GII-06a": "not_checkable", "GII-06b": "not_checkable", "GII-06c": "not_checkable",
        "RDI-01": "not_checkable"}
    # the data: a placeholder graded secondary, its checksum the file's sha256, valid against its descriptor
    descriptor = json.loads((project / "data/rd_rows/datapackage.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256((project / "data/rd_rows/rd_rows.csv").read_bytes()).hexdigest()
    assert descriptor["resources"][0]["hash"] == f"sha256:{digest}"
    assert [(s["path"], s["grade"]) for s in descriptor["sources"]] == [
        ("https://example.org/replace-this-source/rd_rows", "secondary")]
    assert "PLACEHOLDER" in descriptor["title"] and "PLACEHOLDER" in descriptor["sources"][0]["title"]
    assert cli.main(["data", "validate"]) == 0
    # the notebook: the innovlib kernel, a tagged parameters cell, one cell per claim, the verdicts last
    notebook = nbformat.read(project / "notebooks/rd_intensity.ipynb", as_version=4)
    code = [c.source for c in notebook.cells if c.cell_type == "code"]
    assert notebook.metadata.kernelspec.name == "innovlib"
    assert [c.source for c in notebook.cells if "parameters" in c.metadata.get("tags", [])] == [
        "year: int = 2025  # year the claims are about {choices: [2024, 2025]}"]
    assert [s for s in code if s.startswith("findings.")] == [
        "findings.rd_intensity.gii_06(audit, table, year)", "findings.rd_intensity.rdi_01(audit, table, year)"]
    # the verdicts, then the Explore cell: the runner puts the findings at the top of the executed notebook, so no
    # table repeats them
    assert code[-2:] == ["findings.rd_intensity.rdi_01(audit, table, year)",
                         'from innovlib.explore import panel; panel("rd_intensity")']
    assert "findings_markdown" not in "".join(code)
    assert not any(c.get("outputs") for c in notebook.cells)
    # the findings module: evidence, decision and recording per claim; the test compares only the new claim
    module = (project / "innovlib/findings/rd_intensity.py").read_text(encoding="utf-8")
    for name in ("gii_06_evidence", "decide_gii_06", "def gii_06(", "rdi_01_evidence", "decide_rdi_01", "WORDING"):
        assert name in module
    assert 'GII_06_PARTS = ["GII-06a", "GII-06b", "GII-06c"]' in module
    test = (project / "tests/findings/test_rd_intensity.py").read_text(encoding="utf-8")
    assert "test_rdi_01_compares_a_published_value" in test and "test_gii_06_compares" not in test


def test_notebook_cells_from_marked_text():
    notebook = scaffold.notebook_from_text("# %% [markdown]\n# Title\n\nText\n# %% [parameters]\nn: int = 1\n# %%\nn\n")
    assert [(c.cell_type, c.source, c.metadata.get("tags")) for c in notebook.cells] == [
        ("markdown", "# Title\n\nText", None), ("code", "n: int = 1", ["parameters"]), ("code", "n", None)]
    assert scaffold.CELL_MARKER.pattern.startswith("^# %%")


def run(command: list[str], root: Path, env: dict) -> subprocess.CompletedProcess:
    outcome = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, check=False)
    assert outcome.returncode == 0, f"{' '.join(command)}:\n{outcome.stdout}\n{outcome.stderr}"
    return outcome


def test_new_demo_passes_the_check_in_a_copy_of_the_project(tmp_path, monkeypatch):
    """The README's "Adding a finding" on a copy of the project, before any edit: new, then the check's steps."""
    copy = tmp_path / "project"
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT, capture_output=True,
                            text=True, check=True).stdout.splitlines()
    for relative in listed:
        source = PROJECT / relative
        if source.is_file() and not relative.startswith("outputs/"):
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / relative)
    # the copy's innovlib, with the finding new adds; its pytest a session of its own, not one of this xdist worker's
    env = {key: value for key, value in os.environ.items() if not key.startswith(("INNOVLIB_", "PYTEST_XDIST_"))}
    env["PYTHONPATH"] = str(copy)
    innovlib = [sys.executable, "-m", "innovlib"]
    created = run([*innovlib, "new", "demo"], copy, env)
    assert "tests/findings/__snapshots__/test_demo.ambr" in created.stdout
    assert "'DEM-01',\n      'not_checkable',\n      'no_public_data'," in (
        copy / "tests/findings/__snapshots__/test_demo.ambr").read_text(encoding="utf-8")
    # its tests and doctests, and the project's tests a new finding and claim could break (the catalogue, every
    # public definition tested, the layering): none pins the number of claims or needs an edit
    tests = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/findings/test_demo.py",
                 "innovlib/findings/demo.py", "innovlib/analyses/demo.py", "tests/claims", "tests/test_public_api.py",
                 "tests/test_architecture.py"], copy, env)
    assert " passed" in tests.stdout and "failed" not in tests.stdout
    run([*innovlib, "data", "validate", "demo", "claims"], copy, env)
    run([*innovlib, "run", "demo", "--alternatives"], copy, env)
    verdicts = json.loads((copy / "outputs/demo/claims.json").read_text(encoding="utf-8"))
    reviewed = json.loads((copy / "tests/notebooks/reviewed/demo.json").read_text(encoding="utf-8"))
    assert {v["part_id"]: v["verdict"] for v in verdicts} == reviewed == {"DEM-01": "not_checkable"}
    assert stray_outputs(nbformat.read(copy / "outputs/demo/demo.ipynb", as_version=4)) == []
    assert "results identical" in run([*innovlib, "verify", "outputs/demo"], copy, env).stdout
    run([*innovlib, "report"], copy, env)
    report = json.loads((copy / "outputs/report.json").read_text(encoding="utf-8"))
    demo = next(c for c in report["claims"] if c["claim_id"] == "DEM-01")
    assert (demo["verdict"], demo["reason"], demo["article"]) == ("not_checkable", "no_public_data", "demo-question")
    # the snapshot is the test's own record: running it again passes against it
    monkeypatch.setenv("PYTHONPATH", str(copy))
    again = scaffold.record_snapshot("demo", root=copy)
    assert again.returncode == 0 and "1 snapshot passed" in again.stdout
