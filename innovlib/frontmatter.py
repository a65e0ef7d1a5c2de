"""The cells the runner adds to every executed notebook, "Findings" and "About this run", and claims.json.

:class:`NotebookPages` is the runner's post-run hook (:mod:`innovlib.runner.hooks`) that adds them: it reads the
verdicts the notebook recorded (``claims.jsonl``, ``not_tested.jsonl``), links each to the cell that showed it,
places the two cells, writes ``claims.json`` and gives the run's verdict counts. ``innovlib/__init__.py``
registers it.

The answer comes first. A reader of an executed notebook (or of its HTML page, or of its page on the site) sees the
notebook's title and question (:func:`split_heading`), then the findings: for each claim part its statement, its
label and reason, why in one sentence (the full explanation folded) and a link to the cell that decided it. "About
this run" follows, folded: how to cite the run and its page, how to check it, its parameters and the sha256 of every
input; only a run with other parameters than the defaults says so unfolded. Then the notebook's own analysis.
Everything here is built from what the run recorded (run.json, ``claims.jsonl``, ``not_tested.jsonl``), and every
value from data, parameters or a user's file goes through the escaping function of the context it lands in
(:mod:`innovlib.escaping`: Markdown text, also inside the cells' HTML; a link target).

Example
-------
>>> print(findings_cell_source([{"part_id": "SEI-03a", "verdict": "reproduced", "cell": 3,
...                              "explanation": "Recomputed from levels. Within 0.05 points."}], []))
## Findings
<BLANKLINE>
<div class="innovlib-finding" style="border-left:4px solid #116329;padding:0 0 0 10px;margin:0 0 14px 0">
<p style="margin:0"><b>SEI-03a</b></p>
<p style="margin:2px 0"><b style="color:#116329">reproduced</b> · <a href="#part-SEI-03a">decided in cell 3</a></p>
<p style="margin:2px 0">Recomputed from levels.</p>
<details><summary>The full explanation</summary><p>Recomputed from levels. Within 0.05 points.</p></details>
</div>
<BLANKLINE>
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from pathlib import Path
from typing import Any

from innovlib.checksums import read_regular_text
from innovlib.claims import VERDICTS
from innovlib.claims.rendering import finding_record, findings_cards, not_tested_markdown, part_anchor
from innovlib.errors import shorten
from innovlib.escaping import code_span, link_target, markdown_text
from innovlib.imports import import_jsonschema
from innovlib.outputs import read_records
from innovlib.parameters import ParameterError, notebook_parameters
from innovlib.runner.hooks import FinishedNotebook, RunHooks
from innovlib.runner.tasks import Task
from innovlib.text import format_value

ABOUT_TAG = "innovlib-about"
FINDINGS_TAG = "innovlib-findings"
QUESTION_TAG = "innovlib-question"
# Where the address of the project's published site is configured; there is none by default, and none is guessed.
SITE_URL_SETTING = "site_url"


def _md(value: Any, limit: int = 2000) -> str:
    return markdown_text(value, limit)


def findings_cell_source(verdicts: list[dict], not_tested: list[dict]) -> str:
    """Markdown of the "Findings" cell: one card per recorded verdict (:func:`innovlib.claims.rendering.findings_cards`),
    then the parts this run did not test."""
    records = [finding_record(record) for record in verdicts]
    lines = ["## Findings", "", findings_cards(records) if records else "This run recorded no verdict."]
    if not_tested:
        lines += ["", not_tested_markdown(not_tested)]
    return "\n".join(lines) + "\n"


def _html_list(items: list[str]) -> str:
    """An HTML list of items already escaped (a list, not a table: it wraps at any width)."""
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def configured_site_url(project_root: Path | None) -> str:
    """The address of the project's published site, ``site_url`` of ``[tool.innovlib]`` in the project's
    pyproject.toml; ``""`` when it is not set (the project has no public address by default, and none is guessed).

    Raises ``ValueError`` naming the file and the setting when the value is not an http(s) URL.

    Example
    -------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> configured_site_url(root)
    ''
    >>> _ = (root / "pyproject.toml").write_text('[tool.innovlib]\\nsite_url = "https://example.org/audit/"\\n')
    >>> configured_site_url(root)
    'https://example.org/audit'
    """
    if project_root is None:
        return ""
    path = Path(project_root) / "pyproject.toml"
    try:
        settings = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("innovlib", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return ""
    value = settings.get(SITE_URL_SETTING, "") if isinstance(settings, dict) else ""
    if value in ("", None):
        return ""
    if not isinstance(value, str) or not re.match(r"^https?://[^\s/]+", value) or link_target(value) != value:
        raise ValueError(f"{path}: [tool.innovlib] {SITE_URL_SETTING} must be an http(s) URL without spaces or "
                         f"quotes, not {value!r}")
    return value.rstrip("/")


def page_url(site_url: str, name: str, part_id: str | None = None) -> str:
    """The address of a notebook's page on the site (``<site_url>/<name>/<name>.html``), at a claim part's verdict
    when ``part_id`` is given; ``""`` without a site URL.

    Example
    -------
    >>> page_url("https://example.org/audit", "unicorns", "UNI-01a")
    'https://example.org/audit/unicorns/unicorns.html#part-UNI-01a'
    >>> page_url("", "unicorns")
    ''
    """
    if not site_url:
        return ""
    return f"{site_url}/{name}/{name}.html" + (f"#{part_anchor(part_id)}" if part_id else "")


def page_citation_html(site_url: str, name: str) -> str:
    """The paragraph of "How to cite" that gives the address of the run's page, or says plainly that there is none.

    Example
    -------
    >>> page_citation_html("", "unicorns")[:60]
    '<p>No site URL is configured (<code>site_url</code> of <code'
    """
    if not site_url:
        return ("<p>No site URL is configured (<code>site_url</code> of <code>[tool.innovlib]</code> in "
                "pyproject.toml is not set), so this page has no public address to cite: cite the run id and "
                "commit above.</p>")
    pattern = page_url(site_url, name, "ID")
    return (f"<p>This page on the project's site: <code>{_md(page_url(site_url, name))}</code>; a claim part's "
            f"verdict: <code>{_md(pattern)}</code> (ID: the part, e.g. GII-06a).</p>")


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


def non_default_notice(values: dict, defaults: dict, subject: str = "This run", findings: str = "below") -> str:
    """The warning that opens a run (or an explorer panel) with non-default parameters, in Markdown; ``""`` when
    every value is its default. One wording for the executed notebook and ``innovlib.explore``; ``findings`` says
    where the page shows its findings ("above" on a notebook page, whose findings come first).

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
            f"the findings {findings} say which published claims it does not test.")


