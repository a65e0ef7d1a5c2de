"""Parameter sweeps: run one notebook over a grid of parameter values and tabulate the results.

``innovlib sweep NAME -g PARAM=V1,V2 [-g PARAM=...] [-f grid.yaml]`` expands the grid (the cartesian product of
the values, plus any explicit points a YAML file lists), checks every point with the runner's
:func:`~innovlib.runner.plan` before anything runs, executes each point as an ordinary cached run (its own
``outputs/NAME--<hash>/``), and writes ``outputs/NAME--sweep-<hash>/``::

    summary.csv    one row per point: what it changed from the defaults, its parameters, status, verdict counts,
                   run id, output folder, error, and one column per scalar the notebook saved with
                   innovlib.outputs.save_scalar
    summary.html   the table (the changed cells highlighted, each point linked to its executed notebook) and one
                   chart per numeric scalar, every value escaped (innovlib.runner.sweep_page)
    scalar-<name>.svg   each chart
    sweep.json     the notebook, the points' full parameters and their output folders

The grid file is UTF-8 YAML (at most 1 MB, aliases bounded) with any of three keys::

    parameters: {label: tiny}        # fixed for every point
    grid: {n: [1, 2, 3], weights: [[1.0], [0.5, 0.5]]}
    points: [{n: 9, label: other}]   # explicit points, added to the product

``-g`` values are text, split at commas outside brackets (``-g weights=[1,2],[3]`` gives two lists); a ``-g``
parameter replaces the same one in the file's grid; ``-g PARAM=*`` takes every value the notebook declares for
it (:func:`declared_values`). Points that resolve to the same values run once.

Example
-------
>>> split_values("1,2,[3, 4]")
['1', '2', '[3, 4]']
>>> points, from_text = expand_points({"n": ["1", "2"]}, {"grid": {"label": ["a", "b"]}})
>>> points
[{'label': 'a', 'n': '1'}, {'label': 'a', 'n': '2'}, {'label': 'b', 'n': '1'}, {'label': 'b', 'n': '2'}]
>>> sorted(from_text[0])
['n']
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any, Callable

from innovlib.errors import Interrupted, shorten
from innovlib.outputs import atomic_write_text, lock_outputs, make_real_directory, neutralise_formulas, remove_inside
from innovlib.parameters import ParameterError, alternative_values, notebook_parameters, read_yaml_file
import innovlib.runner.hooks as hooks
from innovlib.runner.dask_executor import DEFAULT_RETRIES, executor_for, scheduler_address
from innovlib.runner.discovery import discover, find_kernel
from innovlib.runner.formatting import counts_from_columns, counts_text
from innovlib.runner.planning import parameters_hash, plan
from innovlib.runner.scheduling import run
from innovlib.runner.sweep_page import (CHART_PREFIX, Layout, changed_values, describe_changes, scalar_chart,
                                        summary_page)
from innovlib.runner.tasks import KERNEL_NAME, Result, Task

MAX_POINTS = 10_000
GRID_FILE_KEYS = ("parameters", "grid", "points")


def split_values(text: str) -> list[str]:
    """Split ``text`` at commas outside ``[...]`` and ``{...}``; items are stripped, empty ones refused."""
    items, depth, current = [], 0, []
    for ch in text:
        if ch in "[{":
            depth += 1
        elif ch in "]}":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    items.append("".join(current).strip())
    if any(not item for item in items):
        raise ParameterError(f"grid values {shorten(text, 60)}: an empty value (two commas, or a comma at an end)")
    return items


def parse_grid_options(options: list[str]) -> dict[str, list[str]]:
    """``["n=1,2", "label=a"]`` -> ``{"n": ["1", "2"], "label": ["a"]}``; one-line errors for bad options."""
    grid: dict[str, list[str]] = {}
    for option in options:
        name, sep, values = option.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"-g {shorten(option, 60)}: expected PARAM=V1,V2,...")
        if name in grid:
            raise ParameterError(f"-g: parameter {shorten(name, 40)} is given twice")
        grid[name] = split_values(values)
    return grid


def declared_values(name: str, grid_text: dict[str, list[str]], notebooks: Path | None = None) -> dict[str, list[str]]:
    """Replace ``-g PARAM=*`` by every value the notebook declares for it: the default, then
    :func:`innovlib.parameters.alternative_values` (every choice; both values of a bool; for a list with choices,
    the default less one element at a time and the full list). A parameter without such a set is an error."""
    if not any(values == ["*"] for values in grid_text.values()):
        return grid_text
    available = discover(notebooks)
    if name not in available:
        return grid_text  # plan_points names the unknown notebook
    declared = {p.name: p for p in notebook_parameters(available[name])}
    expanded = {}
    for parameter, values in grid_text.items():
        if values != ["*"]:
            expanded[parameter] = values
            continue
        if parameter not in declared:
            raise ParameterError(f"{name}: -g {shorten(parameter, 40)}=*: the notebook has no such parameter; "
                                 f"it declares: {', '.join(declared) or 'no parameters'}")
        spec = declared[parameter]
        alternatives = alternative_values(spec)
        if not alternatives:
            raise ParameterError(f"{name}: -g {parameter}=*: '{parameter}' declares no set of values (choices or a "
                                 "bool); list the values")
        as_text = [json.dumps(v, ensure_ascii=False) if isinstance(v, (list, bool)) or v is None else str(v)
                   for v in [spec.default] + alternatives]
        expanded[parameter] = list(dict.fromkeys(as_text))
    return expanded


def alternative_points(name: str, notebooks: Path | None = None) -> list[dict]:
    """Every declared alternative value of notebook ``name``, one parameter changed at a time: one override
    ``{parameter: value}`` per value of :func:`innovlib.parameters.alternative_values`, in parameter order.

    These are the runs ``innovlib run --alternatives`` adds to the defaults, and those the tests check; a
    notebook without such values has none.

    Example
    -------
    >>> import tempfile, nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> cell = "year: int = 2025  # edition {choices: [2024, 2025]}\\nshow: bool = False  # details"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     cell, metadata={"tags": ["parameters"]})]), folder / "demo.ipynb")
    >>> alternative_points("demo", folder)
    [{'year': 2024}, {'show': True}]
    """
    available = discover(notebooks)
    if name not in available:
        return []
    return [{parameter.name: value} for parameter in notebook_parameters(available[name])
            for value in alternative_values(parameter)]


def read_grid_file(path: Path) -> dict:
    """A grid file's content: ``{"parameters": {...}, "grid": {...}, "points": [...]}`` (missing keys absent)."""
    path = Path(path)
    content = read_yaml_file(path, "grid file") or {}
    if not isinstance(content, dict):
        raise ParameterError(f"{path}: expected a mapping with keys {', '.join(GRID_FILE_KEYS)}")
    unknown = [k for k in content if k not in GRID_FILE_KEYS]
    if unknown:
        raise ParameterError(f"{path}: unknown key {shorten(str(unknown[0]), 40)}; expected {', '.join(GRID_FILE_KEYS)}")
    for key in ("parameters", "grid"):
        if not isinstance(content.get(key, {}), dict) or not all(isinstance(k, str) for k in content.get(key, {})):
            raise ParameterError(f"{path}: '{key}' must map parameter names to values")
    grid = {}
    for name, values in content.get("grid", {}).items():
        values = values if isinstance(values, list) else [values]
        if not values:
            raise ParameterError(f"{path}: grid parameter {shorten(name, 40)} has no values")
        grid[name] = values
    points = content.get("points", [])
    if not isinstance(points, list) or not all(isinstance(p, dict) and all(isinstance(k, str) for k in p)
                                               for p in points):
        raise ParameterError(f"{path}: 'points' must be a list of mappings of parameter names to values")
    return {"parameters": dict(content.get("parameters", {})), "grid": grid, "points": [dict(p) for p in points]}


