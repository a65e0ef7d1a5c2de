"""Running many tasks: worker processes (at most ``jobs`` at once, longest first), clean stops, the lock.

**Stopping.** SIGINT (Ctrl-C) or SIGTERM stops scheduling at once, stops the running workers and their kernels,
removes their staging folders, keeps every last good output and raises :class:`~innovlib.errors.Interrupted`
(exit code 130). Workers die with the main process, even when it is killed with SIGKILL.

Example
-------
>>> run([])
[]
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import signal
import sys
import threading
import time
from contextlib import ExitStack
from multiprocessing import connection
from pathlib import Path
from typing import Callable

from innovlib.errors import Interrupted
from innovlib.outputs import held_lock_fds, lock_outputs
from innovlib.paths import data_dir
from innovlib.runner.cache import cache_state, environment_fingerprint, read_run_json, source_fingerprint
from innovlib.runner.execution import build, clean_stale_kernel_folders, failure_summary
from innovlib.runner.formatting import progress_line
from innovlib.runner.staging import finish, recover_outputs
from innovlib.runner.tasks import Context, Job, Result, SetupError, Task, new_run_id


STOP_GRACE_SECONDS = 10.0  # how long stopped workers get to shut their kernels down before being killed


def kill_process_tree(root_pid: int, grace: float = 3.0) -> None:
    """Kill every descendant of ``root_pid`` (kernels, in sessions of their own, with their process groups):
    SIGKILL, since whatever they were computing is discarded; reaps them within ``grace`` seconds."""
    import psutil

    try:
        children = psutil.Process(root_pid).children(recursive=True)
    except psutil.Error:
        return
    for child in children:
        try:
            if os.getpgid(child.pid) == child.pid:
                os.killpg(child.pid, signal.SIGKILL)
            else:
                child.kill()
        except (OSError, psutil.Error):
            pass
    psutil.wait_procs(children, timeout=grace)


def set_parent_death_signal() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (no-op elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(job: Job, conn, parent_pid: int, context: Context) -> None:
    """Body of a worker process: build one notebook, send the result, die with the main process.

    SIGTERM (from the main process when it stops, or from Linux when the main process dies) kills the kernel,
    removes the staging folder and ends the worker with status 130 at once.
    """
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        kill_process_tree(os.getpid())
        shutil.rmtree(job.staging, ignore_errors=True)
        os._exit(130)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl-C does
    for fd in held_lock_fds():  # the outputs lock belongs to the main process alone
        try:
            os.close(fd)
        except OSError:
            pass
    set_parent_death_signal()
    if os.getppid() != parent_pid:  # the main process died before the parent-death signal was set
        os._exit(130)

    def watch_parent():  # where there is no parent-death signal
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch_parent, daemon=True).start()
    def tell(done: int, total: int, seconds: float) -> None:  # events go to the main process, which prints
        try:
            conn.send(("progress", done, total, seconds))
        except (OSError, ValueError):
            pass

    try:
        result = build(job, context, on_progress=tell)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process as a failed notebook
        result = Result(job.task.name, "failed", 0.0, job.task.output_dir, error=failure_summary(exc))
    try:
        conn.send(result)
    except (OSError, ValueError):
        pass
    os._exit(0)


def _stop_workers(running: dict) -> None:
    """SIGTERM every running worker, give it time to shut its kernel down, then kill what is left."""
    import psutil

    trees = {}
    for job, process in running.values():
        try:
            trees[process.pid] = psutil.Process(process.pid).children(recursive=True)
        except psutil.Error:
            trees[process.pid] = []
        try:
            process.terminate()
        except (OSError, ValueError):
            pass
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    for job, process in running.values():
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join(5)
        leftovers = [p for p in trees.get(process.pid, []) if p.is_running()]
        for child in leftovers:
            try:
                child.kill()
            except psutil.Error:
                pass
        psutil.wait_procs(leftovers, timeout=5)
        shutil.rmtree(job.staging, ignore_errors=True)


def run(tasks: list[Task], jobs: int | None = None, force: bool = False,
        progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> list[Result]:
    """Execute tasks in ``jobs`` worker processes (default: the machine's cores), skipping fresh ones.

    A failing notebook does not stop the others. Returns one :class:`Result` per task, in task order. Holds the
    lock of each outputs folder while it runs, and first cleans what an interrupted run left there.

    Raises
    ------
    Interrupted
        On SIGINT (Ctrl-C) or SIGTERM, after stopping the workers and their kernels; its ``results`` attribute
        holds the notebooks that finished (their outputs are in place) and those stopped.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    stop: dict[str, int | None] = {"signal": None}
    handlers = {}
    if threading.current_thread() is threading.main_thread():
        def on_signal(signum, frame):
            stop["signal"] = signum

        for signum in (signal.SIGINT, signal.SIGTERM):
            handlers[signum] = signal.signal(signum, on_signal)
    results: dict[str, Result] = {}
    try:
        with ExitStack() as stack:
            for folder in sorted({str(task.output_dir.parent) for task in tasks}):
                try:
                    stack.enter_context(lock_outputs(Path(folder), notify=progress))
                    recover_outputs(Path(folder), progress)
                except OSError as exc:
                    raise SetupError(f"outputs folder {folder} cannot be written ({exc.strerror})") from None
                if stop["signal"]:
                    break
            removed = clean_stale_kernel_folders() if tasks else 0
            if removed:
                progress(f"cleaned  {removed} kernel folder(s) in the temporary directory left by killed runs")
            context = Context(
                source_fingerprint() if tasks else "",
                environment_fingerprint(tasks[0].kernel) if tasks else {},
                str(data_dir().resolve()),
            )
            todo = []
            for task in tasks:
                if stop["signal"]:
                    break
                fresh, problem = (False, "") if force else cache_state(task, context)
                if fresh:
                    results[task.output_dir.name] = Result(task.name, "cached", 0.0, task.output_dir)
                    progress(f"cached   {task.name} (unchanged since its last good run; --force re-runs it)")
                else:
                    if problem:
                        progress(f"stale    {task.name}: {problem}; running it again")
                    todo.append(task)
            if todo and not stop["signal"]:
                _schedule(todo, jobs, context, results, stop, progress, len(tasks))
            if stop["signal"]:
                for task in tasks:
                    results.setdefault(task.output_dir.name, Result(task.name, "stopped", 0.0, task.output_dir))
                finished = sum(1 for r in results.values() if r.status in ("ok", "failed"))
                error = Interrupted(
                    f"interrupted by {signal.Signals(stop['signal']).name}: {finished} notebook(s) finished, "
                    f"{sum(1 for r in results.values() if r.status == 'stopped')} stopped; every last good "
                    "output was kept"
                )
                error.results = [results[task.output_dir.name] for task in tasks]
                raise error
    finally:
        for signum, previous in handlers.items():
            signal.signal(signum, previous)
    return [results[task.output_dir.name] for task in tasks]


def _schedule(todo: list[Task], jobs: int, context: Context, results: dict, stop: dict,
              progress: Callable[[str], None], total: int) -> None:
    """Run the tasks in worker processes, at most ``jobs`` at once, until done or stopped."""
    workers = min(jobs, len(todo))
    progress(f"running  {len(todo)} notebook(s) in {workers} process(es)")
    todo = sorted(todo, key=_last_duration, reverse=True)  # longest first keeps both cores busy to the end
    import nbconvert  # noqa: F401 - imported once here, inherited by the forked workers
    import papermill  # noqa: F401

    folders = {task.output_dir.parent for task in todo}
    ctx = multiprocessing.get_context("fork")
    running: dict = {}  # receiving connection -> (job, process)
    done = len(results)
    try:
        while (todo or running) and not stop["signal"]:
            while todo and len(running) < workers and not stop["signal"]:
                task = todo.pop(0)
                run_id = new_run_id()
                job = Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
                receiver, sender = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_worker_main, args=(job, sender, os.getpid(), context),
                                      name=f"innovlib-{task.name}")
                process.start()
                sender.close()
                running[receiver] = (job, process)
                progress(f"started  {task.name}")
            for receiver in connection.wait(list(running), timeout=0.5):
                job, process = running[receiver]
                try:
                    result = receiver.recv()
                except (EOFError, OSError):
                    result = None
                if isinstance(result, tuple) and result[:1] == ("progress",):
                    _, cells_done, cells, seconds = result
                    progress(f"         {job.task.name}: {cells_done}/{cells} cells, {seconds:.0f} s")
                    continue
                del running[receiver]
                receiver.close()
                process.join(30)
                if stop["signal"]:  # stopped while this one was finishing: leave the outputs as they were
                    shutil.rmtree(job.staging, ignore_errors=True)
                    break
                if result is None:
                    result = Result(job.task.name, "failed", 0.0, job.task.output_dir,
                                    error=f"the worker process ended without a result (exit code {process.exitcode})")
                result = finish(job, result)
                results[job.task.output_dir.name] = result
                done += 1
                progress(progress_line(result, done, total))
    finally:
        if running:
            _stop_workers(running)
        for folder in folders:  # remove the staging folder once nothing is left in it
            try:
                (folder / ".staging").rmdir()
            except OSError:
                pass


def _last_duration(task: Task) -> float:
    """Seconds the notebook took in its last recorded run (0 when unknown)."""
    run, _ = read_run_json(task.output_dir)
    try:
        return float(run["seconds"]) if run else 0.0
    except (ValueError, KeyError, TypeError):
        return 0.0
