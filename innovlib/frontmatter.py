"""The two cells at the top of every executed notebook, "About this run" and "Findings", and claims.json.

:class:`NotebookPages` is the runner's post-run hook (:mod:`innovlib.runner.hooks`) that adds them: it reads the
verdicts the notebook recorded (``claims.jsonl``, ``not_tested.jsonl``), links each to the cell that showed it,
puts the two cells first, writes ``claims.json`` and gives the run's verdict counts. ``innovlib/__init__.py``
registers it.

A reader of an executed notebook (or of its HTML page) sees first how to cite the run and whether its parameters
are the published ones, then one row per claim part with its verdict, a one-line reason and a link to the cell
that decided it (the verdict's display carries the id :func:`innovlib.claims.part_anchor`). Everything here is
built from what the run recorded (run.json, ``claims.jsonl``, ``not_tested.jsonl``), and every value from data,
parameters or a user's file goes through the escaping function of the context it lands in (:mod:`innovlib.escaping`:
Markdown text, also inside the cells' HTML tables; a code span; a link target).

Example
-------
>>> print(findings_cell_source([{"part_id": "SEI-03a", "verdict": "reproduced", "cell": 3,
...                              "explanation": "Recomputed from levels. Within 0.05 points."}], []))
## Findings
<BLANKLINE>
| part | verdict | why (in short) | decided in |
|---|---|---|---|
| SEI-03a | **reproduced** | Recomputed from levels. | [cell 3](#part-SEI-03a) |
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from innovlib.checksums import read_regular_text
from innovlib.claims import VERDICTS
from innovlib.claims.rendering import FINDINGS_CELL_COLUMNS, finding_record, findings_section
from innovlib.errors import shorten
from innovlib.escaping import code_span, markdown_text
from innovlib.outputs import read_records
from innovlib.parameters import ParameterError, notebook_parameters
from innovlib.runner.hooks import FinishedNotebook, RunHooks
from innovlib.runner.tasks import Task
from innovlib.text import format_value

ABOUT_TAG = "innovlib-about"
FINDINGS_TAG = "innovlib-findings"


def _md(value: Any, limit: int = 2000) -> str:
    return markdown_text(value, limit)


def findings_cell_source(verdicts: list[dict], not_tested: list[dict]) -> str:
    """Markdown of the "Findings" cell: one row per recorded verdict, then the parts this run did not test (the
    findings macros of :mod:`innovlib.claims.rendering`, as in the notebook's own findings and the report)."""
    records = [finding_record(record) for record in verdicts]
    return "## Findings\n\n" + findings_section(records, FINDINGS_CELL_COLUMNS, not_tested) + "\n"


def _html_table(header: tuple[str, ...], rows: list[tuple]) -> str:
    # markdown_text, not html.escape: a line break in a value could end the HTML block and start Markdown
    head = "".join(f"<th>{_md(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_md(format_value(c))}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def citation(run: dict, name: str) -> str:
    """The plain-text citation of one run: the software with its commit, the finding, the run id and its crate.

    Example
    -------
    >>> citation({"citation": "innovlib developers (2026). innovlib, version 0.1.0.", "run_id": "R1",
    ...           "git": {"commit": "0123456789abcdef"}}, "sei_growth")
    'innovlib developers (2026). innovlib, version 0.1.0, commit 0123456789ab. Finding sei_growth, run R1 (described by ro-crate-metadata.json in the run folder).'
    """
    software = str(run.get("citation", "innovlib")).strip().rstrip(".")
    commit = str((run.get("git") or {}).get("commit", "unknown"))[:12]
    return (f"{software}, commit {commit}. Finding {name}, run {run.get('run_id')} "
            "(described by ro-crate-metadata.json in the run folder).")


def non_default_notice(values: dict, defaults: dict, subject: str = "This run") -> str:
    """The warning that opens a run (or an explorer panel) with non-default parameters, in Markdown; ``""`` when
    every value is its default. One wording for the executed notebook and ``innovlib.explore``.

    Example
    -------
    >>> non_default_notice({"edition": 2024}, {"edition": 2025})[:60]
    '**Not the default run.** This run changes edition = 2024 (de'
    >>> non_default_notice({"edition": 2025}, {"edition": 2025})
    ''
    """
    changed = [k for k in values if k in defaults and values[k] != defaults[k]]
    if not changed:
        return ""
    shown = ", ".join(f"{_md(k)} = {_md(values[k], 120)} (default {_md(defaults[k], 120)})" for k in changed)
    return (f"**Not the default run.** {subject} changes {shown}. Its verdicts are not in the report; "
            "the findings below say which published claims it does not test.")


def about_cell_source(name: str, run: dict, values: dict, defaults: dict, helps: dict, files: dict,
                      output_folder: str) -> str:
    """Markdown of the "About this run" cell: non-default warning, when and from what, how to cite, parameters,
    and (folded) the checksums of every input read."""
    git = run.get("git") or {}
    if git.get("outside_repository"):
        dirty = " (with inputs outside the repository, which the commit does not pin)"
    else:
        dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    changed = [k for k in values if k in defaults and values[k] != defaults[k]]
    lines = ["## About this run", ""]
    if changed:
        lines += [non_default_notice(values, defaults), ""]
    state = f"{len(changed)} parameter(s) changed from the defaults" if changed else "default parameters"
    started = str(run.get("started_utc", ""))[:16].replace("T", " ")
    lines += [
        f"Run **{_md(run.get('run_id'))}** of commit {code_span(str(git.get('commit', 'unknown'))[:12])}{dirty}, "
        f"{_md(started)} UTC, {state}.",
        "",
        "<details><summary>How to cite and check this run</summary>",
        f"<p>{_md(citation(run, name))}</p>",
        f"<p>To re-execute it and compare its tables and verdicts: <code>innovlib verify "
        f"{_md(output_folder)}</code></p>",
        "</details>",
    ]
    rows = [(key, value, "same" if value == defaults.get(key) else defaults.get(key), helps.get(key, ""))
            for key, value in values.items()]
    lines += ["<details><summary>Parameters</summary>",
              _html_table(("parameter", "value", "default", "meaning"), rows), "</details>"]
    inputs = [(f"{d.get('dataset')} / {d.get('resource')}", str(d.get("sha256"))) for d in run.get("datasets", [])]
    inputs += [(f"file of parameter {k} ({f.get('bytes')} bytes)", str(f.get("sha256"))) for k, f in files.items()]
    inputs += [("notebook", str(run.get("notebook_sha256"))),
               ("innovlib source", str(run.get("innovlib_source_sha256"))),
               ("requirements.lock", str(run.get("lock_sha256")))]
    lines += ["<details><summary>Inputs read, with their sha256</summary>",
              _html_table(("input", "sha256"), inputs), "</details>"]
    return "\n".join(lines) + "\n"


def about_cell_for(task: Task, run: dict) -> str:
    """Markdown of the "About this run" cell of a planned task's run (:func:`about_cell_source` with the
    parameters' help texts and the output folder as a reader names it)."""
    try:
        helps = {p.name: p.help for p in notebook_parameters(task.notebook)}
    except (ParameterError, OSError):
        helps = {}
    folder = task.output_dir.relative_to(task.project_root) if task.output_dir.is_relative_to(task.project_root) \
        else Path(task.output_dir.parent.name) / task.output_dir.name
    return about_cell_source(task.name, run, task.values, task.defaults or task.values, helps, task.files,
                             folder.as_posix())


def verdict_cells(notebook) -> dict[str, int | None]:
    """The execution count (``In [n]``) of the cell showing each verdict, by the anchor of its display.

    Example
    -------
    >>> verdict_cells({"cells": [{"cell_type": "code", "execution_count": 4, "outputs": [
    ...     {"data": {"text/html": '<div id="part-SEI-03a">reproduced</div>'}}]}]})
    {'part-SEI-03a': 4}
    """
    found: dict[str, int | None] = {}
    for cell in notebook["cells"]:
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            page = (output.get("data") or {}).get("text/html", "")
            page = "".join(page) if isinstance(page, list) else str(page)
            for anchor in re.findall(r'\bid="(part-[A-Za-z0-9_.-]+)"', page):
                found.setdefault(anchor, cell.get("execution_count"))
    return found


def verdict_counts(verdicts: list[dict]) -> dict[str, int]:
    """How many of the recorded verdicts say each verdict.

    Example
    -------
    >>> verdict_counts([{"verdict": "reproduced"}, {"verdict": "reproduced"}, {"verdict": "contradicted"}])
    {'reproduced': 2, 'contradicted': 1}
    """
    counts: dict[str, int] = {}
    for verdict in verdicts:
        counts[str(verdict.get("verdict"))] = counts.get(str(verdict.get("verdict")), 0) + 1
    return counts


RUN_SPECIFIC = frozenset({"run_id", "started_utc", "ended_utc", "seconds", "output"})


def strip_run_specific(verdicts):
    """Verdicts without the fields that name one run (so two runs' verdicts can be compared).

    Example
    -------
    >>> strip_run_specific([{"part_id": "A-01", "verdict": "reproduced", "run_id": "x"}])
    [{'part_id': 'A-01', 'verdict': 'reproduced'}]
    """
    if not isinstance(verdicts, list):
        return verdicts
    return [{k: v for k, v in entry.items() if k not in RUN_SPECIFIC} if isinstance(entry, dict) else entry
            for entry in verdicts]


def _read_verdicts(path: Path):  # a regular file of bounded size, never a link
    try:
        return None if os.path.islink(path) else json.loads(read_regular_text(path))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError):
        return None


def compare_verdicts(cited: Path, again: Path) -> tuple[list[str], int]:
    """Differences between two claims.json files (run-specific fields left out), and the number of verdicts."""
    left, right = _read_verdicts(Path(cited) / "claims.json"), _read_verdicts(Path(again) / "claims.json")
    if not isinstance(left, list):
        return ["claims.json of the cited run is missing or damaged"], 0
    if not isinstance(right, list):
        return ["the re-run wrote no readable claims.json"], 0
    left, right = strip_run_specific(left), strip_run_specific(right)
    if json.dumps(left, sort_keys=True) == json.dumps(right, sort_keys=True):
        return [], len(left)

    def by_part(entries):
        return {str(e.get("part_id")) if isinstance(e, dict) else repr(e): e for e in entries}

    a, b = by_part(left), by_part(right)
    problems = []
    for part in sorted(set(a) | set(b)):
        if part not in b:
            problems.append(f"claims.json: {part} has a verdict in the cited run, none in the re-run")
        elif part not in a:
            problems.append(f"claims.json: {part} has a verdict in the re-run, none in the cited run")
        elif a[part] != b[part]:
            keys = sorted(k for k in set(a[part]) | set(b[part]) if a[part].get(k) != b[part].get(k))
            shown = "; ".join(f"{k}: cited {shorten(a[part].get(k), 50)}, re-run {shorten(b[part].get(k), 50)}"
                              for k in keys[:3])
            problems.append(f"claims.json: {part} differs ({shown})")
    if not problems:
        problems.append("claims.json: the verdicts are the same but in another order")
    return problems, len(left)


class NotebookPages(RunHooks):
    """The post-run hook of the notebook pages: the "About this run" and "Findings" cells, claims.json, the
    verdict counts of a run and of a sweep's summary row."""

    def after_notebook(self, finished: FinishedNotebook) -> None:
        import nbformat

        staging, notebook = finished.staging, finished.notebook
        verdicts = read_records(staging, "claims.jsonl")
        not_tested = read_records(staging, "not_tested.jsonl")
        finished.run["not_tested"] = [str(r.get("part_id")) for r in not_tested]
        cells = verdict_cells(notebook)
        for record in verdicts + not_tested:  # the cell that decided it: the one showing the verdict
            record["cell"] = cells.get(str(record.get("anchor")))
        notebook.cells[0:0] = [
            nbformat.v4.new_markdown_cell(about_cell_for(finished.task, finished.run),
                                          metadata={"tags": [ABOUT_TAG]}),
            nbformat.v4.new_markdown_cell(findings_cell_source(verdicts, not_tested),
                                          metadata={"tags": [FINDINGS_TAG]}),
        ]
        for cell, cell_id in zip(notebook.cells, (ABOUT_TAG, FINDINGS_TAG)):
            cell.id = cell_id  # stable ids: the HTML page's #cell-id=innovlib-findings always exists
        (staging / "claims.json").write_text(json.dumps(verdicts, indent=2, ensure_ascii=False, default=str) + "\n",
                                             encoding="utf-8")
        for scratch in ("claims.jsonl", "not_tested.jsonl"):
            (staging / scratch).unlink(missing_ok=True)
        finished.counts.update(verdict_counts(verdicts))

    def required_outputs(self) -> tuple[str, ...]:
        """Every complete run has its claims.json (a list of verdicts, empty when it recorded none)."""
        return ("claims.json",)

    def compare_results(self, cited: Path, again: Path) -> tuple[list[str], dict[str, int]]:
        """The verdicts of the two claims.json files, field by field (:func:`compare_verdicts`)."""
        problems, verdicts = compare_verdicts(cited, again)
        return problems, {"verdict(s)": verdicts}

    def summary_columns(self, folder: Path | None) -> dict:
        """``verdicts_<verdict>``: how many of each verdict the run in ``folder`` recorded (0 without outputs)."""
        counts = {verdict: 0 for verdict in VERDICTS}
        claims = _read_json(folder / "claims.json") if folder is not None else None
        for verdict in claims if isinstance(claims, list) else []:
            if isinstance(verdict, dict):
                counts[str(verdict.get("verdict"))] = counts.get(str(verdict.get("verdict")), 0) + 1
        return {f"verdicts_{verdict}": count for verdict, count in counts.items()}


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError, RecursionError):
        return None
