"""Executing one notebook with papermill into a staging folder, and everything written beside it.

A build runs in a worker process (or a Dask worker's subprocess): the notebook with papermill's injected
parameters, then what the registered post-run hooks add (:mod:`innovlib.runner.hooks`: the notebook pages add the
"About this run" and "Findings" cells and claims.json), the HTML page, scalars.json, the run's crate and run.json
with the sha256 of every output file. The main process swaps it in
(:func:`innovlib.runner.staging.finish`) only when it succeeded.

Example
-------
>>> failure_summary(ValueError("bad   value"))
'ValueError: bad value'
"""

from __future__ import annotations

import functools
import json
import logging
import math
import os
import re
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from innovlib.checksums import file_sha256
from innovlib.escaping import terminal_text
from innovlib.html_safety import sanitize_page
from innovlib.imports import import_jsonschema
from innovlib.outputs import NOTEBOOK_ENV, RUN_DIR_ENV, collect_scalars, lock_outputs, read_records
from innovlib.paths import DATA_ENV, PACKAGE_DIR, data_dir
from innovlib.runner.cache import cache_key, cache_key_inputs, dataset_fingerprints, environment_fingerprint, output_checksums, \
    run_record_digest, source_fingerprint
from innovlib.runner.provenance import (
    citation_text, git_state, installed_packages, lock_file, package_versions, write_run_crate,
)
import innovlib.runner.hooks as hooks
from innovlib.runner.hooks import FinishedNotebook
from innovlib.runner.kernels import KERNEL_FOLDER_PREFIX, fork_kernel
from innovlib.runner.staging import finish
from innovlib.runner.tasks import Context, Job, Result, Task, new_run_id


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def failure_summary(exc: BaseException, timeout: float | None = None) -> str:
    """One line saying why a notebook failed: the error, the cell ``[n]`` it came from, and its message cut short;
    a cell that ran past ``--timeout`` is said so in a few words (nbclient's message quotes the cell's code).

    Example
    -------
    >>> failure_summary(KeyError("x"))
    "KeyError: 'x'"
    >>> class CellTimeoutError(TimeoutError): pass
    >>> failure_summary(CellTimeoutError("A cell timed out ... Here is a preview of the cell contents: ..."), 2)
    'CellTimeoutError: a cell ran longer than the --timeout of 2 s'
    """
    if type(exc).__name__ == "CellTimeoutError":
        limit = f" of {timeout:g} s" if timeout else ""
        return f"CellTimeoutError: a cell ran longer than the --timeout{limit}"
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" in cell [{cell}]" if cell is not None else ""
    value = " ".join(str(value).split())
    if len(value) > 300:
        value = value[:297] + "..."
    return terminal_text(f"{name}{where}: {value}".strip())


TEMPLATES = PACKAGE_DIR / "templates"  # nbconvert template of the notebook pages (and the report's)
HIDDEN_IN_HTML = ("parameters", "injected-parameters")  # the "About this run" table shows the values once


def _export_html(notebook_path: Path, html_path: Path, title: str = "") -> None:
    """The executed notebook as one HTML page: titled with the notebook's own first heading, each code cell
    folded in a ``<details>`` element (open it to read the code; no script needed), the parameters cells left
    out (their values are in the "About this run" table), and no script loaded from elsewhere but MathJax."""
    import nbformat

    notebook = nbformat.read(notebook_path, as_version=4)
    resources = {"metadata": {"name": title or Path(notebook_path).stem}}
    body, _ = _html_exporter().from_notebook_node(notebook, resources=resources)
    html_path.write_text(sanitize_page(body), encoding="utf-8")


@functools.lru_cache(maxsize=1)
def _html_exporter():
    """The one exporter of the notebook pages: its templates are found and compiled once per process."""
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)],
                            template_file="innovlib.html.j2")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_IN_HTML)), enabled=True)
    return exporter


