"""Where notebooks run: the runner's local process pool (the default) or a Dask cluster.

``innovlib run --scheduler ...`` and ``innovlib sweep --scheduler ...`` hand their planned tasks to
:func:`run_tasks`, which keeps every rule of the local runner and moves only the execution:

* the client (the ``innovlib`` process) plans, holds the outputs lock, cleans what a killed run left, and skips
  fresh tasks by the same cache rule as :func:`innovlib.runner.run`;
* each remaining task becomes one Dask task, :func:`run_point`. On the worker it starts a **fresh Python
  subprocess** (``python -m innovlib.executors SPEC RESULT``) that executes the notebook in its own kernel into
  a private staging folder: papermill/nbclient are never run inside a Dask worker thread, where their event
  loop clashes with the worker's (papermill issue 490, "an event loop is already running");
* the worker sends the staging folder back as a tar archive (bytes), whether the worker is on this machine or
  not; the client unpacks it under ``outputs/.staging/`` and swaps it in with the runner's atomic swap, or keeps
  a failed notebook as ``failed-<run id>.ipynb`` beside the last good output, exactly as a local run does.

A notebook that fails is a result (``failed``), not retried. A worker that dies, or a subprocess that ends
without a result, is retried by Dask (``retries`` for errors, the scheduler's ``allowed-failures`` for workers
lost mid-task); a task that still does not come back is reported as ``failed`` with the reason, never lost.

Workers must see the same project checkout, notebooks and data folders at the same paths as the client (one
machine, a shared file system, or identical images), and the same environment if runs are to be served from
the cache afterwards (the environment is part of the cache key).

Example
-------
>>> scheduler_address(None, {})  # no option, no DASK_SCHEDULER_ADDRESS: the local process pool
>>> scheduler_address("local", {})
'local'
>>> scheduler_address(None, {"DASK_SCHEDULER_ADDRESS": "tcp://10.0.0.5:8786"})
'tcp://10.0.0.5:8786'
"""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Callable

from innovlib import runner
from innovlib.runner.execution import build, clean_stale_kernel_folders, failure_summary
from innovlib.runner.formatting import progress_line
from innovlib.runner.scheduling import kill_process_tree, set_parent_death_signal
from innovlib.runner.staging import finish
from innovlib.runner.tasks import Context, Job, new_run_id
from innovlib.errors import Interrupted, shorten
from innovlib.outputs import lock_outputs

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
POOL = "pool"  # --scheduler pool: the runner's local process pool, even when DASK_SCHEDULER_ADDRESS is set
DEFAULT_RETRIES = 2
CONNECT_SECONDS = 30.0  # a real deadline for reaching a scheduler: the connection, its handshake and one reply


def scheduler_address(option: str | None, environ=os.environ) -> str | None:
    """What ``--scheduler`` means: ``None`` (local process pool), ``"local"`` (a Dask LocalCluster started for
    this run) or the address of an existing scheduler. Without the option, ``$DASK_SCHEDULER_ADDRESS`` is used
    when set; ``--scheduler pool`` forces the local process pool."""
    value = (option or environ.get(SCHEDULER_ENV) or "").strip()
    if not value or value == POOL:
        return None
    return value


def local_workers(jobs: int | None, points: int, cores: int | None = None) -> int:
    """How many workers ``--scheduler local`` starts: at most ``jobs`` (default: the cores), never more than the
    points to run or the machine's cores, at least one.

    Example
    -------
    >>> local_workers(24, 1, 2), local_workers(None, 10, 2), local_workers(1, 10, 8)
    (1, 2, 1)
    """
    cores = max(1, cores or os.cpu_count() or 1)
    return max(1, min(jobs or cores, points, cores))


