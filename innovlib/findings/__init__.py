"""Verdicts, one module per notebook: where each claim part is decided.

A notebook loads its tables (:mod:`innovlib.data`), computes with its own analysis module
(``analyses.<notebook>``, :mod:`innovlib.analyses`) and the generic libraries (:mod:`innovlib.growth`,
:mod:`innovlib.clusters`, :mod:`innovlib.composite`, ...), draws with :mod:`innovlib.plots` and then calls this
package once per claim: ``findings.<notebook>.<claim>(audit, ...)`` records the verdict of each part of that claim
through :class:`innovlib.claims.Audit`. The module of a notebook carries the notebook's name, and each function the
claim's id (``pat_01`` decides PAT-01a, PAT-01b, ...), so a reader goes from a row of the findings table to the code
that decided it in one step.

Every findings module has the same three steps, so a reader learns them once:

1. **evidence**: ``<claim>_evidence(...)`` returns a frozen dataclass of computed values only (numbers, years,
   names, URLs, booleans; no sentence);
2. **decision**: ``decide_<claim>(evidence)`` returns a :class:`Decision` per part (``{part_id: Decision}``),
   tested by value;
3. **wording**: the module's ``WORDING`` dict of ``str.format`` templates, filled from the evidence, gives the
   sentences; :func:`record` hands decision and words to the audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from innovlib import claims
from innovlib.analyses import import_notebook_module

VERDICTS = ("reproduced", "confirmed_by_source", "contradicted", "not_checkable")  # as innovlib.claims knows them
BASES = ("recomputed", "source", None)  # how a verdict was reached (None: not said)


@dataclass(frozen=True)
class Decision:
    """One claim part's verdict as its evidence decides it, before :mod:`innovlib.claims` grades the sources (the
    rules of evidence may still lower a confirmation or a contradiction to ``not_checkable``).

    :func:`record` hands it to the audit in one of three ways: an open part (``not_checkable``, not ``stated``) with
    what is missing; a ``stated`` verdict as given here; any other as a comparison of ``computed`` with the published
    figure, which :func:`innovlib.claims.evaluate` makes again within ``tolerance``.

    Attributes
    ----------
    verdict : {"reproduced", "confirmed_by_source", "contradicted", "not_checkable"}
    computed : the value found (recorded with the verdict)
    published : the published figure when the catalogue's text cannot be compared directly (a set of names)
    stated : True when the verdict is given here rather than derived by comparing ``computed`` with the published
        figure: a source states it in words (an attribution), or a rule over recomputed values gives it
    basis : {"recomputed", "source", None}
        ``recomputed`` when ``computed`` comes from component data (the only basis that can reproduce a figure),
        ``source`` when a source publishes it, ``None`` when the verdict does not say (recorded as such)
    tolerance : absolute tolerance of the comparison (0.05 for a figure published to one decimal)

    Example
    -------
    >>> Decision("not_checkable", computed=45).verdict
    'not_checkable'
    >>> Decision("reproduced", computed=7.2, stated=True, basis="recomputed").basis
    'recomputed'
    """

    verdict: str
    computed: Any = None
    published: Any = None
    stated: bool = False
    basis: str | None = "source"
    tolerance: float = 0.0

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(f"verdict must be one of {VERDICTS}, not {self.verdict!r}")
        if self.basis not in BASES:
            raise ValueError(f"basis must be one of {BASES}, not {self.basis!r}")
        if self.verdict == "reproduced" and self.basis != "recomputed":
            raise ValueError("'reproduced' needs basis='recomputed' (a value computed from component data)")


def compare(part_id: str, computed: Any, published: Any = None, tolerance: float = 0.0) -> Decision:
    """The decision of comparing a found value with the catalogue's published figure of ``part_id`` (or with
    ``published``) within ``tolerance``, as :func:`innovlib.claims.evaluate` compares them (``greater than`` where
    the catalogue says so); a bool says itself whether the claim holds.

    Example
    -------
    >>> compare("GII-06a", 45).verdict, compare("GII-06a", 44).verdict
    ('confirmed_by_source', 'contradicted')
    >>> compare("GII-07a", ["A", "B"], published=["A", "B"]).verdict
    'confirmed_by_source'
    >>> decision = compare("SEI-03a", 42.34, tolerance=0.05)  # 42.3% as published, to one decimal
    >>> decision.verdict, decision.basis, decision.tolerance
    ('confirmed_by_source', 'source', 0.05)
    """
    if isinstance(computed, bool):
        holds = computed
    else:
        row = claims.lookup(part_id)
        target = claims.parse_published(row.get("published_value")) if published is None else published
        comparison = "greater than" if row.get("comparison") == "greater than" else "equals"
        holds = claims.values_match(computed, target, tolerance, comparison)
    return Decision("confirmed_by_source" if holds else "contradicted", computed=computed, published=published,
                    tolerance=tolerance)


def record(audit: claims.Audit, part_id: str, decision: Decision, *, about: dict, explanation: str = "",
           missing: str = "", sources: Any = None, **context: Any) -> None:
    """Record ``decision`` for ``part_id`` with its words: an open part names what is ``missing``
    (:meth:`~innovlib.claims.Audit.not_checkable`), a stated verdict is recorded as given, on its basis
    (:meth:`~innovlib.claims.Audit.record`), any other is checked against the published figure within the
    decision's tolerance (:meth:`~innovlib.claims.Audit.check`, with the sources graded). ``context`` is what the
    audit takes besides (``finding``, ``earlier``, ``unlike``, ``publisher``, ``where``, ...).

    Example
    -------
    >>> audit = claims.Audit()
    >>> record(audit, "GII-06b", Decision("not_checkable"), about={}, missing="cluster populations")
    >>> audit.recorded[0].explanation
    'Missing: cluster populations.'
    >>> record(audit, "SEI-03a", compare("SEI-03a", 42.3, tolerance=0.05), about={}, explanation="As published.",
    ...        sources=["http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"])
    >>> audit.recorded[1].verdict, audit.recorded[1].tolerance, audit.recorded[1].published
    ('confirmed_by_source', 0.05, 42.3)
    """
    if decision.verdict == "not_checkable" and not decision.stated:
        audit.not_checkable(part_id, about=about, missing=missing, explanation=explanation,
                            computed=decision.computed, sources=sources, **context)
    elif decision.stated:
        audit.record(part_id, decision.verdict, about=about, computed=decision.computed, basis=decision.basis,
                     sources=sources, published=decision.published, explanation=explanation, **context)
    else:
        audit.check(part_id, computed=decision.computed, about=about, basis=decision.basis,
                    tolerance=decision.tolerance, explanation=explanation, sources=sources,
                    published=decision.published, **context)


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