def prepare_workers() -> None:
    """Do once, in the process that forks the workers, what every notebook's build would otherwise repeat: import
    papermill, nbclient, the kernel manager, the crate library and the post-run hooks, read the installed packages'
    metadata, compile the page templates (by exporting a one-cell notebook). The forked workers inherit all of it.

    Example
    -------
    >>> prepare_workers()
    >>> _html_exporter.cache_info().currsize
    1
    """
    import_jsonschema()  # first: innovlib.imports says why (build, the other way in, does the same)
    import jupyter_client.manager  # noqa: F401 - imported here, inherited by the forked workers
    import nbclient  # noqa: F401
    import nbformat
    import papermill  # noqa: F401
    import rocrate.rocrate  # noqa: F401

    hooks.registered()
    _papermill_engine()
    package_versions()
    installed_packages()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x"), nbformat.v4.new_code_cell("1")])
    body, _ = _html_exporter().from_notebook_node(notebook, resources={"metadata": {"name": "x"}})
    sanitize_page(body)


def clean_stale_kernel_folders(temporary: Path | None = None) -> int:
    """Remove the private kernel folders (``innovlib-kernel-<pid>-*`` in the temporary directory) that runs killed
    with SIGKILL left behind: only real folders of this user whose owning process is gone (or whose process id
    now belongs to a process started after the folder). Returns how many were removed.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / f"{KERNEL_FOLDER_PREFIX}{os.getpid()}-alive").mkdir()
    ...     (Path(folder) / f"{KERNEL_FOLDER_PREFIX}999999999-gone").mkdir()
    ...     clean_stale_kernel_folders(Path(folder)), [p.name.split("-")[-1] for p in Path(folder).iterdir()]
    (1, ['alive'])
    """
    import re
    import stat
    import tempfile

    import psutil

    removed = 0
    folder = Path(temporary or tempfile.gettempdir())
    for path in folder.glob(f"{KERNEL_FOLDER_PREFIX}*"):
        owner = re.fullmatch(rf"{KERNEL_FOLDER_PREFIX}(\d+)-.+", path.name)
        try:
            status = os.lstat(path)
        except OSError:
            continue
        if not owner or not stat.S_ISDIR(status.st_mode) or status.st_uid != os.getuid():
            continue
        try:
            process = psutil.Process(int(owner.group(1)))
            alive = process.create_time() <= status.st_mtime + 1 and process.status() != psutil.STATUS_ZOMBIE
        except (psutil.Error, OverflowError, ValueError):
            alive = False
        if not alive:
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
    return removed


def _private_ipc_kernel_manager():
    """A kernel manager that talks to its kernel over Unix sockets in a private temporary folder instead of
    unencrypted TCP on localhost: nothing else on the machine can connect to the kernel, and ipykernel has no
    reason to warn "Kernel is running over TCP without encryption". The folder's name carries the process id
    that owns it (:func:`clean_stale_kernel_folders` removes those of killed runs). The kernel process writes
    nothing to the terminal: what a notebook prints goes into the notebook, and a kernel's own complaints (a
    traceback when a timed-out cell is interrupted) would only bury the one-line result. The kernel is forked from
    the run's warm process when there is one that gives the same kernel (:mod:`innovlib.runner.kernels`)."""
    import subprocess
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from jupyter_client.provisioning import LocalProvisioner
    from traitlets import default

    class PrivateIpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            self._ipc_folder = tempfile.mkdtemp(prefix=f"{KERNEL_FOLDER_PREFIX}{os.getpid()}-")  # mode 0700
            return os.path.join(self._ipc_folder, "kernel")

        async def _async_launch_kernel(self, kernel_cmd, **kw):
            provisioner = self.provisioner
            forked = fork_kernel(kernel_cmd, kw.get("env"), kw.get("cwd")) \
                if type(provisioner) is LocalProvisioner else None
            if forked is None:
                kw.setdefault("stdout", subprocess.DEVNULL)
                kw.setdefault("stderr", subprocess.DEVNULL)
                return await super()._async_launch_kernel(kernel_cmd, **kw)
            # what LocalProvisioner.launch_kernel records of a process it started (its group is its own)
            provisioner.process, provisioner.pid, provisioner.pgid = forked, forked.pid, forked.pid
            provisioner.cwd = kw.get("cwd") or os.getcwd()
            self._reconcile_connection_info(provisioner.connection_info)

        idle = False  # set once every cell has answered (:func:`_papermill_engine`)

        async def _async_interrupt_kernel(self) -> None:
            # A shutdown interrupts the kernel first, in case a cell is still running. After the last cell papermill
            # asks for the kernel's info and shuts it down as soon as the reply comes: that SIGINT lands while the
            # kernel is still leaving its handler of the request ("KeyboardInterrupt caught in kernel."). An idle
            # kernel stops on the shutdown request alone; a busy one (a timed-out cell) is still interrupted.
            if not (self.idle and self.shutting_down):
                await super()._async_interrupt_kernel()

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart)
            if not restart and getattr(self, "_ipc_folder", None):
                shutil.rmtree(self._ipc_folder, ignore_errors=True)

        cleanup_resources = _async_cleanup_resources

    return PrivateIpcKernelManager


