"""Execute the finding notebooks with papermill: validated parameters, parallel, cached, atomic outputs.

A notebook is known to the runner only as a file in ``notebooks/`` with a ``parameters`` cell. For each one,
:func:`run` writes ``outputs/<name>/`` (``outputs/<name>--<hash>/`` for non-default parameters)::

    <name>.ipynb   executed notebook, opening with an "About this run" cell (how to cite it)
    <name>.html    readable export
    run.json       run id, UTC start/end, status, git commit, parameters, files named by parameters, datasets'
                   sha256, environment, the cache key and the sha256 of every output file
    claims.json    the claim verdicts the notebook recorded
    scalars.json   scalar results saved with innovlib.outputs.save_scalar (only when there are some)
    tables/*.csv   key result tables saved with innovlib.outputs.save_table

Everything is written to a staging folder by a worker process and swapped in by the main process only when the
notebook succeeded, so a failed or interrupted run never replaces the last good output; a failed notebook is
kept as ``failed-<run id>.ipynb`` beside it. One run at a time writes into an outputs folder (a lock), and a
run cleans up what a killed run left behind (staging folders, a half-done swap) before it starts.

**The cache rule.** A notebook is skipped as ``cached`` only when a content hash of everything its last good run
read is unchanged: the notebook file (and where it lives), its parameters, every file a ``path`` parameter names,
innovlib's source, every dataset file and descriptor it loaded (resolved again in the current data folder), and
the environment (installed package versions, Python, the Jupyter kernel's spec); and its recorded outputs are
intact. A missing or damaged ``run.json``, ``claims.json`` or other output makes a folder stale, never a crash.

**Stopping.** SIGINT (Ctrl-C) or SIGTERM stops scheduling at once, stops the running workers and their kernels,
removes their staging folders, keeps every last good output and raises :class:`~innovlib.errors.Interrupted`
(exit code 130). Workers die with the main process, even when it is killed with SIGKILL.

Example
-------
>>> from innovlib.runner import output_dir_for
>>> output_dir_for("sei_growth", {"end_year": 2024}, {"end_year": 2024}, Path("outputs"))
(PosixPath('outputs/sei_growth'), True)
"""

from __future__ import annotations

import hashlib
import json
import math
import multiprocessing
import os
import platform
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from multiprocessing import connection
from pathlib import Path
from typing import Any, Callable

from innovlib.errors import InnovlibError, Interrupted, shorten
from innovlib.outputs import RUN_DIR_ENV, atomic_write_text, held_lock_fds, lock_outputs, read_records
from innovlib.parameters import (
    Parameter, ParameterError, absolute_path, notebook_parameters, resolve_path, resolve_values,
)

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KERNEL_NAME = "innovlib"
KEY_PACKAGES = (
    "innovlib", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "statsmodels",
    "papermill", "nbconvert", "frictionless", "SALib",
)
STOP_GRACE_SECONDS = 10.0  # how long stopped workers get to shut their kernels down before being killed


def notebooks_dir() -> Path:
    """Where the notebooks are: ``$INNOVLIB_NOTEBOOKS_DIR`` if set, else ``notebooks/`` in the project."""
    return Path(os.environ.get("INNOVLIB_NOTEBOOKS_DIR", PROJECT_ROOT / "notebooks"))


def outputs_dir() -> Path:
    """Where outputs go: ``$INNOVLIB_OUTPUTS_DIR`` if set, else ``outputs/`` in the project."""
    return Path(os.environ.get("INNOVLIB_OUTPUTS_DIR", PROJECT_ROOT / "outputs"))


class SetupError(InnovlibError, RuntimeError):
    """The run cannot start: an unknown notebook, no notebooks, no Jupyter kernel, an unwritable outputs folder."""


@dataclass(frozen=True)
class Task:
    """One notebook to execute, with its resolved parameters and where its outputs go.

    ``files`` records each file a ``path`` parameter names: ``{parameter: {"path", "sha256", "bytes"}}``.
    """

    name: str
    notebook: Path
    values: dict
    is_default: bool
    output_dir: Path
    kernel: str
    timeout: float | None
    project_root: Path
    files: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)