def probe_scheduler(address: str, seconds: float | None = None) -> None:
    """Check that a Dask scheduler answers at ``address`` within ``seconds`` (default :data:`CONNECT_SECONDS`):
    connect, exchange Dask's handshake and ask the scheduler who it is, all under one deadline that holds even
    against a peer that accepts the connection and then says nothing or answers garbage (an HTTP server, a
    silent listener), where ``distributed.Client``'s own timeout never fires. Raises
    :class:`~innovlib.runner.SetupError` with one line otherwise.
    """
    import asyncio

    from distributed.comm import connect
    from distributed.core import send_recv
    from distributed.security import Security

    seconds = CONNECT_SECONDS if seconds is None else seconds
    shown = shorten(address, 80)[1:-1]

    async def ask() -> object:
        comm = await connect(address, timeout=seconds, **Security().get_connection_args("client"))
        try:
            return await send_recv(comm, op="identity")
        finally:
            comm.abort()

    try:
        reply = asyncio.run(asyncio.wait_for(ask(), seconds))
    except (asyncio.TimeoutError, TimeoutError):
        raise runner.SetupError(f"cannot reach the Dask scheduler at {shown}: no Dask scheduler answered within "
                                f"{seconds:g} s") from None
    except Exception as exc:  # noqa: BLE001 - whatever a wrong peer makes distributed raise (even MemoryError)
        raise runner.SetupError(f"cannot reach the Dask scheduler at {shown} "
                                f"({type(exc).__name__}: {shorten(str(exc), 80)[1:-1]})") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise runner.SetupError(f"cannot reach the Dask scheduler at {shown}: the peer answered, but is not a Dask "
                                "scheduler")


@contextmanager
def dask_client(address: str, workers: int | None = None):
    """A ``distributed.Client``: on a new ``LocalCluster`` of ``workers`` processes with one thread each for
    ``"local"``, else connected to the scheduler at ``address`` once :func:`probe_scheduler` found one there
    within its deadline. The cluster started here is closed on exit."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a declared dependency
        raise runner.SetupError("--scheduler needs dask.distributed (pip install 'dask[distributed]')") from exc
    with ExitStack() as stack:
        if address == "local":
            cluster = stack.enter_context(LocalCluster(
                n_workers=local_workers(workers, workers or os.cpu_count() or 1), threads_per_worker=1,
                processes=True,
                dashboard_address=None, silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
        else:
            probe_scheduler(address)
            try:
                client = stack.enter_context(Client(address, timeout=f"{CONNECT_SECONDS}s"))
            except (OSError, TimeoutError, ValueError) as exc:
                raise runner.SetupError(f"cannot reach the Dask scheduler at {shorten(address, 80)[1:-1]} "
                                        f"({shorten(str(exc), 80)[1:-1]})") from None
        yield client


# --- on the worker ---------------------------------------------------------------------------------------------

def run_point(spec: dict) -> dict:
    """Dask task: execute one planned notebook in a fresh subprocess; return its result and its staging folder
    as tar bytes. Raises (so that Dask retries) when the subprocess ends without a result."""
    clean_stale_kernel_folders()  # this worker's machine: what killed points left
    scratch = Path(tempfile.mkdtemp(prefix="innovlib-point-"))
    try:
        staging = scratch / spec["folder"]
        spec = {**spec, "staging": str(staging)}
        spec_path, result_path = scratch / "spec.json", scratch / "result.json"
        spec_path.write_text(json.dumps(spec), encoding="utf-8")
        stderr_path = scratch / "stderr.txt"
        with open(stderr_path, "w", encoding="utf-8") as stderr:
            root = spec.get("project_root")  # run where the client found its project root (innovlib.paths)
            process = subprocess.Popen([sys.executable, "-m", "innovlib.executors", str(spec_path), str(result_path)],
                                       stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr,
                                       cwd=root if root and Path(root).is_dir() else None)
            try:
                while process.poll() is None:
                    if _cancelled():
                        process.terminate()  # its SIGTERM handler stops the kernel
                        process.wait(30)
                        raise RuntimeError("cancelled by the client")
                    time.sleep(0.5)
            finally:
                if process.poll() is None:
                    process.kill()
                    process.wait()
        if not result_path.exists():
            lines = stderr_path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
            tail = lines[-1] if lines else ""
            raise RuntimeError(f"the notebook's process ended without a result (exit code {process.returncode})"
                               + (f": {shorten(tail, 200)[1:-1]}" if tail else ""))
        result = json.loads(result_path.read_text(encoding="utf-8"))
        buffer = io.BytesIO()
        if staging.is_dir():
            with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
                archive.add(staging, arcname=".")
        result["archive"] = buffer.getvalue()
        result["worker_host"] = os.uname().nodename
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _cancelled() -> bool:
    """Whether the client cancelled the Dask task this thread runs (False outside a worker)."""
    try:
        from distributed import get_worker

        worker = get_worker()
        task = worker.state.tasks.get(worker.get_current_task())
        return task is None or task.state in ("cancelled", "released", "forgotten")
    except Exception:  # noqa: BLE001 - not on a worker, or a Dask without these internals: never cancelled
        return False


def _build_in_subprocess(spec_path: Path, result_path: Path) -> int:
    """Body of ``python -m innovlib.executors SPEC RESULT``: plan the task again from the client's values and
    build it into the given staging folder with the runner's own code. Dies (with its kernel) with its parent."""
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        kill_process_tree(os.getpid())
        os._exit(130)

    signal.signal(signal.SIGTERM, stop)
    set_parent_death_signal()
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    outcome: dict
    try:
        task = runner.plan([spec["name"]], spec["values"], notebooks=Path(spec["notebooks"]),
                           outputs=Path(spec["outputs"]), kernel=spec["kernel"], timeout=spec["timeout"])[0]
        if task.output_dir.name != spec["folder"]:
            raise runner.SetupError(f"the worker plans {task.output_dir.name}, the client {spec['folder']}: "
                                    "the notebook or its parameters differ on the worker")
        context = Context(runner.source_fingerprint(), runner.environment_fingerprint(task.kernel), spec["data_dir"])
        result = build(Job(task, spec["run_id"], Path(spec["staging"])), context)
        failed = result.failed_notebook
        outcome = {"status": result.status, "seconds": result.seconds, "verdicts": result.verdicts,
                   "error": result.error, "failed_notebook": Path(failed).name if failed else None}
    except Exception as exc:  # noqa: BLE001 - reported to the client as a failed point
        outcome = {"status": "failed", "seconds": 0.0, "verdicts": {}, "failed_notebook": None,
                   "error": failure_summary(exc)}
    Path(result_path).write_text(json.dumps(outcome, default=str), encoding="utf-8")
    return 0


