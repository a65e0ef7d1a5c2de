"""Execute the finding notebooks with papermill: validated parameters, parallel, cached, atomic outputs.

A notebook is known to the runner only as a file in ``notebooks/`` with a ``parameters`` cell. For each one,
:func:`run` writes ``outputs/<name>/`` (``outputs/<name>--<hash>/`` for non-default parameters)::

    <name>.ipynb   executed notebook, opening with an "About this run" cell (how to cite it)
    <name>.html    readable export
    run.json       run id, UTC start/end, status, git commit, parameters, datasets' sha256, versions
    claims.json    the claim verdicts the notebook recorded
    tables/*.csv   key result tables saved with innovlib.outputs.save_table

Everything is written to a staging folder first and swapped in only when the notebook succeeded, so a failed
run never replaces the last good output; the failed notebook is kept as ``failed-<run id>.ipynb`` beside it.

Example
-------
>>> from innovlib.runner import output_dir_for
>>> output_dir_for("sei_growth", {"end_year": 2024}, {"end_year": 2024}, Path("outputs"))
(PosixPath('outputs/sei_growth'), True)
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Any, Callable

from innovlib.outputs import RUN_DIR_ENV, read_records
from innovlib.parameters import Parameter, ParameterError, notebook_parameters, resolve_values

PROJECT_ROOT = Path(__file__).resolve().parents[1]
KERNEL_NAME = "innovlib"
KEY_PACKAGES = (
    "innovlib", "pandas", "numpy", "scipy", "matplotlib", "seaborn", "statsmodels",
    "papermill", "nbconvert", "frictionless", "SALib",
)


def notebooks_dir() -> Path:
    """Where the notebooks are: ``$INNOVLIB_NOTEBOOKS_DIR`` if set, else ``notebooks/`` in the project."""
    return Path(os.environ.get("INNOVLIB_NOTEBOOKS_DIR", PROJECT_ROOT / "notebooks"))


def outputs_dir() -> Path:
    """Where outputs go: ``$INNOVLIB_OUTPUTS_DIR`` if set, else ``outputs/`` in the project."""
    return Path(os.environ.get("INNOVLIB_OUTPUTS_DIR", PROJECT_ROOT / "outputs"))


class SetupError(RuntimeError):
    """The run cannot start: an unknown notebook, no notebooks, no Jupyter kernel."""


@dataclass(frozen=True)
class Task:
    """One notebook to execute, with its resolved parameters and where its outputs go."""

    name: str
    notebook: Path
    values: dict
    is_default: bool
    output_dir: Path
    kernel: str
    timeout: float | None
    project_root: Path


@dataclass
class Result:
    """What happened to one notebook."""

    name: str
    status: str  # "ok", "cached" or "failed"
    seconds: float
    output_dir: Path
    verdicts: dict = field(default_factory=dict)
    error: str = ""
    failed_notebook: Path | None = None


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
        if not path.name.startswith((".", "_"))
    }


def describe_notebooks(folder: Path | None = None) -> list[tuple[str, list[Parameter]]]:
    """Each notebook's name with its declared parameters (for ``innovlib list``)."""
    return [(name, notebook_parameters(path)) for name, path in discover(folder).items()]


# --- fingerprints for the cache and for run.json ---------------------------------------------------------

def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def source_fingerprint(package_dir: Path = PROJECT_ROOT / "innovlib") -> str:
    """sha256 over innovlib's Python sources, so any library change invalidates the cache."""
    digest = hashlib.sha256()
    for path in sorted(Path(package_dir).rglob("*.py")):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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
    """Unique datasets loaded by a run, with the sha256 of the CSV and of its descriptor."""
    seen = {}
    for record in records:
        path = Path(record["path"])
        descriptor = path.parent / "datapackage.json"
        seen[(record["dataset"], record["resource"])] = {
            "dataset": record["dataset"],
            "resource": record["resource"],
            "path": str(path),
            "sha256": record["sha256"],
            "descriptor_sha256": sha256_file(descriptor) if descriptor.exists() else None,
        }
    return sorted(seen.values(), key=lambda d: (d["dataset"], d["resource"]))


