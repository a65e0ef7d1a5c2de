"""Claims and verdicts: compare a published claim with what a notebook computes or a source publishes.

Every published claim has an id in the ``claims`` dataset (``data/claims/``). A notebook gives each claim
exactly one verdict:

``reproduced``
    recomputed from underlying data, within tolerance of the published figure;
``confirmed_by_source``
    no recomputation possible, but a published (preferably primary) figure matches;
``contradicted``
    recomputation or a primary source disagrees (the explanation says which);
``not_checkable``
    public data cannot settle it (the explanation says what is missing).

:func:`evaluate` is the pure core; :func:`check`, :func:`not_checkable` and :func:`record` also show the
verdict in the notebook and hand it to the runner (``claims.json``).

Example
-------
>>> v = evaluate("SEI-03", computed=42.3, basis="source", tolerance=0.05,
...              explanation="Shenzhen Statistics Bureau gives 42.3%", source="https://example.org")
>>> v.verdict
'confirmed_by_source'
>>> evaluate("SEI-03", computed=40.0, basis="recomputed", tolerance=0.05, explanation="ratio of levels").verdict
'contradicted'
"""

from __future__ import annotations

import difflib
import functools
import math
import os
from dataclasses import asdict, dataclass, field
from typing import Any

VERDICTS = ("reproduced", "confirmed_by_source", "contradicted", "not_checkable")
BASES = ("recomputed", "source")
NOTEBOOK_ENV = "INNOVLIB_NOTEBOOK"


@dataclass(frozen=True)
class Verdict:
    """One claim's verdict, as shown in the notebook and saved in ``claims.json``."""

    claim_id: str
    verdict: str
    published: Any
    computed: Any
    explanation: str
    basis: str | None = None
    tolerance: float | None = None
    source: str | None = None
    article: str = ""
    claim: str = ""
    notebook: str = field(default_factory=lambda: os.environ.get(NOTEBOOK_ENV, ""))

    def as_dict(self) -> dict:
        return asdict(self)

    def _repr_html_(self) -> str:
        import html

        colour = {"reproduced": "#1a7f37", "confirmed_by_source": "#1a7f37", "contradicted": "#cf222e"}.get(
            self.verdict, "#9a6700"
        )
        rows = [
            ("claim", f"<b>{self.claim_id}</b> ({self.article}): {html.escape(self.claim)}"),
            ("verdict", f"<b style='color:{colour}'>{self.verdict}</b>"),
            ("published", html.escape(_format_value(self.published))),
            ("computed", html.escape(_format_value(self.computed))),
            ("why", html.escape(self.explanation)),
        ]
        if self.source:
            rows.append(("source", f"<a href='{html.escape(self.source)}'>{html.escape(self.source)}</a>"))
        body = "".join(f"<tr><th style='text-align:left'>{k}</th><td style='text-align:left'>{v}</td></tr>" for k, v in rows)
        return f"<table>{body}</table>"

    def __str__(self) -> str:
        return (
            f"{self.claim_id}: {self.verdict} (published {_format_value(self.published)}, "
            f"computed {_format_value(self.computed)}): {self.explanation}"
        )


def _format_value(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (list, tuple)):
        return " / ".join(_format_value(v) for v in value)
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)


@functools.lru_cache(maxsize=1)
def _catalogue_rows() -> dict[str, dict]:
    from innovlib.data import load

    table = load("claims")
    return {row["claim_id"]: row for row in table.astype(object).where(table.notna(), None).to_dict("records")}


def catalogue():
    """The claim catalogue as a DataFrame (the ``claims`` dataset).

    Example
    -------
    >>> len(catalogue()) >= 30
    True
    """
    from innovlib.data import load

    return load("claims")


