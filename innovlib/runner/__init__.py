"""Execute the finding notebooks with papermill: validated parameters, parallel, cached, atomic outputs.

For each notebook, :func:`run` writes ``outputs/<name>/`` (``outputs/<name>--<hash>/`` for non-default
parameters)::

    <name>.ipynb   executed notebook, opening with an "About this run" cell (how to cite it; a post-run hook)
    <name>.html    readable export
    run.json       run id, UTC start/end, status, git commit, parameters, files named by parameters, datasets'
                   sha256, environment, the cache key and the sha256 of every output file
    claims.json    the claim verdicts the notebook recorded (written by the notebook pages' post-run hook)
    scalars.json   scalar results saved with innovlib.outputs.save_scalar (only when there are some)
    tables/*.csv   key result tables saved with innovlib.outputs.save_table

One module per concern, in the order a run goes through them:

- :mod:`~innovlib.runner.discovery`: which notebooks there are, their parameters, the Jupyter kernel;
- :mod:`~innovlib.runner.planning`: every name and parameter checked before anything runs (:func:`plan`);
- :mod:`~innovlib.runner.tasks`: the records passed around (:class:`Task`, :class:`Result`, ...);
- :mod:`~innovlib.runner.cache`: the cache key and whether an output folder is an intact, fresh run;
- :mod:`~innovlib.runner.scheduling`: one :func:`run` for every executor (the shared set-up: the outputs lock,
  recovery, the cache) and the local process pool (:class:`LocalPool`: worker processes, clean stops);
- :mod:`~innovlib.runner.dask_executor`: the other executor, a Dask cluster (:class:`DaskExecutor`);
- :mod:`~innovlib.runner.execution`: one notebook executed into a staging folder, with its page and records;
- :mod:`~innovlib.runner.hooks`: what the layers above add to each run (post-run hooks they register);
- :mod:`~innovlib.runner.provenance`: git state, package versions, citation and the run's RO-Crate;
- :mod:`~innovlib.runner.staging`: atomic swaps, failed notebooks kept, recovery after a killed run;
- :mod:`~innovlib.runner.formatting`: progress lines and the closing summary table;
- :mod:`~innovlib.runner.sweep`: one notebook over a grid of parameter values, with a summary;
- :mod:`~innovlib.runner.verify`: a cited run executed again and compared;
- :mod:`~innovlib.runner.orchestration`: what ``innovlib run`` does (plan, execute, summarise alternatives).

Everything is written to a staging folder by a worker process and swapped in by the main process only when the
notebook succeeded, so a failed or interrupted run never replaces the last good output; a failed notebook is
kept as ``failed-<run id>.ipynb`` beside it. One run at a time writes into an outputs folder (a lock), and a
run cleans up what a killed run left behind (staging folders, a half-done swap) before it starts.

Example
-------
>>> from pathlib import Path
>>> from innovlib.runner import output_dir_for
>>> output_dir_for("sei_growth", {"end_year": 2024}, {"end_year": 2024}, Path("outputs"))
(PosixPath('outputs/sei_growth'), True)
"""

from __future__ import annotations

from innovlib.paths import notebooks_dir, outputs_dir
from innovlib.runner.cache import (
    cache_is_fresh, cache_key, cache_state, environment_fingerprint, intact_run, read_run_json, run_record_digest,
    source_fingerprint,
)
from innovlib.runner.dask_executor import DaskExecutor, executor_for, scheduler_address
from innovlib.runner.discovery import describe_notebooks, discover, find_kernel
from innovlib.runner.execution import CellProgress, execute, first_heading
from innovlib.runner.formatting import summary_table
from innovlib.runner.hooks import FinishedNotebook, RunHooks, register
from innovlib.runner.planning import output_dir_for, parameters_hash, plan
from innovlib.runner.provenance import citation_text, git_state, installed_packages, lock_file, package_versions
from innovlib.runner.scheduling import Executor, LocalPool, run
from innovlib.runner.staging import recover_outputs
from innovlib.runner.tasks import KERNEL_NAME, Result, SetupError, Task

__all__ = [
    "CellProgress", "DaskExecutor", "Executor", "FinishedNotebook", "KERNEL_NAME", "LocalPool", "Result",
    "RunHooks", "SetupError", "Task", "cache_is_fresh", "cache_key", "cache_state", "citation_text",
    "describe_notebooks", "discover", "environment_fingerprint", "execute", "executor_for", "find_kernel",
    "first_heading", "git_state", "installed_packages", "intact_run", "lock_file", "notebooks_dir",
    "output_dir_for", "outputs_dir", "package_versions", "parameters_hash", "plan", "read_run_json",
    "recover_outputs", "register", "run", "run_record_digest", "scheduler_address", "source_fingerprint",
    "summary_table",
]
