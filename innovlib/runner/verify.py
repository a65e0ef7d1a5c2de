"""``innovlib verify outputs/<name>``: re-execute a cited run and check that it gives the same results.

Nothing in the cited folder is trusted before it is checked. With the outputs lock of the cited folder held (so
no run replaces it meanwhile), ``run.json`` is read (a regular file of bounded size, never a FIFO or a device)
and its own digest (``run_sha256``) checked first, as the cache does: an edited record is refused (exit code 1).
Every output the record names is then hashed again (only files inside the folder, never through a link) and
each one changed, missing or added is named, the HTML page included. From the record the run is executed again
with the same parameters, by the same runner, into a temporary folder (the cited outputs are only read, never
replaced). Then:

* **inputs**: the notebook, innovlib's source, every dataset file and descriptor the run loaded, every file a
  ``path`` parameter named and the lock file are hashed again and compared with the recorded sha256; each one
  that differs is named. Installed packages whose version differs from the run's are named too.
* **results**: the result tables (``tables/*.csv``) are compared byte for byte, and whatever the post-run hooks
  compare (:func:`innovlib.runner.hooks.compare_results`: the pages compare the verdicts of ``claims.json`` field
  by field, leaving out what is specific to one run).

The run is **verified** (exit code 0, with a short certificate) when every input matches, every recorded output
is as the run wrote it and every table and hooked result (verdict) is identical; otherwise the differences are listed (exit
code 1). A folder without a usable run.json, or ``--keep`` inside the cited folder, is a set-up error (exit
code 2). Files that a record names outside the project are read only when they are regular files of bounded
size. Everything printed has its control characters escaped (:func:`innovlib.escaping.terminal_text`).

Example
-------
>>> compare_tables(Path("/nonexistent"), Path("/nonexistent"))
[]
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from innovlib.checksums import file_sha256, open_regular_file, regular_file_sha256
from innovlib.errors import FAILED, InnovlibError, shorten
from innovlib.escaping import terminal_text
from innovlib.outputs import lock_outputs
from innovlib.parameters import MAX_FILE_BYTES, ParameterError
from innovlib.paths import data_dir, notebooks_dir
import innovlib.runner.hooks as hooks
from innovlib.runner.cache import (
    current_datasets, output_files, read_run_json, recorded_output, run_record_digest, source_fingerprint,
)
from innovlib.runner.discovery import discover, find_kernel
from innovlib.runner.planning import plan
from innovlib.runner.provenance import git_state, installed_packages, lock_file
from innovlib.runner.scheduling import run as run_tasks



class VerifyError(InnovlibError):
    """The folder cannot be verified at all: no usable run.json, or the run cannot be set up again."""


class RecordChangedError(VerifyError):
    """run.json does not match its own digest: the record was edited and is not trusted (exit code 1, a
    difference found, like a NOT VERIFIED run)."""

    exit_code = FAILED


@dataclass
class Verification:
    """What verify found: the differences (empty when verified) and notes that do not decide the outcome."""

    folder: Path
    run: dict
    rerun_id: str = ""
    input_differences: list[str] = field(default_factory=list)
    output_differences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tables: int = 0
    compared: dict = field(default_factory=dict)  # what the hooks compared: {"verdict(s)": 3}
    inputs_checked: int = 0
    outputs_checked: int = 0

    @property
    def verified(self) -> bool:
        return not self.input_differences and not self.output_differences

    def text(self) -> str:
        """The certificate, or the list of differences."""
        run = self.run
        commit = str((run.get("git") or {}).get("commit", "unknown"))[:12]
        head = (f"run {run.get('run_id')} of {run.get('notebook')} (commit {commit}, "
                f"{'default' if run.get('default_parameters') else 'non-default'} parameters)")
        if self.verified:
            lines = [
                f"VERIFIED {self.folder}",
                f"  {head}",
                f"  re-executed as run {self.rerun_id} on {datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC "
                "with the same parameters",
                f"  inputs identical: {self.inputs_checked} (notebook, innovlib source, dataset files and "
                "descriptors, files named by parameters, lock file)",
                f"  outputs as the run wrote them: {self.outputs_checked} (sha256 of every file run.json records)",
                f"  results identical byte for byte: "
                + ", ".join([f"{self.tables} table(s)"] + [f"{n} {what}" for what, n in self.compared.items()]),
            ]
        else:
            lines = [f"NOT VERIFIED {self.folder}", f"  {head}"]
            if self.rerun_id:
                lines.append(f"  re-executed as run {self.rerun_id}")
            lines += [f"  input differs: {d}" for d in self.input_differences]
            lines += [f"  result differs: {d}" for d in self.output_differences]
        lines += [f"  note: {n}" for n in self.notes]
        return "\n".join(terminal_text(line) for line in lines)  # a record's text never drives the terminal


def _table_bytes(path: Path) -> bytes | None:
    """A table's bytes, when it is a regular file of bounded size and not a link (else ``None``: never blocks)."""
    if os.path.islink(path):
        return None
    try:
        with open_regular_file(path) as handle:
            return handle.read()
    except OSError:
        return None


