"""Where things are: the project root and its notebooks, data and outputs folders. The one place that knows.

The **project root** is found the way git finds its repository:

1. the working directory, then each folder above it: the first that holds this project's markers (a
   ``pyproject.toml`` naming the ``innovlib`` project, a ``notebooks/`` and a ``data/`` folder) is the root;
2. only when no folder there qualifies, the checkout the innovlib package was imported from (the folder above
   the package, as an editable install leaves it).

So a command run anywhere inside a copy of the checkout uses that copy's notebooks and data, never those of the
checkout innovlib happens to be installed from. Each folder can then be moved by an environment variable:

- notebooks: ``<project root>/notebooks``, or ``$INNOVLIB_NOTEBOOKS_DIR``;
- data: ``<project root>/data``, or ``$INNOVLIB_DATA_DIR``;
- outputs: ``<project root>/outputs``, or ``$INNOVLIB_OUTPUTS_DIR``.

The values are looked up at each call (never frozen at import), so a changed working directory or variable
takes effect at once.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     copy = Path(folder) / "copy"
...     for sub in ("notebooks", "data", "notebooks/deeper"):
...         (copy / sub).mkdir(parents=True)
...     _ = (copy / "pyproject.toml").write_text('[project]\\nname = "innovlib"\\n')
...     find_project_root(copy / "notebooks" / "deeper") == copy
True
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

PROJECT_NAME = "innovlib"
PACKAGE_DIR = Path(__file__).resolve().parent  # the innovlib package being run (its source is fingerprinted)
PACKAGE_CHECKOUT = PACKAGE_DIR.parent  # the fallback root: the checkout the package was imported from
NOTEBOOKS_ENV = "INNOVLIB_NOTEBOOKS_DIR"
DATA_ENV = "INNOVLIB_DATA_DIR"
OUTPUTS_ENV = "INNOVLIB_OUTPUTS_DIR"

# Every environment variable innovlib reads or passes on to a notebook's kernel, declared here and nowhere else,
# with what it does. CACHE_KEY_ENVIRONMENT lists those whose values enter the cache key (and run.json's
# cache_key_inputs): they change what a notebook computes or draws. The others are either in the key another way
# (the notebook's path, the data folder), say where things go rather than what they are, or are set by the runner.
ENVIRONMENT_VARIABLES = {
    NOTEBOOKS_ENV: "where the notebooks are (in the key as the notebook's path and its modules)",
    DATA_ENV: "where the datasets are (in the key as the resolved data folder and each dataset's sha256)",
    OUTPUTS_ENV: "where outputs go (not in the key: it is where the cache is)",
    "INNOVLIB_RUN_DIR": "set by the runner for the kernel: the run's staging folder",
    "INNOVLIB_NOTEBOOK": "set by the runner for the kernel: the name of the notebook being run",
    "DASK_SCHEDULER_ADDRESS": "where --scheduler runs the notebooks (not in the key: where, not what)",
    "MPLCONFIGDIR": "matplotlib's configuration folder: its matplotlibrc and styles draw the figures",
    "MATPLOTLIBRC": "a matplotlibrc file (or a folder holding one) matplotlib reads",
    "MPLBACKEND": "matplotlib's backend",
    "PYTHONHASHSEED": "the order of sets and dicts of strings in the kernel",
    "TZ": "the time zone of dates a notebook prints",
    "LC_ALL": "the locale of text and number formatting",
    "LANG": "the locale of text and number formatting",
}
CACHE_KEY_ENVIRONMENT = ("MPLCONFIGDIR", "MATPLOTLIBRC", "MPLBACKEND", "PYTHONHASHSEED", "TZ", "LC_ALL", "LANG")


def is_project_root(folder: Path) -> bool:
    """True when ``folder`` holds a ``pyproject.toml`` naming the innovlib project, ``notebooks/`` and ``data/``.

    Example
    -------
    >>> is_project_root(Path("/"))
    False
    """
    folder = Path(folder)
    if not ((folder / "notebooks").is_dir() and (folder / "data").is_dir()):
        return False
    try:
        with open(folder / "pyproject.toml", "rb") as handle:
            project = tomllib.load(handle).get("project")
    except (OSError, tomllib.TOMLDecodeError):
        return False
    return isinstance(project, dict) and project.get("name") == PROJECT_NAME


def find_project_root(start: Path) -> Path | None:
    """The first folder from ``start`` upwards that :func:`is_project_root`; ``None`` when there is none.

    Example
    -------
    >>> find_project_root(Path("/")) is None
    True
    """
    start = Path(start).absolute()
    for folder in (start, *start.parents):
        if is_project_root(folder):
            return folder
    return None


def project_root() -> Path:
    """The project root: found from the working directory, else the checkout the package came from.

    Example
    -------
    >>> project_root().is_absolute()
    True
    """
    try:
        working = Path.cwd()
    except OSError:  # the working directory was deleted
        return PACKAGE_CHECKOUT
    return find_project_root(working) or PACKAGE_CHECKOUT


def notebooks_dir() -> Path:
    """Where the notebooks are: ``$INNOVLIB_NOTEBOOKS_DIR`` if set, else ``notebooks/`` in the project root.

    Example
    -------
    >>> notebooks_dir() == project_root() / "notebooks" or NOTEBOOKS_ENV in os.environ
    True
    """
    return Path(os.environ.get(NOTEBOOKS_ENV) or project_root() / "notebooks")


def data_dir() -> Path:
    """Where the datasets are: ``$INNOVLIB_DATA_DIR`` if set, else ``data/`` in the project root.

    Example
    -------
    >>> data_dir() == project_root() / "data" or DATA_ENV in os.environ
    True
    """
    return Path(os.environ.get(DATA_ENV) or project_root() / "data")


def outputs_dir() -> Path:
    """Where outputs go: ``$INNOVLIB_OUTPUTS_DIR`` if set, else ``outputs/`` in the project root.

    Example
    -------
    >>> outputs_dir() == project_root() / "outputs" or OUTPUTS_ENV in os.environ
    True
    """
    return Path(os.environ.get(OUTPUTS_ENV) or project_root() / "outputs")
