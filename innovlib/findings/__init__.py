"""Verdicts, one module per notebook: where each claim part is decided.

A notebook loads its tables (:mod:`innovlib.data`), computes with its own analysis module
(``analyses.<notebook>``, :mod:`innovlib.analyses`) and the generic libraries (:mod:`innovlib.growth`,
:mod:`innovlib.clusters`, :mod:`innovlib.composite`, ...), draws with :mod:`innovlib.plots` and then calls this
package once per claim: ``findings.<notebook>.<claim>(audit, ...)`` records the verdict of each part of that claim
through :class:`innovlib.claims.Audit`, with an explanation built from the computed values. The module of a
notebook carries the notebook's name, and each function the claim's id (``pat_01`` decides PAT-01a, PAT-01b, ...),
so a reader goes from a row of the findings table to the code that decided it in one step.
"""

from __future__ import annotations

from innovlib.analyses import import_notebook_module


def __getattr__(name: str):
    """``findings.<notebook>`` imports that notebook's module on first use, so a notebook imports the package once
    (:func:`innovlib.analyses.import_notebook_module`).

    Example
    -------
    >>> from innovlib import findings
    >>> findings.city_industrial_innovation.ABOUT
    {'edition': 2025}
    """
    return import_notebook_module(__name__, name)
