"""What a notebook records: an :class:`Audit` binds verdicts to the run's parameters, shows each and hands it to
the runner; a run with other parameter values shows what it computed and records no verdict (:class:`NotTested`).

Each check declares the parameter values its claim is about (``about={"edition": 2025}``). In a run with other
values the check still shows what was computed, says that this run does not test the published claim, and records
no verdict.

Example
-------
>>> audit = Audit(edition=2025)
>>> v = audit.evaluate("GII-02a", computed=3, about={"edition": 2025}, basis="source",
...                    sources=["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"], explanation="WIPO's table")
>>> v.verdict, v.sources[0].grade
('confirmed_by_source', 'primary')
>>> Audit(edition=2024).evaluate("GII-02a", computed=3, about={"edition": 2025}, basis="source",
...                              sources=["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"], explanation="x") is None
True
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from innovlib import outputs
from innovlib.claims.catalogue import lookup
from innovlib.claims.rendering import (NOTEBOOK_COLUMNS, VERDICT_COLOURS, finding_record, findings_section,
                                       part_anchor)
from innovlib.claims.values import plain_value
from innovlib.claims.verdict import Verdict, decide, evaluate, missing_explanation
from innovlib.text import format_value


def _publish(verdict: Verdict) -> Verdict:
    """Show the verdict in the notebook (when there is one) and hand it to the runner with the anchor of its
    display (:func:`part_anchor`): the runner finds the cell that shows it and records that cell with the verdict."""
    outputs.record_claim({**verdict.as_dict(), "anchor": part_anchor(verdict.part_id)})
    _display(verdict)
    return verdict


def _display(obj: Any) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(obj)
    except ImportError:  # plain Python without IPython: nothing to show
        pass


@dataclass(frozen=True)
class NotTested:
    """Shown instead of a verdict when a run's parameters are not those a claim is about.

    Example
    -------
    >>> print(NotTested("GII-01", {"edition": 2025}, {"edition": 2024}, 3))
    GII-01: not tested by this run (edition = 2024); the published claim is about edition = 2025, so no verdict is recorded. Found here: 3.
    """

    part_id: str
    about: dict
    parameters: dict
    computed: Any

    def __str__(self) -> str:
        wanted = ", ".join(f"{k} = {format_value(v)}" for k, v in self.about.items())
        this = ", ".join(f"{k} = {format_value(self.parameters.get(k))}" for k in self.about)
        return (f"{self.part_id}: not tested by this run ({this}); the published claim is about {wanted}, so no "
                f"verdict is recorded. Found here: {format_value(self.computed)}.")

    def _repr_html_(self) -> str:
        colour = VERDICT_COLOURS["unchecked"]["text"]  # a part without a verdict, as the report shows one
        return (f"<p id=\"{html.escape(part_anchor(self.part_id), quote=True)}\" style='color:{colour}'>"
                f"<i>{html.escape(str(self))}</i></p>")


class Audit:
    """Records verdicts for one run, only for the parameter values each claim is about.

    Parameters
    ----------
    **parameters
        The run's parameter values (the notebook's parameters cell).

    Example
    -------
    >>> audit = Audit(edition=2023)
    >>> audit.tests({"edition": 2025})
    False
    >>> audit.tests({})
    True
    """

    def __init__(self, **parameters: Any) -> None:
        self.parameters = plain_value(dict(parameters))
        self.recorded: list[Verdict] = []
        self.not_tested: list[NotTested] = []

    def tests(self, about: dict) -> bool:
        """Whether this run has the parameter values ``about`` (every named parameter must be declared)."""
        unknown = [k for k in about if k not in self.parameters]
        if unknown:
            raise KeyError(f"about names parameters this run does not have: {', '.join(unknown)}")
        return all(plain_value(self.parameters[k]) == plain_value(v) for k, v in about.items())

    def _bound(self, part_id: str, about: dict | None, computed: Any) -> bool:
        if about is None:
            raise ValueError(f"{part_id}: say which parameter values the claim is about (about={{...}}; {{}} for none)")
        lookup(part_id)  # an unknown id is an error in every run, tested or not
        if self.tests(about):
            return True
        skipped = NotTested(part_id, dict(about), self.parameters, plain_value(computed))
        self.not_tested.append(skipped)
        outputs.record_not_tested({"part_id": part_id, "about": plain_value(dict(about)),
                                   "parameters": {k: self.parameters.get(k) for k in about},
                                   "anchor": part_anchor(part_id)})
        _display(skipped)
        return False

    def evaluate(self, part_id: str, computed: Any, *, about: dict, **kwargs) -> Verdict | None:
        """:func:`evaluate` when this run tests the claim, else ``None`` (pure; nothing shown or saved)."""
        if about is None or not self.tests(about):
            return None
        return evaluate(part_id, computed, about=about, **kwargs)

    def check(self, part_id: str, computed: Any, *, about: dict, **kwargs) -> None:
        """Evaluate a claim part (see :func:`evaluate`), show the verdict and save it with the run.

        Nothing is returned (so a notebook cell does not show the verdict twice); see :attr:`recorded`.
        """
        if self._bound(part_id, about, computed):
            self._keep(evaluate(part_id, computed, about=about, **kwargs))

    def record(self, part_id: str, verdict: str, *, about: dict, **kwargs) -> None:
        """Record an explicit verdict (see :func:`decide`), show it and save it with the run."""
        if self._bound(part_id, about, kwargs.get("computed")):
            self._keep(decide(part_id, verdict, about=about, **kwargs))

    def not_checkable(self, part_id: str, *, missing: str, about: dict, explanation: str = "",
                      computed: Any = None, sources: Any = None, **context: Any) -> None:
        """Record that public data cannot settle a claim part; ``missing`` names what data is missing, and
        ``publisher`` and ``where`` (optional) who publishes it and where it would be found."""
        self.record(part_id, "not_checkable", about=about, computed=computed, sources=sources,
                    explanation=missing_explanation(missing, explanation), missing=missing.strip().rstrip("."),
                    **context)

    def _keep(self, verdict: Verdict) -> None:
        """Save and show a verdict; a part gets one verdict per run."""
        if any(v.part_id == verdict.part_id for v in self.recorded):
            raise ValueError(f"{verdict.part_id} already has a verdict in this run")
        self.recorded.append(verdict)
        _publish(verdict)

    def verdict_of(self, part_id: str) -> str | None:
        """The verdict recorded for a part in this run (``None`` when it was not tested)."""
        return next((v.verdict for v in self.recorded if v.part_id == part_id), None)


def findings_markdown(audit: Audit) -> str:
    """A findings section built from what a run recorded: one row per part (its id links to the verdict's
    display), then what the run did not test (the findings macros of :mod:`innovlib.claims.rendering`).

    Example
    -------
    >>> print(findings_markdown(Audit(edition=2024)))
    This run recorded no verdict.
    """
    records = [finding_record(v.as_dict()) for v in audit.recorded]
    skipped = [{"part_id": s.part_id, "about": s.about, "parameters": {k: s.parameters.get(k) for k in s.about}}
               for s in audit.not_tested]
    return findings_section(records, NOTEBOOK_COLUMNS, skipped)
