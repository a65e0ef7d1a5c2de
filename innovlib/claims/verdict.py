"""The verdict model: one claim part's :class:`Verdict`, decided by :func:`evaluate` or :func:`decide`, and a
claim's verdict derived from its parts' (:func:`combine_parts`).

A notebook gives each part exactly one verdict:

``reproduced``
    recomputed from the underlying component data, within tolerance of the published figure (re-sorting
    published numbers is not a recomputation);
``confirmed_by_source``
    no recomputation possible, but a source graded ``news`` or better states a matching figure;
``contradicted``
    a recomputation, a ``primary``/``official`` source, or two independent ``news`` sources disagree;
``not_checkable``
    public data cannot settle it (the explanation says what is missing, or which sources conflict).

Every verdict passes the evidence rules (:mod:`innovlib.claims.evidence`) and carries the reason they decide.
**A claim's verdict** is its headline's (:data:`COMBINE_RULE`): the catalogue names each claim's headline part(s),
the statement the article leads with; its other parts are details named beside it ("confirmed by source; details:
1 contradicted, 2 not checkable"). A contradicted detail is always named.

Example
-------
>>> evaluate("GII-04b", computed=True, explanation="its combined score is the highest").verdict
'reproduced'
>>> combine_parts({"U-1a": "confirmed_by_source", "U-1b": "contradicted"}, headline=["U-1a"])
('confirmed_by_source', 'confirmed by source; details: 1 contradicted')
"""

from __future__ import annotations

import html
import os
from dataclasses import asdict, dataclass, field
from typing import Any

from innovlib.claims.catalogue import lookup
from innovlib.claims.evidence import (Source, apply_rules_by_figure, check_figures, decide_reason, flat_sources,
                                      source_groups)
from innovlib.claims.rendering import VERDICT_COLOURS, part_anchor, reason_label, source_html, verdict_label
from innovlib.claims.values import parse_published, plain_value, values_match
from innovlib.outputs import NOTEBOOK_ENV
from innovlib.text import format_value

VERDICTS = ("reproduced", "confirmed_by_source", "contradicted", "not_checkable")
BASES = ("recomputed", "source")
# Strength of a verdict for "the weakest part decides"; contradicted is handled before strength counts.
VERDICT_STRENGTH = {"reproduced": 3, "confirmed_by_source": 2, "not_checkable": 1}
COMBINE_RULE = (
    "A claim takes the verdict of its headline, the statement the article leads with (if the headline has "
    "several parts: contradicted if any is, otherwise the weakest, reproduced > confirmed by source > not "
    "checkable); its other parts are details, named beside the label, and a contradicted detail is always named. "
    "A headline part without a verdict leaves the claim unchecked."
)


