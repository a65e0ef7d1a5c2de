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
    about = next(c.source for c in executed.cells if "innovlib-about" in c.metadata.get("tags", []))
    assert about.startswith("## About this run") and run["run_id"] in about and "How to cite" in about
    assert "About this run" in (folder / "demo.html").read_text()
    report = json.loads((outputs / "report.json").read_text())
    # one of SEI-03's two parts is checked: SEI-03a, its headline, is reproduced, so the claim is reproduced on its
    # headline with SEI-03b an unchecked detail; every other claim stays unchecked
    claims_by_id = {c["claim_id"]: c for c in report["claims"]}
    assert report["part_counts"]["reproduced"] == 1 and claims_by_id["SEI-03"]["verdict"] == "reproduced"
    assert claims_by_id["SEI-03"]["summary"] == "reproduced; details: 1 unchecked"
    assert report["counts"]["unchecked"] == len(report["claims"]) - 1
    assert "| SEI-03a (headline) |" in (outputs / "report.md").read_text()


def test_the_runner_needs_no_hook_and_calls_the_registered_ones(project):
    """Without the pages' hook a run has no About or Findings cell and no claims.json (the runner knows nothing of
    claims); a hook registered instead adds what it wants, and the cache records which hooks ran."""
    from innovlib.runner.hooks import RunHooks, registered_only

    class Marker(RunHooks):
        def after_notebook(self, finished):
            finished.notebook.cells.insert(0, nbformat.v4.new_markdown_cell("## Marked"))
            (finished.staging / "marked.txt").write_text(finished.task.name)
            finished.counts["marked"] = 1

        def required_outputs(self):
            return ("marked.txt",)

    _, outputs = project
    task = runner.plan(["demo"], kernel=runner.find_kernel())[0]
    with registered_only([Marker()]):
        [result] = runner.run([task], jobs=1, progress=lambda line: None)
        assert result.status == "ok" and result.verdicts == {"marked": 1}
        folder = outputs / "demo"
        assert not (folder / "claims.json").exists() and (folder / "marked.txt").read_text() == "demo"
        executed = nbformat.read(folder / "demo.ipynb", as_version=4)
        assert executed.cells[0].source == "## Marked" and "About this run" not in executed.cells[1].source
        assert run_json(folder)["cache_key_inputs"]["hooks"] == [f"{__name__}.{Marker.__qualname__}"]
        assert [r.status for r in runner.run([task], jobs=1, progress=lambda line: None)] == ["cached"]
    # with the pages' hook back, the folder is not a complete run (no claims.json) and runs again
    assert [r.status for r in runner.run([task], jobs=1, progress=lambda line: None)] == ["ok"]
    assert json.loads((outputs / "demo" / "claims.json").read_text())[0]["verdict"] == "reproduced"


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