def cache_is_fresh(task: Task, source_sha: str) -> bool:
    """True when the last good run used the same notebook, parameters, data and innovlib source."""
    run_file = task.output_dir / "run.json"
    if not run_file.exists() or not (task.output_dir / f"{task.name}.ipynb").exists():
        return False
    try:
        last = json.loads(run_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return False
    if last.get("status") != "ok" or last.get("parameters") != task.values:
        return False
    if last.get("notebook_sha256") != sha256_file(task.notebook) or last.get("innovlib_source_sha256") != source_sha:
        return False
    for dataset in last.get("datasets", []):
        csv, descriptor = Path(dataset["path"]), Path(dataset["path"]).parent / "datapackage.json"
        if not csv.exists() or sha256_file(csv) != dataset["sha256"]:
            return False
        if dataset.get("descriptor_sha256") and (
            not descriptor.exists() or sha256_file(descriptor) != dataset["descriptor_sha256"]
        ):
            return False
    return True


# --- provenance ---------------------------------------------------------------------------------------------

def git_state(project_root: Path = PROJECT_ROOT) -> dict:
    """Current commit and whether the work tree has uncommitted changes (``unknown`` outside git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=project_root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = bool(
            subprocess.run(
                ["git", "status", "--porcelain", "--", "innovlib", "notebooks", "data"],
                cwd=project_root, capture_output=True, text=True, check=True,
            ).stdout.strip()
        )
        return {"commit": commit, "dirty": dirty}
    except (OSError, subprocess.CalledProcessError):
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
    if not path.exists():
        return "innovlib (see CITATION.cff)"
    cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    authors = "; ".join(a.get("name") or f"{a.get('family-names', '')}, {a.get('given-names', '')}" for a in cff.get("authors", []))
    year = str(cff.get("date-released", ""))[:4]
    return f"{authors} ({year}). {cff.get('title', 'innovlib')}, version {cff.get('version', '')}. {cff.get('url', '')}".strip()


def about_cell_source(task: Task, run: dict) -> str:
    """Markdown for the "About this run" cell that opens every executed notebook."""
    relative = task.output_dir.relative_to(task.project_root) if task.output_dir.is_relative_to(task.project_root) else task.output_dir
    params = "\n".join(f"| `{k}` | `{json.dumps(v, ensure_ascii=False)}` |" for k, v in task.values.items()) or "| (none) | |"
    data = "\n".join(
        f"| `{d['dataset']}` / `{d['resource']}` | `{d['sha256'][:16]}` |" for d in run["datasets"]
    ) or "| (none) | |"
    dirty = " (with uncommitted changes)" if run["git"]["dirty"] else ""
    return (
        "## About this run\n\n"
        f"Executed by `innovlib run` (papermill) on {run['started_utc']} UTC, run id `{run['run_id']}`, "
        f"from commit `{run['git']['commit'][:12]}`{dirty}.\n\n"
        f"**How to cite:** {run['citation']} Executed notebook `{relative}/{task.name}.ipynb`, run `{run['run_id']}`.\n\n"
        "| parameter | value |\n|---|---|\n" + params + "\n\n"
        "| dataset / resource | sha256 |\n|---|---|\n" + data + "\n"
    )


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
    return f"{name}{where}: {value}".strip()


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``; the old folder is kept aside until the new one is in place."""
    trash = final.parent / ".trash" / f"{final.name}-{uuid.uuid4().hex[:6]}"
    if final.exists():
        trash.parent.mkdir(parents=True, exist_ok=True)
        os.replace(final, trash)
    os.replace(staging, final)
    shutil.rmtree(trash, ignore_errors=True)


def _export_html(notebook_path: Path, html_path: Path) -> None:
    import nbformat
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(nbformat.read(notebook_path, as_version=4))
    html_path.write_text(body, encoding="utf-8")


def execute(task: Task, progress: Callable[[str], None] | None = None) -> Result:
    """Execute one notebook into a staging folder and swap it in only on success."""
    import nbformat
    import papermill

    run_id = _new_run_id()
    started = datetime.now(timezone.utc)
    clock = time.perf_counter()
    staging = task.output_dir.parent / ".staging" / f"{task.output_dir.name}-{run_id}"
    staging.mkdir(parents=True)
    executed = staging / f"{task.name}.ipynb"
    os.environ[RUN_DIR_ENV] = str(staging)
    os.environ["INNOVLIB_NOTEBOOK"] = task.name
    if progress:
        progress(f"started  {task.name}")
    try:
        papermill.execute_notebook(
            str(task.notebook), str(executed), parameters=task.values, kernel_name=task.kernel,
            cwd=str(task.notebook.parent), execution_timeout=task.timeout, progress_bar=False, log_output=False,
        )
    except BaseException as exc:  # noqa: BLE001 - any failure must keep the last good output
        task.output_dir.mkdir(parents=True, exist_ok=True)
        failed = task.output_dir / f"failed-{run_id}.ipynb"
        if executed.exists():
            shutil.copyfile(executed, failed)
        shutil.rmtree(staging, ignore_errors=True)
        return Result(task.name, "failed", time.perf_counter() - clock, task.output_dir,
                      error=_failure_summary(exc), failed_notebook=failed if failed.exists() else None)
    finally:
        os.environ.pop(RUN_DIR_ENV, None)

    verdicts = read_records(staging, "claims.jsonl")
    run = {
        "run_id": run_id,
        "notebook": task.name,
        "status": "ok",
        "started_utc": started.isoformat(timespec="seconds"),
        "ended_utc": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - clock, 2),
        "git": git_state(task.project_root),
        "parameters": task.values,
        "default_parameters": task.is_default,
        "notebook_sha256": sha256_file(task.notebook),
        "innovlib_source_sha256": source_fingerprint(task.project_root / "innovlib"),
        "datasets": _dataset_fingerprints(read_records(staging, "datasets.jsonl")),
        "versions": package_versions(),
        "kernel": task.kernel,
        "citation": citation_text(task.project_root),
    }
    notebook = nbformat.read(executed, as_version=4)
    notebook.cells.insert(0, nbformat.v4.new_markdown_cell(about_cell_source(task, run), metadata={"tags": ["innovlib-about"]}))
    nbformat.write(notebook, executed)
    _export_html(executed, staging / f"{task.name}.html")
    _write_json(staging / "claims.json", verdicts)
    run["seconds"] = round(time.perf_counter() - clock, 2)
    _write_json(staging / "run.json", run)
    for scratch in ("claims.jsonl", "datasets.jsonl"):
        (staging / scratch).unlink(missing_ok=True)
    _swap_in(staging, task.output_dir)
    counts = {}
    for verdict in verdicts:
        counts[verdict["verdict"]] = counts.get(verdict["verdict"], 0) + 1
    return Result(task.name, "ok", time.perf_counter() - clock, task.output_dir, verdicts=counts)


