"""The outputs folder: a build is swapped in atomically, a failed notebook kept beside the last good output,
and what a killed run left behind (staging folders, a half-done swap) cleaned before the next run starts.

Example
-------
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     (Path(folder) / ".staging" / "x-1").mkdir(parents=True)
...     recover_outputs(Path(folder), print)
...     sorted(p.name for p in Path(folder).iterdir())
cleaned  1 unfinished staging folder(s) left by an interrupted run
[]
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path
from typing import Callable

from innovlib.runner.tasks import Job, Result


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


def finish(job: Job, result: Result) -> Result:
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
