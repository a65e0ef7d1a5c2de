"""Explore a notebook in JupyterLab: move a control, see the ranking, the figure and the verdicts change.

A notebook's "Explore" cell calls :func:`panel` with its name. The panel's controls come from the notebook's
declared parameters (:mod:`innovlib.parameters`); a change recomputes the notebook's key figure, table and findings
through its view (:mod:`innovlib.explore.views`, the same analyses and findings calls the notebook makes), in a
second or two instead of a full run, and records nothing (:mod:`innovlib.explore.scratch`). A panel with
non-default values says that they do not test the published claims, and "save this as a run" runs
``innovlib run NAME -p ...`` with them. The composite notebooks add a weights / normalisation / aggregation
what-if and an exact "what would it take" solver (:mod:`innovlib.explore.whatif`). ``make explore`` serves every
panel as one page without code (Voilà, :func:`page`).

Example
-------
>>> from innovlib.explore import Explorer
>>> e = Explorer("patent_conversion")
>>> e.controls["groups"].value = ("universities",)
>>> e.view.table.columns.tolist()
['universities']
"""

from innovlib.explore.base import View
from innovlib.explore.panel import Explorer, interactive, page, panel
from innovlib.explore.views import VIEWS, compute_view
from innovlib.explore.whatif import WhatIf, what_if

__all__ = ["VIEWS", "Explorer", "View", "WhatIf", "compute_view", "interactive", "page", "panel", "what_if"]