# --- a complete cache key (issue 21) ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def keyed_run(quick_run, tmp_path_factory):
    """One good run of the fault-suite notebook `quick` from a notebooks folder of its own (so that modules and a
    matplotlibrc can be put beside it), with the baseline's data; returns (notebooks folder, environment)."""
    import os
    import subprocess
    import sys

    root = tmp_path_factory.mktemp("keyed")
    notebooks = root / "notebooks"
    shutil.copytree(PROJECT_ROOT / "tests" / "faults" / "notebooks", notebooks)
    env = {"INNOVLIB_DATA_DIR": str(quick_run[0] / "data"), "INNOVLIB_NOTEBOOKS_DIR": str(notebooks),
           "INNOVLIB_OUTPUTS_DIR": str(root / "outputs")}
    clean = {k: v for k, v in os.environ.items() if k not in ("FAULT_FAIL", "FAULT_MARKER")}
    done = subprocess.run([sys.executable, "-m", "innovlib", "run", "quick", "--jobs", "1", "--no-report"],
                          env={**clean, **env}, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return notebooks, env


def _fresh(env, monkeypatch) -> bool:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    task = runner.plan(["quick"], kernel=runner.find_kernel())[0]
    context = runner.tasks.Context(runner.source_fingerprint(), runner.environment_fingerprint(task.kernel),
                                   str(paths.data_dir().resolve()))
    return runner.cache_state(task, context)[0]


def test_run_json_lists_what_is_in_the_cache_key(keyed_run):
    notebooks, env = keyed_run
    run = json.loads((paths.Path(env["INNOVLIB_OUTPUTS_DIR"]) / "quick" / "run.json").read_text())
    inputs = run["cache_key_inputs"]
    assert set(inputs) >= {"notebook", "notebook_sha256", "parameters", "files", "innovlib_source_sha256",
                           "notebook_modules", "data_dir", "datasets", "environment", "environment_variables",
                           "matplotlib"}
    assert set(inputs["environment_variables"]) == set(paths.CACHE_KEY_ENVIRONMENT)
    assert inputs["matplotlib"]["matplotlibrc_sha256"]
    import hashlib
    assert run["cache_key"] == hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()


def test_the_run_is_fresh_until_something_it_read_changes(keyed_run, monkeypatch):
    _, env = keyed_run
    assert _fresh(env, monkeypatch) is True


@pytest.mark.parametrize("name", paths.CACHE_KEY_ENVIRONMENT)
def test_a_declared_environment_variable_changes_the_key(keyed_run, monkeypatch, tmp_path, name):
    import os

    _, env = keyed_run
    monkeypatch.setenv(name, str(tmp_path) if name in ("MPLCONFIGDIR", "MATPLOTLIBRC") else
                       f"{os.environ.get(name, '')}changed")
    assert _fresh(env, monkeypatch) is False


def test_a_helper_module_beside_the_notebook_changes_the_key(keyed_run, monkeypatch):
    notebooks, env = keyed_run
    helper = notebooks / "helper.py"
    try:
        helper.write_text("SCALE = 1\n")
        assert _fresh(env, monkeypatch) is False
        helper.unlink()
        assert _fresh(env, monkeypatch) is True
        (notebooks / "pkg").mkdir()
        (notebooks / "pkg" / "__init__.py").write_text("")
        assert _fresh(env, monkeypatch) is False
    finally:
        helper.unlink(missing_ok=True)
        shutil.rmtree(notebooks / "pkg", ignore_errors=True)
    assert _fresh(env, monkeypatch) is True


def test_a_matplotlib_configuration_changes_the_key(keyed_run, monkeypatch, tmp_path):
    notebooks, env = keyed_run
    rc = notebooks / "matplotlibrc"  # the kernel runs in the notebook's folder: matplotlib reads ./matplotlibrc
    try:
        rc.write_text("lines.linewidth: 3\n")
        assert _fresh(env, monkeypatch) is False
    finally:
        rc.unlink()
    assert _fresh(env, monkeypatch) is True
    config = tmp_path / "mplconfig"
    (config / "stylelib").mkdir(parents=True)
    monkeypatch.setenv("MPLCONFIGDIR", str(config))
    (config / "matplotlibrc").write_text("lines.linewidth: 3\n")
    assert _fresh(env, monkeypatch) is False


def test_the_matplotlib_file_found_is_the_one_matplotlib_reads(monkeypatch, tmp_path):
    """cache.matplotlib_configuration follows matplotlib_fname's order from the kernel's working directory."""
    import os
    import subprocess
    import sys

    from innovlib.runner.cache import matplotlib_configuration

    config = tmp_path / "config"
    config.mkdir()
    (config / "matplotlibrc").write_text("lines.linewidth: 2\n")
    folder = tmp_path / "nb"
    folder.mkdir()
    monkeypatch.setenv("MPLCONFIGDIR", str(config))
    for local in (False, True):
        if local:
            (folder / "matplotlibrc").write_text("lines.linewidth: 4\n")
        found = subprocess.run([sys.executable, "-c", "import matplotlib; print(matplotlib.matplotlib_fname())"],
                               cwd=folder, env={**os.environ}, capture_output=True, text=True, timeout=60).stdout.strip()
        assert os.path.realpath(folder / found) == os.path.realpath(
            matplotlib_configuration(folder / "x.ipynb")["matplotlibrc"])


def test_templates_and_every_file_the_package_ships_are_in_the_source_fingerprint(tmp_path):
    from innovlib.runner.cache import source_fingerprint

    copy = tmp_path / "innovlib"
    shutil.copytree(paths.PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = source_fingerprint(copy)
    template = copy / "templates" / "innovlib.html.j2"
    template.write_text(template.read_text() + "\n{# edited #}\n")
    assert source_fingerprint(copy) != before
    template.write_text(template.read_text().replace("\n{# edited #}\n", ""))
    assert source_fingerprint(copy) == before
    (copy / "data.json").write_text("{}")  # any non-Python file the package would ship
    assert source_fingerprint(copy) != before
    (copy / "data.json").unlink()
    (copy / "__pycache__").mkdir(exist_ok=True)
    (copy / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"compiled")  # never: not shipped source
    assert source_fingerprint(copy) == before
