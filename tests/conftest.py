"""Shared test helpers: small datasets and notebooks written into temporary folders."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from innovlib.imports import import_jsonschema

import_jsonschema()  # before nbformat, as innovlib does: about a second less in each test process
import nbformat  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED = PROJECT_ROOT.parent / "shared"
FAULTS = Path(__file__).resolve().parent / "faults"

DEMO_FIELDS = [
    {"name": "city", "type": "string", "constraints": {"required": True, "enum": ["Beijing", "Shanghai", "Shenzhen"]}},
    {"name": "year", "type": "integer", "constraints": {"required": True, "minimum": 2000, "maximum": 2030}},
    {"name": "value", "type": "number", "unit": "100 million CNY", "constraints": {"minimum": 0}},
    {"name": "source_url", "type": "string", "constraints": {"required": True}},
]
GOOD_CSV = (
    "city,year,value,source_url\n"
    "Beijing,2023,100.5,https://example.org/bj\n"
    "Shenzhen,2023,,https://example.org/sz\n"
)


def write_dataset(root: Path, csv_text: str = GOOD_CSV, name: str = "demo", fields=None, record_hash: bool = True,
                  **descriptor_changes) -> Path:
    """Write dataset ``name`` (CSV + datapackage.json) under ``root``; return the CSV path."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    csv = folder / f"{name}.csv"
    csv.write_text(csv_text, encoding="utf-8")
    descriptor = {
        "name": name,
        "title": "Demo dataset",
        "sources": [{"title": "Demo source", "publisher": "Example", "path": "https://example.org"}],
        "resources": [{
            "name": name, "path": csv.name, "format": "csv", "encoding": "utf-8",
            "hash": "sha256:" + (hashlib.sha256(csv.read_bytes()).hexdigest() if record_hash else "0" * 64),
            "schema": {"fields": fields or DEMO_FIELDS, "primaryKey": ["city", "year"], "missingValues": [""]},
        }],
    }
    descriptor.update(descriptor_changes)
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    return csv


def write_notebook(folder: Path, name: str, parameters: str, body: str) -> Path:
    """Write a notebook with a tagged parameters cell and one code cell."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [
        nbformat.v4.new_markdown_cell(f"# {name}"),
        nbformat.v4.new_code_cell(parameters, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(body),
    ]
    path = folder / f"{name}.ipynb"
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def outside_a_run(monkeypatch):
    """No ``$INNOVLIB_RUN_DIR``: verdicts recorded by a test are shown, not written into a run's staging folder."""
    monkeypatch.delenv("INNOVLIB_RUN_DIR", raising=False)


