"""What ``innovlib run`` does once its arguments are parsed: plan, execute under the outputs lock, summarise.

:func:`plan_request` turns the command's choices (:class:`RunRequest`) into checked tasks (with ``--alternatives``,
every declared value of each notebook's parameters, one change at a time); :func:`run_notebooks` holds the
outputs lock, executes the tasks with :func:`innovlib.runner.run` on the executor ``--scheduler`` names, writes
one sweep summary per notebook run with alternatives, and hands the outcome to the caller's ``after`` (the
command prints the closing table and writes the report there, still under the lock).
"""

from __future__ import annotations

from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from innovlib.errors import Interrupted, shorten
from innovlib.outputs import lock_outputs
from innovlib.parameters import ParameterError, read_yaml_file
from innovlib.paths import outputs_dir
import innovlib.runner.sweep as sweep
from innovlib.runner.dask_executor import executor_for, scheduler_address
from innovlib.runner.discovery import discover, find_kernel
from innovlib.runner.planning import plan
from innovlib.runner.scheduling import run
from innovlib.runner.tasks import Result, SetupError, Task


@dataclass(frozen=True)
class RunRequest:
    """The choices of ``innovlib run``: which notebooks, their parameters, and where and how they run."""

    names: list[str] = field(default_factory=list)
    all: bool = False
    parameters: list = field(default_factory=list)  # (name, text) pairs given with -p
    parameters_file: Path | None = None
    alternatives: bool = False
    scheduler: str | None = None
    jobs: int | None = None
    force: bool = False
    timeout: float | None = None


@dataclass
class RunOutcome:
    """What a run gave: one result per task, the sweep summary of each notebook run with alternatives, and
    whether it was interrupted."""

    results: list[Result]
    alternatives: dict[str, Path] = field(default_factory=dict)
    interrupted: bool = False


def read_parameters_file(path: Path) -> tuple[dict, dict]:
    """Split a YAML parameters file into overrides for all notebooks and per-notebook overrides.

    Example
    -------
    >>> import tempfile
    >>> path = Path(tempfile.mkdtemp()) / "p.yaml"
    >>> _ = path.write_text("quick: {n: 2}\\n")
    >>> read_parameters_file(path)
    ({}, {'quick': {'n': 2}})
    """
    content = read_yaml_file(path, "parameters file")
    if content is None:
        content = {}
    if not isinstance(content, dict):
        raise ParameterError(f"{path}: expected a mapping of parameter names to values "
                             "({name: value} or {notebook: {name: value}})")
    bad_keys = [k for k in content if not isinstance(k, str)]
    if bad_keys:
        raise ParameterError(f"{path}: keys must be parameter or notebook names, got {shorten(bad_keys[0])}")
    if content and all(isinstance(v, dict) for v in content.values()):
        for notebook, values in content.items():
            bad = [k for k in values if not isinstance(k, str)]
            if bad:
                raise ParameterError(f"{path}: under {shorten(notebook)}, keys must be parameter names, "
                                     f"got {shorten(bad[0])}")
        return {}, content
    return content, {}


def merge_parameters(pairs: list, from_file: tuple[dict, dict] = ({}, {})) -> tuple[dict, dict, set]:
    """Overrides for all notebooks, per-notebook overrides, and the names given as command-line text: explicit
    ``-p`` values come last, over both forms of the file (and a file value is never read as text).

    Example
    -------
    >>> merge_parameters([("n", "3")], ({"n": 1, "label": "a"}, {"quick": {"n": 2, "x": 5}}))
    ({'n': '3', 'label': 'a'}, {'quick': {'x': 5}}, {'n'})
    """
    overrides = {name: value for name, value in pairs}
    file_values, per_notebook = from_file
    per_notebook = {nb: {k: v for k, v in values.items() if k not in overrides} for nb, values in per_notebook.items()}
    return {**file_values, **overrides}, per_notebook, set(overrides)


def plan_request(request: RunRequest) -> tuple[list[Task], dict[str, list[Task]]]:
    """Every task of the request, checked (nothing runs), and per notebook run with alternatives its default task
    then one task per alternative value (those tasks come after the defaults, which are the report's runs)."""
    names = list(discover()) if request.all else list(request.names)
    from_file = read_parameters_file(request.parameters_file) if request.parameters_file else ({}, {})
    overrides, per_notebook, from_text = merge_parameters(request.parameters, from_file)
    tasks = plan(names, overrides, per_notebook, from_text, kernel=find_kernel(), timeout=request.timeout)
    sweeps = alternative_sweeps(tasks, request.timeout) if request.alternatives else {}
    return tasks + [task for group in sweeps.values() for task in group[1:]], sweeps


def alternative_sweeps(tasks: list[Task], timeout: float | None) -> dict[str, list[Task]]:
    """Per notebook with declared alternative values: its default task, then one task per alternative value."""
    sweeps = {}
    for task in tasks:
        points = sweep.alternative_points(task.name)
        if points:
            sweeps[task.name] = [task] + sweep.plan_points(task.name, points, [set()] * len(points),
                                                           kernel=task.kernel, timeout=timeout)
    return sweeps


def write_alternative_summaries(sweeps: dict[str, list[Task]], tasks: list[Task], results: list[Result],
                                outputs: Path) -> dict[str, Path]:
    """One sweep summary per notebook run with alternatives (how its verdict counts change with each value)."""
    by_folder = {task.output_dir: result for task, result in zip(tasks, results)}
    return {name: sweep.write_summary(name, group, [by_folder[task.output_dir] for task in group], outputs)
            for name, group in sweeps.items()}


def run_notebooks(request: RunRequest, after: Callable[[RunOutcome], None] | None = None,
                  notify: Callable[[str], None] = lambda line: None) -> RunOutcome:
    """Plan the request, then, holding the outputs lock, execute it, write the alternatives' summaries and call
    ``after`` with the outcome (also when interrupted, before the :class:`~innovlib.errors.Interrupted` error is
    raised again). ``notify`` hears the lock's waiting messages."""
    tasks, sweeps = plan_request(request)
    outputs = outputs_dir()
    executor = executor_for(scheduler_address(request.scheduler), request.jobs)
    with ExitStack() as stack:
        try:
            stack.enter_context(lock_outputs(outputs, notify=notify))
        except OSError as exc:
            raise SetupError(f"outputs folder {outputs} cannot be written ({exc.strerror})") from None
        try:
            results = run(tasks, force=request.force, executor=executor)
        except Interrupted as interrupted:
            if after:
                after(RunOutcome(getattr(interrupted, "results", []), interrupted=True))
            raise
        outcome = RunOutcome(results, write_alternative_summaries(sweeps, tasks, results, outputs))
        if after:
            after(outcome)
    return outcome