def _parameterized(task: Task):
    """The notebook with papermill's "injected-parameters" cell, made by papermill's own function from values the
    runner has checked; papermill's inspection of the parameters cell (which warns about annotated lines it
    cannot read, such as ``rows: "path | None" = None``) is not needed and never runs."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    notebook = load_notebook_node(str(task.notebook))
    return parameterize_notebook(notebook, dict(task.values), kernel_name=task.kernel)


PAPERMILL_ENGINE = "innovlib-write-at-end"


@functools.lru_cache(maxsize=1)
def _papermill_engine() -> str:
    """The name of papermill's nbclient engine, registered once, that writes the executed notebook once, when the
    execution ends (after a failure, a timeout or a dead kernel too), instead of before and after every cell: a
    worker stopped mid-run has its staging folder removed anyway, so those writes (the notebook validated and
    serialised twice per cell) were pure cost. Its client tells the kernel manager when every cell has answered
    (the kernel is idle: its shutdown needs no interrupt)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    class WriteAtEnd(NotebookExecutionManager):
        ending = False

        def save(self, **kwargs):
            if self.ending:
                super().save(**kwargs)

        def notebook_complete(self, **kwargs):  # papermill calls it in a ``finally``: after any end
            self.ending = True
            super().notebook_complete(**kwargs)

    class IdleAtEndClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            super().papermill_execute_cells()  # returns once every cell has answered, or the failed one has
            self.km.idle = True

    class WriteAtEndEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, output_path=None, progress_bar=True, log_output=False,
                             autosave_cell_every=30, **kwargs):
            """papermill's ``Engine.execute_notebook`` with the manager above."""
            manager = WriteAtEnd(nb, output_path=output_path, progress_bar=progress_bar, log_output=log_output,
                                 autosave_cell_every=autosave_cell_every)
            manager.notebook_start()
            try:
                cls.execute_managed_notebook(manager, kernel_name, log_output=log_output, **kwargs)
            finally:
                manager.cleanup_pbar()
                manager.notebook_complete()
            return manager.nb

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                     start_timeout=60, execution_timeout=None, **kwargs):
            """papermill's ``NBClientEngine.execute_managed_notebook`` with the client above."""
            kwargs = remove_args(["input_path"], **kwargs)
            final = merge_kwargs(remove_args(["timeout", "startup_timeout"], **kwargs),
                                 timeout=execution_timeout if execution_timeout else kwargs.get("timeout"),
                                 startup_timeout=start_timeout, kernel_name=kernel_name,
                                 log=logging.getLogger("papermill"), log_output=log_output, stdout_file=stdout_file,
                                 stderr_file=stderr_file)
            return IdleAtEndClient(nb_man, **final).execute()

    papermill_engines.register(PAPERMILL_ENGINE, WriteAtEndEngine)
    return PAPERMILL_ENGINE


