"""What a notebook hands to the runner: datasets it loaded, verdicts it recorded, tables and scalars it saved.

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

import contextlib
import json
import os
import re
import shutil
import stat
import time
from pathlib import Path

from innovlib.errors import InnovlibError
from innovlib.precision import number_text

RUN_DIR_ENV = "INNOVLIB_RUN_DIR"
NOTEBOOK_ENV = "INNOVLIB_NOTEBOOK"  # set by the runner for the kernel: the name of the notebook being run
TABLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
# A spreadsheet treats a cell starting with one of these as a formula; text from a user's file that starts so is
# written with a leading apostrophe (the usual neutralisation, shown as text by spreadsheets).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
USER_INPUT_ATTR = "user_input"


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
    records = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line) if line.strip() else None
        except json.JSONDecodeError:
            record = None  # a line cut short by a killed kernel: the record is lost, not the run
        if isinstance(record, dict):
            records.append(record)
    return records


def record_dataset(name: str, resource: str, sha256: str, path: Path) -> None:
    """Note that the notebook loaded a dataset (called by :func:`innovlib.data.load`)."""
    _append_record("datasets.jsonl", {"dataset": name, "resource": resource, "sha256": sha256, "path": str(path)})


def record_claim(verdict: dict) -> None:
    """Note a claim verdict (called by :mod:`innovlib.claims`)."""
    _append_record("claims.jsonl", verdict)


def record_not_tested(record: dict) -> None:
    """Note a claim part this run does not test (its parameters are not those the claim is about), so that the
    runner can say so at the top of the executed notebook (called by :class:`innovlib.claims.Audit`)."""
    _append_record("not_tested.jsonl", record)


def neutralise_formulas(table):
    """A copy of ``table`` whose text cells starting with ``= + - @`` (or a tab or carriage return) begin with an
    apostrophe, so that a spreadsheet opening the CSV shows them as text instead of running them as formulas.

    Example
    -------
    >>> import pandas as pd
    >>> neutralise_formulas(pd.DataFrame({"company": ["=HYPERLINK(1)", "Acme"], "n": [-1, 2]}))["company"].tolist()
    ["'=HYPERLINK(1)", 'Acme']
    """
    from pandas.api import types

    table = table.copy()
    for column in table.columns:
        if not (types.is_numeric_dtype(table[column]) or types.is_datetime64_any_dtype(table[column])):
            table[column] = table[column].astype(object).map(
                lambda cell: "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
            )
    return table


def plain_numbers(table, precision=None):
    """A copy of ``table`` whose float cells are texts at the precision they have, so that a CSV carries no float
    noise: a column ``precision`` names (or every float column, when it is an int) at those decimals, rounded half
    to even; any other float in the shortest text that reads back as the number once the noise below its 12th
    significant digit is removed (:func:`innovlib.precision.number_text`). Missing values stay missing.

    Example
    -------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"city": ["Beijing"], "difference_pp": [5.6 - 5.2], "share": [1 / 3], "rank": [2.0]})
    >>> plain_numbers(t, {"share": 3}).iloc[0].tolist()
    ['Beijing', '0.4', '0.333', '2']
    """
    from pandas.api import types

    table = table.copy()
    for position, name in enumerate(table.columns):
        column = table.iloc[:, position]
        if types.is_bool_dtype(column.dtype) or types.is_integer_dtype(column.dtype):
            continue
        decimals = precision.get(name) if isinstance(precision, dict) else precision
        if decimals is not None and not types.is_float_dtype(column.dtype):
            decimals = None  # an int or text column given one precision for all keeps what it is
        table[name] = column.astype(object).map(
            lambda cell, d=decimals: number_text(cell, d) if _is_float(cell) else cell)
    return table


def _is_float(cell) -> bool:
    """A finite float cell (a Python or numpy float, not an int, a bool or a missing value)."""
    return isinstance(cell, float) and cell == cell and cell not in (float("inf"), float("-inf"))


def save_table(table, name: str, index: bool = False, user_input: bool | None = None, precision=None):
    """Save a key result table for citation as ``tables/<name>.csv`` of the run; returns the table unchanged.

    Numbers are written at the precision they have, with no float noise (:func:`plain_numbers`): ``precision``
    declares the decimals of computed columns. Text that came from a user's file (``user_input=True``, or a table
    whose ``attrs["user_input"]`` is set, as :func:`innovlib.analyses.unicorns.load_company_list` and
    :func:`innovlib.analyses.unicorns.count_companies` do) is written with formula-like cells neutralised
    (:func:`neutralise_formulas`).

    Parameters
    ----------
    table : pandas.DataFrame
        The table to keep.
    name : str
        File stem: lowercase letters, digits, ``_`` and ``-``.
    index : bool
        Whether to write the index as a column.
    user_input : bool, optional
        Whether the table holds text from a user's file (default: ``table.attrs["user_input"]``).
    precision : int or dict, optional
        Decimals of every float column, or ``{column: decimals}``; other floats keep the decimals they have.

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
        if user_input is None:
            user_input = bool(getattr(table, "attrs", {}).get(USER_INPUT_ATTR))
        written = plain_numbers(table.reset_index() if index and user_input else table, precision)
        written = neutralise_formulas(written) if user_input else written
        written.to_csv(folder / "tables" / f"{name}.csv", index=index and not user_input)
    return table


