"""Running notebooks on a Dask cluster: :class:`DaskExecutor`, the other executor of :func:`innovlib.runner.run`.

``innovlib run --scheduler ...`` and ``innovlib sweep --scheduler ...`` hand their planned tasks to
:func:`innovlib.runner.run` with the executor :func:`executor_for` chooses, which keeps every rule of the local
runner and moves only the execution:

* the client (the ``innovlib`` process) plans, and :func:`innovlib.runner.run` holds the outputs lock, cleans what
  a killed run left, and skips fresh tasks, once, as for the local process pool;
* each remaining task becomes one Dask task, :func:`run_point`. On the worker it starts a **fresh Python
  subprocess** (``python -m innovlib.runner SPEC RESULT``) that executes the notebook in its own kernel into
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

from innovlib.errors import shorten
from innovlib.runner.cache import environment_fingerprint, source_fingerprint
from innovlib.runner.execution import build, clean_stale_kernel_folders, failure_summary
from innovlib.runner.formatting import progress_line
from innovlib.runner.planning import plan
from innovlib.runner.scheduling import Executor, LocalPool, kill_process_tree, set_parent_death_signal
from innovlib.runner.staging import finish
from innovlib.runner.tasks import Context, Job, Result, SetupError, Task, new_run_id

SCHEDULER_ENV = "DASK_SCHEDULER_ADDRESS"
POOL = "pool"  # --scheduler pool: the runner's local process pool, even when DASK_SCHEDULER_ADDRESS is set
DEFAULT_RETRIES = 2
CONNECT_SECONDS = 30.0  # a real deadline for reaching a scheduler: the connection, its handshake and one reply


def scheduler_address(option: str | None, environ=os.environ) -> str | None:
    """What ``--scheduler`` means: ``None`` (local process pool), ``"local"`` (a Dask LocalCluster started for
    this run) or the address of an existing scheduler. Without the option, ``$DASK_SCHEDULER_ADDRESS`` is used
    when set; ``--scheduler pool`` forces the local process pool.

    Example
    -------
    >>> scheduler_address(None, {}), scheduler_address("pool", {"DASK_SCHEDULER_ADDRESS": "tcp://h:8786"})
    (None, None)
    >>> scheduler_address(None, {"DASK_SCHEDULER_ADDRESS": " tcp://h:8786 "}), scheduler_address("local", {})
    ('tcp://h:8786', 'local')
    """
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
    :class:`~innovlib.SetupError` with one line otherwise.
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
        raise SetupError(f"cannot reach the Dask scheduler at {shown}: no Dask scheduler answered within "
                                f"{seconds:g} s") from None
    except Exception as exc:  # noqa: BLE001 - whatever a wrong peer makes distributed raise (even MemoryError)
        raise SetupError(f"cannot reach the Dask scheduler at {shown} "
                                f"({type(exc).__name__}: {shorten(str(exc), 80)[1:-1]})") from None
    if not isinstance(reply, dict) or reply.get("type") != "Scheduler":
        raise SetupError(f"cannot reach the Dask scheduler at {shown}: the peer answered, but is not a Dask "
                                "scheduler")


@contextmanager
def environment_kept():
    """On exit, put ``os.environ`` back as it was on entry. A Dask nanny started in this process (a
    ``LocalCluster`` of processes) sets ``PYTHONHASHSEED``, ``OMP_NUM_THREADS`` and others in *this* process's
    environment for its worker processes, and leaves them set: every cache key computed here afterwards would
    differ, since ``PYTHONHASHSEED`` is part of it.

    Example
    -------
    >>> with environment_kept():
    ...     os.environ["INNOVLIB_EXAMPLE_VARIABLE"] = "1"
    >>> "INNOVLIB_EXAMPLE_VARIABLE" in os.environ
    False
    """
    saved = os.environ.copy()
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


@contextmanager
def dask_client(address: str, workers: int | None = None):
    """A ``distributed.Client``: on a new ``LocalCluster`` of ``workers`` processes with one thread each for
    ``"local"``, else connected to the scheduler at ``address`` once :func:`probe_scheduler` found one there
    within its deadline. The cluster started here is closed on exit."""
    import logging

    try:
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - distributed is a declared dependency
        raise SetupError("--scheduler needs dask.distributed (pip install 'dask[distributed]')") from exc
    with ExitStack() as stack:
        if address == "local":
            stack.enter_context(environment_kept())  # its nannies' settings are for its workers alone
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
                raise SetupError(f"cannot reach the Dask scheduler at {shorten(address, 80)[1:-1]} "
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
            process = subprocess.Popen([sys.executable, "-m", "innovlib.runner", str(spec_path), str(result_path)],
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
    """Body of ``python -m innovlib.runner SPEC RESULT``: plan the task again from the client's values and
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
        task = plan([spec["name"]], spec["values"], notebooks=Path(spec["notebooks"]),
                           outputs=Path(spec["outputs"]), kernel=spec["kernel"], timeout=spec["timeout"])[0]
        if task.output_dir.name != spec["folder"]:
            raise SetupError(f"the worker plans {task.output_dir.name}, the client {spec['folder']}: "
                                    "the notebook or its parameters differ on the worker")
        context = Context(source_fingerprint(), environment_fingerprint(task.kernel), spec["data_dir"])
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

def _spec(task: Task, run_id: str, data_dir: str) -> dict:
    return {"name": task.name, "values": task.values, "notebooks": str(Path(task.notebook).parent),
            "outputs": str(task.output_dir.parent), "folder": task.output_dir.name, "kernel": task.kernel,
            "timeout": task.timeout, "run_id": run_id, "data_dir": data_dir, "project_root": str(task.project_root)}