def compare_tables(cited: Path, again: Path) -> list[str]:
    """Each table (``tables/*.csv``) that is missing, extra or not byte-identical, with its first differing line."""
    names = {p.name for p in (Path(cited) / "tables").glob("*.csv")} | {p.name for p in (Path(again) / "tables").glob("*.csv")}
    problems = []
    for name in sorted(names):
        left, right = _table_bytes(Path(cited) / "tables" / name), _table_bytes(Path(again) / "tables" / name)
        if left is None:
            problems.append(f"tables/{name} is made by the re-run but missing from the cited run")
            continue
        if right is None:
            problems.append(f"tables/{name} is in the cited run but the re-run does not make it")
            continue
        if left == right:
            continue
        left_lines, right_lines = left.splitlines(), right.splitlines()
        for number, (x, y) in enumerate(zip(left_lines, right_lines), start=1):
            if x != y:
                where = (f"line {number}: cited {shorten(x.decode('utf-8', 'replace'), 70)}, "
                         f"re-run {shorten(y.decode('utf-8', 'replace'), 70)}")
                break
        else:
            where = f"{len(left_lines)} line(s) in the cited table, {len(right_lines)} in the re-run"
        problems.append(f"tables/{name}: {where}")
    return problems


def compare_inputs(run: dict, notebook: Path) -> tuple[list[str], list[str], int]:
    """Recorded inputs hashed again: (differences, notes, number of inputs checked)."""
    differences, notes, checked = [], [], 0

    def check(label: str, recorded, current) -> None:
        nonlocal checked
        checked += 1
        if recorded != current:
            differences.append(f"{label}: sha256 {str(recorded)[:12]} in the run, "
                               f"{str(current)[:12] if current else 'missing'} now")

    try:
        check(f"notebook {notebook.name}", run.get("notebook_sha256"), file_sha256(notebook))
    except OSError:
        differences.append(f"notebook {notebook} cannot be read")
    check("innovlib source", run.get("innovlib_source_sha256"), source_fingerprint())
    recorded = run.get("datasets") or []
    current = current_datasets(recorded)
    if current is None:
        differences.append("a dataset the run loaded is no longer in the data folder: "
                           + ", ".join(f"{d.get('dataset')}/{d.get('resource')}" for d in recorded if isinstance(d, dict)))
    else:
        for old, new in zip(recorded, current):
            label = f"dataset {old.get('dataset')}/{old.get('resource')}"
            check(f"{label} (data file)", old.get("sha256"), new.get("sha256"))
            check(f"{label} (descriptor)", old.get("descriptor_sha256"), new.get("descriptor_sha256"))
    files = run.get("files") if isinstance(run.get("files"), dict) else {}
    for name, record in files.items():
        try:  # a path from the record: read only when it is a regular file of bounded size (no FIFO, device)
            now = regular_file_sha256(Path(record["path"]), MAX_FILE_BYTES)
        except (OSError, KeyError, TypeError, ValueError):
            now = None
        check(f"file named by parameter {name}", (record or {}).get("sha256") if isinstance(record, dict) else None,
              now)
    lock = lock_file()
    if run.get("lock_sha256"):
        check(f"lock file {lock.name}", run.get("lock_sha256"), file_sha256(lock) if lock.is_file() else None)
    else:
        notes.append("the run recorded no lock file")
    packages = run.get("packages")
    if isinstance(packages, dict):
        installed = installed_packages()
        changed = [f"{n} {v} in the run, {installed[n]} now" for n, v in packages.items()
                   if n in installed and installed[n] != v and n != "innovlib"]
        missing = [f"{n} {v}" for n, v in packages.items() if n not in installed]
        if changed:
            notes.append("package versions differ: " + "; ".join(changed))
        if missing:
            notes.append("packages of the run not installed now: " + ", ".join(missing))
    else:
        notes.append("the run recorded no package list; package versions were not compared")
    if run.get("data_dir") and str(run["data_dir"]) != str(data_dir().resolve()):
        notes.append(f"the run read its data from {run['data_dir']}, this check from {data_dir().resolve()}")
    commit = (run.get("git") or {}).get("commit")
    now = git_state().get("commit")
    if commit and now and commit != now:
        notes.append(f"the run was made at commit {commit[:12]}, this checkout is at {now[:12]}")
    return differences, notes, checked


