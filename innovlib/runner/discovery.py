"""Which notebooks there are, what they declare, and which Jupyter kernel runs them.

A notebook is known to the runner only as a file in the notebooks folder (:func:`innovlib.paths.notebooks_dir`)
with a ``parameters`` cell.

Example
-------
>>> discover(Path("/nonexistent"))
{}
"""

from __future__ import annotations

from pathlib import Path

from innovlib.parameters import Parameter, notebook_parameters
from innovlib.paths import notebooks_dir
from innovlib.runner.tasks import KERNEL_NAME, SetupError


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


def find_kernel() -> str:
    """The ``innovlib`` Jupyter kernel when registered (``make`` does it), else this Python's ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    specs = KernelSpecManager().find_kernel_specs()
    if KERNEL_NAME in specs:
        return KERNEL_NAME
    if "python3" in specs:
        return "python3"
    raise SetupError("no Jupyter kernel found; run `make reproduce` (it registers the 'innovlib' kernel)")
