"""What a notebook's explorer view returns, and the helpers every view shares: loading a dataset once per
session, drawing a figure into PNG bytes, and turning a finished in-memory audit into the view.

A *view* is a function ``view(values) -> View`` from a notebook's parameter values to its key figure, key table
and findings, built from the same :mod:`innovlib.analyses` and :mod:`innovlib.findings` calls the notebook makes
(never a copy of them), so that moving a control recomputes in a second or two instead of executing the notebook.

Example
-------
>>> import matplotlib.pyplot as plt
>>> png = figure_png(lambda: plt.plot([1, 2], [3, 4]))
>>> png[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
True
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd

from innovlib import claims
from innovlib.data import load
from innovlib.explore.scratch import findings_table
from innovlib.paths import data_dir

FIGURE_DPI = 80  # small PNGs: the panel redraws them on every change


@dataclass(frozen=True)
class View:
    """A notebook's key results for one set of parameter values.

    ``table`` is the key table (``table_title`` its caption), ``figure`` the key figure as PNG bytes (``None``
    when the values leave nothing to draw), ``findings`` one row per claim part (:func:`findings_table`),
    ``not_tested`` the parts these values do not test (records as ``not_tested.jsonl`` holds them) and ``notes``
    short Markdown sentences (already escaped) shown under the figure.

    Example
    -------
    >>> v = View(pd.DataFrame({"x": [1]}), "one row", None, pd.DataFrame())
    >>> v.table_title, v.notes
    ('one row', ())
    """

    table: pd.DataFrame
    table_title: str
    figure: bytes | None
    findings: pd.DataFrame
    not_tested: list = field(default_factory=list)
    notes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)  # view-specific results (the what-if ranking and its solver)
    verdicts: dict = field(default_factory=dict)  # verdict code by part, as claims.json would hold them


@functools.lru_cache(maxsize=64)
def _load(name: str, resource: str | None, folder: str) -> pd.DataFrame:
    return load(name, resource=resource, root=Path(folder))


def load_once(name: str, resource: str | None = None) -> pd.DataFrame:
    """A dataset resource, validated and loaded once per session and data folder (a copy: views never change the
    cached table).

    Example
    -------
    >>> bool(load_once("gii_clusters", "size_ranking")["edition"].min() >= 2013)
    True
    """
    return _load(name, resource, str(data_dir())).copy()


def figure_png(draw: Callable[[], object]) -> bytes:
    """Call a drawing function of :mod:`innovlib.plots` and return the figure it drew as PNG bytes; the figure is
    closed, so a kernel's inline backend never shows it twice.

    Example
    -------
    >>> figure_png(lambda: None)[:4]
    b'\\x89PNG'
    """
    before = set(plt.get_fignums())
    with matplotlib.rc_context({"figure.dpi": FIGURE_DPI}):
        draw()
        new = [n for n in plt.get_fignums() if n not in before]
        figure = plt.figure(new[-1]) if new else plt.gcf()
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=FIGURE_DPI, bbox_inches="tight")
    for number in new or [figure.number]:
        plt.close(number)
    return buffer.getvalue()


def audit_view(audit: claims.Audit, table: pd.DataFrame, table_title: str, figure: bytes | None,
               notes: tuple[str, ...] = (), **extra) -> View:
    """The :class:`View` of a finished in-memory audit: its findings table and the parts it did not test.

    Example
    -------
    >>> audit_view(claims.Audit(edition=2025), pd.DataFrame(), "nothing", None).findings.empty
    True
    """
    skipped = [{"part_id": s.part_id, "about": s.about, "parameters": {k: s.parameters.get(k) for k in s.about}}
               for s in audit.not_tested]
    return View(table, table_title, figure, findings_table(audit), skipped, tuple(notes), dict(extra),
                {v.part_id: v.verdict for v in audit.recorded})