def compare_recorded_outputs(folder: Path, run: dict) -> tuple[list[str], int]:
    """Every output run.json records, hashed again inside ``folder``: each one changed, missing, outside the
    folder or a link is named, and so is each file the run did not write (failed notebooks and run.json aside).
    Returns the differences and the number of outputs checked.

    Example
    -------
    >>> compare_recorded_outputs(Path("/nonexistent"), {"outputs_sha256": {"/dev/zero": "0"}})
    (["run.json names '/dev/zero', which is not a file inside its folder"], 0)
    """
    recorded = run.get("outputs_sha256")
    if not isinstance(recorded, dict):
        return ["run.json records no sha256 of its outputs"], 0
    problems, checked = [], 0
    for relative, digest in sorted(recorded.items(), key=lambda item: str(item[0])):
        try:
            path = recorded_output(folder, relative)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        if os.path.islink(path):
            problems.append(f"{relative} of the cited folder is a symbolic link, not the file the run wrote")
            continue
        try:
            now = regular_file_sha256(path)
        except OSError as exc:
            missing = not os.path.lexists(path)
            problems.append(f"{relative} was written by the run but is missing from the cited folder" if missing
                            else f"{relative} of the cited folder cannot be read ({exc.strerror})")
            continue
        checked += 1
        if now != digest:
            problems.append(f"{relative} of the cited folder has changed since the run wrote it")
    if Path(folder).is_dir():
        problems += [f"{extra} is in the cited folder but was not written by the run"
                     for extra in sorted(set(output_files(folder)) - {str(k) for k in recorded})]
    return problems, checked


def read_trusted_record(folder: Path) -> dict:
    """The cited folder's run.json, once checked: readable (a regular file), a finished run, and matching its own
    digest (``run_sha256``, as the cache checks it). Raises :class:`VerifyError`, or
    :class:`RecordChangedError` for an edited record."""
    run, problem = read_run_json(folder)
    if run is None:
        raise VerifyError(f"{problem}; nothing to verify")
    if run.get("run_sha256") != run_record_digest(run):
        raise RecordChangedError(f"{Path(folder) / 'run.json'} does not match its own digest (run_sha256): the "
                                 "record was changed after the run wrote it and is not trusted; nothing re-executed")
    if run.get("status") != "ok":
        raise VerifyError(f"{Path(folder) / 'run.json'} records a run that did not finish (status "
                          f"{shorten(run.get('status'))})")
    return run


