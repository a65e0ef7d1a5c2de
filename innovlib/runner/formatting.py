"""What a run prints: one line per finished notebook, and the table that closes the run.

The table's "verdicts" are the counts the post-run hooks gave a run (the notebook pages: how many verdicts say
each verdict). A notebook served from the cache ran no hook this time: its counts are read back from its output
folder, through the hooks' sweep-summary columns (:func:`innovlib.runner.hooks.summary_columns`, named
``verdicts_<verdict>``), once the folder has passed the cache's own check (:func:`innovlib.runner.cache.intact_run`:
run.json unedited, every output still has its sha256, no file added); a folder that fails it shows ``-``.

Example
-------
>>> progress_line(Result("demo", "ok", 2.0, Path("outputs/demo")), 1, 3)
'[1/3] finished demo (2.0 s)'
"""

from __future__ import annotations

from pathlib import Path

from innovlib import paths
from innovlib.escaping import terminal_text
import innovlib.runner.hooks as hooks
from innovlib.runner.cache import intact_run
from innovlib.runner.tasks import Result

COUNT_COLUMN_PREFIX = "verdicts_"  # the hooks' summary columns that are counts (the pages: one per verdict)


def counts_from_columns(columns: dict) -> dict[str, int]:
    """The counts among a sweep row's hook columns: ``verdicts_<what>`` holding a positive whole number.

    Example
    -------
    >>> counts_from_columns({"verdicts_reproduced": 2, "verdicts_contradicted": 0, "x": 3, "verdicts_bad": "1"})
    {'reproduced': 2}
    """
    return {str(key)[len(COUNT_COLUMN_PREFIX):]: value for key, value in columns.items()
            if str(key).startswith(COUNT_COLUMN_PREFIX) and type(value) is int and value > 0}


def counts_text(counts: dict) -> str:
    """Verdict counts as the closing table and a sweep's summary show them: sorted by name, ``-`` for none.

    Example
    -------
    >>> counts_text({"reproduced": 3, "contradicted": 1}), counts_text({})
    ('contradicted 1, reproduced 3', '-')
    """
    return ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "-"


def folder_counts(folder: Path, name: str) -> dict[str, int]:
    """The counts of the good run of notebook ``name`` in ``folder``, read back through the hooks, or ``{}`` when
    the folder does not hold an intact run (checked as the cache checks it, :func:`intact_run`).

    Example
    -------
    >>> folder_counts(Path("/nonexistent"), "demo")
    {}
    """
    run, _ = intact_run(folder, name)
    return counts_from_columns(hooks.summary_columns(Path(folder))) if run is not None else {}


def result_counts(result: Result) -> dict[str, int]:
    """The counts to show for ``result``: those its hooks gave when it ran; for a cached run, those of its folder
    (:func:`folder_counts`).

    Example
    -------
    >>> result_counts(Result("demo", "ok", 1.0, Path("/x"), verdicts={"reproduced": 2}))
    {'reproduced': 2}
    """
    if result.status == "cached" and not result.verdicts:
        return folder_counts(result.output_dir, result.name)
    return dict(result.verdicts)


def progress_line(result: Result, done: int, total: int) -> str:
    """The line printed when a notebook finishes: how many are done, its status, name, seconds and any error.

    Example
    -------
    >>> progress_line(Result("demo", "failed", 1.25, Path("outputs/demo"), error="boom"), 2, 5)
    '[2/5] FAILED   demo (1.2 s) - boom'
    """
    mark = {"ok": "finished", "failed": "FAILED  "}.get(result.status, result.status)
    detail = f" - {terminal_text(result.error)}" if result.error else ""
    return f"[{done}/{total}] {mark} {terminal_text(result.name)} ({result.seconds:.1f} s){detail}"


def summary_table(results: list[Result], project_root: Path | None = None) -> str:
    """A plain-text table closing a run: notebook, status, seconds, verdict counts (:func:`result_counts`: a cached
    run's too), output folder; every cell printable in a terminal (:func:`innovlib.escaping.terminal_text`).

    Example
    -------
    >>> print(summary_table([Result("evil\\u202e\\nname", "ok", 1.0, Path("/x/out"))], Path("/x")))
    notebook          status  seconds  verdicts  output
    ----------------  ------  -------  --------  ------
    evil\\u202e\\nname  ok      1.0      -         out
    """
    project_root = Path(project_root or paths.project_root())
    rows = [("notebook", "status", "seconds", "verdicts", "output")]
    for r in results:
        verdicts = counts_text(result_counts(r))
        where = r.failed_notebook or r.output_dir
        try:
            where = Path(where).relative_to(project_root)
        except ValueError:
            pass
        # a name, a verdict or a folder with a line break, an escape sequence or a right-to-left override is
        # shown escaped: it can neither break the table's lines nor drive the terminal
        rows.append(tuple(terminal_text(cell) for cell in (r.name, r.status, f"{r.seconds:.1f}", verdicts, str(where))))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