def expand_points(grid_text: dict[str, list[str]], file: dict | None = None) -> tuple[list[dict], list[set]]:
    """Every point of the sweep (parameter overrides) and, per point, the names whose values are command-line
    text: the cartesian product of the file's grid and ``grid_text`` (the last parameter varies fastest; ``-g``
    replaces a file parameter of the same name), then the file's explicit points, each over the fixed
    parameters. With neither a grid nor points, the one point of the fixed parameters."""
    file = file or {}
    fixed = dict(file.get("parameters", {}))
    grid = {name: (values, False) for name, values in file.get("grid", {}).items() if name not in grid_text}
    grid.update({name: (values, True) for name, values in grid_text.items()})
    names = list(grid)
    points, from_text = [], []
    explicit = file.get("points", [])
    if names or not explicit:
        size = 1
        for values, _ in grid.values():
            size *= len(values)
        if size + len(explicit) > MAX_POINTS:
            raise ParameterError(f"the sweep has {size + len(explicit)} points; at most {MAX_POINTS}")
        for combination in itertools.product(*(grid[n][0] for n in names)):
            point = {k: v for k, v in fixed.items() if k not in grid}
            point.update(zip(names, combination))
            points.append(point)
            from_text.append({n for n in names if grid[n][1]})
    for extra in explicit:
        points.append({**fixed, **extra})
        from_text.append(set())
    return points, from_text


