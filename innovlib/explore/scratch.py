"""What-if findings that are never recorded: an explorer computes verdicts for values a reader picks, shows them,
and writes nothing (no ``claims.jsonl``, no table, no file under ``outputs/``).

:class:`innovlib.claims.Audit` hands its verdicts to the runner only through :mod:`innovlib.outputs`, which writes
only while ``$INNOVLIB_RUN_DIR`` names a run's staging folder; :func:`scratch` unsets it for the duration of a
view and swallows whatever the checks would display, so the audit stays in memory: its ``recorded`` and
``not_tested`` lists are the findings table (:func:`findings_table`).

Example
-------
>>> from innovlib import claims
>>> with scratch():
...     audit = claims.Audit(edition=2024)
...     audit.record("GII-02a", "not_checkable", about={"edition": 2025}, computed=3, explanation="x")
>>> findings_table(audit)[["part", "verdict"]].values.tolist()
[['GII-02a', 'not tested by these values']]
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator

import pandas as pd

from innovlib import claims
from innovlib.outputs import RUN_DIR_ENV
from innovlib.text import format_value

FINDINGS_COLUMNS = ["part", "verdict", "reason", "published", "found", "why"]
NOT_TESTED = "not tested by these values"


@contextlib.contextmanager
def scratch() -> Iterator[None]:
    """Run library calls so that nothing they record reaches a run: no run folder, nothing displayed or printed.

    Example
    -------
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {RUN_DIR_ENV: "/nonexistent/run"}):  # restored even if a line fails
    ...     with scratch():
    ...         inside = os.environ.get(RUN_DIR_ENV)
    ...         print("swallowed")
    ...     after = os.environ.get(RUN_DIR_ENV)
    >>> inside is None, after
    (True, '/nonexistent/run')
    """
    saved = os.environ.pop(RUN_DIR_ENV, None)
    try:
        with contextlib.ExitStack() as stack:
            stack.enter_context(contextlib.redirect_stdout(io.StringIO()))
            stack.enter_context(_captured_displays())
            yield
    finally:
        if saved is not None:
            os.environ[RUN_DIR_ENV] = saved


@contextlib.contextmanager
def _captured_displays() -> Iterator[None]:
    """Inside a kernel, keep the checks' own displays (verdict tables) out of the panel's cell."""
    try:
        from IPython import get_ipython
        from IPython.utils.capture import capture_output
    except ImportError:  # plain Python without IPython: the checks display nothing
        yield
        return
    if get_ipython() is None:
        yield
        return
    with capture_output(stdout=False, stderr=False, display=True):
        yield


def findings_table(audit: claims.Audit) -> pd.DataFrame:
    """One row per claim part the view checked: its verdict, reason, published and found values and why, then the
    parts these values do not test (the claim is about other values), with what was found.

    Example
    -------
    >>> findings_table(claims.Audit(edition=2025)).columns.tolist()
    ['part', 'verdict', 'reason', 'published', 'found', 'why']
    """
    rows = [{"part": v.part_id, "verdict": claims.verdict_label(v.verdict), "reason": claims.reason_label(v.reason),
             "published": format_value(v.published), "found": format_value(v.computed), "why": v.explanation}
            for v in audit.recorded]
    rows += [{"part": s.part_id, "verdict": NOT_TESTED, "reason": "",
              "published": "", "found": format_value(s.computed),
              "why": "the published claim is about " + ", ".join(f"{k} = {format_value(v)}" for k, v in s.about.items())}
             for s in audit.not_tested]
    return pd.DataFrame(rows, columns=FINDINGS_COLUMNS)