def about_cell_source(name: str, run: dict, values: dict, defaults: dict, helps: dict, files: dict,
                      output_folder: str, site_url: str = "") -> str:
    """Markdown of the "About this run" cell: the non-default warning (unfolded), then folded under the run's one-line
    identity: how to cite it (and its page on the site, ``site_url``), how to check it, the parameters, and the
    checksums of every input read."""
    git = run.get("git") or {}
    if git.get("outside_repository"):
        dirty = " (with inputs outside the repository, which the commit does not pin)"
    else:
        dirty = " (with uncommitted changes)" if git.get("dirty") else ""
    changed = [k for k in values if k in defaults and values[k] != defaults[k]]
    lines = ["## About this run", ""]
    if changed:
        lines += [non_default_notice(values, defaults, findings="above"), ""]
    state = f"{len(changed)} parameter(s) changed from the defaults" if changed else "default parameters"
    started = str(run.get("started_utc", ""))[:16].replace("T", " ")
    parameters = [f"<code>{_md(key)}</code> = {_md(format_value(value))}"
                  + (" (the default)" if value == defaults.get(key) else f" (default {_md(format_value(defaults.get(key)))})")
                  + (f": {_md(helps[key])}" if helps.get(key) else "") for key, value in values.items()]
    inputs = [(f"{d.get('dataset')} / {d.get('resource')}", str(d.get("sha256"))) for d in run.get("datasets", [])]
    inputs += [(f"file of parameter {k} ({f.get('bytes')} bytes)", str(f.get("sha256"))) for k, f in files.items()]
    inputs += [("notebook", str(run.get("notebook_sha256"))),
               ("innovlib source", str(run.get("innovlib_source_sha256"))),
               ("requirements.lock", str(run.get("lock_sha256")))]
    lines += [
        f"<details><summary>Run <b>{_md(run.get('run_id'))}</b> of commit "
        f"<code>{_md(str(git.get('commit', 'unknown'))[:12])}</code>{dirty}, {_md(started)} UTC, {state}: how to cite "
        "and check it, its parameters and inputs</summary>",
        f"<p><b>How to cite this run.</b> {_md(citation(run, name))}</p>",
        page_citation_html(site_url, name),
        f"<p><b>How to check it.</b> To re-execute it and compare its tables and verdicts: <code>innovlib verify "
        f"{_md(output_folder)}</code></p>",
        "<p><b>Parameters</b></p>", _html_list(parameters),
        "<p><b>Inputs read, with their sha256</b></p>",
        _html_list([f"{_md(label)}: <code style=\"word-break:break-all\">{_md(digest)}</code>"
                    for label, digest in inputs]),
        "</details>",
    ]
    return "\n".join(lines) + "\n"