def _execute_in_worker(task: Task) -> Result:
    return execute(task, progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True))


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
    name to its own overrides. Raises :class:`SetupError` or :class:`ParameterError`.
    """
    notebooks = Path(notebooks or notebooks_dir())
    outputs = Path(outputs or outputs_dir()).resolve()
    available = discover(notebooks)
    if not available:
        raise SetupError(f"no notebooks in {notebooks}")
    unknown = [n for n in names if n not in available]
    if unknown:
        raise SetupError(f"unknown notebook(s) {', '.join(unknown)}; available: {', '.join(available)}")
    stray = [n for n in (per_notebook or {}) if n not in names]
    if stray:
        raise ParameterError(f"parameters given for notebook(s) not being run: {', '.join(stray)}")
    tasks, problems = [], []
    for name in names:
        try:
            declared = notebook_parameters(available[name])
            given = dict(overrides or {})
            given.update((per_notebook or {}).get(name, {}))
            values = resolve_values(declared, given, from_text, notebook=name)
        except ParameterError as exc:
            problems.append(str(exc))
            continue
        defaults = {p.name: p.default for p in declared}
        output_dir, is_default = output_dir_for(name, values, defaults, outputs)
        tasks.append(Task(name, available[name], values, is_default, output_dir, kernel, timeout, PROJECT_ROOT))
    if problems:
        raise ParameterError("\n".join(problems))
    return tasks


def run(tasks: list[Task], jobs: int | None = None, force: bool = False,
        progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)) -> list[Result]:
    """Execute tasks in ``jobs`` separate processes (default: the machine's cores), skipping fresh ones.

    A failing notebook does not stop the others. Returns one :class:`Result` per task, in task order.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    source_sha = source_fingerprint(tasks[0].project_root / "innovlib") if tasks else ""
    results: dict[str, Result] = {}
    todo = []
    for task in tasks:
        if not force and cache_is_fresh(task, source_sha):
            results[task.output_dir.name] = Result(task.name, "cached", 0.0, task.output_dir)
            progress(f"cached   {task.name} (unchanged since its last good run; --force re-runs it)")
        else:
            todo.append(task)
    done = len(results)
    if todo:
        progress(f"running  {len(todo)} notebook(s) in {min(jobs, len(todo))} process(es)")
        workers = min(jobs, len(todo))
        todo.sort(key=_last_duration, reverse=True)  # longest first keeps both cores busy to the end
        if workers == 1:
            for task in todo:
                result = _execute_in_worker(task)
                results[task.output_dir.name] = result
                done += 1
                progress(_progress_line(result, done, len(tasks)))
        else:
            import nbconvert  # noqa: F401 - imported once here, inherited by the forked workers
            import papermill  # noqa: F401

            with ProcessPoolExecutor(max_workers=workers) as pool:
                futures = {pool.submit(_execute_in_worker, task): task for task in todo}
                for future in as_completed(futures):
                    task = futures[future]
                    try:
                        result = future.result()
                    except Exception as exc:  # noqa: BLE001 - a crashed worker is one failed notebook
                        result = Result(task.name, "failed", 0.0, task.output_dir, error=_failure_summary(exc))
                    results[task.output_dir.name] = result
                    done += 1
                    progress(_progress_line(result, done, len(tasks)))
    for task in tasks:  # remove the staging folder once nothing is left in it
        try:
            (task.output_dir.parent / ".staging").rmdir()
        except OSError:
            pass
    return [results[task.output_dir.name] for task in tasks]


def _last_duration(task: Task) -> float:
    """Seconds the notebook took in its last recorded run (0 when unknown)."""
    try:
        return float(json.loads((task.output_dir / "run.json").read_text(encoding="utf-8"))["seconds"])
    except (OSError, ValueError, KeyError):
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
