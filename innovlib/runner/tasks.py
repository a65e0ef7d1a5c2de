"""What a run passes around: the tasks it plans, the results it returns, and the set-up error.

A :class:`Task` is one notebook with checked parameters and its output folder; a :class:`Job` is one execution
of it (run id and staging folder, fixed by the main process); a :class:`Context` is what every task of a run
shares in its cache key.

Example
-------
>>> len(new_run_id().split("-")[1])
6
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from innovlib.errors import InnovlibError


KERNEL_NAME = "innovlib"


class SetupError(InnovlibError, RuntimeError):
    """The run cannot start: an unknown notebook, no notebooks, no Jupyter kernel, an unwritable outputs folder."""


@dataclass(frozen=True)
class Task:
    """One notebook to execute, with its resolved parameters and where its outputs go.

    ``files`` records each file a ``path`` parameter names: ``{parameter: {"path", "sha256", "bytes"}}``.
    """

    name: str
    notebook: Path
    values: dict
    is_default: bool
    output_dir: Path
    kernel: str
    timeout: float | None
    project_root: Path
    files: dict = field(default_factory=dict)
    defaults: dict = field(default_factory=dict)


@dataclass
class Result:
    """What happened to one notebook."""

    name: str
    status: str  # "ok", "cached", "failed" or "stopped"
    seconds: float
    output_dir: Path
    verdicts: dict = field(default_factory=dict)  # counts the post-run hooks gave (the pages: verdict counts)
    error: str = ""
    failed_notebook: Path | None = None


@dataclass(frozen=True)
class Job:
    """One execution of a task: its run id and staging folder, fixed by the main process before it starts."""

    task: Task
    run_id: str
    staging: Path


@dataclass(frozen=True)
class Context:
    """What every task of a run shares in its cache key."""

    source_sha256: str
    environment: dict
    data_dir: str


def new_run_id() -> str:
    """A run id: the UTC start time to the second and six random hex digits, unique and sortable.

    Example
    -------
    >>> new_run_id()[8], new_run_id()[-7]
    ('T', '-')
    """
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]