def _tidy_papermill_metadata(notebook, task: Task) -> None:
    """Papermill records its input; given a notebook object it records the whole object: record the path."""
    meta = notebook.metadata.setdefault("papermill", {})
    meta["input_path"] = str(task.notebook)
    meta["parameters"] = dict(task.values)
    meta["default_parameters"] = dict(task.defaults)


class CellProgress:
    """Reports how far a notebook has got: (cells done, cells in all, seconds) at each quarter of its code cells.

    Example
    -------
    >>> seen = []
    >>> report = CellProgress(8, lambda done, total, seconds: seen.append((done, total)))
    >>> for index in range(8):
    ...     report(cell=None, cell_index=index)
    >>> seen
    [(2, 8), (4, 8), (6, 8), (8, 8)]
    """

    def __init__(self, total: int, emit: Callable[[int, int, float], None]) -> None:
        self.total, self.emit, self.done, self.clock, self.next_mark = total, emit, 0, time.perf_counter(), 1

    def __call__(self, cell=None, cell_index=None, **_) -> None:
        self.done += 1
        if self.total and self.done * 4 >= self.next_mark * self.total:
            while self.done * 4 >= self.next_mark * self.total:
                self.next_mark += 1
            self.emit(self.done, self.total, time.perf_counter() - self.clock)


def build(job: Job, context: Context, on_progress: Callable[[int, int, float], None] | None = None) -> Result:
    """Execute one notebook into the job's staging folder (in a worker process); the main process swaps it in.

    ``on_progress(done, total, seconds)`` hears how many code cells have run, at each quarter of them.
    """
    import_jsonschema()  # first: innovlib.imports says why (the helpers below are reached only from here)
    import nbformat
    import papermill

    task, staging = job.task, job.staging
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    staging.mkdir(parents=True)
    executed = staging / f"{task.name}.ipynb"
    os.environ[RUN_DIR_ENV] = str(staging)
    os.environ[NOTEBOOK_ENV] = task.name
    os.environ[DATA_ENV] = context.data_dir  # absolute: the kernel runs in the notebook's folder
    quiet = logging.getLogger("papermill")  # nbclient logs through it ("Timeout waiting for execute reply")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # a failure is reported once, as failure_summary's line
    try:
        notebook_sha = file_sha256(task.notebook)
        notebook = _parameterized(task)
        callbacks = {}
        if on_progress is not None:  # nbclient calls it after each code cell
            callbacks["on_cell_complete"] = CellProgress(sum(c.cell_type == "code" for c in notebook.cells), on_progress)
        papermill.execute_notebook(
            notebook, str(executed), kernel_name=task.kernel, cwd=str(task.notebook.parent),
            execution_timeout=math.ceil(task.timeout) if task.timeout else None,  # nbclient takes whole seconds
            progress_bar=False, log_output=False, engine_name=_papermill_engine(),
            kernel_manager_class=_private_ipc_kernel_manager(), **callbacks,
        )
        for name, recorded in task.files.items():
            if file_sha256(Path(recorded["path"])) != recorded["sha256"]:
                raise RuntimeError(f"the file named by parameter '{name}' ({recorded['path']}) changed while "
                                   "the notebook ran; run again")
    except Exception as exc:  # noqa: BLE001 - any failure must keep the last good output
        _tidy_failed_notebook(executed, task)
        return Result(task.name, "failed", time.perf_counter() - clock, task.output_dir,
                      error=failure_summary(exc, task.timeout), failed_notebook=executed if executed.exists() else None)
    finally:
        os.environ.pop(RUN_DIR_ENV, None)
        quiet.setLevel(level)

    datasets = dataset_fingerprints(read_records(staging, "datasets.jsonl"))
    git = git_state(task.project_root)
    outside = [str(p) for p in (Path(task.notebook).resolve(), Path(context.data_dir))
               if not p.is_relative_to(Path(task.project_root).resolve())]
    if outside:
        git.update(dirty=None, outside_repository=outside)  # the commit does not pin these inputs
    run = {
        "run_id": job.run_id,
        "notebook": task.name,
        "status": "ok",
        "started_utc": started.isoformat(timespec="seconds"),
        "ended_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "git": git,
        "parameters": task.values,
        "default_parameters": task.is_default,
        "files": task.files,
        "notebook_path": str(Path(task.notebook).resolve()),
        "notebook_sha256": notebook_sha,
        "innovlib_source_sha256": context.source_sha256,
        "data_dir": context.data_dir,
        "datasets": datasets,
        "versions": package_versions(),
        "environment": context.environment,
        "kernel": task.kernel,
        "citation": citation_text(task.project_root),
        "lock_file": lock_file(task.project_root).name,
        "lock_sha256": file_sha256(lock_file(task.project_root)) if lock_file(task.project_root).is_file() else None,
        "packages": installed_packages(),
        "cache_key_inputs": cache_key_inputs(task, notebook_sha, datasets, context),
    }
    run["cache_key"] = cache_key(task, notebook_sha, datasets, context)
    notebook = nbformat.read(executed, as_version=4)
    _tidy_papermill_metadata(notebook, task)
    title = first_heading(notebook.cells) or task.name
    finished = FinishedNotebook(task, run, notebook, staging)
    hooks.after_notebook(finished)  # the layers above add their cells, records and files (innovlib.runner.hooks)
    nbformat.write(notebook, executed)
    _export_html(executed, staging / f"{task.name}.html", title)
    _write_scalars(staging)
    (staging / "datasets.jsonl").unlink(missing_ok=True)
    run["seconds"] = round(time.perf_counter() - clock, 2)
    write_run_crate(staging, task, run, title)
    run["outputs_sha256"] = output_checksums(staging)
    run["run_sha256"] = run_record_digest(run)
    _write_json(staging / "run.json", run)
    return Result(task.name, "ok", time.perf_counter() - clock, task.output_dir, verdicts=dict(finished.counts))