SCALAR_TEXT_LIMIT = 200  # longest text a scalar result may hold


def save_scalar(name: str, value):
    """Record one scalar result of the run (a number, a bool or a short text) under ``name``; returns ``value``.

    The runner gathers them into the run's ``scalars.json`` (``{name: value}``; the last value saved under a
    name wins), and ``innovlib sweep`` puts one column per scalar into its summary. Outside the runner nothing
    is written.

    Parameters
    ----------
    name : str
        Lowercase letters, digits, ``_`` and ``-`` (the column name in a sweep's summary).
    value : int, float, bool or str
        A finite number (numpy scalars are accepted), a bool or a text of at most 200 characters.

    Example
    -------
    >>> save_scalar("top_rank", 3)
    3
    >>> save_scalar("share", float("nan"))
    Traceback (most recent call last):
    ...
    ValueError: scalar 'share' must be finite, got nan
    """
    import math
    import numbers

    if not isinstance(name, str) or not TABLE_NAME.match(name):
        raise ValueError(f"scalar name {name!r} must match {TABLE_NAME.pattern}")
    plain = value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value
    if isinstance(plain, bool) or plain is None:
        pass
    elif isinstance(plain, numbers.Integral):
        plain = int(plain)
    elif isinstance(plain, numbers.Real):
        plain = float(plain)
        if not math.isfinite(plain):
            raise ValueError(f"scalar {name!r} must be finite, got {plain!r}")
    elif isinstance(plain, str):
        if len(plain) > SCALAR_TEXT_LIMIT:
            raise ValueError(f"scalar {name!r} is a text of {len(plain)} characters; at most {SCALAR_TEXT_LIMIT}")
    else:
        raise ValueError(f"scalar {name!r} must be a number, a bool or a text, got {type(value).__name__}")
    _append_record("scalars.jsonl", {"name": name, "value": plain})
    return value


def collect_scalars(folder: Path) -> dict:
    """``{name: value}`` of the scalars a run recorded in ``folder`` (the last value per name wins)."""
    return {str(r["name"]): r.get("value") for r in read_records(folder, "scalars.jsonl") if "name" in r}


# --- the outputs folder: one writer at a time, atomic files, recovery after a killed run ---------------------

LOCK_FILE = ".lock"
_held_locks: dict[str, list] = {}  # resolved folder -> [open lock file, depth]: re-entrant within a process


class OutputsBusyError(InnovlibError, RuntimeError):
    """Another process holds the outputs folder's lock and waiting was not allowed (a set-up error, exit 2)."""


class OutputsLinkError(InnovlibError, RuntimeError):
    """A path innovlib manages inside the outputs folder (``.lock``, ``.staging``, ``.trash``, an output folder)
    is a symbolic link or not the kind of file expected: refused, never followed (a set-up error, exit 2)."""


def _link_error(path: Path, expected: str) -> OutputsLinkError:
    return OutputsLinkError(f"{path} is a symbolic link; innovlib never follows a link in its outputs folder "
                            f"(expected {expected}): remove the link and run again")