def _describe(point: dict) -> str:
    return ", ".join(f"{k}={json.dumps(v, ensure_ascii=False, default=str)}" for k, v in point.items()) or "defaults"


def plan_points(name: str, points: list[dict], from_text: list[set], outputs: Path | None = None,
                kernel: str = KERNEL_NAME, timeout: float | None = None) -> list[Task]:
    """One task per distinct point, each checked by :func:`innovlib.runner.plan`; nothing runs. An invalid
    point raises one :class:`ParameterError` line naming the point (and how many others are invalid)."""
    tasks, seen, problems = [], set(), []
    for i, (point, text) in enumerate(zip(points, from_text), start=1):
        try:
            task = plan([name], point, from_text=text, outputs=outputs, kernel=kernel, timeout=timeout)[0]
        except ParameterError as exc:
            problems.append(f"point {i} ({shorten(_describe(point), 80)[1:-1]}): {str(exc).splitlines()[0]}")
            continue
        if task.output_dir.name not in seen:
            seen.add(task.output_dir.name)
            tasks.append(task)
    if problems:
        more = f" (and {len(problems) - 1} more invalid point(s))" if len(problems) > 1 else ""
        raise ParameterError(problems[0] + more)
    return tasks


def sweep_folder(name: str, tasks: list[Task], outputs: Path) -> Path:
    """``outputs/<name>--sweep-<hash of the points' values>``."""
    return Path(outputs) / f"{name}--sweep-{parameters_hash([t.values for t in tasks])}"


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None


FIXED_COLUMNS = ("point", "changed", "status", "seconds", "verdicts", "run_id", "output", "error")


def _parameter_column(parameter: str) -> str:
    """A parameter's column: its name, or ``param_<name>`` when the name clashes with a fixed column."""
    clashing = set(FIXED_COLUMNS) | set(hooks.summary_columns(None))
    return f"param_{parameter}" if parameter in clashing else parameter