@dataclass(frozen=True)
class Verdict:
    """One claim part's verdict, as shown in the notebook and saved in ``claims.json``.

    Example
    -------
    >>> v = Verdict("X-01", "X-01", "contradicted", 42.0, 41, "Counted 41 rows.", reason="wrong_value")
    >>> str(v)
    'X-01: contradicted (published 42, found 41): Counted 41 rows.'
    >>> 'id="part-X-01"' in v._repr_html_(), v.as_dict()["computed"]
    (True, 41)
    """

    part_id: str
    claim_id: str
    verdict: str
    published: Any
    computed: Any
    explanation: str
    basis: str | None = None
    tolerance: float | None = None
    sources: tuple[Source, ...] = ()
    about: dict = field(default_factory=dict)
    article: str = ""
    claim: str = ""
    statement: str = ""
    notebook: str = field(default_factory=lambda: os.environ.get(NOTEBOOK_ENV, ""))
    reason: str = ""  # a code of REASONS, decided by decide_reason
    finding: str = ""  # one sentence a reader can quote, built from computed values ('' = none supplied)
    missing: str = ""  # for no_public_data: the figure that would settle the part
    publisher: str = ""  # ... who publishes (or would publish) it
    where: str = ""  # ... and where it would be found
    earlier: dict = field(default_factory=dict)  # earlier editions' or years' figures {label: value}
    unlike: tuple = ()  # (what the published figure measures, what it is compared with)

    def as_dict(self) -> dict:
        """The verdict as plain data (sources as dicts), as ``claims.json`` stores it."""
        return asdict(self)

    def _repr_html_(self) -> str:
        """The verdict as a small table whose id is :func:`part_anchor` of the part, so that the findings table
        and the report can link to the place in the notebook where the verdict was made."""
        colour = VERDICT_COLOURS[self.verdict]["text"]  # on the notebook's white page
        rows = [
            ("claim", f"<b>{html.escape(self.part_id)}</b> ({html.escape(self.article)}): "
                      f"{html.escape(self.statement or self.claim)}"),
            ("verdict", f"<b style='color:{colour}'>{html.escape(verdict_label(self.verdict))}</b>"
                        f" — {html.escape(reason_label(self.reason))}"),
            ("published", html.escape(format_value(self.published))),
            ("found", html.escape(format_value(self.computed))),
            ("why", html.escape(self.explanation)),
        ]
        for source in self.sources:
            rows.append(("source", source_html(source)))
        body = "".join(f"<tr><th style='text-align:left;vertical-align:top'>{k}</th>"
                       f"<td style='text-align:left;overflow-wrap:anywhere'>{v}</td></tr>" for k, v in rows)
        return (f"<table id=\"{html.escape(part_anchor(self.part_id), quote=True)}\" style='max-width:100%'>"
                f"{body}</table>")

    def __str__(self) -> str:
        return (
            f"{self.part_id}: {self.verdict} (published {format_value(self.published)}, "
            f"found {format_value(self.computed)}): {self.explanation}"
        )


def _make_verdict(row: dict, verdict: str, published: Any, computed: Any, explanation: str, *,
                  sources: list[tuple[str, tuple[Source, ...]]], basis: str | None, tolerance: float | None,
                  about: dict, context: dict) -> Verdict:
    """A :class:`Verdict` with the evidence rules applied and its reason decided; the catalogue's text stands in
    for a missing value. ``context`` holds the optional evidence of :func:`evaluate`/:func:`decide`."""
    allowed, lowered = apply_rules_by_figure(verdict, sources, basis)
    if lowered:  # why the verdict was lowered comes first: it is what a one-line summary must say
        explanation = f"{lowered} {explanation.strip()}"
    unlike = tuple(context.get("unlike") or ())
    if unlike and (len(unlike) != 2 or unlike[0] == unlike[1]):
        raise ValueError(f"{row['part_id']}: unlike=(what the figure measures, what it is compared with) names "
                         "two different kinds of figure")
    published = plain_value(published) if published is not None else row.get("published_value")
    reason = decide_reason(
        allowed, lowered_from=verdict if allowed != verdict else "", unit=row.get("unit") or "",
        published=parse_published(published) if isinstance(published, str) else published,
        computed=plain_value(computed), sources=flat_sources(sources), missing=context.get("missing", ""),
        earlier=context.get("earlier"), unlike=unlike, tolerance=tolerance or 0.0,
    )
    return Verdict(
        part_id=row["part_id"], claim_id=row["claim_id"], verdict=allowed, published=published,
        computed=plain_value(computed), explanation=explanation.strip(), basis=basis, tolerance=tolerance,
        sources=flat_sources(sources), about=plain_value(dict(about)), article=row.get("article") or "",
        claim=row.get("claim") or "", statement=row.get("statement") or "", reason=reason,
        finding=" ".join(str(context.get("finding") or "").split()), missing=context.get("missing", ""),
        publisher=context.get("publisher", ""), where=context.get("where", ""),
        earlier=plain_value(dict(context.get("earlier") or {})), unlike=unlike,
    )