def real_directory(path: Path) -> bool:
    """Whether ``path`` is a real folder (``False`` when it does not exist); a symbolic link or another kind of
    file raises :class:`OutputsLinkError`. The path itself is examined (``lstat``), never what a link names.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     (Path(folder) / "link").symlink_to(folder)
    ...     real_directory(Path(folder)), real_directory(Path(folder) / "absent")
    ...     real_directory(Path(folder) / "link")
    Traceback (most recent call last):
    ...
    innovlib.outputs.OutputsLinkError: .../link is a symbolic link; innovlib never follows a link in its outputs folder (expected a folder): remove the link and run again
    """
    path = Path(path)
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(mode):
        raise _link_error(path, "a folder")
    if not stat.S_ISDIR(mode):
        raise OutputsLinkError(f"{path} is not a folder (expected a folder innovlib manages); move it aside and "
                               "run again")
    return True


def make_real_directory(path: Path) -> Path:
    """Create the folder ``path`` (and missing parents) unless it exists; refuse it when it is a symbolic link or
    another kind of file (:func:`real_directory`). Returns ``path``."""
    path = Path(path)
    if not real_directory(path):
        path.mkdir(parents=True, exist_ok=True)
        real_directory(path)  # lost a race to a link: refuse it now
    return path


def remove_inside(path: Path, outputs: Path) -> None:
    """Delete ``path`` (a file, a link or a folder with everything in it) without following any link, and only
    when it lies inside the outputs folder ``outputs``: a link is removed itself, never what it names.

    Example
    -------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as outputs, tempfile.TemporaryDirectory() as elsewhere:
    ...     _ = (Path(elsewhere) / "keep.txt").write_text("x")
    ...     (Path(outputs) / "link").symlink_to(elsewhere)
    ...     remove_inside(Path(outputs) / "link", Path(outputs))
    ...     sorted(p.name for p in Path(elsewhere).iterdir()), (Path(outputs) / "link").exists()
    (['keep.txt'], False)
    """
    path, outputs = Path(path), Path(outputs)
    parent = Path(os.path.realpath(path.parent))
    if not parent.is_relative_to(Path(os.path.realpath(outputs))):
        raise OutputsLinkError(f"{path} is outside the outputs folder {outputs}; not removed")
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISDIR(mode):
        shutil.rmtree(path, ignore_errors=True)  # never follows a link found inside (fd-based on Linux)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


def _open_lock_file(path: Path):
    """The lock file opened for writing without following a link (``O_NOFOLLOW``); a regular file or an error."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags, 0o644)
    except OSError as exc:
        if os.path.islink(path):
            raise _link_error(path, "the lock file") from None
        raise exc
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise OutputsLinkError(f"{path} is not a regular file (expected the lock file); move it aside and run again")
    os.set_blocking(descriptor, True)
    return open(descriptor, "a+", encoding="utf-8")


@contextlib.contextmanager
def lock_outputs(folder: Path, wait: bool = True, notify=None):
    """Hold ``folder/.lock`` (an advisory ``flock``) while writing into the outputs folder.

    Two runs in one checkout never interleave their swaps and report writes: the second waits (``notify`` is
    called once with a message saying for whom) or, with ``wait=False``, raises :class:`OutputsBusyError`.
    The lock dies with its process, so a killed run never leaves a stale lock. Re-entrant within a process.
    Raises ``OSError`` when the folder cannot be created or written, and :class:`OutputsLinkError` when
    ``.lock`` is a symbolic link (it is never followed, so no file elsewhere is truncated).
    """
    import fcntl

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    key = str(folder.resolve())
    if key in _held_locks:
        _held_locks[key][1] += 1
        try:
            yield
        finally:
            _held_locks[key][1] -= 1
        return
    handle = _open_lock_file(folder / LOCK_FILE)
    try:
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                handle.seek(0)
                holder = handle.read().strip() or "unknown"
                if not wait:
                    raise OutputsBusyError(f"{folder} is in use by another innovlib run (pid {holder})") from None
                if notify and not told:
                    notify(f"waiting for another innovlib run (pid {holder}) to finish with {folder} ...")
                    told = True
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _held_locks[key] = [handle, 1]
        try:
            yield
        finally:
            del _held_locks[key]
    finally:
        handle.close()  # releases the lock


def held_lock_fds() -> list[int]:
    """File descriptors of the locks this process holds (a forked worker closes its copies)."""
    return [entry[0].fileno() for entry in _held_locks.values()]


def atomic_write_text(path: Path, text: str) -> None:
    """Write a file so that readers see the old or the new content, never a part (temporary file + rename).

    The temporary file is created anew (``O_EXCL | O_NOFOLLOW``), so a link left at its name is never written
    through; the rename replaces a link at ``path`` itself, never the file it names."""
    path = Path(path)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