def summary_rows(tasks: list[Task], results: list[Result], outputs: Path) -> list[dict]:
    """One row per point: its number, what it changed from the notebook's defaults (``changed``,
    :func:`innovlib.runner.sweep_page.describe_changes`), its parameters (lists as JSON; a name clashing with a
    fixed column gets ``param_``), status, seconds, the verdict counts as the closing table of ``innovlib run``
    shows them (``verdicts``), the columns the post-run hooks add (the notebook pages: one count per verdict,
    :func:`innovlib.runner.hooks.summary_columns`), run id, output, error, and the scalars it saved."""
    rows = []
    for i, (task, result) in enumerate(zip(tasks, results), start=1):
        row: dict[str, Any] = {"point": i, "changed": describe_changes(changed_values(task.values, task.defaults))}
        row.update({_parameter_column(k): v if not isinstance(v, list)
                    else json.dumps(v, ensure_ascii=False) for k, v in task.values.items()})
        finished = result.status in ("ok", "cached")
        run = _read_json(task.output_dir / "run.json") if finished else None
        run_id = run.get("run_id", "") if isinstance(run, dict) else ""
        if result.failed_notebook is not None:
            run_id = Path(result.failed_notebook).stem.removeprefix("failed-")
        hook_columns = hooks.summary_columns(task.output_dir if finished else None)
        row.update({"status": result.status, "seconds": round(result.seconds, 2),
                    "verdicts": counts_text(counts_from_columns(hook_columns)).strip("-")})  # none: empty
        row.update(hook_columns)
        where = result.failed_notebook or task.output_dir
        try:
            where = Path(where).relative_to(outputs)
        except ValueError:
            pass
        row.update({"run_id": run_id, "output": str(where), "error": result.error})
        scalars = _read_json(task.output_dir / "scalars.json") if finished else None
        for key, value in (scalars.items() if isinstance(scalars, dict) else []):
            row[key if key not in row else f"result_{key}"] = value
        rows.append(row)
    return rows


def summary_layout(tasks: list[Task], rows: list[dict]) -> Layout:
    """How the rows of :func:`summary_rows` read on the summary page: the parameters' columns, those some point
    changes from the defaults, the scalar columns, and per row the parameters it changed."""
    parameters = {k: _parameter_column(k) for task in tasks for k in task.values}
    changes = [set(changed_values(task.values, task.defaults)) for task in tasks]
    varied = [parameters[p] for p in parameters if any(p in changed for changed in changes)]
    known = set(FIXED_COLUMNS) | set(parameters.values()) | set(hooks.summary_columns(None))
    scalars = list(dict.fromkeys(k for row in rows for k in row if k not in known))
    return Layout(parameters, varied, scalars, changes)


def page_columns(layout: Layout) -> list[str]:
    """The summary page's columns: the point, its change, then what it gave (status, verdict counts, the scalars:
    on a narrow screen they come first), the parameters some point changes, seconds, output and error
    (summary.csv has every column).

    Example
    -------
    >>> page_columns(Layout({"n": "n", "k": "k"}, ["n"], ["square"], [set(), {"n"}]))
    ['point', 'changed', 'status', 'verdicts', 'square', 'n', 'seconds', 'output', 'error']
    """
    return ["point", "changed", "status", "verdicts", *layout.scalars, *layout.varied, "seconds", "output", "error"]


def summary_charts(rows: list[dict], layout: Layout) -> list:
    """One chart per scalar some finished point gave as a number (:func:`innovlib.runner.sweep_page.scalar_chart`),
    each point labelled by its change, the defaults' value (the first point that changes nothing) as reference.

    Example
    -------
    >>> rows = [{"changed": "defaults", "status": "ok", "n": 2, "tag": "a"},
    ...         {"changed": "k=1", "status": "ok", "n": 3, "tag": "b"}, {"changed": "k=2", "status": "failed"}]
    >>> [chart.alt for chart in summary_charts(rows, Layout({"k": "k"}, ["k"], ["n", "tag"], [set(), {"k"}, {"k"}]))]
    ['n by point: defaults: 2; k=1: 3.']
    """
    finished = [(row, changed) for row, changed in zip(rows, layout.changes) if row.get("status") in ("ok", "cached")]
    default = next((row for row, changed in finished if not changed), None)
    charts = []
    for scalar in layout.scalars:
        chart = scalar_chart(scalar, [(row["changed"], row.get(scalar)) for row, _ in finished],
                             default.get(scalar) if default else None)
        if chart is not None:
            charts.append(chart)
    return charts


