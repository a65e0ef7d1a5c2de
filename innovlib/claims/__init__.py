"""Claims and verdicts: compare a published claim with what a notebook computes or a source publishes.

Every published claim has an id in the ``claims`` dataset (``data/claims/``). A claim that makes several
checkable statements is split into **parts** (``GII-06a``, ``GII-06b``); a claim with one statement has one
part whose id is the claim's own (``GII-02``). A notebook gives each part exactly one verdict (``reproduced``,
``confirmed_by_source``, ``contradicted``, ``not_checkable``), which obeys the evidence rules and carries a reason
decided from the evidence; a claim takes its headline's verdict.

One module per concern:

* :mod:`~innovlib.claims.catalogue`: the claim catalogue (claims, parts, headlines, articles, producers);
* :mod:`~innovlib.claims.values`: reading, showing and comparing published and computed values;
* :mod:`~innovlib.claims.evidence`: sources and grades, the evidence rules, the reason a verdict carries;
* :mod:`~innovlib.claims.verdict`: :class:`Verdict`, :func:`evaluate`, :func:`decide`, :func:`combine_parts`;
* :mod:`~innovlib.claims.audit`: :class:`Audit`, verdicts bound to a run's parameters and recorded with it;
* :mod:`~innovlib.claims.rendering`: the one colour map, labels, anchors and every findings table.

The names below are those code outside the package uses (``claims.Audit``, ``claims.lookup``, ...).

Example
-------
>>> audit = Audit(edition=2025)
>>> v = audit.evaluate("GII-02a", computed=3, about={"edition": 2025}, basis="source",
...                    sources=["https://www.wipo.int/web/global-innovation-index/2025/innovation-clusters"], explanation="WIPO's table")
>>> v.verdict, v.sources[0].grade, v.reason
('confirmed_by_source', 'primary', 'source_states_it')
"""

from innovlib.claims.audit import Audit, NotTested, findings_markdown
from innovlib.claims.catalogue import (articles, audited_article_urls, claim_catalogue, headline_of,
                                       lookup, parts_of, producers)
from innovlib.claims.evidence import (GRADE_STRENGTH, MULTI_FIGURE_COMPARISONS, PERIOD_UNIT, REASONS,
                                      REASONS_BY_VERDICT, UNGRADED, Source, apply_evidence_rules,
                                      decide_reason, lookup_source)
from innovlib.claims.rendering import VERDICT_COLOURS, part_anchor, reason_label, source_html, verdict_label
from innovlib.claims.values import MONTHS, display_published, parse_published, values_match
from innovlib.claims.verdict import (BASES, COMBINE_RULE, CONTEXT_KEYS, VERDICT_STRENGTH, VERDICTS, Verdict,
                                     combine_parts, contradicted_details, decide, evaluate, missing_explanation)
from innovlib.data import GRADES, SOURCE_COLUMNS, row_sources  # row_sources: a data-row concern, kept here too
from innovlib.text import format_value, ordinal

__all__ = [
    "Audit", "NotTested", "findings_markdown",
    "articles", "audited_article_urls", "claim_catalogue", "headline_of", "lookup", "parts_of", "producers",
    "GRADE_STRENGTH", "MULTI_FIGURE_COMPARISONS", "PERIOD_UNIT", "REASONS", "REASONS_BY_VERDICT", "UNGRADED",
    "Source", "apply_evidence_rules", "decide_reason", "lookup_source",
    "VERDICT_COLOURS", "part_anchor", "reason_label", "source_html", "verdict_label",
    "MONTHS", "display_published", "parse_published", "values_match",
    "BASES", "COMBINE_RULE", "CONTEXT_KEYS", "VERDICT_STRENGTH", "VERDICTS", "Verdict", "combine_parts",
    "contradicted_details", "decide", "evaluate", "missing_explanation",
    "GRADES", "SOURCE_COLUMNS", "row_sources", "format_value", "ordinal",
]
