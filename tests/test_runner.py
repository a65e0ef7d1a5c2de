"""innovlib.runner and the `innovlib run` command: outputs, failure isolation, exit codes, cache, report."""

from __future__ import annotations

import json
import shutil

import nbformat
import pytest

from conftest import PROJECT_ROOT, write_dataset, write_notebook
from innovlib import cli, paths, runner

PARAMETERS = 'value: float = 42.3  # the figure to check\nlabel: str = "demo"  # a label'
BODY = '''import os
import pandas as pd
from innovlib import claims
from innovlib.data import load
from innovlib.outputs import save_table
if os.environ.get("DEMO_FAIL"):
    raise RuntimeError("failing on purpose")
table = load("demo")
claims.Audit(value=value, label=label).check("SEI-03a", computed=value, about={}, basis="recomputed", tolerance=0.05, explanation=f"{label}: test figure")
save_table(table, "demo_table")
'''


@pytest.fixture
def project(tmp_path, monkeypatch, data_root):
    """Notebooks, outputs and data folders of a throw-away project."""
    notebooks, outputs = tmp_path / "notebooks", tmp_path / "outputs"
    write_notebook(notebooks, "demo", PARAMETERS, BODY)
    write_dataset(data_root)
    shutil.copytree(PROJECT_ROOT / "data" / "claims", data_root / "claims")  # the catalogue the verdicts use
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(notebooks))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(outputs))
    monkeypatch.delenv("DEMO_FAIL", raising=False)
    return notebooks, outputs


def run_json(folder):
    return json.loads((folder / "run.json").read_text())


def test_success_writes_citable_outputs(project, capsys):
    notebooks, outputs = project
    assert cli.main(["run", "demo", "--jobs", "1"]) == 0
    # progress of the notebook, one line per event, printed by the main process
    assert "demo: 3/3 cells" in capsys.readouterr().err  # parameters, injected parameters, body
    folder = outputs / "demo"
    run = run_json(folder)
    assert run["status"] == "ok" and run["default_parameters"] is True
    assert run["parameters"] == {"value": 42.3, "label": "demo"}
    assert [(d["dataset"], d["resource"]) for d in run["datasets"]] == [
        ("claims", "claim_parts"), ("claims", "claims"), ("demo", "demo")]
    assert len(run["git"]["commit"]) in (40, len("unknown"))
    assert run["versions"]["papermill"]
    assert json.loads((folder / "claims.json").read_text())[0]["verdict"] == "reproduced"
    assert (folder / "tables" / "demo_table.csv").read_text().startswith("city,year,value,source_url")
    executed = nbformat.read(folder / "demo.ipynb", as_version=4)
    about = executed.cells[0].source
    assert about.startswith("## About this run") and run["run_id"] in about and "How to cite" in about
    assert "About this run" in (folder / "demo.html").read_text()
    report = json.loads((outputs / "report.json").read_text())
    # one of SEI-03's two parts is checked: the part is reproduced, the claim stays unchecked
    assert report["part_counts"]["reproduced"] == 1 and report["counts"]["unchecked"] == 35
    assert "| SEI-03a |" in (outputs / "report.md").read_text()


def test_failure_keeps_last_good_output_and_others_run(project, monkeypatch):
    notebooks, outputs = project
    write_notebook(notebooks, "other", "n: int = 1  # n", "print(n)")
    assert cli.main(["run", "demo"]) == 0
    good = run_json(outputs / "demo")["run_id"]
    monkeypatch.setenv("DEMO_FAIL", "1")
    assert cli.main(["run", "--all", "--force", "--jobs", "2"]) == 1
    assert run_json(outputs / "demo")["run_id"] == good  # last good output untouched
    failed = list((outputs / "demo").glob("failed-*.ipynb"))
    assert len(failed) == 1
    assert "failing on purpose" in failed[0].read_text()
    assert run_json(outputs / "other")["status"] == "ok"  # the other notebook still ran
    assert not (outputs / ".staging").exists()


@pytest.mark.parametrize("argv, message", [
    (["run", "nosuch"], "unknown notebook(s) nosuch"),
    (["run", "demo", "-p", "valeu", "1"], "unknown parameter 'valeu'; it declares: value, label"),
    (["run", "demo", "-p", "value", "high"], "parameter 'value' expects float, got 'high'"),
])
def test_usage_errors_exit_2_before_anything_runs(project, capsys, argv, message):
    notebooks, outputs = project
    assert cli.main(argv) == 2
    assert message in capsys.readouterr().err
    assert not outputs.exists()


def test_argparse_usage_errors_exit_2(project):
    with pytest.raises(SystemExit) as info:
        cli.main(["run"])
    assert info.value.code == 2


def test_parameters_file_and_non_default_output_folder(project, tmp_path):
    notebooks, outputs = project
    params = tmp_path / "params.yaml"
    params.write_text("demo:\n  value: 40.0\n")
    assert cli.main(["run", "demo", "-f", str(params)]) == 0
    folders = [p.name for p in outputs.iterdir() if p.is_dir()]
    assert len(folders) == 1 and folders[0].startswith("demo--")
    run = run_json(outputs / folders[0])
    assert run["default_parameters"] is False and run["parameters"]["value"] == 40.0
    assert json.loads((outputs / folders[0] / "claims.json").read_text())[0]["verdict"] == "contradicted"
    # the report only counts default-parameter runs
    assert json.loads((outputs / "report.json").read_text())["counts"]["contradicted"] == 0


def test_cache_hit_and_misses(project, data_root):
    notebooks, outputs = project
    plan = lambda **kw: runner.plan(["demo"], kernel=runner.find_kernel(), **kw)  # noqa: E731
    assert [r.status for r in runner.run(plan())] == ["ok"]
    assert [r.status for r in runner.run(plan())] == ["cached"]
    assert [r.status for r in runner.run(plan(), force=True)] == ["ok"]
    # a data change invalidates the cache
    csv = data_root / "demo" / "demo.csv"
    csv.write_text(csv.read_text().replace("100.5", "100.7"))
    from innovlib import data

    data.rehash("demo")
    assert [r.status for r in runner.run(plan())] == ["ok"]
    # so does a change to the notebook itself
    write_notebook(notebooks, "demo", PARAMETERS, BODY + "\nprint('changed')\n")
    assert [r.status for r in runner.run(plan())] == ["ok"]
    assert [r.status for r in runner.run(plan())] == ["cached"]


def test_list_shows_parameters(project, capsys):
    assert cli.main(["list"]) == 0
    out = capsys.readouterr().out
    assert "demo\n    value: float = 42.3  # the figure to check" in out


def test_summary_table_names_failures():
    result = runner.Result("demo", "failed", 1.5, paths.project_root() / "outputs" / "demo", error="KeyError: 'x'")
    table = runner.summary_table([result])
    assert "demo      failed  1.5" in table