def write_summary(name: str, tasks: list[Task], results: list[Result], outputs: Path) -> Path:
    """Write ``summary.csv``, ``summary.html``, one ``scalar-<name>.svg`` chart per numeric scalar and
    ``sweep.json`` into the sweep's folder (charts of scalars no longer given are removed); return the folder."""
    import pandas as pd

    outputs = Path(outputs)
    folder = sweep_folder(name, tasks, outputs)
    rows = summary_rows(tasks, results, outputs)
    layout = summary_layout(tasks, rows)
    charts = summary_charts(rows, layout)
    columns = list(dict.fromkeys(k for row in rows for k in row))
    cells = [["" if row.get(c) is None else row[c] for c in columns] for row in rows]  # missing: an empty cell
    table = neutralise_formulas(pd.DataFrame(cells, columns=columns, dtype=object))  # text from the user; ints stay
    with lock_outputs(outputs):
        make_real_directory(folder)  # a link there is refused, never written through
        atomic_write_text(folder / "summary.csv", table.to_csv(index=False))
        for old in folder.glob(f"{CHART_PREFIX}*.svg"):
            if old.name not in {chart.file for chart in charts}:
                remove_inside(old, outputs)
        for chart in charts:
            atomic_write_text(folder / chart.file, chart.svg)
        atomic_write_text(folder / "summary.html", summary_page(name, rows, page_columns(layout), layout, charts))
        atomic_write_text(folder / "sweep.json", json.dumps({
            "notebook": name,
            "points": [{"parameters": t.values, "output": t.output_dir.name, "status": r.status}
                       for t, r in zip(tasks, results)],
        }, indent=2, ensure_ascii=False, default=str) + "\n")
    return folder


def run_sweep(name: str, tasks: list[Task], scheduler: str | None = None, jobs: int | None = None,
              force: bool = False, retries: int = DEFAULT_RETRIES,
              progress: Callable[[str], None] = lambda line: print(line, file=sys.stderr, flush=True)
              ) -> tuple[list[Result], Path]:
    """Execute the planned points with :func:`innovlib.runner.run` on the executor ``scheduler`` names
    (:func:`innovlib.runner.dask_executor.executor_for`) and write the summary; returns the results and the
    sweep's folder. On an interrupt, the summary of what finished is written, then the
    :class:`~innovlib.errors.Interrupted` error is raised again."""
    outputs = tasks[0].output_dir.parent
    try:
        results = run(tasks, force=force, progress=progress, executor=executor_for(scheduler, jobs, retries))
    except Interrupted as interrupted:
        results = getattr(interrupted, "results", None)
        if results and len(results) == len(tasks):
            write_summary(name, tasks, results, outputs)
        raise
    return results, write_summary(name, tasks, results, outputs)


def run_grid(name: str, grid_options: list[str], grid_file: Path | None = None, scheduler: str | None = None,
          jobs: int | None = None, force: bool = False, retries: int = DEFAULT_RETRIES, timeout: float | None = None,
          notify: Callable[[str], None] = lambda line: None) -> tuple[list[Result], Path]:
    """What ``innovlib sweep`` does: expand the grid (``-g`` options, a grid file), check every point, run them
    where ``scheduler`` says (:func:`innovlib.runner.dask_executor.scheduler_address`) and write the summary;
    returns the results and the sweep's folder. ``notify`` hears how many points there are before they run."""
    grid = declared_values(name, parse_grid_options(grid_options))
    file = read_grid_file(grid_file) if grid_file else None
    points, from_text = expand_points(grid, file)
    tasks = plan_points(name, points, from_text, kernel=find_kernel(), timeout=timeout)
    notify(f"sweep: {len(tasks)} point(s) of {name}")
    return run_sweep(name, tasks, scheduler_address(scheduler), jobs=jobs, force=force, retries=retries)
