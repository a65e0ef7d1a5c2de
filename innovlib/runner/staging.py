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
import stat
import uuid
from pathlib import Path
from typing import Callable

from innovlib.errors import InnovlibError, shorten
from innovlib.outputs import make_real_directory, real_directory, remove_inside
from innovlib.runner.tasks import Job, Result

TRASH = ".trash"
STAGING = ".staging"


def _swap_in(staging: Path, final: Path) -> None:
    """Replace ``final`` by ``staging``; the old folder waits in ``.trash/<id>/`` until the new one is in place, so
    a run killed between the two renames is repaired by :func:`recover_outputs`. Neither ``.trash`` nor ``final``
    may be a symbolic link (:class:`~innovlib.outputs.OutputsLinkError`): nothing is moved through a link."""
    outputs = final.parent
    replacing = real_directory(final)  # a link there is refused before anything moves
    holder = make_real_directory(outputs / TRASH) / uuid.uuid4().hex[:12]
    try:
        if replacing:
            holder.mkdir()
            os.replace(final, holder / final.name)
        os.replace(staging, final)
        remove_inside(holder, outputs)
    finally:
        try:
            holder.parent.rmdir()
        except OSError:
            pass


def _is_real_directory(path: Path) -> bool:
    """True for a real folder; False for anything else (a link, a file, nothing)."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def recover_outputs(folder: Path, progress: Callable[[str], None] = lambda line: None) -> None:
    """Clean what a killed run left in an outputs folder: staging folders, temporary files and a half-done swap
    (an old output waiting in ``.trash`` whose replacement never arrived is put back). Call with the lock held.

    Links are never followed: ``.staging`` or ``.trash`` as a symbolic link is refused
    (:class:`~innovlib.outputs.OutputsLinkError`, nothing deleted), a link found inside them is removed itself,
    and only real folders are put back.
    """
    folder = Path(folder)
    staging = folder / STAGING
    if real_directory(staging):
        leftovers = list(staging.iterdir())
        for leftover in leftovers:
            remove_inside(leftover, folder)
        if leftovers:
            progress(f"cleaned  {len(leftovers)} unfinished staging folder(s) left by an interrupted run")
        try:
            staging.rmdir()
        except OSError:
            pass
    trash = folder / TRASH
    if real_directory(trash):
        for holder in list(trash.iterdir()):
            for old in list(holder.iterdir()) if _is_real_directory(holder) else []:
                final = folder / old.name
                if _is_real_directory(old) and not os.path.lexists(final) and (old / "run.json").is_file():
                    os.replace(old, final)
                    progress(f"restored {final} (an interrupted run had moved it aside)")
            remove_inside(holder, folder)
        try:
            trash.rmdir()
        except OSError:
            pass
    for temporary in folder.glob(".*.tmp"):
        remove_inside(temporary, folder)


def finish(job: Job, result: Result) -> Result:
    """In the main process: swap a good build in, or keep a failed notebook beside the last good output.

    Never raises for one notebook: an output folder that cannot be swapped in (a link, a full disk, a permission)
    makes that notebook ``failed`` with a line naming the folder, and the run goes on with the others; a failed
    notebook that cannot be kept (a full disk) keeps its own error, with a note.
    """
    task = job.task
    try:
        if result.status == "ok":
            try:
                _swap_in(job.staging, task.output_dir)
            except (OSError, InnovlibError) as exc:
                why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                # the folder is named once: a reason that names it already (a link refused) says it without the
                # repeat, so a long path never shortens the reason itself away
                why = why.replace(str(task.output_dir), "it")
                result.status = "failed"
                result.error = (f"its outputs could not be put in place in {task.output_dir} "
                                f"({shorten(why, 200)[1:-1]}); the last good output was kept")
            return result
        partial = result.failed_notebook
        result.failed_notebook = None
        if partial is not None and Path(partial).exists():
            kept = task.output_dir / f"failed-{job.run_id}.ipynb"
            try:
                make_real_directory(task.output_dir)
                shutil.copyfile(partial, kept)
                result.failed_notebook = kept
            except (OSError, InnovlibError) as exc:
                with_error = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
                if _is_real_directory(task.output_dir):  # a part written before the disk filled
                    remove_inside(kept, task.output_dir.parent)
                result.error = (f"{result.error} (its partial notebook could not be kept in {task.output_dir}: "
                                f"{shorten(with_error, 120)[1:-1]})")
        return result
    finally:
        shutil.rmtree(job.staging, ignore_errors=True)