def lookup(claim_id: str) -> dict:
    """The catalogue row of ``claim_id``; an unknown id is an error that suggests close ones."""
    rows = _catalogue_rows()
    if claim_id not in rows:
        close = difflib.get_close_matches(claim_id, rows, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise KeyError(f"unknown claim id {claim_id!r} (not in data/claims/claims.csv).{hint}")
    return rows[claim_id]


def parse_published(text: str | None) -> float | str | list | None:
    """Turn a catalogue ``published_value`` into a number, a list of numbers, or keep the text.

    Example
    -------
    >>> parse_published("75/59/42")
    [75.0, 59.0, 42.0]
    >>> parse_published("42.3")
    42.3
    >>> parse_published("") is None
    True
    """
    if text is None or str(text).strip() == "":
        return None
    parts = str(text).split("/")
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        return str(text)
    return numbers[0] if len(numbers) == 1 else numbers


def _as_list(value: Any) -> list:
    if hasattr(value, "tolist"):
        value = value.tolist()
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _plain(value: Any) -> Any:
    """numpy/pandas scalars and arrays as plain Python, so verdicts serialise to JSON."""
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def values_match(computed: Any, published: Any, tolerance: float = 0.0, comparison: str = "equals") -> bool:
    """Whether a computed value matches a published one.

    Numbers match within an absolute ``tolerance``; lists element-wise (same length); text exactly.
    With ``comparison="greater than"`` a number matches when it exceeds the published one.

    Example
    -------
    >>> values_match([75, 59, 42], [75.0, 59.0, 42.0])
    True
    >>> values_match(7.24, 7.2, tolerance=0.05)
    True
    >>> values_match(5.3, 5, comparison="greater than")
    True
    """
    computed_items, published_items = _as_list(computed), _as_list(published)
    if len(computed_items) != len(published_items):
        return False
    for c, p in zip(computed_items, published_items):
        numeric = isinstance(c, (int, float)) and isinstance(p, (int, float)) and not isinstance(c, bool)
        if numeric:
            if math.isnan(float(c)):
                return False
            if comparison == "greater than":
                if not float(c) > float(p):
                    return False
            elif abs(float(c) - float(p)) > tolerance + 1e-12:
                return False
        elif c != p:
            return False
    return True


def evaluate(
    claim_id: str,
    computed: Any,
    *,
    basis: str = "recomputed",
    tolerance: float = 0.0,
    explanation: str,
    source: str | None = None,
    published: Any = None,
) -> Verdict:
    """Decide a claim's verdict from a computed value or a source's figure (pure; nothing is shown or saved).

    Parameters
    ----------
    claim_id : str
        Id in the claim catalogue.
    computed : number, list, str or bool
        What the notebook computed (``basis="recomputed"``) or what a source publishes (``basis="source"``).
        A bool says whether a statement-type claim holds.
    basis : {"recomputed", "source"}
        How ``computed`` was obtained.
    tolerance : float
        Absolute tolerance for numbers (e.g. 0.05 for a figure published to one decimal).
    explanation : str
        How the value was obtained, in a sentence a reader can follow.
    source : str, optional
        URL of the figure (required with ``basis="source"``).
    published : optional
        The published figure, when the catalogue's text cannot be compared directly (e.g. a list of names).

    Returns
    -------
    Verdict

    Example
    -------
    >>> evaluate("GII-04", computed=True, explanation="combined score is highest").verdict
    'reproduced'
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {BASES}, not {basis!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{claim_id}: an explanation is required")
    if basis == "source" and not source:
        raise ValueError(f"{claim_id}: basis='source' needs the source URL (source=...)")
    row = lookup(claim_id)
    comparison = row.get("comparison") or "equals"
    if published is None:
        published = parse_published(row.get("published_value"))
    computed = _plain(computed)
    if isinstance(computed, bool):
        holds = computed
    else:
        if published is None:
            raise ValueError(
                f"{claim_id}: the catalogue gives no figure to compare with; pass published=..., "
                "or computed=True/False for whether the claim holds"
            )
        holds = values_match(computed, published, tolerance, "greater than" if comparison == "greater than" else "equals")
    if holds:
        verdict = "reproduced" if basis == "recomputed" else "confirmed_by_source"
    else:
        verdict = "contradicted"
    return _verdict(row, verdict, published, computed, explanation, basis=basis, tolerance=tolerance, source=source)


def _verdict(row: dict, verdict: str, published: Any, computed: Any, explanation: str, **details) -> Verdict:
    """A :class:`Verdict` for a catalogue row; the catalogue's text stands in for a missing published value."""
    return Verdict(
        claim_id=row["claim_id"],
        verdict=verdict,
        published=_plain(published) if published is not None else row.get("published_value"),
        computed=_plain(computed),
        explanation=explanation.strip(),
        article=row.get("article") or "",
        claim=row.get("claim") or "",
        **details,
    )


def _publish(verdict: Verdict) -> Verdict:
    """Show the verdict in the notebook (when there is one) and hand it to the runner."""
    from innovlib import outputs

    outputs.record_claim(verdict.as_dict())
    try:
        from IPython import get_ipython
        from IPython.display import display

        if get_ipython() is not None:
            display(verdict)
    except ImportError:  # plain Python without IPython: nothing to show
        pass
    return verdict


def check(claim_id: str, computed: Any, **kwargs) -> None:
    """Evaluate a claim (see :func:`evaluate`), show the verdict as a small table and save it with the run.

    Example
    -------
    >>> check("SEI-03", computed=42.3, basis="source", tolerance=0.05,
    ...       explanation="Shenzhen Statistics Bureau", source="https://example.org")
    """
    _publish(evaluate(claim_id, computed, **kwargs))


def not_checkable(claim_id: str, missing: str, explanation: str = "") -> None:
    """Record that public data cannot settle a claim; ``missing`` names what data is missing.

    Example
    -------
    >>> not_checkable("GCI-07", missing="Shenzhen's ICT share of exports for the report's year")
    """
    if not missing or not missing.strip():
        raise ValueError(f"{claim_id}: say what data is missing")
    text = f"Missing: {missing.strip()}" + (f" {explanation.strip()}" if explanation else "")
    record(claim_id, "not_checkable", explanation=text)


def record(
    claim_id: str,
    verdict: str,
    *,
    computed: Any = None,
    explanation: str,
    source: str | None = None,
    published: Any = None,
    basis: str | None = None,
) -> None:
    """Record an explicit verdict (for cases :func:`check` cannot compare, e.g. a partial match).

    Example
    -------
    >>> record("UNI-02", "contradicted", computed=[115, 65, 42],
    ...        explanation="The report's own figures differ", source="https://example.org")
    """
    if verdict not in VERDICTS:
        raise ValueError(f"verdict must be one of {VERDICTS}, not {verdict!r}")
    if not explanation or not explanation.strip():
        raise ValueError(f"{claim_id}: an explanation is required")
    if verdict == "confirmed_by_source" and not source:
        raise ValueError(f"{claim_id}: confirmed_by_source needs the source URL (source=...)")
    row = lookup(claim_id)
    _publish(_verdict(row, verdict, published, computed, explanation, basis=basis, source=source))
