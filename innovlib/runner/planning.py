"""Every notebook name and parameter checked before anything executes: the tasks of a run.

Default parameters write to ``outputs/<name>/``, any other values to ``outputs/<name>--<hash>/``.

Example
-------
>>> output_dir_for("sei_growth", {"end_year": 2024}, {"end_year": 2024}, Path("outputs"))
(PosixPath('outputs/sei_growth'), True)
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any

from innovlib.checksums import file_sha256
from innovlib.errors import shorten
from innovlib.parameters import ParameterError, absolute_path, notebook_parameters, resolve_path, resolve_values
from innovlib import paths
from innovlib.runner.discovery import discover
from innovlib.runner.tasks import KERNEL_NAME, SetupError, Task


NOTEBOOK_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # it names outputs/<name>/ beside the report files


def check_notebook_name(name: str) -> None:
    """Refuse a notebook name that cannot name its own output folder: letters, digits, ``_`` and ``-`` only, no
    ``--`` (which separates a non-default run's hash). ``report.html.ipynb`` would otherwise write a folder
    ``outputs/report.html/`` where the report goes.

    Example
    -------
    >>> check_notebook_name("report.html")
    Traceback (most recent call last):
    ...
    innovlib.runner.tasks.SetupError: notebook 'report.html': a notebook's name names its output folder, so it must be letters, digits, '_' and '-' (no dot, no space, no '--'); rename the file
    """
    if not NOTEBOOK_NAME.match(name) or "--" in name:
        raise SetupError(f"notebook {shorten(name, 60)}: a notebook's name names its output folder, so it must be "
                         "letters, digits, '_' and '-' (no dot, no space, no '--'); rename the file")


def parameters_hash(values: dict) -> str:
    """Short, stable hash of parameter values (names the output folder of a non-default run).

    Example
    -------
    >>> parameters_hash({"seed": 1}) == parameters_hash({"seed": 1})
    True
    """
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:10]


def output_dir_for(name: str, values: dict, defaults: dict, outputs: Path) -> tuple[Path, bool]:
    """``outputs/<name>`` for default parameters, else ``outputs/<name>--<hash of the values>``.

    Example
    -------
    >>> output_dir_for("sei_growth", {"end_year": 2023}, {"end_year": 2024}, Path("outputs"))  # sha256 of the JSON
    (PosixPath('outputs/sei_growth--a0e508beb6'), False)
    """
    is_default = values == defaults
    folder = name if is_default else f"{name}--{parameters_hash(values)}"
    return Path(outputs) / folder, is_default


def _file_record(path: Path) -> dict:
    return {"path": str(path), "sha256": file_sha256(path), "bytes": path.stat().st_size}


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
    data_dir = paths.data_dir()
    if not data_dir.is_dir():
        raise SetupError(f"the data folder {data_dir} does not exist (check INNOVLIB_DATA_DIR)")
    root = paths.project_root()  # relative paths in parameters are taken from here
    notebooks = Path(notebooks or paths.notebooks_dir())
    outputs = Path(outputs or paths.outputs_dir()).resolve()
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
    for name in names:
        check_notebook_name(name)
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
                    defaults[parameter.name] = str(absolute_path(defaults[parameter.name], root))
                if values[parameter.name] is not None:
                    path = resolve_path(parameter, values[parameter.name], root)
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
        tasks.append(Task(name, available[name], values, is_default, output_dir, kernel, timeout, root, files,
                          defaults))
    if problems:
        raise ParameterError("\n".join(problems))
    return tasks
