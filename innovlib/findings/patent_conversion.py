"""Verdicts of the notebook ``patent_conversion``: PAT-01 (the international comparison), PAT-02 (rates by patentee).

Each function records every part of its claim through the :class:`~innovlib.claims.Audit` it is given, with an
explanation built from the tables it receives (:mod:`innovlib.analyses.patent_conversion`).

Example
-------
>>> import pandas as pd
>>> from innovlib.claims import Audit
>>> invention = pd.DataFrame({"survey_year": [2024], "patentee_group": ["enterprises"], "value": [53.3],
...                           "metric": ["effective invention patent industrialization rate"],
...                           "source_url": ["http://en.people.cn/n3/2025/0115/c90000-20266428.html"]})
>>> audit = Audit(latest_year=2024)
>>> pat_02(audit, invention, latest_year=2024)
>>> audit.verdict_of("PAT-02c")
'confirmed_by_source'
"""

from __future__ import annotations

import pandas as pd

from innovlib.claims import Audit, lookup, row_sources
from innovlib.analyses.patent_conversion import latest_overall_rate
from innovlib.text import names

#: "About 39%" is taken as within one percentage point; "53%" (PAT-02c) as the figure rounded to a whole number.
ABOUT_TOLERANCE = 1.0
ROUNDED_TOLERANCE = 0.5


def _period(period) -> str:
    return period if pd.notna(period) else "date not given"


def pat_01(audit: Audit, invention: pd.DataFrame, international: pd.DataFrame) -> None:
    """PAT-01a-d: China's overall rate against CNIPA's survey; the US, EU and Japan rates against what was found.

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded.
    invention : pandas.DataFrame
        CNIPA's invention-patent rates (:func:`innovlib.analyses.patent_conversion.invention_rates`), with
        ``source_url``.
    international : pandas.DataFrame
        Resource ``international`` of ``patent_industrialization``: rates published abroad, with their definitions.

    Example
    -------
    >>> import pandas as pd
    >>> from innovlib.claims import Audit
    >>> invention = pd.DataFrame({"survey_year": [2023], "patentee_group": ["all patentees"], "value": [39.6],
    ...                           "source_url": ["http://en.people.cn/n3/2025/0115/c90000-20266428.html"]})
    >>> abroad = pd.DataFrame({"economy": ["Japan"], "value": [48.4], "metric": ["patent utilization rate"],
    ...                        "reference_period": ["FY2017"], "source_url": [
    ...     "https://www.jpo.go.jp/resources/report/nenji/2018/document/index/ebook/pageindices/index76.html"]})
    >>> audit = Audit()
    >>> pat_01(audit, invention, abroad)
    >>> [audit.verdict_of(p) for p in ("PAT-01b", "PAT-01d")]
    ['not_checkable', 'not_checkable']
    """
    china = latest_overall_rate(invention)
    audit.check("PAT-01a", computed=float(china["value"]), about={}, basis="source", tolerance=ABOUT_TOLERANCE,
                explanation=(f"CNIPA's survey: {china['value']:.1f}% of valid invention patents were industrialised "
                             f"in {int(china['survey_year'])}, the latest overall rate found ('about' taken as "
                             f"within {ABOUT_TOLERANCE:g} point)."),
                sources=row_sources(china),
                finding=(f"China's 'about 39%' is CNIPA's survey rate of {china['value']:.1f}% for "
                         f"{int(china['survey_year'])}, the latest overall rate found."))
    for part, economy, covers, office in [("PAT-01b", "the United States", "United States", "USPTO"),
                                          ("PAT-01c", "the European Union", "Europe", "European Patent Office")]:
        found = international[international["economy"].str.contains(covers)]
        found_text = names(f"{r.value:g}% ({r.metric}"
                           + (f"; {r.scope}" if isinstance(getattr(r, "scope", None), str) else "")
                           + (f", {r.economy}" if r.economy != covers else "") + f"; {_period(r.reference_period)})"
                           for r in found.itertuples())
        audit.not_checkable(part, about={},
                            missing=f"a published conversion rate for {economy} comparable to CNIPA's survey",
                            publisher=f"{office} or another producer of patent-use surveys for {economy}",
                            where="a survey of the share of valid patents put to use, on CNIPA's definition (none found)",
                            explanation=(f"Figures found that cover {economy}: {found_text}. None is a survey rate "
                                         "on CNIPA's definition (the share of valid invention patents industrialised)."
                                         if len(found) else f"No figure for {economy} was found."))
    japan = international[international["economy"] == "Japan"].sort_values("reference_period")
    japan_rates = names(f"{r.value:g}% ({r.reference_period})" for r in japan.itertuples())
    published = lookup("PAT-01d")["published_value"]
    audit.not_checkable(
        "PAT-01d", about={}, computed=japan["value"].tolist(), sources=[url for _, row in japan.iterrows() for url in row_sources(row)],
        missing="a Japanese rate for the period the article means (it gives no year)",
        publisher="Japan Patent Office", where="its Annual Report (特許行政年次報告書), patent utilisation section",
        explanation=(f"The Japan Patent Office's own survey gives {japan_rates}, the latest found; a rate for a later "
                     f"year could differ, so these neither confirm nor contradict 'about {published}%'."))