def _unpack(job: Job, outcome: dict) -> Result:
    """Unpack a worker's archive into the job's staging folder; the result, ready for :func:`innovlib.runner.staging.finish`."""
    job.staging.mkdir(parents=True)
    archive = outcome.get("archive") or b""
    if archive:
        with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
            tar.extractall(job.staging, filter="data")  # refuses absolute paths, links out, devices
    failed = outcome.get("failed_notebook")
    failed_path = job.staging / failed if failed and (job.staging / failed).is_file() else None
    return Result(job.task.name, outcome.get("status", "failed"), float(outcome.get("seconds") or 0.0),
                         job.task.output_dir, verdicts=dict(outcome.get("verdicts") or {}),
                         error=str(outcome.get("error") or ""), failed_notebook=failed_path)


class DaskExecutor(Executor):
    """Run the tasks on a Dask cluster (see the module's description), as :func:`innovlib.runner.run` hands them.

    ``client`` is a ``distributed.Client``, or a function of the number of tasks to run returning a context
    manager that yields one: it is called only when a task must run, so a sweep served from the cache starts no
    cluster. ``on_submitted`` is called with the list of futures once they are submitted, and ``point_function``
    is the Dask task (:func:`run_point`): tests use them to kill a worker mid-run and to make a task fail for good.
    A task Dask gives up on after ``retries`` is a failed result that says so. Ctrl-C cancels the submitted tasks.

    Example
    -------
    >>> DaskExecutor(client=None, retries=1).retries
    1
    """

    def __init__(self, client, retries: int = DEFAULT_RETRIES, on_submitted: Callable[[list], None] | None = None,
                 point_function: Callable[[dict], dict] = run_point) -> None:
        self.client, self.retries = client, retries
        self.on_submitted, self.point_function = on_submitted, point_function
        self.interrupted = False

    def stopped(self) -> bool:
        return self.interrupted

    def stop_message(self, results: list) -> str:
        return "interrupted: the cluster's tasks were cancelled; every last good output was kept"

    def execute(self, todo: list, context: Context, results: dict, total: int,
                progress: Callable[[str], None]) -> None:
        with ExitStack() as stack:
            client = self.client
            if callable(client) and not hasattr(client, "submit"):
                client = stack.enter_context(client(len(todo)))
            progress(f"running  {len(todo)} notebook(s) on the Dask cluster {client.scheduler.address}")
            jobs = self._submit(client, todo, context)
            try:
                self._collect(jobs, results, total, progress)
            except KeyboardInterrupt:
                client.cancel(list(jobs))
                for job in jobs.values():
                    shutil.rmtree(job.staging, ignore_errors=True)
                self.interrupted = True

    def _submit(self, client, todo: list, context: Context) -> dict:
        """One Dask task per notebook; returns ``{future: job}``."""
        jobs: dict = {}
        for task in todo:
            run_id = new_run_id()
            job = Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
            future = client.submit(self.point_function, _spec(task, run_id, context.data_dir), retries=self.retries,
                                   pure=False, key=f"innovlib-{task.output_dir.name}-{run_id}")
            jobs[future] = job
        if self.on_submitted:
            self.on_submitted(list(jobs))
        return jobs

    def _collect(self, jobs: dict, results: dict, total: int, progress: Callable[[str], None]) -> None:
        """Swap each finished point's outputs in as it comes back."""
        from distributed import as_completed

        for future in as_completed(list(jobs)):
            job = jobs[future]
            clock = time.perf_counter()
            try:
                outcome = future.result()
            except Exception as exc:  # noqa: BLE001 - a task Dask gave up on: reported, not lost
                result = Result(job.task.name, "failed", 0.0, job.task.output_dir,
                                error=f"lost on the cluster after {self.retries} retries: " + failure_summary(exc))
            else:
                try:
                    result = finish(job, _unpack(job, outcome))
                except (OSError, tarfile.TarError) as exc:
                    shutil.rmtree(job.staging, ignore_errors=True)
                    result = Result(job.task.name, "failed", time.perf_counter() - clock, job.task.output_dir,
                                    error=f"its outputs could not be unpacked ({exc})")
            results[job.task.output_dir.name] = result
            progress(progress_line(result, len(results), total))


def executor_for(scheduler: str | None, jobs: int | None = None, retries: int = DEFAULT_RETRIES) -> Executor:
    """The executor ``--scheduler`` asks for (see :func:`scheduler_address`): the local process pool of ``jobs``
    workers for ``None``, else a Dask cluster (a ``"local"`` cluster has :func:`local_workers` workers, started
    only when a task must run).

    Example
    -------
    >>> type(executor_for(None, jobs=2)).__name__, type(executor_for("local")).__name__
    ('LocalPool', 'DaskExecutor')
    """
    if scheduler is None:
        return LocalPool(jobs)
    return DaskExecutor(lambda points: dask_client(scheduler, local_workers(jobs, points)), retries=retries)


def main(argv: list[str]) -> int:
    """``python -m innovlib.runner SPEC RESULT``: the body of a Dask point's subprocess."""
    if len(argv) != 2:
        print("usage: python -m innovlib.runner SPEC.json RESULT.json (used by innovlib's Dask workers)",
              file=sys.stderr)
        return 2
    return _build_in_subprocess(Path(argv[0]), Path(argv[1]))
