"""What a run prints: one line per finished notebook, and the table that closes the run.

Example
-------
>>> progress_line(Result("demo", "ok", 2.0, Path("outputs/demo")), 1, 3)
'[1/3] finished demo (2.0 s)'
"""

from __future__ import annotations

from pathlib import Path

from innovlib import paths
from innovlib.escaping import terminal_text
from innovlib.runner.tasks import Result


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
    """A plain-text table closing a run: notebook, status, seconds, verdict counts, output folder; every cell
    printable in a terminal (:func:`innovlib.escaping.terminal_text`).

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
        verdicts = ", ".join(f"{k} {v}" for k, v in sorted(r.verdicts.items())) or "-"
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
