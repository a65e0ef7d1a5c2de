"""What ``innovlib run`` does once its arguments are parsed (plan the request, run it under the lock, write the
alternatives' summaries), and the process helpers of the runner: killing a process tree, the parent-death signal,
a Dask point whose subprocess ends without a result.

The planning cases start no kernel; the run case is served from the cache of the one good run of ``quick``
(conftest.quick_run).
"""

from __future__ import annotations

import csv
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import FAULTS
from innovlib.runner.dask_executor import run_point
from innovlib.runner.discovery import describe_notebooks
from innovlib.runner.orchestration import RunOutcome, RunRequest, alternative_sweeps, plan_request, \
    run_notebooks, write_alternative_summaries
from innovlib.runner.scheduling import kill_process_tree, set_parent_death_signal
from innovlib.runner.tasks import Result

SWEEP_NOTEBOOKS = Path(__file__).resolve().parents[1] / "sweep" / "notebooks"


@pytest.fixture
def point_env(tmp_path, monkeypatch):
    """The sweep fixture notebook ``point`` (choices for ``label``, a bool ``fail``) and an empty outputs folder."""
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(SWEEP_NOTEBOOKS))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(FAULTS / "data"))
    return tmp_path / "outputs"


def test_describe_notebooks_lists_each_notebook_with_its_declared_parameters(point_env):
    [(name, parameters)] = describe_notebooks()
    assert name == "point"
    assert [(p.name, p.type, p.default) for p in parameters] == [
        ("x", "int", 1), ("label", "str", "a"), ("weights", "list[float]", [1.0]), ("fail", "bool", False),
        ("sleep", "float", 0.0)]
    assert parameters[1].choices == ("a", "b", "c") and (parameters[0].minimum, parameters[0].maximum) == (0, 100)


def test_a_request_with_alternatives_plans_the_defaults_then_one_change_at_a_time(point_env):
    tasks, sweeps = plan_request(RunRequest(names=["point"], parameters=[("x", "4")], alternatives=True))
    changes = [{k: v for k, v in t.values.items() if v != t.defaults[k]} for t in tasks]
    assert changes == [{"x": 4}, {"label": "b"}, {"label": "c"}, {"fail": True}]
    assert tasks[0].is_default is False and all(t.name == "point" for t in tasks)
    assert list(sweeps) == ["point"] and sweeps["point"][0] == tasks[0]
    assert [t.values for t in sweeps["point"][1:]] == [t.values for t in tasks[1:]]
    # the alternatives are planned from the notebook's defaults: -p changes only the first run
    assert [t.values["x"] for t in alternative_sweeps(tasks[:1], None)["point"]] == [4, 1, 1, 1]
    [plain], no_sweeps = plan_request(RunRequest(names=["point"]))
    assert (plain.values, plain.is_default, plain.output_dir, no_sweeps) == (plain.defaults, True,
                                                                             point_env / "point", {})


def test_the_alternatives_summary_has_one_row_per_run(point_env):
    tasks, sweeps = plan_request(RunRequest(names=["point"], alternatives=True))
    results = [Result(t.name, "failed", 1.5, t.output_dir, error=f"no kernel in this test ({i})")
               for i, t in enumerate(tasks)]
    written = write_alternative_summaries(sweeps, tasks, results, point_env)
    assert list(written) == ["point"] and written["point"].parent == point_env
    with open(written["point"] / "summary.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["point"], r["label"], r["fail"], r["status"], r["error"]) for r in rows] == [
        ("1", "a", "False", "failed", "no kernel in this test (0)"),
        ("2", "b", "False", "failed", "no kernel in this test (1)"),
        ("3", "c", "False", "failed", "no kernel in this test (2)"),
        ("4", "a", "True", "failed", "no kernel in this test (3)")]


def test_run_notebooks_holds_the_lock_and_hands_the_outcome_to_after(quick_run, tmp_path, monkeypatch):
    root = quick_run[0]
    shutil.copytree(root / "outputs" / "quick", tmp_path / "outputs" / "quick")
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(root / "data"))
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(FAULTS / "notebooks"))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    seen = []

    def after(outcome: RunOutcome) -> None:
        from innovlib import outputs

        seen.append((outcome, str((tmp_path / "outputs").resolve()) in outputs._held_locks))

    outcome = run_notebooks(RunRequest(names=["quick"], jobs=1), after=after)
    assert [(r.name, r.status) for r in outcome.results] == [("quick", "cached")]
    assert outcome.alternatives == {} and outcome.interrupted is False
    assert seen == [(outcome, True)]  # after() ran while the outputs lock was still held


# --- processes ----------------------------------------------------------------------------------------------

def test_kill_process_tree_kills_every_descendant_and_spares_the_root():
    parent = subprocess.Popen([sys.executable, "-c", (
        "import subprocess, sys, time\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
        "subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'], start_new_session=True)\n"
        "time.sleep(120)\n")])
    try:
        deadline = time.monotonic() + 60
        while len(psutil.Process(parent.pid).children(recursive=True)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        children = psutil.Process(parent.pid).children(recursive=True)
        assert len(children) == 2
        kill_process_tree(parent.pid)
        assert not [c for c in children if c.is_running() and c.status() != psutil.STATUS_ZOMBIE]
        assert parent.poll() is None  # the root itself is left to its owner
    finally:
        parent.kill()
        parent.wait()


def test_set_parent_death_signal_asks_linux_for_sigterm():
    if not sys.platform.startswith("linux"):
        pytest.skip("the parent-death signal is a Linux feature; elsewhere the function does nothing")
    code = ("import ctypes, signal\n"
            "from innovlib.runner.scheduling import set_parent_death_signal\n"
            "libc = ctypes.CDLL(None, use_errno=True)\n"
            "value = ctypes.c_int(0)\n"
            "libc.prctl(2, ctypes.byref(value), 0, 0, 0)\n"  # PR_GET_PDEATHSIG
            "before = value.value\n"
            "set_parent_death_signal()\n"
            "libc.prctl(2, ctypes.byref(value), 0, 0, 0)\n"
            "print(before, value.value)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.split() == ["0", str(int(signal.SIGTERM))]
    assert set_parent_death_signal() is None


def test_a_point_runs_in_its_own_subprocess_and_comes_back_as_an_archive(point_env):
    import io
    import tarfile

    from innovlib.runner import dask_executor
    from innovlib.runner.discovery import find_kernel
    from innovlib.runner.sweep import plan_points

    [task] = plan_points("point", [{"x": 7}], [set()], kernel=find_kernel())
    outcome = run_point(dask_executor._spec(task, "20260101T000000Z-abcdef", str(FAULTS / "data")))
    assert (outcome["status"], outcome["error"], outcome["failed_notebook"]) == ("ok", "", None)
    with tarfile.open(fileobj=io.BytesIO(outcome["archive"]), mode="r:gz") as archive:
        names = set(archive.getnames())
        scalars = archive.extractfile("./scalars.json").read().decode()
    assert {"./point.ipynb", "./run.json", "./scalars.json"} <= names
    assert '"square": 49' in scalars
    assert not task.output_dir.exists(), "a point's outputs come back to the client, never written by the worker"


def test_a_point_the_worker_cannot_plan_is_a_failed_result_not_a_retry():
    outcome = run_point({"folder": "point--0000", "project_root": None})
    assert (outcome["status"], outcome["error"], outcome["archive"]) == ("failed", "KeyError: 'name'", b"")