def _refuse_keep_inside(keep: Path, folder: Path) -> None:
    cited = Path(os.path.realpath(folder))
    wanted = Path(os.path.realpath(keep))
    if wanted == cited or wanted.is_relative_to(cited):
        raise VerifyError(f"--keep {keep} is inside the cited folder {folder}: copying the re-run there would make "
                          "the cited run no longer intact; choose a folder outside it")
    if os.path.lexists(keep):
        raise VerifyError(f"--keep {keep}: the folder exists already; name a new folder")


@contextlib.contextmanager
def _cited_folder_lock(folder: Path, notes: list[str], progress: Callable[[str], None]):
    """Hold the lock of the outputs folder that holds the cited folder, so that no run replaces the cited run
    while it is read and compared; a folder where no lock can be taken (read-only) is read without, with a note."""
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(lock_outputs(Path(folder).parent, notify=progress))
        except OSError as exc:
            notes.append(f"the outputs lock of {Path(folder).parent} could not be taken ({exc.strerror}); another "
                         "run could have changed the cited folder meanwhile")
        yield


def verify(folder: Path, keep: Path | None = None,
           progress: Callable[[str], None] = lambda line: None) -> Verification:
    """Re-execute the run recorded in ``folder/run.json`` into a temporary folder and compare (see above).

    ``keep``: a folder outside the cited one to copy the re-run's outputs into (for inspection). Raises
    :class:`VerifyError` when the folder cannot be verified at all, :class:`RecordChangedError` when its record
    was edited.
    """
    folder = Path(folder)
    if not folder.is_dir() or os.path.islink(folder):
        raise VerifyError(f"{folder} is not an output folder (expected outputs/<name>/ with a run.json)")
    if keep is not None:
        _refuse_keep_inside(Path(keep), folder)
    notes: list[str] = []
    with _cited_folder_lock(folder, notes, progress):
        run = read_trusted_record(folder)
        name, parameters = run.get("notebook"), run.get("parameters")
        if not isinstance(name, str) or not isinstance(parameters, dict):
            raise VerifyError(f"{folder / 'run.json'} does not record the notebook and its parameters")
        notebook = discover().get(name)
        if notebook is None:
            raise VerifyError(f"notebook {shorten(name)} is not in {notebooks_dir()}; cannot re-execute it")
        result = Verification(folder, run)
        result.input_differences, result.notes, result.inputs_checked = compare_inputs(run, notebook)
        result.notes = notes + result.notes
        changed, result.outputs_checked = compare_recorded_outputs(folder, run)
        result.output_differences += changed
        workspace = Path(tempfile.mkdtemp(prefix="innovlib-verify-"))
        try:
            try:
                tasks = plan([name], parameters, notebooks=notebook.parent, outputs=workspace / "outputs",
                                    kernel=find_kernel(), timeout=None)
            except ParameterError as exc:
                raise VerifyError(f"the recorded parameters cannot be used again: {exc}") from None
            results = run_tasks(tasks, jobs=1, force=True, progress=progress)
            again = tasks[0].output_dir
            if results[0].status != "ok":
                result.output_differences.append(f"the re-run failed: {results[0].error}")
                return result
            rerun, _ = read_run_json(again)
            result.rerun_id = str((rerun or {}).get("run_id", ""))
            result.output_differences += compare_tables(folder, again)
            hooked_problems, result.compared = hooks.compare_results(folder, again)
            result.output_differences += hooked_problems
            result.tables = len(list((folder / "tables").glob("*.csv")))
            if keep is not None:
                shutil.copytree(again, Path(keep), dirs_exist_ok=False)
                result.notes.append(f"the re-run's outputs are kept in {keep}")
            return result
        finally:
            shutil.rmtree(workspace, ignore_errors=True)