def first_heading(cells: list) -> str:
    """The text of a notebook's first Markdown heading (without ``#``, emphasis or code marks), else ``""``: the
    title of its page and of its run's crate.

    Example
    -------
    >>> first_heading([{"cell_type": "markdown", "source": "Intro\\n# *Unicorns* by `city`\\ntext"}])
    'Unicorns by city'
    """
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        for line in str(cell.get("source", "")).splitlines():
            if line.lstrip().startswith("#"):
                text = line.strip().lstrip("#").strip()
                text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # a link keeps its label
                return re.sub(r"[*_`]", "", text).strip()
    return ""


def _tidy_failed_notebook(executed: Path, task: Task) -> None:
    """Best effort: the partial notebook kept for a failed run records its input's path, not the whole input."""
    import nbformat

    try:
        notebook = nbformat.read(executed, as_version=4)
        _tidy_papermill_metadata(notebook, task)
        nbformat.write(notebook, executed)
    except Exception:  # noqa: BLE001 - the partial notebook is kept as it is
        pass


def _write_scalars(staging: Path) -> None:
    """``scalars.json`` from the scalars the notebook saved (innovlib.outputs.save_scalar), when it saved any."""
    scalars = collect_scalars(staging)
    if scalars:
        _write_json(staging / "scalars.json", scalars)
    (staging / "scalars.jsonl").unlink(missing_ok=True)


def execute(task: Task, progress: Callable[[str], None] | None = None) -> Result:
    """Execute one notebook in this process into a staging folder and swap it in only on success."""
    run_id = new_run_id()
    job = Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
    context = Context(source_fingerprint(), environment_fingerprint(task.kernel), str(data_dir().resolve()))
    if progress:
        progress(f"started  {task.name}")
    with lock_outputs(task.output_dir.parent):
        return finish(job, build(job, context))
