"""Verdicts, one module per notebook: where each claim part is decided.

A notebook loads its tables (:mod:`innovlib.data`), computes with the domain modules (:mod:`innovlib.clusters`,
:mod:`innovlib.growth`, :mod:`innovlib.unicorns`, :mod:`innovlib.composite`, ...), draws with :mod:`innovlib.plots`
and then calls this package once per claim: ``findings.<notebook>.<claim>(audit, ...)`` records the verdict of each
part of that claim through :class:`innovlib.claims.Audit`, with an explanation built from the computed values.
The module of a notebook carries the notebook's name, and each function the claim's id (``pat_01`` decides
PAT-01a, PAT-01b, ...), so a reader goes from a row of the findings table to the code that decided it in one step.
"""

from __future__ import annotations

import importlib


def __getattr__(name: str):
    """``findings.<notebook>`` imports that notebook's module on first use, so a notebook imports the package once.

    Example
    -------
    >>> from innovlib import findings
    >>> findings.city_industrial_innovation.ABOUT
    {'edition': 2025}
    """
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{name}":
            raise  # a module that exists but fails to import names its own missing dependency
        raise AttributeError(f"module {__name__!r} has no notebook module {name!r}") from None
