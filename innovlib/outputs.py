"""What a notebook hands to the runner: datasets it loaded, verdicts it recorded, tables it saved.

Under ``innovlib run`` the runner sets ``$INNOVLIB_RUN_DIR`` to the run's staging folder; these functions
write there, and the runner turns the records into ``run.json``, ``claims.json`` and ``tables/``. In an
interactive JupyterLab session the variable is unset and nothing is written.

Example
-------
>>> import pandas as pd
>>> from innovlib.outputs import save_table
>>> table = save_table(pd.DataFrame({"city": ["Shenzhen"], "rank": [1]}), "ranking")
>>> list(table.columns)
['city', 'rank']
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

RUN_DIR_ENV = "INNOVLIB_RUN_DIR"
TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")


def run_dir() -> Path | None:
    """The staging folder of the current run, or ``None`` outside the runner."""
    value = os.environ.get(RUN_DIR_ENV)
    return Path(value) if value else None


def _append_record(filename: str, record: dict) -> None:
    folder = run_dir()
    if folder is None:
        return
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / filename, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")


def read_records(folder: Path, filename: str) -> list[dict]:
    """Records appended to ``folder/filename`` (JSON lines), oldest first; empty when there are none."""
    path = Path(folder) / filename
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record_dataset(name: str, resource: str, sha256: str, path: Path) -> None:
    """Note that the notebook loaded a dataset (called by :func:`innovlib.data.load`)."""
    _append_record("datasets.jsonl", {"dataset": name, "resource": resource, "sha256": sha256, "path": str(path)})


def record_claim(verdict: dict) -> None:
    """Note a claim verdict (called by :mod:`innovlib.claims`)."""
    _append_record("claims.jsonl", verdict)


def save_table(table, name: str, index: bool = False):
    """Save a key result table for citation as ``tables/<name>.csv`` of the run; returns the table unchanged.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to keep.
    name : str
        File stem: lowercase letters, digits, ``_`` and ``-``.
    index : bool
        Whether to write the index as a column.

    Example
    -------
    >>> import pandas as pd
    >>> save_table(pd.DataFrame({"x": [1]}), "Bad Name")
    Traceback (most recent call last):
    ...
    ValueError: table name 'Bad Name' must match ^[a-z0-9][a-z0-9_\\-]*$ (it becomes a file name)
    """
    if not TABLE_NAME.match(name):
        raise ValueError(f"table name {name!r} must match {TABLE_NAME.pattern} (it becomes a file name)")
    folder = run_dir()
    if folder is not None:
        (folder / "tables").mkdir(parents=True, exist_ok=True)
        table.to_csv(folder / "tables" / f"{name}.csv", index=index)
    return table
