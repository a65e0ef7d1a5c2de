"""Sweeps and Dask execution: grid expansion and checking, summaries, the cache, a real LocalCluster with a worker
killed mid-run (notebook points and uncertainty chunks), failures reported rather than lost.

Notebooks are the tiny fixture tests/sweep/notebooks/point.ipynb (no data; scalars square, total, tag; fails on
request; sleeps on request). The Dask cluster has 2 worker processes with 1 thread each, shared by the module.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import signal
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from innovlib import cli, runner
from innovlib.runner import sweep
from innovlib.parameters import ParameterError

NOTEBOOKS = Path(__file__).resolve().parents[1] / "sweep" / "notebooks"
FAULT_DATA = Path(__file__).resolve().parents[1] / "faults" / "data"


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("INNOVLIB_NOTEBOOKS_DIR", str(NOTEBOOKS))
    monkeypatch.setenv("INNOVLIB_OUTPUTS_DIR", str(tmp_path / "outputs"))
    monkeypatch.setenv("INNOVLIB_DATA_DIR", str(FAULT_DATA))
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    return tmp_path / "outputs"


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    from innovlib.runner.dask_executor import environment_kept

    with environment_kept(), LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                          silence_logs=logging.ERROR) as cluster, Client(cluster) as c:
        yield c


def read_summary(folder: Path) -> list[dict]:
    with open(folder / "summary.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def kill_a_worker_when_busy(client, key_part: str, timeout: float = 60.0) -> dict:
    """In a background thread: once a task whose key contains ``key_part`` is processing, SIGKILL that worker's
    process (its nanny starts a new one). Returns a dict that gets the killed pid."""
    killed: dict = {}

    def watch():
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline and not killed.get("pid"):
                busy = [w for w, keys in client.processing().items() if any(key_part in str(k) for k in keys)]
                if busy:
                    pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
                    time.sleep(0.3)  # well into the task
                    os.kill(pid, signal.SIGKILL)
                    killed["pid"] = pid
                    return
                time.sleep(0.05)
        except Exception as exc:  # noqa: BLE001 - shown by the test's assertion
            killed["error"] = repr(exc)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    killed["thread"] = thread
    return killed


# --- the grid ----------------------------------------------------------------------------------------------------

def test_grid_options_split_at_top_level_commas():
    assert sweep.split_values("1, [2, 3],{a: 4}") == ["1", "[2, 3]", "{a: 4}"]
    assert sweep.parse_grid_options(["x=1,2", "weights=[1, 2],[3]"]) == {"x": ["1", "2"],
                                                                       "weights": ["[1, 2]", "[3]"]}
    for bad, message in [(["x"], "expected PARAM=V1"), (["x=1,,2"], "empty value"), (["x=1", "x=2"], "twice"),
                         (["=1"], "expected PARAM")]:
        with pytest.raises(ParameterError, match=message):
            sweep.parse_grid_options(bad)


def test_grid_file_gives_fixed_parameters_a_product_and_explicit_points(tmp_path):
    path = tmp_path / "grid.yaml"
    path.write_text("parameters: {label: b}\ngrid: {x: [1, 2], weights: [[1.0], [0.5, 0.5]]}\n"
                    "points: [{x: 9, label: c}]\n", encoding="utf-8")
    points, from_text = sweep.expand_points({"x": ["3"]}, sweep.read_grid_file(path))  # -g x replaces the file's
    assert points == [{"label": "b", "weights": [1.0], "x": "3"}, {"label": "b", "weights": [0.5, 0.5], "x": "3"},
                      {"label": "c", "x": 9}]
    assert from_text == [{"x"}, {"x"}, set()]
    path.write_text("grid: {x: [1]}\nsurprise: 1\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="unknown key 'surprise'"):
        sweep.read_grid_file(path)
    path.write_text("a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n" + "".join(
        f"{n}: &{n} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, n in zip("abcdefg", "bcdefgh")), encoding="utf-8")
    with pytest.raises(ParameterError, match="aliases"):
        sweep.read_grid_file(path)


def test_an_invalid_point_is_one_line_exit_2_and_nothing_runs(env, capsys):
    code = cli.main(["sweep", "point", "-g", "x=1,500", "-g", "label=a,z"])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1
    assert err.startswith("innovlib sweep: point 2 (x=\"1\", label=\"z\"): point: parameter 'label'")
    assert "(and 2 more invalid point(s))" in err
    assert not env.exists() or not any(env.iterdir())


def test_a_star_takes_every_declared_value(env):
    grid = sweep.declared_values("point", {"label": ["*"], "fail": ["*"], "x": ["3"]})
    assert grid == {"label": ["a", "b", "c"], "fail": ["false", "true"], "x": ["3"]}
    points, from_text = sweep.expand_points(grid)
    assert len(sweep.plan_points("point", points, from_text)) == 6
    with pytest.raises(ParameterError, match="declares no set of values"):
        sweep.declared_values("point", {"x": ["*"]})
    with pytest.raises(ParameterError, match="no such parameter"):
        sweep.declared_values("point", {"y": ["*"]})


def test_points_that_resolve_alike_run_once(env):
    points, from_text = sweep.expand_points({"x": ["1", "01"]})
    assert len(sweep.plan_points("point", points, from_text)) == 1


# --- the local process pool ------------------------------------------------------------------------------------

def test_a_sweep_writes_an_escaped_summary_and_a_repeat_is_cached(env, capsys):
    assert cli.main(["sweep", "point", "-g", "x=2,3", "--jobs", "2"]) == 0
    folder = next(env.glob("point--sweep-*"))
    rows = read_summary(folder)
    assert [(r["x"], r["status"], r["square"], r["total"]) for r in rows] == [("2", "ok", "4", "2.0"),
                                                                             ("3", "ok", "9", "3.0")]
    assert rows[0]["output"].startswith("point--") and rows[0]["run_id"]
    run = json.loads((env / rows[0]["output"] / "run.json").read_text())
    assert run["run_id"] == rows[0]["run_id"] and "scalars.json" in run["outputs_sha256"]
    page = (folder / "summary.html").read_text()
    assert "&lt;b&gt;a&lt;/b&gt;" in page and "<b>a</b>" not in page
    capsys.readouterr()
    assert cli.main(["sweep", "point", "-g", "x=2,3"]) == 0
    assert [r["status"] for r in read_summary(folder)] == ["cached", "cached"]
    assert [r["run_id"] for r in read_summary(folder)] == [r["run_id"] for r in rows]
    # on a scheduler too, a repeat with every point cached needs no cluster (nothing listens on port 9)
    assert cli.main(["sweep", "point", "-g", "x=2,3", "--scheduler", "tcp://127.0.0.1:9"]) == 0
    assert [r["status"] for r in read_summary(folder)] == ["cached", "cached"]
    # the same sweep from Python: the grid's tasks, their folder and the summary's rows, all from the cache
    results, again = sweep.run_grid("point", ["x=2,3"])
    assert again == folder and [r.status for r in results] == ["cached", "cached"]
    points, from_text = sweep.expand_points({"x": ["2", "3"]})
    tasks = sweep.plan_points("point", points, from_text, kernel=runner.find_kernel())
    assert sweep.sweep_folder("point", tasks, env) == folder
    assert sweep.run_sweep("point", tasks, progress=lambda line: None)[1] == folder
    summary = sweep.summary_rows(tasks, results, env)
    assert [(r["point"], r["x"], r["status"], r["square"], r["total"], r["run_id"]) for r in summary] == [
        (1, 2, "cached", 4, 2.0, rows[0]["run_id"]), (2, 3, "cached", 9, 3.0, rows[1]["run_id"])]


# --- Dask --------------------------------------------------------------------------------------------------------

def test_dask_sweep_survives_a_killed_worker_and_reports_a_failing_point(env, client):
    """Point 1 sleeps 4 s; its worker is SIGKILLed mid-run and Dask runs it again elsewhere. Point 2 fails in
    its notebook: reported as failed with the notebook kept, not retried. Then a local-pool repeat is cached."""
    points, from_text = sweep.expand_points({}, {"points": [{"x": 5, "sleep": 4.0}, {"x": 6, "fail": True}]})
    tasks = sweep.plan_points("point", points, from_text, kernel=runner.find_kernel())
    holder = {}
    executor = runner.DaskExecutor(client, retries=1, on_submitted=lambda futures: holder.update(
        killed=kill_a_worker_when_busy(client, tasks[0].output_dir.name)))
    results = runner.run(tasks, progress=lambda line: None, executor=executor)
    killed = holder["killed"]
    killed["thread"].join(5)
    assert "pid" in killed, f"no worker was killed, the test did not test anything ({killed.get('error')})"
    folder = sweep.write_summary("point", tasks, results, env)
    rows = read_summary(folder)
    assert [r["status"] for r in rows] == ["ok", "failed"]
    assert rows[0]["square"] == "25" and "failing on purpose" in rows[1]["error"]
    assert (env / rows[1]["output"]).name.startswith("failed-") and (env / rows[1]["output"]).is_file()
    executed = (tasks[0].output_dir / "point.ipynb").read_text()
    assert "About this run" in executed and str(tasks[0].output_dir.name) in executed
    assert not (env / ".staging").exists()
    again = runner.run(tasks[:1], jobs=1, progress=lambda line: None)
    assert again[0].status == "cached"  # a run made on a worker is an ordinary cached run


def test_a_point_lost_on_the_cluster_is_reported_not_lost(env, client):
    """A task that keeps failing on its worker (not in its notebook) exhausts its retries and becomes a failed
    row that says so; the other point is unaffected."""
    def crashes(spec):
        raise RuntimeError("the worker's disk is full")

    tasks = sweep.plan_points("point", [{"x": 7}], [set()], kernel=runner.find_kernel())
    results = runner.run(tasks, progress=lambda line: None,
                         executor=runner.DaskExecutor(client, retries=1, point_function=crashes))
    assert results[0].status == "failed"
    assert results[0].error.startswith("lost on the cluster after 1 retries: RuntimeError")
    rows = read_summary(sweep.write_summary("point", tasks, results, env))
    assert rows[0]["status"] == "failed" and "disk is full" in rows[0]["error"]
    assert not tasks[0].output_dir.exists()


def test_chunked_uncertainty_on_dask_is_bit_identical_even_when_a_worker_dies(client):
    import importlib.util

    from innovlib.composite.uncertainty import uncertainty_analysis

    spec = importlib.util.spec_from_file_location(
        "bench_scaling", Path(__file__).resolve().parents[2] / "benchmarks" / "bench_scaling.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    framework, data, build, choices, noise = bench.synthetic_inputs(600, n_indicators=60, n_pillars=6)
    local = uncertainty_analysis(framework, data, build, choices, noise, n=3000, seed=11, chunk_size=250)
    remote = uncertainty_analysis(framework, data, build, choices, noise, n=3000, seed=11, chunk_size=250,
                                  client=client)
    np.testing.assert_array_equal(local.scores, remote.scores)
    killed = kill_a_worker_when_busy(client, "innovlib-uncertainty")
    again = uncertainty_analysis(framework, data, build, choices, noise, n=3000, seed=11, chunk_size=250,
                                 client=client)
    killed["thread"].join(5)
    assert "pid" in killed, f"no worker was killed, the test did not test anything ({killed.get('error')})"
    np.testing.assert_array_equal(local.scores, again.scores)
    np.testing.assert_array_equal(local.ranks, again.ranks)
    assert local.samples.equals(again.samples) and local.n_configurations == again.n_configurations


def test_run_and_sweep_use_an_existing_cluster_by_address(env, client, monkeypatch, capsys):
    address = client.scheduler.address
    assert cli.main(["run", "point", "-p", "x", "8", "--scheduler", address, "--no-report"]) == 0
    assert f"on the Dask cluster {address}" in capsys.readouterr().err
    folder = next(env.glob("point--*"))
    assert json.loads((folder / "scalars.json").read_text()) == {"square": 64, "total": 8.0, "tag": "<b>a</b>"}
    monkeypatch.setenv("DASK_SCHEDULER_ADDRESS", address)  # used without --scheduler
    assert cli.main(["sweep", "point", "-g", "x=8"]) == 0
    assert read_summary(next(env.glob("point--sweep-*")))[0]["status"] == "cached"
    from innovlib.runner import dask_executor as executors

    monkeypatch.setattr(executors, "CONNECT_SECONDS", 2.0)
    assert cli.main(["sweep", "point", "-g", "x=8", "--scheduler", "tcp://127.0.0.1:1", "--force"]) == 2
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


# --- bounded connections to a scheduler (issue 21) --------------------------------------------------------------

class FakePeer:
    """A TCP listener on 127.0.0.1 only, which is not a Dask scheduler: ``silent`` accepts and says nothing,
    ``http`` answers like a web server, ``garbage`` sends bytes at once. Serves at most 20 connections and stops
    by itself after ``lifetime`` seconds."""

    def __init__(self, mode: str, lifetime: float = 60.0) -> None:
        import socket

        self.mode, self.deadline, self.connections = mode, time.monotonic() + lifetime, []
        self.server = socket.socket()
        self.server.bind(("127.0.0.1", 0))
        self.server.listen(5)
        self.server.settimeout(0.2)
        self.address = f"tcp://127.0.0.1:{self.server.getsockname()[1]}"
        self.stopped = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stopped.is_set() and time.monotonic() < self.deadline and len(self.connections) < 20:
            try:
                connection, _ = self.server.accept()
            except OSError:
                continue
            self.connections.append(connection)
            connection.settimeout(2)
            try:
                if self.mode == "http":
                    connection.recv(65536)
                    connection.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 11\r\n\r\nBad Request")
                elif self.mode == "garbage":
                    connection.sendall(b"\xff" * 64)
            except OSError:
                pass

    def close(self) -> None:
        self.stopped.set()
        self.server.close()
        for connection in self.connections:
            connection.close()


@pytest.mark.parametrize("mode", ["silent", "http", "garbage"])
@pytest.mark.parametrize("command", ["run", "sweep"])
def test_a_scheduler_address_that_is_not_a_dask_scheduler_fails_in_bounded_time(env, capsys, monkeypatch, mode,
                                                                                  command):
    import fcntl

    from innovlib import outputs
    from innovlib.runner import dask_executor as executors

    monkeypatch.setattr(executors, "CONNECT_SECONDS", 3.0)
    peer = FakePeer(mode)
    try:
        started = time.monotonic()
        argv = (["run", "point", "--no-report", "--force"] if command == "run" else
                ["sweep", "point", "-g", "x=1,2", "--force"]) + ["--scheduler", peer.address]
        code = cli.main(argv)
        seconds = time.monotonic() - started
    finally:
        peer.close()
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("innovlib")]
    assert code == 2 and len(lines) == 1 and "Traceback" not in err, err
    assert f"cannot reach the Dask scheduler at {peer.address}" in lines[0]
    assert seconds < 20, f"took {seconds:.0f} s"
    assert outputs._held_locks == {}
    with open(env / ".lock", "a") as handle:  # released: another process could take it now
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)


def test_a_real_scheduler_passes_the_probe(client):
    from innovlib.runner.dask_executor import probe_scheduler

    started = time.monotonic()
    assert probe_scheduler(client.scheduler.address, 10) is None  # no SetupError: a scheduler answered
    assert time.monotonic() - started < 10
    assert len(client.scheduler_info()["workers"]) == 2  # and the probe left it serving its workers


def test_scheduler_local_starts_at_most_one_worker_per_point_and_core(env, monkeypatch, capsys):
    from contextlib import contextmanager

    from innovlib.runner import dask_executor as executors

    asked = []

    @contextmanager
    def fake_client(address, workers=None):
        asked.append((address, workers))
        raise runner.SetupError("no cluster in this test")
        yield

    monkeypatch.setattr(executors, "dask_client", fake_client)
    assert cli.main(["run", "point", "--no-report", "--force", "--scheduler", "local", "--jobs", "24"]) == 2
    assert asked == [("local", 1)]
    assert cli.main(["sweep", "point", "-g", "x=1,2,3,4,5", "--force", "--scheduler", "local", "--jobs", "24"]) == 2
    assert asked[-1] == ("local", min(5, os.cpu_count() or 1))
    capsys.readouterr()


def test_a_local_cluster_leaves_this_process_environment_as_it_was():
    """A Dask nanny sets PYTHONHASHSEED (part of the cache key) and thread limits for its workers in the process that
    starts it; `--scheduler local` keeps them to the workers, so later cache keys in this process are unchanged."""
    from innovlib.runner.dask_executor import dask_client

    before = os.environ.copy()
    with dask_client("local", 1) as client:
        seeds = set(client.run(lambda: os.environ.get("PYTHONHASHSEED")).values())
    assert seeds == {"6640"}  # what distributed's nanny gives its workers
    assert os.environ == before