@pytest.fixture
def data_root(tmp_path, monkeypatch):
    """An empty data folder that innovlib.data uses instead of the project's."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root))
    return root


@pytest.fixture(scope="session")
def executed_outputs(request):
    """Every notebook (only the ``--finding`` one, when given) run once per session with default parameters,
    through the runner and its cache.

    Right after ``make reproduce`` every notebook is served from ``outputs/`` as ``cached``; a notebook whose
    inputs changed runs again. Every test using this fixture is marked ``notebooks`` (see
    :func:`pytest_collection_modifyitems`): ``make test`` runs them in one pytest process after the parallel rest,
    so each notebook executes once per session (a second executor of the same run, say an xdist worker, would wait
    for ``outputs/.lock`` and then find the run cached). Returns ``({name: output folder}, {name: runner.Result})``.
    """
    from innovlib import runner

    finding = _selected_finding(request.config)
    names = [finding] if finding else sorted(runner.discover())
    if not names:
        pytest.skip("no notebooks yet")
    tasks = runner.plan(names, kernel=runner.find_kernel(), timeout=900)
    results = {r.name: r for r in runner.run(tasks, jobs=2)}
    return {task.name: task.output_dir for task in tasks}, results


def tree_digests(folder: Path) -> dict[str, str]:
    """sha256 of every file under a folder, by relative path (what a failed or refused run must leave unchanged)."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    """One good default run of the fault-suite notebook ``quick`` (tests/faults), with the report, through the
    command line, made once per session for the fault, verify and page tests: each copies the outputs it changes.

    Returns ``(root, stderr)``: ``root`` holds ``data/`` (the fault data and the claims catalogue) and
    ``outputs/``; ``stderr`` is what the run printed.
    """
    root = tmp_path_factory.mktemp("quick")
    shutil.copytree(FAULTS / "data", root / "data")
    shutil.copytree(PROJECT_ROOT / "data" / "claims", root / "data" / "claims")  # the verdicts' catalogue
    # a temporary directory of its own (short: kernels put sockets there): a kernel folder that another test's killed
    # run left in the shared one would be cleaned by this run, and said so on the stderr the tests read
    temporary = tempfile.mkdtemp(prefix="innovlib-test-")
    env = {"INNOVLIB_DATA_DIR": str(root / "data"), "INNOVLIB_NOTEBOOKS_DIR": str(FAULTS / "notebooks"),
           "INNOVLIB_OUTPUTS_DIR": str(root / "outputs"), "TMPDIR": temporary}
    clean = {k: v for k, v in os.environ.items() if k not in ("FAULT_FAIL", "FAULT_MARKER")}
    try:
        completed = subprocess.run([sys.executable, "-m", "innovlib", "run", "quick", "--jobs", "1"],
                                   env={**clean, **env}, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    assert completed.returncode == 0, completed.stderr
    return root, completed.stderr


# ---- test selection: the slow group, one finding, notebook executions on one xdist worker ---------------------------

#: Modules whose every test is slow: they open every executed page in a browser.
SLOW_MODULES = ("tests/report/test_browser.py",)

#: Fixtures that execute the project's notebooks: the tests using them are marked ``notebooks``.
NOTEBOOK_FIXTURES = {"executed_outputs", "alternative_runs"}

#: The files that hold those tests. ``make test``'s notebook pass (``-m notebooks --notebook-pass``) collects only
#: these, not the whole suite again; a collection that finds a notebook test in another file stops and names it.
NOTEBOOK_TEST_FILES = frozenset({
    "tests/notebooks/test_notebooks.py", "tests/report/test_findings.py", "tests/report/test_browser.py",
    "tests/test_tables.py", "tests/site/test_project_site_browser.py",
})


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true",
                     help="also run the slow group (every declared alternative executed, the browser tests); "
                          "on by default when the environment has CI=true")
    parser.addoption("--notebook-pass", action="store_true",
                     help="collect only the files of NOTEBOOK_TEST_FILES (make test's second pass, with -m notebooks)")
    parser.addoption("--finding", metavar="NAME",
                     help="keep only the notebook tests of finding NAME and execute its notebook alone (make check)")


def _run_slow(config) -> bool:
    """Whether the slow group runs: asked for (``--run-slow``: ``make test-all``) or on CI (``CI=true``)."""
    return bool(config.getoption("--run-slow")) or os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _selected_finding(config) -> str | None:
    """The finding that ``--finding NAME`` restricts the notebook tests to, or ``None``."""
    return config.getoption("--finding")


def _project_path(item) -> str:
    path = Path(str(item.path)).resolve()
    return path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else path.as_posix()


def pytest_ignore_collect(collection_path, config):
    """With ``--notebook-pass``, leave out every Python file but those of :data:`NOTEBOOK_TEST_FILES`."""
    if config.getoption("--notebook-pass") and collection_path.suffix == ".py":
        path = Path(collection_path).resolve()
        relative = path.relative_to(PROJECT_ROOT).as_posix() if path.is_relative_to(PROJECT_ROOT) else None
        return True if relative not in NOTEBOOK_TEST_FILES else None
    return None


def pytest_collection_modifyitems(config, items):
    """Mark and skip the slow group unless :func:`_run_slow`; mark ``notebooks`` every test that executes the
    project's notebooks (``make test`` runs the others under pytest-xdist, then these in one process: the runner
    executes two notebooks at a time, and each configuration once per session); with ``--finding NAME`` keep, of
    ``tests/notebooks/test_notebooks.py``, only the cases of that notebook."""
    finding = _selected_finding(config)
    skip_slow = pytest.mark.skip(reason="slow group: `make test-all` (pytest --run-slow) or CI=true runs it")
    kept, deselected = [], []
    for item in items:
        path = _project_path(item)
        if path in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("slow") and not _run_slow(config):
            item.add_marker(skip_slow)
        if NOTEBOOK_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.notebooks)
            if path not in NOTEBOOK_TEST_FILES:
                raise pytest.UsageError(f"{path} has tests that execute the project's notebooks ({item.name}): add "
                                        "it to NOTEBOOK_TEST_FILES in tests/conftest.py, or make test's "
                                        "notebook pass will not run them")
        callspec = getattr(item, "callspec", None)
        if finding and path == "tests/notebooks/test_notebooks.py" and (
                callspec is None or callspec.params.get("name") != finding):
            deselected.append(item)
        else:
            kept.append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept
