"""Running many tasks: worker processes (at most ``jobs`` at once, longest first), clean stops, the lock.

**Stopping.** SIGINT (Ctrl-C) or SIGTERM stops scheduling at once, stops the running workers and their kernels,
removes their staging folders, keeps every last good output and raises :class:`~innovlib.errors.Interrupted`
(exit code 130). Workers die with the main process, even when it is killed with SIGKILL.

One :func:`run` for every executor: it does the shared set-up once and hands the tasks that must run to an
:class:`Executor`, the :class:`LocalPool` here or :class:`~innovlib.runner.dask_executor.DaskExecutor`.

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
from contextlib import ExitStack, contextmanager
from multiprocessing import connection
from pathlib import Path
from typing import Callable, Iterator

from innovlib.errors import Interrupted
from innovlib.outputs import held_lock_fds, lock_outputs
from innovlib.paths import data_dir
from innovlib.runner.cache import cache_state, environment_fingerprint, read_run_json, source_fingerprint
from innovlib.runner.execution import build, clean_stale_kernel_folders, failure_summary, prepare_workers
from innovlib.runner.formatting import progress_line
from innovlib.runner.kernels import kill_forked_kernels, warm_kernels
import innovlib.runner.kernels as kernels
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
        kill_forked_kernels()  # a kernel forked by the warm process is not this worker's child
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


class Executor:
    """Where the tasks that must run are executed: :class:`LocalPool` (worker processes on this machine) or
    :class:`~innovlib.runner.dask_executor.DaskExecutor` (a Dask cluster). :func:`run` does the shared set-up once
    (lock, recovery, context, the cached/todo split) and hands the rest to :meth:`execute`.

    Example
    -------
    >>> executor = Executor()
    >>> executor.stopped(), executor.stop_message([])
    (False, 'interrupted; every last good output was kept')
    """

    @contextmanager
    def session(self) -> Iterator[None]:
        """Around the whole run, set-up included (the local pool catches SIGINT and SIGTERM there)."""
        yield

    def stopped(self) -> bool:
        """Whether the run was stopped (then :func:`run` marks what did not finish and raises)."""
        return False

    def stop_message(self, results: list[Result]) -> str:
        """What the :class:`~innovlib.errors.Interrupted` error says, given every task's result."""
        return "interrupted; every last good output was kept"

    def execute(self, todo: list[Task], context: Context, results: dict, total: int,
                progress: Callable[[str], None]) -> None:
        """Run ``todo``, putting each :class:`Result` into ``results`` (keyed by output folder name) as it comes
        and printing its progress line; return when done or stopped."""
        raise NotImplementedError


def _print_to_stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def run(tasks: list[Task], jobs: int | None = None, force: bool = False,
        progress: Callable[[str], None] = _print_to_stderr, executor: Executor | None = None) -> list[Result]:
    """Execute tasks with ``executor`` (default: a :class:`LocalPool` of ``jobs`` worker processes, the machine's
    cores), skipping fresh ones.

    The set-up is done once, whatever the executor: the lock of each outputs folder is held while the run lasts,
    what an interrupted run left there is cleaned first, the kernel folders of killed runs are removed, the
    context of the cache key is computed and each task is found fresh (``cached``, unless ``force``) or to run. A
    failing notebook does not stop the others. Returns one :class:`Result` per task, in task order.

    Raises
    ------
    Interrupted
        On SIGINT (Ctrl-C) or SIGTERM, after the executor stopped its work; its ``results`` attribute holds the
        notebooks that finished (their outputs are in place) and those stopped.

    Example
    -------
    >>> run([], executor=LocalPool(jobs=1))
    []
    """
    executor = executor or LocalPool(jobs)
    results: dict[str, Result] = {}
    with executor.session(), ExitStack() as stack:
        for folder in sorted({str(task.output_dir.parent) for task in tasks}):
            _lock_and_recover(stack, Path(folder), progress)
            if executor.stopped():
                break
        context = _shared_context(tasks, progress)
        todo = [] if executor.stopped() else _to_run(tasks, context, force, results, progress, executor)
        try:
            if todo and not executor.stopped():
                executor.execute(todo, context, results, len(tasks), progress)
        finally:
            for folder in {task.output_dir.parent for task in tasks}:  # the staging folder, once it is empty
                try:
                    (folder / ".staging").rmdir()
                except OSError:
                    pass
        if executor.stopped():
            for task in tasks:
                results.setdefault(task.output_dir.name, Result(task.name, "stopped", 0.0, task.output_dir))
            ordered = [results[task.output_dir.name] for task in tasks]
            error = Interrupted(executor.stop_message(ordered))
            error.results = ordered
            raise error
    return [results[task.output_dir.name] for task in tasks]


def _lock_and_recover(stack: ExitStack, folder: Path, progress: Callable[[str], None]) -> None:
    """Hold ``folder``'s outputs lock for the run and clean what an interrupted run left there."""
    try:
        stack.enter_context(lock_outputs(folder, notify=progress))
        recover_outputs(folder, progress)
    except OSError as exc:
        raise SetupError(f"outputs folder {folder} cannot be written ({exc.strerror})") from None


def _shared_context(tasks: list[Task], progress: Callable[[str], None]) -> Context:
    """What every task's cache key shares, once the kernel folders that killed runs left are removed."""
    removed = clean_stale_kernel_folders() if tasks else 0
    if removed:
        progress(f"cleaned  {removed} kernel folder(s) in the temporary directory left by killed runs")
    return Context(
        source_fingerprint() if tasks else "",
        environment_fingerprint(tasks[0].kernel) if tasks else {},
        str(data_dir().resolve()),
    )


def _to_run(tasks: list[Task], context: Context, force: bool, results: dict, progress: Callable[[str], None],
            executor: Executor) -> list[Task]:
    """The tasks that must run; each fresh one gets its ``cached`` result."""
    todo = []
    for task in tasks:
        if executor.stopped():
            break
        fresh, problem = (False, "") if force else cache_state(task, context)
        if fresh:
            results[task.output_dir.name] = Result(task.name, "cached", 0.0, task.output_dir)
            progress(f"cached   {task.name} {task.output_dir.name} (unchanged since its last good run; --force "
                     "re-runs it)")
        else:
            if problem:
                progress(f"stale    {task.name}: {problem}; running it again")
            todo.append(task)
    return todo


class LocalPool(Executor):
    """Worker processes on this machine, at most ``jobs`` at once (default: the cores), longest first.

    SIGINT (Ctrl-C) and SIGTERM during the run stop scheduling at once and stop the running workers and their
    kernels (see the module's description).

    Example
    -------
    >>> LocalPool(jobs=3).jobs, LocalPool(jobs=-1).jobs, LocalPool(jobs=1).stopped()
    (3, 1, False)
    """

    def __init__(self, jobs: int | None = None) -> None:
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self.signal: int | None = None

    @contextmanager
    def session(self) -> Iterator[None]:
        self.signal = None
        handlers = {}
        if threading.current_thread() is threading.main_thread():
            def on_signal(signum, frame):
                self.signal = signum

            for signum in (signal.SIGINT, signal.SIGTERM):
                handlers[signum] = signal.signal(signum, on_signal)
        try:
            yield
        finally:
            for signum, previous in handlers.items():
                signal.signal(signum, previous)

    def stopped(self) -> bool:
        return self.signal is not None

    def stop_message(self, results: list[Result]) -> str:
        finished = sum(1 for r in results if r.status in ("ok", "failed"))
        stopped = sum(1 for r in results if r.status == "stopped")
        return (f"interrupted by {signal.Signals(self.signal).name}: {finished} notebook(s) finished, {stopped} "
                "stopped; every last good output was kept")

    def execute(self, todo: list[Task], context: Context, results: dict, total: int,
                progress: Callable[[str], None]) -> None:
        """Run the tasks in worker processes, at most ``jobs`` at once, until done or stopped."""
        workers = min(self.jobs, len(todo))
        progress(f"running  {len(todo)} notebook(s) in {workers} process(es)")
        todo = sorted(todo, key=_last_duration, reverse=True)  # longest first keeps both cores busy to the end
        with warm_kernels(*_kernel_command(todo)):  # importing in the background while the workers start
            prepare_workers()  # imports, package metadata and page templates: once here, inherited by the workers
            self._run_workers(todo, context, results, total, progress, workers)

    def _run_workers(self, todo: list[Task], context: Context, results: dict, total: int,
                     progress: Callable[[str], None], workers: int) -> None:
        running: dict = {}  # receiving connection -> (job, process)
        try:
            while (todo or running) and not self.stopped():
                while todo and len(running) < workers and not self.stopped():
                    job, receiver, process = _start_worker(todo.pop(0), context)
                    running[receiver] = (job, process)
                    progress(f"started  {job.task.name}")
                for receiver in connection.wait(list(running), timeout=0.5):
                    self._receive(receiver, running, results, total, progress)
                    if self.stopped():
                        break
        finally:
            if running:
                _stop_workers(running)

    def _receive(self, receiver, running: dict, results: dict, total: int, progress: Callable[[str], None]) -> None:
        """Take one message of a worker: a progress report, or its result (then swap its outputs in)."""
        job, process = running[receiver]
        try:
            result = receiver.recv()
        except (EOFError, OSError):
            result = None
        if isinstance(result, tuple) and result[:1] == ("progress",):
            _, cells_done, cells, seconds = result
            progress(f"         {job.task.name}: {cells_done}/{cells} cells, {seconds:.0f} s")
            return
        del running[receiver]
        receiver.close()
        process.join(30)
        if self.stopped():  # stopped while this one was finishing: leave the outputs as they were
            shutil.rmtree(job.staging, ignore_errors=True)
            return
        if result is None:
            result = Result(job.task.name, "failed", 0.0, job.task.output_dir,
                            error=f"the worker process ended without a result (exit code {process.exitcode})")
        result = finish(job, result)
        results[job.task.output_dir.name] = result
        progress(progress_line(result, len(results), total))


def _start_worker(task: Task, context: Context):
    """Fork a worker process building ``task``; returns its job, the end of its pipe and the process."""
    ctx = multiprocessing.get_context("fork")
    run_id = new_run_id()
    job = Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
    receiver, sender = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_worker_main, args=(job, sender, os.getpid(), context), name=f"innovlib-{task.name}")
    process.start()
    sender.close()
    return job, receiver, process


def _kernel_command(todo: list[Task]) -> tuple[list[str] | None, Path]:
    """The command of the one kernel every task runs in and the folder most of their notebooks are in (where a
    warm process can give their kernels); no command when the tasks use several kernels or it is not found, or
    too few notebooks are in that folder for a warm process to pay."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    folders = [task.notebook.parent for task in todo]
    folder = max(set(folders), key=folders.count)
    if len({task.kernel for task in todo}) != 1 or folders.count(folder) < kernels.WARM_FROM_KERNELS:
        return None, folder
    try:
        spec = KernelSpecManager().get_kernel_spec(todo[0].kernel)
    except (NoSuchKernel, OSError, ValueError):
        return None, folder
    return (None if spec.env else list(spec.argv)), folder


def _last_duration(task: Task) -> float:
    """Seconds the notebook took in its last recorded run (0 when unknown)."""
    run, _ = read_run_json(task.output_dir)
    try:
        return float(run["seconds"]) if run else 0.0
    except (ValueError, KeyError, TypeError):
        return 0.0
