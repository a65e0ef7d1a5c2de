"""The computations behind each notebook, one module per notebook, named like the notebook and its findings module.

A notebook ``X`` computes its tables with ``analyses.X`` (pure functions: tables in, a table or a text out), then
records its verdicts with ``findings.X`` (:mod:`innovlib.findings`): the analysis behind a finding is found by its
name, as PUDL keeps the same stem in each stage. What several notebooks share stays in the generic libraries:
:mod:`innovlib.growth` (growth arithmetic with a price basis), :mod:`innovlib.clusters` (GII-style scoring
primitives), :mod:`innovlib.rankings` and :mod:`innovlib.composite` (the composite-indicator engine).
"""

from __future__ import annotations

import importlib


def import_notebook_module(package: str, name: str):
    """The module ``<package>.<name>``, imported on first use; an AttributeError when no notebook module has the name.

    ``analyses`` and ``findings`` both look their notebook modules up this way, so a notebook imports each package
    once and names the module at the call (``analyses.sei_growth.window_table(...)``).

    Example
    -------
    >>> import_notebook_module("innovlib.analyses", "unicorns").__name__
    'innovlib.analyses.unicorns'
    >>> import_notebook_module("innovlib.analyses", "no_such_notebook")
    Traceback (most recent call last):
    ...
    AttributeError: module 'innovlib.analyses' has no notebook module 'no_such_notebook'
    """
    try:
        return importlib.import_module(f"{package}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"{package}.{name}":
            raise  # a module that exists but fails to import names its own missing dependency
        raise AttributeError(f"module {package!r} has no notebook module {name!r}") from None


def __getattr__(name: str):
    """``analyses.<notebook>`` imports that notebook's module on first use (:func:`import_notebook_module`).

    Example
    -------
    >>> from innovlib import analyses
    >>> analyses.city_industrial_innovation.TOP_N
    10
    """
    return import_notebook_module(__name__, name)