@dataclass
class Result:
    """What happened to one notebook."""

    name: str
    status: str  # "ok", "cached", "failed" or "stopped"
    seconds: float
    output_dir: Path
    verdicts: dict = field(default_factory=dict)
    error: str = ""
    failed_notebook: Path | None = None


@dataclass(frozen=True)
class _Job:
    """One execution of a task: its run id and staging folder, fixed by the main process before it starts."""

    task: Task
    run_id: str
    staging: Path


@dataclass(frozen=True)
class _Context:
    """What every task of a run shares in its cache key."""

    source_sha256: str
    environment: dict
    data_dir: str


# --- discovery ---------------------------------------------------------------------------------------------

def discover(folder: Path | None = None) -> dict[str, Path]:
    """Every notebook under ``notebooks_dir`` (not checkpoints), by name.

    Example
    -------
    >>> discover(Path("/nonexistent"))
    {}
    """
    return {
        path.stem: path
        for path in sorted(Path(folder or notebooks_dir()).glob("*.ipynb"))
        if not path.name.startswith((".", "_")) and path.is_file()
    }


def describe_notebooks(folder: Path | None = None) -> list[tuple[str, list[Parameter]]]:
    """Each notebook's name with its declared parameters (for ``innovlib list``)."""
    return [(name, notebook_parameters(path)) for name, path in discover(folder).items()]


# --- fingerprints for the cache and for run.json ---------------------------------------------------------