def about_cell_for(task: Task, run: dict) -> str:
    """Markdown of the "About this run" cell of a planned task's run (:func:`about_cell_source` with the
    parameters' help texts, the output folder as a reader names it and the project's site URL)."""
    try:
        helps = {p.name: p.help for p in notebook_parameters(task.notebook)}
    except (ParameterError, OSError):
        helps = {}
    folder = task.output_dir.relative_to(task.project_root) if task.output_dir.is_relative_to(task.project_root) \
        else Path(task.output_dir.parent.name) / task.output_dir.name
    return about_cell_source(task.name, run, task.values, task.defaults or task.values, helps, task.files,
                             folder.as_posix(), configured_site_url(getattr(task, "project_root", None)))


def split_heading(source: str) -> tuple[str, str]:
    """A notebook's opening Markdown split in two: its title paragraph (``# ...``) and, when the next paragraph is
    the question (``**Question.**``), that too; then the rest (the claims checked, the data), which follows the
    findings. ``("", source)`` when it does not open with a title.

    Example
    -------
    >>> split_heading("# Unicorns\\n\\n**Question.** How many?\\n\\n**Data.** Counts.")
    ('# Unicorns\\n\\n**Question.** How many?', '**Data.** Counts.')
    >>> split_heading("Some text")
    ('', 'Some text')
    """
    paragraphs = re.split(r"\n[ \t]*\n", source.strip("\n"))
    if not paragraphs[0].startswith("# "):
        return "", source
    keep = 2 if len(paragraphs) > 1 and paragraphs[1].lstrip().startswith("**Question.**") else 1
    return "\n\n".join(paragraphs[:keep]), "\n\n".join(paragraphs[keep:])


def answer_first(cells: list, findings, about) -> list:
    """The notebook's cells with the answer first: its title and question (:func:`split_heading` of the first cell,
    when it is Markdown), the findings, "About this run", the rest of the opening cell, then every other cell.
    The opening cell keeps its id; the rest of it gets the id ``<id>-rest``.

    Example
    -------
    >>> import nbformat
    >>> cells = [nbformat.v4.new_markdown_cell("# T\\n\\n**Question.** Q?\\n\\nData."), nbformat.v4.new_code_cell("1")]
    >>> [c.source for c in answer_first(cells, nbformat.v4.new_markdown_cell("F"), nbformat.v4.new_markdown_cell("A"))]
    ['# T\\n\\n**Question.** Q?', 'F', 'A', 'Data.', '1']
    """
    import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
    import nbformat

    first = cells[0] if cells else None
    head, rest = split_heading(first.source) if first is not None and first.cell_type == "markdown" else ("", "")
    if not head:
        return [findings, about, *cells]
    opening = nbformat.from_dict({**first, "source": head})
    opening.metadata.setdefault("tags", [])
    opening.metadata["tags"] = [*opening.metadata["tags"], QUESTION_TAG]
    after = [nbformat.v4.new_markdown_cell(rest, id=f"{str(first.get('id') or 'opening')[:58]}-rest")] if rest else []
    return [opening, findings, about, *after, *cells[1:]]


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
        import_jsonschema()  # before what loads jsonschema: innovlib.imports says why
        import nbformat

        staging, notebook = finished.staging, finished.notebook
        verdicts = read_records(staging, "claims.jsonl")
        not_tested = read_records(staging, "not_tested.jsonl")
        finished.run["not_tested"] = [str(r.get("part_id")) for r in not_tested]
        cells = verdict_cells(notebook)
        for record in verdicts + not_tested:  # the cell that decided it: the one showing the verdict
            record["cell"] = cells.get(str(record.get("anchor")))
        findings = nbformat.v4.new_markdown_cell(findings_cell_source(verdicts, not_tested),
                                                 metadata={"tags": [FINDINGS_TAG]})
        about = nbformat.v4.new_markdown_cell(about_cell_for(finished.task, finished.run),
                                              metadata={"tags": [ABOUT_TAG]})
        findings.id, about.id = FINDINGS_TAG, ABOUT_TAG  # stable ids: #cell-id=innovlib-findings always exists
        notebook.cells = answer_first(notebook.cells, findings, about)
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