def evaluate(part_id: str, computed: Any, *, basis: str = "recomputed", tolerance: float = 0.0,
             explanation: str, sources: Any = None, published: Any = None, about: dict | None = None,
             **context: Any) -> Verdict:
    """Decide a claim part's verdict from a computed value or a source's figure (pure; nothing is shown or saved).

    Parameters
    ----------
    part_id : str
        Id of a claim part in the catalogue (the claim id itself for a one-part claim).
    computed : number, list, str or bool
        What the notebook recomputed (``basis="recomputed"``) or what a source publishes (``basis="source"``).
        A bool says whether a statement holds.
    basis : {"recomputed", "source"}
        How ``computed`` was obtained. "recomputed" is only for values computed from component data.
    tolerance : float
        Absolute tolerance for numbers (e.g. 0.05 for a figure published to one decimal).
    explanation : str
        How the value was obtained, in a sentence a reader can follow.
    sources : str, list of str, or dict
        URLs of the sources stating the figure; each must be listed, with a grade, in a ``data/`` descriptor.
        Required with ``basis="source"``. When the claim rests on several figures (a city's rate against the
        national rate), give ``{figure: [urls]}``: the evidence rules apply to each figure and the weakest decides.
    published : optional
        The published figure, when the catalogue's text cannot be compared directly (e.g. a list of names).
    about : dict, optional
        The parameter values the claim is about (recorded with the verdict).
    **context
        Evidence that decides the reason (:func:`decide_reason`) and what a reader is told:
        ``earlier={label: value}`` (earlier editions' or years' figures), ``unlike=(what the published figure
        measures, what it is compared with)``, ``finding`` (one quotable sentence built from computed values),
        and for a part that stays open ``missing``, ``publisher`` and ``where`` (what would settle it, who
        publishes it, where it would be found).

    Example
    -------
    >>> evaluate("GII-04b", computed=True, explanation="its combined score is the highest").verdict
    'reproduced'
    """
    _check_context(part_id, context)
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{part_id}: an explanation is required")
    found = source_groups(sources)
    if basis == "source" and not flat_sources(found):
        raise ValueError(f"{part_id}: basis='source' needs the sources stating the figure (sources=[url, ...])")
    row = lookup(part_id)
    comparison = row.get("comparison") or "equals"
    if published is None:
        published = parse_published(row.get("published_value"))
    check_figures(part_id, published, comparison, sources)
    computed = plain_value(computed)
    if isinstance(computed, bool):
        holds = computed
    else:
        if published is None:
            raise ValueError(
                f"{part_id}: the catalogue gives no figure to compare with; pass published=..., "
                "or computed=True/False for whether the claim holds"
            )
        holds = values_match(computed, published, tolerance, "greater than" if comparison == "greater than" else "equals")
    if holds:
        verdict = "reproduced" if basis == "recomputed" else "confirmed_by_source"
    else:
        verdict = "contradicted"
    return _make_verdict(row, verdict, published, computed, explanation, sources=found, basis=basis,
                         tolerance=tolerance, about=about or {}, context=context)


CONTEXT_KEYS = ("earlier", "unlike", "finding", "missing", "publisher", "where")


def _check_context(part_id: str, context: dict) -> None:
    unknown = sorted(set(context) - set(CONTEXT_KEYS))
    if unknown:
        raise TypeError(f"{part_id}: unknown argument(s) {', '.join(unknown)}; the evidence a verdict takes is "
                        f"{', '.join(CONTEXT_KEYS)}")


def decide(part_id: str, verdict: str, *, explanation: str, computed: Any = None, sources: Any = None,
           published: Any = None, basis: str | None = None, about: dict | None = None, **context: Any) -> Verdict:
    """An explicit verdict (for what :func:`evaluate` cannot compare, e.g. a partial match), with the rules applied.

    ``context`` takes the evidence :func:`evaluate` describes (``earlier``, ``unlike``, ``finding``, ``missing``,
    ``publisher``, ``where``).

    Example
    -------
    >>> v = decide("GCI-07", "not_checkable", explanation="Missing: the export share", missing="the export share")
    >>> v.verdict, v.reason
    ('not_checkable', 'no_public_data')
    """
    _check_context(part_id, context)
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{part_id}: an explanation is required")
    found = source_groups(sources)
    if verdict == "confirmed_by_source" and not flat_sources(found):
        raise ValueError(f"{part_id}: confirmed_by_source needs the sources stating the figure (sources=[url, ...])")
    if verdict == "reproduced" and basis != "recomputed":
        raise ValueError(f"{part_id}: 'reproduced' needs basis='recomputed' (a value computed from component data)")
    row = lookup(part_id)
    check_figures(part_id, published if published is not None else parse_published(row.get("published_value")),
                   row.get("comparison") or "equals", sources)
    return _make_verdict(row, verdict, published, computed, explanation, sources=found, basis=basis,
                         tolerance=None, about=about or {}, context=context)