def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_fingerprint(package_dir: Path = PROJECT_ROOT / "innovlib") -> str:
    """sha256 over innovlib's Python sources, so any library change invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(package_dir).rglob("*.py")):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def environment_fingerprint(kernel: str) -> dict:
    """Python, every installed package's version (as one sha256) and the kernel's spec: part of the cache key."""
    packages = sorted({(d.metadata.get("Name") or "").lower(): d.version for d in metadata.distributions()}.items())
    spec = {"name": kernel}
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        found = KernelSpecManager().get_kernel_spec(kernel)
        spec["argv"] = list(found.argv)
        spec_file = Path(found.resource_dir) / "kernel.json"
        spec["spec_sha256"] = sha256_file(spec_file) if spec_file.is_file() else None
    except Exception:  # noqa: BLE001 - an unknown kernel fails later, with its own message
        spec["argv"] = None
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "packages_sha256": hashlib.sha256(json.dumps(packages).encode()).hexdigest(),
        "kernel": spec,
    }


def parameters_hash(values: dict) -> str:
    """Short, stable hash of parameter values (names the output folder of a non-default run).

    Example
    -------
    >>> parameters_hash({"seed": 1}) == parameters_hash({"seed": 1})
    True
    """
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:10]


def output_dir_for(name: str, values: dict, defaults: dict, outputs: Path) -> tuple[Path, bool]:
    """``outputs/<name>`` for default parameters, else ``outputs/<name>--<hash of the values>``."""
    is_default = values == defaults
    folder = name if is_default else f"{name}--{parameters_hash(values)}"
    return Path(outputs) / folder, is_default


def _dataset_fingerprints(records: list[dict]) -> list[dict]:
    """Unique datasets loaded by a run, with the sha256 of the CSV (as validated on load) and of its descriptor."""
    seen = {}
    for record in records:
        try:
            path = Path(record["path"])
            key = (str(record["dataset"]), str(record["resource"]))
        except (KeyError, TypeError):
            continue
        descriptor = path.parent / "datapackage.json"
        seen[key] = {
            "dataset": key[0],
            "resource": key[1],
            "path": str(path),
            "sha256": record.get("sha256"),
            "descriptor_sha256": sha256_file(descriptor) if descriptor.is_file() else None,
        }
    return sorted(seen.values(), key=lambda d: (d["dataset"], d["resource"]))


def _current_datasets(recorded: Any) -> list[dict] | None:
    """The datasets a run loaded, as they are now in the current data folder; ``None`` when one is gone."""
    from innovlib import data

    if not isinstance(recorded, list):
        return None
    current = []
    for entry in recorded:
        try:
            ref = data.resolve(entry["dataset"], entry["resource"])
            current.append({
                "dataset": ref.name, "resource": ref.resource, "path": str(ref.csv_path),
                "sha256": sha256_file(ref.csv_path), "descriptor_sha256": sha256_file(ref.descriptor_path),
            })
        except (InnovlibError, OSError, KeyError, TypeError):
            return None
    return current


def cache_key(task: Task, notebook_sha256: str, datasets: list[dict], context: _Context) -> str:
    """sha256 of everything a run read: notebook (path and content), parameters, files named by parameters,
    innovlib's source, the data folder and every dataset file and descriptor loaded, and the environment."""
    payload = {
        "notebook": str(Path(task.notebook).resolve()),
        "notebook_sha256": notebook_sha256,
        "parameters": task.values,
        "files": task.files,
        "innovlib_source_sha256": context.source_sha256,
        "data_dir": context.data_dir,
        "datasets": [{k: d.get(k) for k in ("dataset", "resource", "path", "sha256", "descriptor_sha256")}
                     for d in datasets],
        "environment": context.environment,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _output_checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file of an output folder except run.json (which records them) and failed notebooks."""
    return {
        path.relative_to(folder).as_posix(): sha256_file(path)
        for path in sorted(Path(folder).rglob("*"))
        if path.is_file() and path.name != "run.json" and not path.name.startswith("failed-")
    }


def run_record_digest(run: dict) -> str:
    """sha256 of a run record without its own digest: an edited run.json (run id, commit, parameters) shows.

    Example
    -------
    >>> run_record_digest({"run_id": "a"}) == run_record_digest({"run_id": "a", "run_sha256": "x"})
    True
    """
    body = {k: v for k, v in run.items() if k != "run_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()


def read_run_json(folder: Path) -> tuple[dict | None, str]:
    """A folder's run.json and ``""``, or ``None`` and why it cannot be used (missing, damaged)."""
    path = Path(folder) / "run.json"
    if not path.exists():
        return None, f"{path} is missing"
    try:
        run = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, f"{path} is damaged ({shorten(str(exc), 60)[1:-1]})"
    if not isinstance(run, dict):
        return None, f"{path} is damaged (not a JSON object)"
    return run, ""


def cache_state(task: Task, context: _Context) -> tuple[bool, str]:
    """Whether the task's last good run is fresh, and why not when its outputs are missing or damaged.

    The reason is empty for an ordinary miss (never run, inputs changed) and names the file otherwise.
    """
    folder = task.output_dir
    if not folder.exists():
        return False, ""
    run, problem = read_run_json(folder)
    if run is None:
        return False, problem
    if run.get("status") != "ok":
        return False, ""
    recorded = run.get("outputs_sha256")
    if not isinstance(recorded, dict) or f"{task.name}.ipynb" not in recorded or "claims.json" not in recorded:
        return False, f"{folder / 'run.json'} does not record its outputs' checksums"
    if run.get("run_sha256") != run_record_digest(run):
        return False, f"{folder / 'run.json'} has changed since it was written"
    for relative, digest in recorded.items():
        path = folder / str(relative)
        try:
            if sha256_file(path) != digest:
                return False, f"{path} has changed since it was written (damaged?)"
        except OSError:
            return False, f"{path} is missing"
    extra = sorted(set(_output_checksums(folder)) - set(recorded))
    if extra:
        return False, f"{folder / extra[0]} was not written by the run"
    datasets = _current_datasets(run.get("datasets", []))
    if datasets is None:
        return False, ""
    try:
        notebook_sha = sha256_file(task.notebook)
    except OSError:
        return False, ""
    return cache_key(task, notebook_sha, datasets, context) == run.get("cache_key"), ""


def cache_is_fresh(task: Task, source_sha: str | None = None) -> bool:
    """True when the last good run read exactly what this run would read (see the cache rule above)."""
    from innovlib.data import data_dir

    context = _Context(source_sha or source_fingerprint(task.project_root / "innovlib"),
                       environment_fingerprint(task.kernel), str(data_dir().resolve()))
    return cache_state(task, context)[0]


# --- provenance ---------------------------------------------------------------------------------------------

def git_state(project_root: Path = PROJECT_ROOT) -> dict:
    """Current commit and whether the work tree has uncommitted changes (``unknown`` outside git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_root, capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--", "innovlib", "notebooks", "data"],
                cwd=project_root, capture_output=True, text=True, check=True, timeout=60,
            ).stdout.strip()
        )
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.SubprocessError):
        return {"commit": "unknown", "dirty": None}


def package_versions() -> dict:
    versions = {"python": platform.python_version()}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def citation_text(project_root: Path = PROJECT_ROOT) -> str:
    """A one-line citation built from CITATION.cff."""
    import yaml

    path = Path(project_root) / "CITATION.cff"
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
        authors = "; ".join(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}"
                            for a in cff.get("authors", []))
        year = str(cff.get("date-released", ""))[:4]
    except (OSError, ValueError, AttributeError, TypeError, yaml.YAMLError):
        return "innovlib (see CITATION.cff)"
    return f"{authors} ({year}). {cff.get('title', 'innovlib')}, version {cff.get('version', '')}. {cff.get('url', '')}".strip()


def about_cell_source(task: Task, run: dict) -> str:
    """Markdown for the "About this run" cell that opens every executed notebook (see :mod:`innovlib.frontmatter`)."""
    from innovlib.frontmatter import about_cell_source as source

    try:
        helps = {p.name: p.help for p in notebook_parameters(task.notebook)}
    except (ParameterError, OSError):
        helps = {}
    folder = task.output_dir.relative_to(task.project_root) if task.output_dir.is_relative_to(task.project_root) \
        else Path(task.output_dir.parent.name) / task.output_dir.name
    return source(task.name, run, task.values, task.defaults or task.values, helps, task.files, folder.as_posix())


def lock_file(project_root: Path = PROJECT_ROOT) -> Path:
    """The lock file of exact package versions the Makefile installs from."""
    return Path(project_root) / "requirements.lock"


def installed_packages() -> dict[str, str]:
    """Every installed distribution's version, by lower-case name (recorded in run.json, compared by verify)."""
    found: dict[str, str] = {}
    for dist in metadata.distributions():
        name = (dist.metadata.get("Name") or "").lower().replace("_", "-")
        if name:
            found[name] = dist.version
    return dict(sorted(found.items()))


# --- execution (runs in a worker process) --------------------------------------------------------------------

def _new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def _write_json(path: Path, payload: Any) -> None:
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")


def _failure_summary(exc: BaseException) -> str:
    name = getattr(exc, "ename", type(exc).__name__)
    value = getattr(exc, "evalue", str(exc))
    cell = getattr(exc, "exec_count", None)
    where = f" in cell [{cell}]" if cell is not None else ""
    value = " ".join(str(value).split())
    if len(value) > 300:
        value = value[:297] + "..."
    return f"{name}{where}: {value}".strip()




def _recheck_links(html_text: str) -> str:
    """The last check on an exported page: nothing in it can run a script (see :mod:`innovlib.html_safety`)."""
    from innovlib.html_safety import sanitize_page

    return sanitize_page(html_text)


TEMPLATES = Path(__file__).resolve().parent / "templates"
HIDDEN_IN_HTML = ("parameters", "injected-parameters")  # the "About this run" table shows the values once


def _export_html(notebook_path: Path, html_path: Path, title: str = "") -> None:
    """The executed notebook as one HTML page: titled with the notebook's own first heading, each code cell
    folded in a ``<details>`` element (open it to read the code; no script needed), the parameters cells left
    out (their values are in the "About this run" table), and no script loaded from elsewhere but MathJax."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor

    exporter = HTMLExporter(template_name="lab", extra_template_paths=[str(TEMPLATES)],
                            template_file="innovlib.html.j2")
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags=set(HIDDEN_IN_HTML)), enabled=True)
    notebook = nbformat.read(notebook_path, as_version=4)
    resources = {"metadata": {"name": title or Path(notebook_path).stem}}
    body, _ = exporter.from_notebook_node(notebook, resources=resources)
    html_path.write_text(_recheck_links(body), encoding="utf-8")


def _private_ipc_kernel_manager():
    """A kernel manager that talks to its kernel over Unix sockets in a private temporary folder instead of
    unencrypted TCP on localhost: nothing else on the machine can connect to the kernel, and ipykernel has no
    reason to warn "Kernel is running over TCP without encryption"."""
    import tempfile

    from jupyter_client.manager import AsyncKernelManager
    from traitlets import default

    class PrivateIpcKernelManager(AsyncKernelManager):
        @default("transport")
        def _default_transport(self):
            return "ipc"

        @default("ip")
        def _default_ip(self):
            self._ipc_folder = tempfile.mkdtemp(prefix="innovlib-kernel-")  # mode 0700
            return os.path.join(self._ipc_folder, "kernel")

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


def _build(job: _Job, context: _Context, on_progress: Callable[[int, int, float], None] | None = None) -> Result:
    """Execute one notebook into the job's staging folder (in a worker process); the main process swaps it in.

    ``on_progress(done, total, seconds)`` hears how many code cells have run, at each quarter of them.
    """
    import nbformat
    import papermill

    task, staging = job.task, job.staging
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    staging.mkdir(parents=True)
    executed = staging / f"{task.name}.ipynb"
    os.environ[RUN_DIR_ENV] = str(staging)
    os.environ["INNOVLIB_NOTEBOOK"] = task.name
    os.environ["INNOVLIB_DATA_DIR"] = context.data_dir  # absolute: the kernel runs in the notebook's folder
    try:
        notebook_sha = sha256_file(task.notebook)
        notebook = _parameterized(task)
        hooks = {}
        if on_progress is not None:  # nbclient calls it after each code cell
            hooks["on_cell_complete"] = CellProgress(sum(c.cell_type == "code" for c in notebook.cells), on_progress)
        papermill.execute_notebook(
            notebook, str(executed), kernel_name=task.kernel, cwd=str(task.notebook.parent),
            execution_timeout=math.ceil(task.timeout) if task.timeout else None,  # nbclient takes whole seconds
            progress_bar=False, log_output=False,
            kernel_manager_class=_private_ipc_kernel_manager(), **hooks,
        )
        for name, recorded in task.files.items():
            if sha256_file(Path(recorded["path"])) != recorded["sha256"]:
                raise RuntimeError(f"the file named by parameter '{name}' ({recorded['path']}) changed while "
                                   "the notebook ran; run again")
    except Exception as exc:  # noqa: BLE001 - any failure must keep the last good output
        _tidy_failed_notebook(executed, task)
        return Result(task.name, "failed", time.perf_counter() - clock, task.output_dir,
                      error=_failure_summary(exc), failed_notebook=executed if executed.exists() else None)
    finally:
        os.environ.pop(RUN_DIR_ENV, None)

    verdicts = read_records(staging, "claims.jsonl")
    not_tested = read_records(staging, "not_tested.jsonl")
    datasets = _dataset_fingerprints(read_records(staging, "datasets.jsonl"))
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
        "lock_sha256": sha256_file(lock_file(task.project_root)) if lock_file(task.project_root).is_file() else None,
        "packages": installed_packages(),
        "not_tested": [str(r.get("part_id")) for r in not_tested],
        "cache_key": cache_key(task, notebook_sha, datasets, context),
    }
    from innovlib.frontmatter import ABOUT_TAG, FINDINGS_TAG, findings_cell_source, first_heading

    notebook = nbformat.read(executed, as_version=4)
    _tidy_papermill_metadata(notebook, task)
    cells = verdict_cells(notebook)
    for record in verdicts + not_tested:  # the cell that decided it: the one showing the verdict
        record["cell"] = cells.get(str(record.get("anchor")))
    title = first_heading(notebook.cells) or task.name
    notebook.cells[0:0] = [
        nbformat.v4.new_markdown_cell(about_cell_source(task, run), metadata={"tags": [ABOUT_TAG]}),
        nbformat.v4.new_markdown_cell(findings_cell_source(verdicts, not_tested), metadata={"tags": [FINDINGS_TAG]}),
    ]
    for cell, cell_id in zip(notebook.cells, (ABOUT_TAG, FINDINGS_TAG)):
        cell.id = cell_id  # stable ids: the HTML page's #cell-id=innovlib-findings always exists
    nbformat.write(notebook, executed)
    _export_html(executed, staging / f"{task.name}.html", title)
    _write_json(staging / "claims.json", verdicts)
    _write_scalars(staging)
    for scratch in ("claims.jsonl", "datasets.jsonl", "not_tested.jsonl"):
        (staging / scratch).unlink(missing_ok=True)
    run["seconds"] = round(time.perf_counter() - clock, 2)
    from innovlib.provenance import write_run_crate

    write_run_crate(staging, task, run, title)
    run["outputs_sha256"] = _output_checksums(staging)
    run["run_sha256"] = run_record_digest(run)
    _write_json(staging / "run.json", run)
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[str(verdict.get("verdict"))] = counts.get(str(verdict.get("verdict")), 0) + 1
    return Result(task.name, "ok", time.perf_counter() - clock, task.output_dir, verdicts=counts)


def verdict_cells(notebook) -> dict[str, int | None]:
    """The execution count (``In [n]``) of the cell showing each verdict, by the anchor of its display."""
    import re

    found: dict[str, int | None] = {}
    for cell in notebook.cells:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            page = (output.get("data") or {}).get("text/html", "")
            page = "".join(page) if isinstance(page, list) else str(page)
            for anchor in re.findall(r'\bid="(part-[A-Za-z0-9_.-]+)"', page):
                found.setdefault(anchor, cell.get("execution_count"))
    return found


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
    from innovlib.outputs import collect_scalars

    scalars = collect_scalars(staging)
    if scalars:
        _write_json(staging / "scalars.json", scalars)
    (staging / "scalars.jsonl").unlink(missing_ok=True)


def _kill_process_tree(root_pid: int, grace: float = 3.0) -> None:
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


def _set_parent_death_signal() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (no-op elsewhere)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(job: _Job, conn, parent_pid: int, context: _Context) -> None:
    """Body of a worker process: build one notebook, send the result, die with the main process.

    SIGTERM (from the main process when it stops, or from Linux when the main process dies) kills the kernel,
    removes the staging folder and ends the worker with status 130 at once.
    """
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        _kill_process_tree(os.getpid())
        shutil.rmtree(job.staging, ignore_errors=True)
        os._exit(130)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process decides what Ctrl-C does
    for fd in held_lock_fds():  # the outputs lock belongs to the main process alone
        try:
            os.close(fd)
        except OSError:
            pass
    _set_parent_death_signal()
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
        result = _build(job, context, on_progress=tell)
    except BaseException as exc:  # noqa: BLE001 - reported to the main process as a failed notebook
        result = Result(job.task.name, "failed", 0.0, job.task.output_dir, error=_failure_summary(exc))
    try:
        conn.send(result)
    except (OSError, ValueError):
        pass
    os._exit(0)


# --- the outputs folder: swaps, failed notebooks, recovery -------------------------------------------------

def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``; the old folder waits in ``.trash/<id>/`` until the new one is in place, so
    a run killed between the two renames is repaired by :func:`recover_outputs`."""
    holder = final.parent / ".trash" / uuid.uuid4().hex[:12]
    if final.exists():
        holder.mkdir(parents=True)
        os.replace(final, holder / final.name)
    os.replace(staging, final)
    shutil.rmtree(holder, ignore_errors=True)
    try:
        holder.parent.rmdir()
    except OSError:
        pass


def recover_outputs(folder: Path, progress: Callable[[str], None] = lambda line: None) -> None:
    """Clean what a killed run left in an outputs folder: staging folders, temporary files and a half-done swap
    (an old output waiting in ``.trash`` whose replacement never arrived is put back). Call with the lock held."""
    folder = Path(folder)
    staging = folder / ".staging"
    if staging.is_dir():
        leftovers = list(staging.iterdir())
        for leftover in leftovers:
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
        if leftovers:
            progress(f"cleaned  {len(leftovers)} unfinished staging folder(s) left by an interrupted run")
        try:
            staging.rmdir()
        except OSError:
            pass
    trash = folder / ".trash"
    if trash.is_dir():
        for holder in list(trash.iterdir()):
            for old in list(holder.iterdir()) if holder.is_dir() else []:
                final = folder / old.name
                if not final.exists() and (old / "run.json").exists():
                    os.replace(old, final)
                    progress(f"restored {final} (an interrupted run had moved it aside)")
            shutil.rmtree(holder, ignore_errors=True) if holder.is_dir() else holder.unlink(missing_ok=True)
        try:
            trash.rmdir()
        except OSError:
            pass
    for temporary in folder.glob(".*.tmp"):
        temporary.unlink(missing_ok=True)


def _finish(job: _Job, result: Result) -> Result:
    """In the main process: swap a good build in, or keep a failed notebook beside the last good output."""
    task = job.task
    try:
        if result.status == "ok":
            _swap_in(job.staging, task.output_dir)
            return result
        partial = result.failed_notebook
        result.failed_notebook = None
        if partial is not None and Path(partial).exists():
            task.output_dir.mkdir(parents=True, exist_ok=True)
            kept = task.output_dir / f"failed-{job.run_id}.ipynb"
            shutil.copyfile(partial, kept)
            result.failed_notebook = kept
        return result
    finally:
        shutil.rmtree(job.staging, ignore_errors=True)


def execute(task: Task, progress: Callable[[str], None] | None = None) -> Result:
    """Execute one notebook in this process into a staging folder and swap it in only on success."""
    from innovlib.data import data_dir

    run_id = _new_run_id()
    job = _Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
    context = _Context(source_fingerprint(task.project_root / "innovlib"), environment_fingerprint(task.kernel),
                       str(data_dir().resolve()))
    if progress:
        progress(f"started  {task.name}")
    with lock_outputs(task.output_dir.parent):
        return _finish(job, _build(job, context))


# --- planning and running ------------------------------------------------------------------------------------

def find_kernel() -> str:
    """The ``innovlib`` Jupyter kernel when registered (``make`` does it), else this Python's ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    if KERNEL_NAME in specs:
        return KERNEL_NAME
    if "python3" in specs:
        return "python3"
    raise SetupError("no Jupyter kernel found; run `make reproduce` (it registers the 'innovlib' kernel)")


def _file_record(path: Path) -> dict:
    return {"path": str(path), "sha256": sha256_file(path), "bytes": path.stat().st_size}


def plan(
    names: list[str],
    overrides: dict[str, Any] | None = None,
    per_notebook: dict[str, dict] | None = None,
    from_text: set[str] = frozenset(),
    notebooks: Path | None = None,
    outputs: Path | None = None,
    kernel: str = KERNEL_NAME,
    timeout: float | None = None,
) -> list[Task]:
    """Check every notebook name and parameter before anything executes; return the tasks.

    ``overrides`` apply to every named notebook (each must declare them); ``per_notebook`` maps a notebook
    name to its own overrides. Files named by ``path`` parameters are checked (a readable file within the size
    limit; relative paths resolve against the project root) and hashed here. Raises :class:`SetupError` or
    :class:`ParameterError` naming the notebook, the parameter and what was expected.
    """
    if timeout is not None and (isinstance(timeout, bool) or not isinstance(timeout, (int, float))
                                or not math.isfinite(timeout) or timeout <= 0):
        raise SetupError(f"the timeout must be a positive number of seconds, got {shorten(timeout)}")
    from innovlib.data import data_dir

    if not Path(data_dir()).is_dir():
        raise SetupError(f"the data folder {data_dir()} does not exist (check INNOVLIB_DATA_DIR)")
    notebooks = Path(notebooks or notebooks_dir())
    outputs = Path(outputs or outputs_dir()).resolve()
    if notebooks.exists() and not notebooks.is_dir():
        raise SetupError(f"{notebooks} is not a folder of notebooks")
    available = discover(notebooks)
    if not available:
        raise SetupError(f"no notebooks in {notebooks}")
    names = list(dict.fromkeys(names))  # a notebook named twice runs once
    unknown = [n for n in names if n not in available]
    if unknown:
        shown = ", ".join(shorten(str(n), 40)[1:-1] for n in unknown[:5])
        raise SetupError(f"unknown notebook(s) {shown}; available: {', '.join(available)}")
    stray = [n for n in (per_notebook or {}) if n not in names]
    if stray:
        shown = ", ".join(shorten(str(n), 40)[1:-1] for n in stray[:5])
        raise ParameterError(f"parameters given for notebook(s) not being run: {shown}")
    tasks, problems = [], []
    for name in names:
        try:
            declared = notebook_parameters(available[name])
            given = dict(overrides or {})
            given.update((per_notebook or {}).get(name, {}))
            values = resolve_values(declared, given, from_text, notebook=name)
            defaults = {p.name: p.default for p in declared}
            files = {}
            for parameter in declared:
                if parameter.base_type != "path":
                    continue
                if defaults[parameter.name] is not None:  # compared with the values: resolved the same way
                    defaults[parameter.name] = str(absolute_path(defaults[parameter.name], PROJECT_ROOT))
                if values[parameter.name] is not None:
                    path = resolve_path(parameter, values[parameter.name], PROJECT_ROOT)
                    values[parameter.name] = str(path)
                    files[parameter.name] = _file_record(path)
        except ParameterError as exc:
            message = str(exc)
            problems.append(message if message.startswith(f"{name}:") else f"{name}: {message}")
            continue
        except OSError as exc:
            problems.append(f"{name}: {exc.filename or ''} cannot be read ({exc.strerror})")
            continue
        output_dir, is_default = output_dir_for(name, values, defaults, outputs)
        tasks.append(Task(name, available[name], values, is_default, output_dir, kernel, timeout, PROJECT_ROOT, files,
                          defaults))
    if problems:
        raise ParameterError("\n".join(problems))
    return tasks


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
    from innovlib.data import data_dir

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
            context = _Context(
                source_fingerprint(tasks[0].project_root / "innovlib") if tasks else "",
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


def _schedule(todo: list[Task], jobs: int, context: _Context, results: dict, stop: dict,
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
                run_id = _new_run_id()
                job = _Job(task, run_id, task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}")
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
                result = _finish(job, result)
                results[job.task.output_dir.name] = result
                done += 1
                progress(_progress_line(result, done, total))
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


def _progress_line(result: Result, done: int, total: int) -> str:
    mark = {"ok": "finished", "failed": "FAILED  "}.get(result.status, result.status)
    detail = f" - {result.error}" if result.error else ""
    return f"[{done}/{total}] {mark} {result.name} ({result.seconds:.1f} s){detail}"


def summary_table(results: list[Result], project_root: Path = PROJECT_ROOT) -> str:
    """A plain-text table closing a run: notebook, status, seconds, verdict counts, output folder."""
    rows = [("notebook", "status", "seconds", "verdicts", "output")]
    for r in results:
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(r.verdicts.items())) or "-"
        where = r.failed_notebook or r.output_dir
        try:
            where = Path(where).relative_to(project_root)
        except ValueError:
            pass
        rows.append((r.name, r.status, f"{r.seconds:.1f}", verdicts, str(where)))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
