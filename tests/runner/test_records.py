"""What the runner records and repairs, checked file by file: recovery after a killed run, the files and checksums
of an output folder, the datasets a run read, the run's citation, git state and RO-Crate.

The crate and freshness cases reuse the one good run of the fault-suite notebook ``quick`` (conftest.quick_run);
nothing here starts a kernel.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import FAULTS, PROJECT_ROOT
from innovlib.runner import provenance
from innovlib.runner.cache import cache_is_fresh, current_datasets, dataset_fingerprints, output_checksums, \
    output_files
from innovlib.runner.discovery import find_kernel
from innovlib.runner.planning import plan
from innovlib.runner.provenance import citation_text, crate_id_fragment, git_state, lock_file, write_run_crate
from innovlib.runner.staging import recover_outputs


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- recovery after a killed run ------------------------------------------------------------------------------

def test_recover_outputs_puts_back_an_output_whose_replacement_never_arrived(tmp_path):
    outputs = tmp_path / "outputs"
    waiting = outputs / ".trash" / "a1b2c3" / "gii"  # moved aside by a swap that was killed half-way
    waiting.mkdir(parents=True)
    (waiting / "run.json").write_text('{"status": "ok"}')
    no_record = outputs / ".trash" / "d4e5f6" / "sei"  # no run.json: not a complete output, not put back
    no_record.mkdir(parents=True)
    (outputs / "unicorns").mkdir()  # a current output folder: left alone
    (outputs / ".staging" / "gii-20260101").mkdir(parents=True)
    (outputs / ".report.html.123.tmp").write_text("half")
    lines = []
    recover_outputs(outputs, lines.append)
    assert sorted(p.name for p in outputs.iterdir()) == ["gii", "unicorns"]
    assert (outputs / "gii" / "run.json").read_text() == '{"status": "ok"}'
    assert lines == ["cleaned  1 unfinished staging folder(s) left by an interrupted run",
                     f"restored {outputs / 'gii'} (an interrupted run had moved it aside)"]


def test_recover_outputs_never_replaces_an_output_that_is_back_in_place(tmp_path):
    outputs = tmp_path / "outputs"
    (outputs / ".trash" / "a1" / "gii").mkdir(parents=True)
    (outputs / ".trash" / "a1" / "gii" / "run.json").write_text("old")
    (outputs / "gii").mkdir()
    (outputs / "gii" / "run.json").write_text("new")
    recover_outputs(outputs)
    assert (outputs / "gii" / "run.json").read_text() == "new"
    assert sorted(p.name for p in outputs.iterdir()) == ["gii"]


# --- an output folder's files and the datasets a run read -----------------------------------------------------

def test_output_files_lists_links_and_leaves_out_the_record_and_failed_notebooks(tmp_path):
    (tmp_path / "tables").mkdir()
    (tmp_path / "tables" / "summary.csv").write_bytes(b"a,b\n1,2\n")
    (tmp_path / "quick.ipynb").write_bytes(b"{}")
    (tmp_path / "run.json").write_text("{}")
    (tmp_path / "failed-20260101.ipynb").write_text("{}")
    (tmp_path / "linked").symlink_to(tmp_path / "tables")
    assert output_files(tmp_path) == ["linked", "quick.ipynb", "tables/summary.csv"]
    (tmp_path / "linked").unlink()
    assert output_checksums(tmp_path) == {"quick.ipynb": sha256(b"{}"), "tables/summary.csv": sha256(b"a,b\n1,2\n")}


def test_dataset_fingerprints_keep_one_entry_per_dataset_with_its_descriptor(tmp_path):
    folder = tmp_path / "tiny"
    folder.mkdir()
    (folder / "datapackage.json").write_bytes(b'{"name": "tiny"}')
    records = [
        {"dataset": "tiny", "resource": "tiny", "sha256": "1" * 64, "path": str(folder / "tiny.csv")},
        {"dataset": "tiny", "resource": "tiny", "sha256": "2" * 64, "path": str(folder / "tiny.csv")},  # again
        {"dataset": "gone", "resource": "gone", "sha256": "3" * 64, "path": str(tmp_path / "gone" / "gone.csv")},
        {"resource": "no dataset name"},  # an incomplete record is skipped
    ]
    assert dataset_fingerprints(records) == [
        {"dataset": "gone", "resource": "gone", "path": str(tmp_path / "gone" / "gone.csv"), "sha256": "3" * 64,
         "descriptor_sha256": None},
        {"dataset": "tiny", "resource": "tiny", "path": str(folder / "tiny.csv"), "sha256": "2" * 64,
         "descriptor_sha256": sha256(b'{"name": "tiny"}')},
    ]


def test_current_datasets_reads_the_data_folder_as_it_is_now(monkeypatch):
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(FAULTS / "data"))
    folder = FAULTS / "data" / "tiny"
    [current] = current_datasets([{"dataset": "tiny", "resource": "tiny"}])
    assert current == {"dataset": "tiny", "resource": "tiny", "path": str(folder / "tiny.csv"),
                       "sha256": sha256((folder / "tiny.csv").read_bytes()),
                       "descriptor_sha256": sha256((folder / "datapackage.json").read_bytes())}
    assert current_datasets([{"dataset": "absent", "resource": "absent"}]) is None
    assert current_datasets("not a list") is None


def test_cache_is_fresh_until_the_data_it_read_is_read_from_elsewhere(quick_run, tmp_path, monkeypatch):
    root = quick_run[0]
    shutil.copytree(root / "outputs" / "quick", tmp_path / "outputs" / "quick")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    [task] = plan(["quick"], kernel=find_kernel())
    assert cache_is_fresh(task)
    shutil.copytree(root / "data", tmp_path / "data")  # the same files in another data folder: another input
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(tmp_path / "data"))
    assert not cache_is_fresh(task)


# --- provenance ---------------------------------------------------------------------------------------------

def test_citation_text_is_built_from_citation_cff(tmp_path):
    (tmp_path / "CITATION.cff").write_text(
        "title: innovlib\nversion: 0.1.0\ndate-released: 2026-01-15\nurl: https://example.org/innovlib\n"
        "authors:\n  - name: innovlib developers\n  - family-names: Li\n    given-names: Wei\n")
    assert citation_text(tmp_path) == ("innovlib developers; Li, Wei (2026). innovlib, version 0.1.0. "
                                       "https://example.org/innovlib")
    assert citation_text(tmp_path / "absent") == "innovlib (see CITATION.cff)"


def test_installed_packages_are_read_again_once_a_package_is_installed(tmp_path, monkeypatch):
    before = provenance.installed_packages()
    assert before["pandas"] == provenance.package_versions()["pandas"]
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    assert provenance.installed_packages() == before  # a folder without package metadata changes nothing
    (site / "Fresh_Package-1.2.dist-info").mkdir()  # what pip writes: a new entry in a folder on the path
    (site / "Fresh_Package-1.2.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: Fresh_Package\n"
                                                                    "Version: 1.2\n")
    assert provenance.installed_packages() == {**before, "fresh-package": "1.2"}
    monkeypatch.undo()
    assert provenance.installed_packages() == before


def test_crate_id_fragment_keeps_safe_characters_only():
    assert crate_id_fragment("data/tiny/tiny.csv") == "#input-data-tiny-tiny.csv"
    assert crate_id_fragment("x = <script>", prefix="parameter") == "#parameter-x-script"


def test_lock_file_is_the_one_the_makefile_installs_from(tmp_path):
    assert lock_file(tmp_path) == tmp_path / "requirements.lock"
    assert "-r requirements.lock" in (PROJECT_ROOT / "Makefile").read_text()
    assert lock_file().read_text() == (PROJECT_ROOT / "requirements.lock").read_text()


def test_git_state_names_the_commit_and_whether_tracked_sources_changed(tmp_path):
    def git(*args):
        return subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    (tmp_path / "innovlib").mkdir()
    (tmp_path / "innovlib" / "a.py").write_text("x = 1\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "first")
    commit = git("rev-parse", "HEAD").strip()
    assert git_state(tmp_path) == {"commit": commit, "dirty": False}
    (tmp_path / "notes.txt").write_text("outside the tracked folders")
    assert git_state(tmp_path) == {"commit": commit, "dirty": False}
    (tmp_path / "innovlib" / "a.py").write_text("x = 2\n")
    assert git_state(tmp_path) == {"commit": commit, "dirty": True}
    assert git_state(tmp_path / "absent") == {"commit": "unknown", "dirty": None}


def test_write_run_crate_describes_the_run_its_inputs_and_its_notebook(quick_run, tmp_path, monkeypatch):
    root = quick_run[0]
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    shutil.copytree(root / "outputs" / "quick", tmp_path / "outputs" / "quick")
    for stale in ("ro-crate-metadata.json", "workflow"):
        shutil.rmtree(tmp_path / "outputs" / "quick" / stale, ignore_errors=True)
        (tmp_path / "outputs" / "quick" / stale).unlink(missing_ok=True)
    [task] = plan(["quick"], kernel=find_kernel())
    run = json.loads((task.output_dir / "run.json").read_text())
    path = write_run_crate(task.output_dir, task, run, "Quick")
    assert path == task.output_dir / "ro-crate-metadata.json"
    graph = {entity["@id"]: entity for entity in json.loads(path.read_text())["@graph"]}
    assert graph["./"]["name"] == f"Quick — innovlib run {run['run_id']}"
    assert graph["./"]["datePublished"] == run["ended_utc"]
    assert graph["./"]["mainEntity"] == {"@id": "workflow/quick.ipynb"}
    workflow = graph["workflow/quick.ipynb"]
    assert workflow["sha256"] == run["notebook_sha256"] == sha256((FAULTS / "notebooks" / "quick.ipynb").read_bytes())
    assert (task.output_dir / "workflow" / "quick.ipynb").read_bytes() == (FAULTS / "notebooks" / "quick.ipynb").read_bytes()
    assert graph["#python"]["version"] == run["versions"]["python"]
    datasets = [e for e in graph.values() if e.get("sha256") == run["datasets"][0]["sha256"]]
    assert len(datasets) == 1, "the dataset the run read is described once, by its checksum"
    assert provenance.RO_CRATE_SPEC in [c["@id"] for c in graph["ro-crate-metadata.json"]["conformsTo"]]