def missing_explanation(missing: str, explanation: str = "") -> str:
    """The explanation of a not-checkable verdict: what is missing first.

    Example
    -------
    >>> missing_explanation("the 2025 shares", "WIPO did not publish them.")
    'Missing: the 2025 shares. WIPO did not publish them.'
    """
    if not missing or not missing.strip():
        raise ValueError("say what data is missing")
    text = f"Missing: {missing.strip().rstrip('.')}."
    return text + (f" {explanation.strip()}" if explanation and explanation.strip() else "")


# --- deriving a claim's verdict from its parts ---------------------------------------------------------------

def _weakest(verdicts: list[str | None]) -> str:
    """contradicted if any is, unchecked if any part has no verdict, else the weakest."""
    if "contradicted" in verdicts:
        return "contradicted"
    if any(v is None for v in verdicts):
        return "unchecked"
    return min(verdicts, key=VERDICT_STRENGTH.__getitem__)


def combine_parts(part_verdicts: dict[str, str | None], headline: list[str] | None = None) -> tuple[str, str]:
    """A claim's verdict from its parts' verdicts (``None`` = the part was not checked), and a summary.

    The claim takes the verdict of its headline part(s) (all parts when ``headline`` is not given); the other
    parts are details, counted beside it; a contradicted detail always shows. See :data:`COMBINE_RULE`.

    Example
    -------
    >>> combine_parts({"GII-01a": "confirmed_by_source", "GII-01b": "not_checkable",
    ...                "GII-01c": "not_checkable"}, headline=["GII-01a"])
    ('confirmed_by_source', 'confirmed by source; details: 2 not checkable')
    >>> combine_parts({"U-1a": "confirmed_by_source", "U-1b": "contradicted"}, headline=["U-1a"])
    ('confirmed_by_source', 'confirmed by source; details: 1 contradicted')
    >>> combine_parts({"X-01": "reproduced"})
    ('reproduced', 'reproduced')
    >>> combine_parts({"X-01a": "not_checkable", "X-01b": None}, headline=["X-01a", "X-01b"])
    ('unchecked', 'unchecked: 1 of 2 headline parts not checked')
    """
    headline = list(headline) if headline else list(part_verdicts)
    unknown = [p for p in headline if p not in part_verdicts]
    if unknown:
        raise KeyError(f"headline part(s) {', '.join(unknown)} are not among the claim's parts")
    head = [part_verdicts[p] for p in headline]
    verdict = _weakest(head)
    if verdict == "unchecked":
        summary = f"unchecked: {sum(v is None for v in head)} of {len(head)} headline parts not checked"
    else:
        summary = verdict_label(verdict)
    details = [v for p, v in part_verdicts.items() if p not in headline]
    tally = [f"{n} {verdict_label(name or 'unchecked')}" for name in ("contradicted", *VERDICTS[:2], "not_checkable", None)
             if (n := sum(1 for v in details if v == name))]
    if tally:
        summary += "; details: " + ", ".join(tally)
    return verdict, summary


def contradicted_details(part_verdicts: dict[str, str | None], headline: list[str]) -> list[str]:
    """The detail parts (not in the headline) that are contradicted: never hidden behind a headline's label.

    Example
    -------
    >>> contradicted_details({"U-1a": "confirmed_by_source", "U-1b": "contradicted"}, ["U-1a"])
    ['U-1b']
    """
    return [p for p, v in part_verdicts.items() if v == "contradicted" and p not in headline]
