"""Post-run hooks: what the layers above the runner add to every run, registered by those layers.

The runner executes notebooks, caches, records and swaps; it does not know what a notebook means. What a run adds
beyond that (the "About this run" and "Findings" cells, ``claims.json``, the verdict counts of the closing table
and of a sweep's summary) comes from hooks, as kedro's hooks or papermill's engines: an object with the methods of
:class:`RunHooks`, registered with :func:`register`. The runner calls every registered hook, in the order they
were registered, and never imports the layers that own them.

**Who registers what.** :data:`innovlib.settings.HOOKS` names the hooks as ``"module:Class"`` (today the notebook
pages, :class:`innovlib.frontmatter.NotebookPages`); the first call of :func:`registered` imports and registers them
by name, in whichever process runs a notebook (the main process, its forked workers, a Dask worker's subprocess),
so every run has the same hooks and the runner imports nothing above it. A hook's identity (its class's
qualified name) is part of each run's record, so a run made without a hook is never served from the cache to a
run that has it.

The hook specifications:

* :meth:`RunHooks.after_notebook`: the notebook has run and its run record is written down but not yet saved;
  a hook may add cells to ``finished.notebook``, keys to ``finished.run``, files to ``finished.staging`` and
  counts to ``finished.counts`` (shown as the run's "verdicts" in its closing table);
* :meth:`RunHooks.summary_columns`: columns a hook adds to a run's row in a sweep summary;
* :meth:`RunHooks.compare_results`: what ``innovlib verify`` compares between a cited run and its re-run;
* :meth:`RunHooks.required_outputs`: files without which an output folder is not a complete run (the cache and
  the report check them).

Example
-------
>>> class Counter(RunHooks):
...     def after_notebook(self, finished):
...         finished.counts["cells"] = len(finished.notebook["cells"])
>>> finished = FinishedNotebook(task=None, run={}, notebook={"cells": [1, 2]}, staging=Path("."))
>>> with registered_only([Counter()]):
...     after_notebook(finished)
>>> finished.counts
{'cells': 2}
"""

from __future__ import annotations

import importlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from innovlib.runner.tasks import Task
from innovlib.settings import HOOKS  # names of the hooks, imported by name: no layer above the runner


@dataclass
class FinishedNotebook:
    """What a post-run hook receives: a notebook that ran, before its outputs are saved and swapped in.

    ``task`` is the planned task, ``run`` the run record (``run.json`` less the output checksums, added after the
    hooks), ``notebook`` the executed notebook (an ``nbformat`` node, written after the hooks), ``staging`` the
    folder being filled, and ``counts`` what the closing table shows for this run.

    Example
    -------
    >>> class CountCells(RunHooks):
    ...     def after_notebook(self, finished):
    ...         finished.counts["cells"] = len(finished.notebook["cells"])
    >>> finished = FinishedNotebook(None, {"run_id": "r1"}, {"cells": [1, 2, 3]}, Path("staging"))
    >>> CountCells().after_notebook(finished)
    >>> finished.counts
    {'cells': 3}
    """

    task: Task | None
    run: dict
    notebook: Any
    staging: Path
    counts: dict = field(default_factory=dict)


class RunHooks:
    """The hook specifications; a hook overrides those it needs (each does nothing here)."""

    def after_notebook(self, finished: FinishedNotebook) -> None:
        """Add to a notebook that ran successfully (cells, run record keys, files, counts)."""

    def summary_columns(self, folder: Path | None) -> dict:
        """Columns of a sweep summary row for the run in ``folder`` (``None`` when the run left no outputs)."""
        return {}

    def required_outputs(self) -> tuple[str, ...]:
        """Files (relative paths) every complete run's output folder holds because of this hook."""
        return ()

    def compare_results(self, cited: Path, again: Path) -> tuple[list[str], dict[str, int]]:
        """The differences between what this hook wrote for a cited run and for its re-run, and how many things
        were compared, by what they are (``{"verdict(s)": 3}``)."""
        return [], {}


_REGISTERED: list[RunHooks] = []
_SETTINGS_LOADED = False  # innovlib.settings.HOOKS registered in this process


def hook_name(hooks: RunHooks) -> str:
    """A hook's identity: the qualified name of its class (recorded in run.json and in the cache key).

    Example
    -------
    >>> hook_name(RunHooks())
    'innovlib.runner.hooks.RunHooks'
    """
    return f"{type(hooks).__module__}.{type(hooks).__qualname__}"


def register(hooks: RunHooks) -> RunHooks:
    """Register a hook object (once: a second object of the same class is ignored); returns it.

    Example
    -------
    >>> with registered_only([]):
    ...     first = register(RunHooks())
    ...     _ = register(RunHooks())
    ...     registered() == (first,)
    True
    """
    if not any(hook_name(hooks) == hook_name(other) for other in _REGISTERED):
        _REGISTERED.append(hooks)
    return hooks


def _load_settings() -> None:
    """Import and register, once per process, the hooks :data:`innovlib.settings.HOOKS` names."""
    global _SETTINGS_LOADED
    if _SETTINGS_LOADED:
        return
    _SETTINGS_LOADED = True
    for spec in HOOKS:
        module, _, name = spec.partition(":")
        register(getattr(importlib.import_module(module), name)())


def registered() -> tuple[RunHooks, ...]:
    """The registered hooks (the settings' ones imported on the first call), in the order the runner calls them.

    Example
    -------
    >>> [hook_name(h) for h in registered()]
    ['innovlib.frontmatter.NotebookPages']
    """
    _load_settings()
    return tuple(_REGISTERED)


@contextmanager
def registered_only(hooks: list[RunHooks]) -> Iterator[None]:
    """Within the block, exactly ``hooks`` are registered (for tests and examples); the previous ones after it."""
    _load_settings()
    saved = list(_REGISTERED)
    _REGISTERED[:] = list(hooks)
    try:
        yield
    finally:
        _REGISTERED[:] = saved


def after_notebook(finished: FinishedNotebook) -> None:
    """Call :meth:`RunHooks.after_notebook` of every registered hook, in order."""
    for hooks in registered():
        hooks.after_notebook(finished)


def summary_columns(folder: Path | None) -> dict:
    """The columns every registered hook adds to a sweep summary row, in order.

    Example
    -------
    >>> with registered_only([]):
    ...     summary_columns(None)
    {}
    """
    columns: dict = {}
    for hooks in registered():
        columns.update(hooks.summary_columns(folder))
    return columns


def required_outputs() -> set[str]:
    """The files every registered hook says a complete run's output folder holds.

    Example
    -------
    >>> with registered_only([RunHooks()]):
    ...     required_outputs()
    set()
    """
    return {relative for hooks in registered() for relative in hooks.required_outputs()}


def compare_results(cited: Path, again: Path) -> tuple[list[str], dict[str, int]]:
    """Every registered hook's differences between a cited run's folder and its re-run's, and what was compared.

    Example
    -------
    >>> with registered_only([RunHooks()]):
    ...     compare_results(Path("cited"), Path("again"))
    ([], {})
    """
    problems: list[str] = []
    compared: dict[str, int] = {}
    for hooks in registered():
        found, counted = hooks.compare_results(cited, again)
        problems += found
        compared.update(counted)
    return problems, compared