def pat_02(audit: Audit, invention: pd.DataFrame, latest_year: int) -> None:
    """PAT-02a-e: the rates of universities, research institutes and enterprises in the survey of ``latest_year``.

    Parts a-c are about the 2024 survey (the article's "last year"); a run with another ``latest_year`` shows that
    year's rates and records no verdict for them. Parts d and e need data no public source gives.

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded (its parameters include ``latest_year``).
    invention : pandas.DataFrame
        CNIPA's invention-patent rates (:func:`innovlib.analyses.patent_conversion.invention_rates`), with
        ``source_url``.
    latest_year : int
        The survey year the article calls "last year".

    Example
    -------
    >>> import pandas as pd
    >>> from innovlib.claims import Audit
    >>> invention = pd.DataFrame({"survey_year": [2022], "patentee_group": ["universities"], "value": [3.9],
    ...                           "metric": ["invention patent conversion rate (as cited)"], "source_url": [None]})
    >>> audit = Audit(latest_year=2024)
    >>> pat_02(audit, invention, latest_year=2024)
    >>> print(audit.recorded[0].explanation)
    Missing: CNIPA's 2024 survey rate for universities: no public report of it was found.
    Figures found for universities: 3.9% (2022, invention patent conversion rate (as cited)).
    >>> print(audit.recorded[1].explanation)
    Missing: CNIPA's 2024 survey rate for research institutes: no public report of it was found.
    No rate for research institutes was found for any survey year.
    >>> audit.verdict_of("PAT-02c")
    'not_checkable'
    """
    about = {"latest_year": 2024}
    latest = invention[invention["survey_year"] == latest_year].set_index("patentee_group")
    for part, group in [("PAT-02a", "universities"), ("PAT-02b", "research institutes")]:
        found = invention[invention["patentee_group"] == group]
        audit.not_checkable(part, about=about,
                            missing=f"CNIPA's {latest_year} survey rate for {group}: no public report of it was found",
                            explanation=(f"Figures found for {group}: "
                                         + names(f"{r.value:g}% ({r.survey_year}, {r.metric})" for r in found.itertuples())
                                         + "." if len(found) else f"No rate for {group} was found for any survey year."))
    if "enterprises" in latest.index:
        enterprises = latest.loc["enterprises"]
        audit.check("PAT-02c", computed=float(enterprises["value"]), about=about, basis="source",
                    tolerance=ROUNDED_TOLERANCE, sources=row_sources(enterprises),
                    explanation=f"CNIPA's survey gives {enterprises['value']:.1f}% for enterprises in {latest_year}.")
    else:
        audit.not_checkable("PAT-02c", about=about, missing=f"CNIPA's {latest_year} survey rate for enterprises")
    audit.not_checkable("PAT-02d", about={},
                        missing="enterprise patent conversion rates of developed countries on CNIPA's definition",
                        publisher="the developed countries' patent offices (e.g. the Japan Patent Office)",
                        where="surveys of patent use by enterprises, on CNIPA's definition")
    audit.not_checkable("PAT-02e", about={},
                        missing=("the number of valid invention patents held by each patentee type and the latest "
                                 "rates of universities and research institutes, needed to attribute the overall rate"))
