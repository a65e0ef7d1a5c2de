"""The cache rule: a content hash of everything a run read, and the check that its output folder is intact.

A notebook is skipped as ``cached`` only when the hash of everything its last good run read is unchanged (the
notebook file and where it lives, its parameters, every file a ``path`` parameter names, every file the innovlib
package ships (sources and templates), the Python modules beside the notebook, every dataset file and descriptor
it loaded, resolved again in the current data folder, the environment: installed package versions, Python, the
Jupyter kernel's spec, the declared environment variables and the matplotlib configuration; see
:func:`cache_key_inputs`, recorded in run.json) and its output folder is intact
(:func:`intact_run`, the same check the report applies). A missing or damaged ``run.json``, required output
(such as the pages' ``claims.json``) or other output makes a folder stale, never a crash.

Example
-------
>>> run_record_digest({"run_id": "a"}) == run_record_digest({"run_id": "a", "run_sha256": "x"})
True
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from innovlib import data
from innovlib.checksums import file_sha256, read_regular_text, regular_file_sha256
from innovlib.errors import InnovlibError, shorten
from innovlib.paths import CACHE_KEY_ENVIRONMENT, PACKAGE_DIR, data_dir
from innovlib.runner.hooks import hook_name, registered, required_outputs
from innovlib.runner.tasks import Context, Task


SKIPPED_FOLDERS = ("__pycache__", ".ipynb_checkpoints")  # what Python and Jupyter write beside the sources


def _package_files(folder: Path, pattern: str = "*") -> list[Path]:
    """Files under ``folder`` matching ``pattern`` (never compiled caches, checkpoints or hidden folders), sorted."""
    folder = Path(folder)
    return sorted(path for path in folder.rglob(pattern)
                  if path.is_file() and not path.name.endswith((".pyc", ".pyo"))
                  and not any(part in SKIPPED_FOLDERS or part.startswith(".")
                              for part in path.relative_to(folder).parts[:-1]))


def source_fingerprint(package_dir: Path = PACKAGE_DIR) -> str:
    """sha256 over every file the innovlib package being run ships: its Python sources and every other file (the
    page and report templates among them), so any change to the library invalidates the cache.

    Example
    -------
    >>> len(source_fingerprint())
    64
    """
    digest = hashlib.sha256()
    for path in _package_files(package_dir):
        digest.update(str(path.relative_to(package_dir)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def notebook_modules(notebook: Path) -> dict[str, str]:
    """``{relative path: sha256}`` of every Python module in the notebook's folder and below it: a helper a
    notebook imports from beside itself is part of what it read.

    Example
    -------
    >>> notebook_modules(Path("/nonexistent/x.ipynb"))
    {}
    """
    folder = Path(notebook).resolve().parent
    return {path.relative_to(folder).as_posix(): file_sha256(path) for path in _package_files(folder, "*.py")} \
        if folder.is_dir() else {}


def environment_variables() -> dict[str, str | None]:
    """The values of the environment variables that change what a notebook computes or draws
    (:data:`innovlib.paths.CACHE_KEY_ENVIRONMENT`), ``None`` for one not set."""
    return {name: os.environ.get(name) for name in CACHE_KEY_ENVIRONMENT}


def _sha_or_none(path: Path | None) -> str | None:
    try:
        return file_sha256(path) if path is not None and Path(path).is_file() else None
    except OSError:
        return None


def matplotlib_configuration(notebook: Path) -> dict:
    """The matplotlib configuration a notebook's kernel reads, found as :func:`matplotlib.matplotlib_fname` finds
    it from the kernel's working directory (the notebook's folder): ``./matplotlibrc``, then ``$MATPLOTLIBRC``,
    then the configuration folder (``$MPLCONFIGDIR``, else ``$XDG_CONFIG_HOME/matplotlib`` or
    ``~/.config/matplotlib``), then matplotlib's own default. Returns the file found and its sha256, the
    configuration folder, and the sha256 of each style in its ``stylelib/``.
    """
    import importlib.util

    folder = Path(notebook).resolve().parent
    config_dir = Path(os.environ.get("MPLCONFIGDIR")
                      or Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "matplotlib")
    candidates = [folder / "matplotlibrc"]
    if os.environ.get("MATPLOTLIBRC"):
        candidates += [Path(os.environ["MATPLOTLIBRC"]), Path(os.environ["MATPLOTLIBRC"]) / "matplotlibrc"]
    candidates.append(config_dir / "matplotlibrc")
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.submodule_search_locations:
        candidates.append(Path(list(spec.submodule_search_locations)[0]) / "mpl-data" / "matplotlibrc")
    found = next((path for path in candidates if path.is_file()), None)
    styles = config_dir / "stylelib"
    return {
        "matplotlibrc": str(found) if found else None,
        "matplotlibrc_sha256": _sha_or_none(found),
        "MPLCONFIGDIR": os.environ.get("MPLCONFIGDIR"),
        "config_dir": str(config_dir),
        "styles": {p.name: _sha_or_none(p) for p in sorted(styles.glob("*.mplstyle"))} if styles.is_dir() else {},
    }


def environment_fingerprint(kernel: str) -> dict:
    """Python, every installed package's version (as one sha256) and the kernel's spec: part of the cache key."""
    packages = sorted({(d.metadata.get("Name") or "").lower(): d.version for d in metadata.distributions()}.items())
    spec = {"name": kernel}
    try:
        from jupyter_client.kernelspec import KernelSpecManager

        found = KernelSpecManager().get_kernel_spec(kernel)
        spec["argv"] = list(found.argv)
        spec_file = Path(found.resource_dir) / "kernel.json"
        spec["spec_sha256"] = file_sha256(spec_file) if spec_file.is_file() else None
    except Exception:  # noqa: BLE001 - an unknown kernel fails later, with its own message
        spec["argv"] = None
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "packages_sha256": hashlib.sha256(json.dumps(packages).encode()).hexdigest(),
        "kernel": spec,
    }


def dataset_fingerprints(records: list[dict]) -> list[dict]:
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
            "descriptor_sha256": file_sha256(descriptor) if descriptor.is_file() else None,
        }
    return sorted(seen.values(), key=lambda d: (d["dataset"], d["resource"]))


def current_datasets(recorded: Any) -> list[dict] | None:
    """The datasets a run loaded, as they are now in the current data folder; ``None`` when one is gone."""
    if not isinstance(recorded, list):
        return None
    current = []
    for entry in recorded:
        try:
            ref = data.resolve(entry["dataset"], entry["resource"])
            current.append({
                "dataset": ref.name, "resource": ref.resource, "path": str(ref.csv_path),
                "sha256": file_sha256(ref.csv_path), "descriptor_sha256": file_sha256(ref.descriptor_path),
            })
        except (InnovlibError, OSError, KeyError, TypeError):
            return None
    return current


def cache_key_inputs(task: Task, notebook_sha256: str, datasets: list[dict], context: Context) -> dict:
    """Everything a run read, as run.json's ``cache_key_inputs`` lists it: the notebook (path and content), its
    parameters, the files named by parameters, every file the innovlib package ships (sources and templates), the
    Python modules beside the notebook, the data folder and every dataset file and descriptor loaded, the
    environment (Python, packages, kernel), the declared environment variables and the matplotlib configuration.
    """
    return {
        "notebook": str(Path(task.notebook).resolve()),
        "notebook_sha256": notebook_sha256,
        "parameters": task.values,
        "files": task.files,
        "innovlib_source_sha256": context.source_sha256,
        "notebook_modules": notebook_modules(task.notebook),
        "data_dir": context.data_dir,
        "datasets": [{k: d.get(k) for k in ("dataset", "resource", "path", "sha256", "descriptor_sha256")}
                     for d in datasets],
        "environment": context.environment,
        "environment_variables": environment_variables(),
        "matplotlib": matplotlib_configuration(task.notebook),
        "hooks": [hook_name(hooks) for hooks in registered()],  # what the run added to its outputs
    }


def cache_key(task: Task, notebook_sha256: str, datasets: list[dict], context: Context) -> str:
    """sha256 of :func:`cache_key_inputs`: everything a run read."""
    payload = cache_key_inputs(task, notebook_sha256, datasets, context)
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def output_files(folder: Path) -> list[str]:
    """Every entry of an output folder that is not a folder (files, links, anything else), as relative paths,
    except run.json (which records the others) and failed notebooks; links are listed, never followed."""
    found = []
    for top, folders, files in os.walk(folder, followlinks=False):
        for name in files + [f for f in folders if os.path.islink(os.path.join(top, f))]:
            relative = Path(top, name).relative_to(folder).as_posix()
            if relative != "run.json" and not name.startswith("failed-"):
                found.append(relative)
    return sorted(found)


def output_checksums(folder: Path) -> dict[str, str]:
    """sha256 of every file of an output folder except run.json (which records them) and failed notebooks."""
    return {relative: file_sha256(Path(folder) / relative) for relative in output_files(folder)}


def recorded_output(folder: Path, relative: Any) -> Path:
    """The file ``relative`` (a name run.json records) inside ``folder``; ``ValueError`` when it is not a
    relative path that stays inside the folder (an absolute path, ``..``, a link out).

    Example
    -------
    >>> recorded_output(Path("out"), "tables/a.csv")
    PosixPath('out/tables/a.csv')
    >>> recorded_output(Path("out"), "/dev/zero")
    Traceback (most recent call last):
    ...
    ValueError: run.json names '/dev/zero', which is not a file inside its folder
    """
    text = str(relative)
    inside = (isinstance(relative, str) and text and not Path(text).is_absolute() and ".." not in Path(text).parts
              and "\x00" not in text)
    path = Path(folder) / text
    if inside and os.path.lexists(path):
        inside = Path(os.path.realpath(path)).is_relative_to(Path(os.path.realpath(folder)))
    if not inside:
        raise ValueError(f"run.json names {shorten(text, 80)}, which is not a file inside its folder")
    return path


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
    if not os.path.lexists(path):
        return None, f"{path} is missing"
    try:
        run = json.loads(read_regular_text(path))  # never blocks: a FIFO or a device is refused at once
    except OSError as exc:
        return None, f"{path} is damaged ({exc.strerror or shorten(str(exc), 60)[1:-1]})"
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, f"{path} is damaged ({shorten(str(exc), 60)[1:-1]})"
    if not isinstance(run, dict):
        return None, f"{path} is damaged (not a JSON object)"
    return run, ""


def intact_run(folder: Path, name: str) -> tuple[dict | None, str]:
    """The run.json of a complete, unedited good run of notebook ``name`` in ``folder``, and ``""``; else ``None``
    and why (``""`` when the folder simply holds no good run).

    The one check of an output folder, used by the cache and by the report: run.json is readable, says ``ok``,
    records the sha256 of its outputs (the notebook and every file the post-run hooks require among them,
    :func:`innovlib.runner.hooks.required_outputs`: claims.json) and its own digest; every recorded file still
    has its sha256, and no file was added.

    Example
    -------
    >>> intact_run(Path("/nonexistent"), "demo")
    (None, '/nonexistent/run.json is missing')
    """
    folder = Path(folder)
    run, problem = read_run_json(folder)
    if run is None:
        return None, problem
    if run.get("status") != "ok":
        return None, ""
    recorded = run.get("outputs_sha256")
    if not isinstance(recorded, dict) or not {f"{name}.ipynb", *required_outputs()} <= set(recorded):
        return None, f"{folder / 'run.json'} does not record its outputs' checksums"
    if run.get("run_sha256") != run_record_digest(run):
        return None, f"{folder / 'run.json'} has changed since it was written"
    for relative, digest in recorded.items():
        try:
            path = recorded_output(folder, relative)
        except ValueError as exc:
            return None, f"{folder / 'run.json'}: {exc}"
        try:
            if os.path.islink(path) or regular_file_sha256(path) != digest:
                return None, f"{path} has changed since it was written (damaged?)"
        except OSError as exc:
            return None, f"{path} is missing" if exc.errno == errno.ENOENT else f"{path} cannot be read ({exc.strerror})"
    extra = sorted(set(output_files(folder)) - set(recorded))
    if extra:
        return None, f"{folder / extra[0]} was not written by the run"
    return run, ""


def cache_state(task: Task, context: Context) -> tuple[bool, str]:
    """Whether the task's last good run is fresh, and why not when its outputs are missing or damaged.

    The reason is empty for an ordinary miss (never run, inputs changed) and names the file otherwise.
    """
    if os.path.islink(task.output_dir):
        return False, f"{task.output_dir} is a symbolic link, never followed"
    if not task.output_dir.exists():
        return False, ""
    run, problem = intact_run(task.output_dir, task.name)
    if run is None:
        return False, problem
    datasets = current_datasets(run.get("datasets", []))
    if datasets is None:
        return False, ""
    try:
        notebook_sha = file_sha256(task.notebook)
    except OSError:
        return False, ""
    return cache_key(task, notebook_sha, datasets, context) == run.get("cache_key"), ""


def cache_is_fresh(task: Task, source_sha: str | None = None) -> bool:
    """True when the last good run read exactly what this run would read (see the cache rule above)."""
    context = Context(source_sha or source_fingerprint(),
                       environment_fingerprint(task.kernel), str(data_dir().resolve()))
    return cache_state(task, context)[0]