# --- on the client ---------------------------------------------------------------------------------------------

def _spec(task: runner.Task, run_id: str, data_dir: str) -> dict:
    return {"name": task.name, "values": task.values, "notebooks": str(Path(task.notebook).parent),
            "outputs": str(task.output_dir.parent), "folder": task.output_dir.name, "kernel": task.kernel,
            "timeout": task.timeout, "run_id": run_id, "data_dir": data_dir, "project_root": str(task.project_root)}


def _unpack(job: Job, outcome: dict) -> runner.Result:
    """Unpack a worker's archive into the job's staging folder; the result, ready for :func:`innovlib.runner.staging.finish`."""
    job.staging.mkdir(parents=True)
    archive = outcome.get("archive") or b""
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            tar.extractall(job.staging, filter="data")  # refuses absolute paths, links out, devices
    failed = outcome.get("failed_notebook")
    failed_path = job.staging / failed if failed and (job.staging / failed).is_file() else None
    return runner.Result(job.task.name, outcome.get("status", "failed"), float(outcome.get("seconds") or 0.0),
                         job.task.output_dir, verdicts=dict(outcome.get("verdicts") or {}),
                         error=str(outcome.get("error") or ""), failed_notebook=failed_path)


def run_tasks(tasks: list[runner.Task], client, force: bool = False, retries: int = DEFAULT_RETRIES,
              progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True),
              on_submitted: Callable[[list], None] | None = None,
              point_function: Callable[[dict], dict] = run_point) -> list[runner.Result]:
    """Execute tasks on a Dask ``client`` (see the module's description); one :class:`~innovlib.runner.Result`
    per task, in task order. Fresh tasks are ``cached``; ``force`` re-runs them. ``client`` may also be a
    function of the number of tasks to run returning a context manager that yields the client: it is called
    only when a task must run, so a sweep served from the cache starts no cluster.

    ``on_submitted`` is called with the list of futures once they are submitted, and ``point_function`` is the
    Dask task (:func:`run_point`): tests use them to kill a worker mid-run and to make a task fail for good.

    Raises
    ------
    Interrupted
        On Ctrl-C: the submitted tasks are cancelled and every last good output is kept.
    """
    from distributed import as_completed

    from innovlib.paths import data_dir

    results: dict[str, runner.Result] = {}
    with ExitStack() as stack:
        for folder in sorted({str(task.output_dir.parent) for task in tasks}):
            try:
                stack.enter_context(lock_outputs(Path(folder), notify=progress))
                runner.recover_outputs(Path(folder), progress)
            except OSError as exc:
                raise runner.SetupError(f"outputs folder {folder} cannot be written ({exc.strerror})") from None
        removed = clean_stale_kernel_folders() if tasks else 0
        if removed:
            progress(f"cleaned  {removed} kernel folder(s) in the temporary directory left by killed runs")
        data_folder = str(data_dir().resolve())
        context = Context(
            runner.source_fingerprint() if tasks else "",
            runner.environment_fingerprint(tasks[0].kernel) if tasks else {}, data_folder)
        todo = []
        for task in tasks:
            fresh, problem = (False, "") if force else runner.cache_state(task, context)
            if fresh:
                results[task.output_dir.name] = runner.Result(task.name, "cached", 0.0, task.output_dir)
                progress(f"cached   {task.name} {task.output_dir.name} (unchanged since its last good run)")
            else:
                if problem:
                    progress(f"stale    {task.name}: {problem}; running it again")
                todo.append(task)
        jobs: dict = {}  # future -> job
        if todo and callable(client) and not hasattr(client, "submit"):
            client = stack.enter_context(client(len(todo)))
        if todo:
            progress(f"running  {len(todo)} notebook(s) on the Dask cluster {client.scheduler.address}")
        for task in todo:
            run_id = new_run_id()
            job = Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
            future = client.submit(point_function, _spec(task, run_id, data_folder), retries=retries, pure=False,
                                   key=f"innovlib-{task.output_dir.name}-{run_id}")
            jobs[future] = job
        if on_submitted:
            on_submitted(list(jobs))
        done = len(results)
        try:
            for future in (as_completed(list(jobs)) if jobs else ()):  # all cached: no cluster was started
                job = jobs[future]
                clock = time.perf_counter()
                try:
                    outcome = future.result()
                except Exception as exc:  # noqa: BLE001 - a task Dask gave up on: reported, not lost
                    result = runner.Result(job.task.name, "failed", 0.0, job.task.output_dir,
                                           error=f"lost on the cluster after {retries} retries: "
                                                 + failure_summary(exc))
                else:
                    try:
                        result = finish(job, _unpack(job, outcome))
                    except (OSError, tarfile.TarError) as exc:
                        shutil.rmtree(job.staging, ignore_errors=True)
                        result = runner.Result(job.task.name, "failed", time.perf_counter() - clock,
                                               job.task.output_dir, error=f"its outputs could not be unpacked ({exc})")
                results[job.task.output_dir.name] = result
                done += 1
                progress(progress_line(result, done, len(tasks)))
        except KeyboardInterrupt:
            client.cancel(list(jobs))
            for job in jobs.values():
                shutil.rmtree(job.staging, ignore_errors=True)
            for task in tasks:
                results.setdefault(task.output_dir.name, runner.Result(task.name, "stopped", 0.0, task.output_dir))
            error = Interrupted("interrupted: the cluster's tasks were cancelled; every last good output was kept")
            error.results = [results[task.output_dir.name] for task in tasks]
            raise error from None
        finally:
            for folder in {task.output_dir.parent for task in tasks}:
                try:
                    (folder / ".staging").rmdir()
                except OSError:
                    pass
    return [results[task.output_dir.name] for task in tasks]


def execute_tasks(tasks: list[runner.Task], scheduler: str | None, jobs: int | None = None, force: bool = False,
                  retries: int = DEFAULT_RETRIES,
                  progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
                  ) -> list[runner.Result]:
    """Run tasks where ``scheduler`` says (see :func:`scheduler_address`): the runner's local process pool for
    ``None``, else a Dask cluster (a ``"local"`` cluster has :func:`local_workers` workers)."""
    if scheduler is None:
        return runner.run(tasks, jobs=jobs, force=force, progress=progress)
    return run_tasks(tasks, lambda points: dask_client(scheduler, local_workers(jobs, points)), force=force,
                     retries=retries, progress=progress)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print("usage: python -m innovlib.executors SPEC.json RESULT.json (used by innovlib's Dask workers)",
              file=sys.stderr)
        sys.exit(2)
    sys.exit(_build_in_subprocess(Path(sys.argv[1]), Path(sys.argv[2])))
