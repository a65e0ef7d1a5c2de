"""Verdicts of the notebook ``patent_conversion``: PAT-01 (the international comparison), PAT-02 (rates by patentee).

Each claim is checked in three steps: ``<claim>_evidence`` gathers the published rates (a frozen record of values,
from the tables of :mod:`innovlib.analyses.patent_conversion`), ``decide_<claim>`` gives each part's verdict from
them (before :mod:`innovlib.claims` applies its grading rules to the sources), and the sentences come from the
templates of :data:`WORDING`; ``<claim>(audit, ...)`` runs the three and records the verdicts.

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

from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib.analyses.patent_conversion import latest_overall_rate
from innovlib.claims import Audit, row_sources
from innovlib.findings import Decision, compare, record
from innovlib.text import names

#: "About 39%" is taken as within one percentage point; "53%" (PAT-02c) as the figure rounded to a whole number.
ABOUT_TOLERANCE = 1.0
ROUNDED_TOLERANCE = 0.5
#: PAT-01b-c: the economy the article names, the name the ``international`` table covers it by, its patent office.
ABROAD_PARTS = {"PAT-01b": ("the United States", "United States", "USPTO"),
                "PAT-01c": ("the European Union", "Europe", "European Patent Office")}
#: PAT-02a-b: the patentee group of each part.
GROUP_PARTS = {"PAT-02a": "universities", "PAT-02b": "research institutes"}
#: The survey year the PAT-02a-c claims are about (the article's "last year").
CLAIM_SURVEY_YEAR = 2024

#: Every sentence this module writes, filled from the evidence (str.format with named fields).
WORDING = {
    "pat_01a": ("CNIPA's survey: {rate:.1f}% of valid invention patents were industrialised in {year}, the latest "
                "overall rate found ('about' taken as within {tolerance:g} point)."),
    "pat_01a_finding": ("China's 'about 39%' is CNIPA's survey rate of {rate:.1f}% for {year}, the latest overall "
                        "rate found."),
    "abroad_figure": "{value:g}% ({metric}{scope}{economy}; {period})",
    "abroad_scope": "; {scope}",
    "abroad_economy": ", {economy}",
    "period_not_given": "date not given",
    "abroad_found": ("Figures found that cover {economy}: {figures}. None is a survey rate on CNIPA's definition "
                     "(the share of valid invention patents industrialised)."),
    "abroad_none": "No figure for {economy} was found.",
    "abroad_missing": "a published conversion rate for {economy} comparable to CNIPA's survey",
    "abroad_publisher": "{office} or another producer of patent-use surveys for {economy}",
    "abroad_where": "a survey of the share of valid patents put to use, on CNIPA's definition (none found)",
    "japan_rate": "{value:g}% ({period})",
    "pat_01d": ("The Japan Patent Office's own survey gives {rates}, the latest found; a rate for a later year could "
                "differ, so these neither confirm nor contradict 'about {published}%'."),
    "pat_01d_missing": "a Japanese rate for the period the article means (it gives no year)",
    "pat_01d_publisher": "Japan Patent Office",
    "pat_01d_where": "its Annual Report (特許行政年次報告書), patent utilisation section",
    "group_missing": "CNIPA's {latest_year} survey rate for {group}: no public report of it was found",
    "group_rate": "{value:g}% ({survey_year}, {metric})",
    "group_found": "Figures found for {group}: {figures}.",
    "group_none": "No rate for {group} was found for any survey year.",
    "pat_02c": "CNIPA's survey gives {value:.1f}% for enterprises in {latest_year}.",
    "pat_02c_missing": "CNIPA's {latest_year} survey rate for enterprises",
    "pat_02d_missing": "enterprise patent conversion rates of developed countries on CNIPA's definition",
    "pat_02d_publisher": "the developed countries' patent offices (e.g. the Japan Patent Office)",
    "pat_02d_where": "surveys of patent use by enterprises, on CNIPA's definition",
    "pat_02e_missing": ("the number of valid invention patents held by each patentee type and the latest rates of "
                        "universities and research institutes, needed to attribute the overall rate"),
}


@dataclass(frozen=True)
class PublishedRate:
    """A rate as a source publishes it: its value (percent), what it measures, its period and the URLs stating it.

    Example
    -------
    >>> PublishedRate(48.4, "patent utilization rate", "FY2017", ("https://www.jpo.go.jp/x",), "Japan").economy
    'Japan'
    """

    value: float
    metric: str
    period: str
    sources: tuple[str, ...] = ()
    economy: str = "China"
    scope: str | None = None


# --- PAT-01 ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pat01Evidence:
    """China's latest overall rate (CNIPA's survey), the figures found for each economy of PAT-01b-c (by part)
    and Japan's rates in the order of their periods.

    Example
    -------
    >>> china = PublishedRate(39.6, "invention patent industrialization rate", "2023", ("https://a.example",))
    >>> Pat01Evidence(china, {"PAT-01b": (), "PAT-01c": ()}, ()).china.value
    39.6
    """

    china: PublishedRate
    abroad: dict[str, tuple[PublishedRate, ...]]
    japan: tuple[PublishedRate, ...]


def _abroad_rate(row) -> PublishedRate:
    scope = row.get("scope")
    return PublishedRate(float(row["value"]), str(row["metric"]),
                         str(row["reference_period"]) if pd.notna(row["reference_period"]) else "",
                         tuple(row_sources(row)), str(row["economy"]), scope if isinstance(scope, str) else None)


def pat_01_evidence(invention: pd.DataFrame, international: pd.DataFrame) -> Pat01Evidence:
    """China's latest overall rate, the rates found abroad for the US and the EU, and Japan's rates.

    Example
    -------
    >>> from innovlib.data import load
    >>> import innovlib.analyses.patent_conversion as analysis
    >>> rates = analysis.invention_rates(load("patent_industrialization", resource="rates"))
    >>> evidence = pat_01_evidence(rates, load("patent_industrialization", resource="international"))
    >>> evidence.china.value, evidence.china.period, [rate.value for rate in evidence.japan]
    (39.6, '2023', [49.0, 48.4])
    """
    latest = latest_overall_rate(invention)
    china = PublishedRate(float(latest["value"]), "invention patent industrialization rate",
                          str(int(latest["survey_year"])), tuple(row_sources(latest)))
    abroad = {part: tuple(_abroad_rate(row) for _, row in
                          international[international["economy"].str.contains(covers)].iterrows())
              for part, (_, covers, _) in ABROAD_PARTS.items()}
    japan = international[international["economy"] == "Japan"].sort_values("reference_period")
    return Pat01Evidence(china, abroad, tuple(_abroad_rate(row) for _, row in japan.iterrows()))


def decide_pat_01(evidence: Pat01Evidence) -> dict[str, Decision]:
    """PAT-01a: China's latest overall rate compared with the article's "about 39%" within
    :data:`ABOUT_TOLERANCE`; PAT-01b-d: not checkable, since no rate abroad is a survey on CNIPA's definition and
    the article gives no year for Japan's (found for PAT-01d: Japan's rates).

    Example
    -------
    >>> china = PublishedRate(40.5, "invention patent industrialization rate", "2023")
    >>> decide_pat_01(Pat01Evidence(china, {"PAT-01b": (), "PAT-01c": ()}, ()))["PAT-01a"]
    Decision(verdict='contradicted', computed=40.5, published=None, stated=False, basis='source', tolerance=1.0)
    """
    return {"PAT-01a": compare("PAT-01a", evidence.china.value, tolerance=ABOUT_TOLERANCE),
            **{part: Decision("not_checkable") for part in evidence.abroad},
            "PAT-01d": Decision("not_checkable", computed=[rate.value for rate in evidence.japan])}


def _abroad_text(rate: PublishedRate, covers: str) -> str:
    """One figure found abroad, with its scope and, when it pools several economies, their names."""
    return WORDING["abroad_figure"].format(
        value=rate.value, metric=rate.metric, period=rate.period or WORDING["period_not_given"],
        scope=WORDING["abroad_scope"].format(scope=rate.scope) if rate.scope else "",
        economy=WORDING["abroad_economy"].format(economy=rate.economy) if rate.economy != covers else "")


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
    evidence = pat_01_evidence(invention, international)
    decided = decide_pat_01(evidence)
    china = {"rate": evidence.china.value, "year": evidence.china.period, "tolerance": ABOUT_TOLERANCE}
    # claims.evaluate compares again and grades the sources; the finding says the rate is the article's if it is
    record(audit, "PAT-01a", decided["PAT-01a"], about={}, explanation=WORDING["pat_01a"].format(**china),
           sources=list(evidence.china.sources),
           finding=WORDING["pat_01a_finding"].format(**china) if decided["PAT-01a"].verdict == "confirmed_by_source"
           else "")
    for part, (economy, covers, office) in ABROAD_PARTS.items():
        found = evidence.abroad[part]
        figures = names(_abroad_text(rate, covers) for rate in found)
        record(audit, part, decided[part], about={}, missing=WORDING["abroad_missing"].format(economy=economy),
               publisher=WORDING["abroad_publisher"].format(office=office, economy=economy),
               where=WORDING["abroad_where"],
               explanation=(WORDING["abroad_found"] if found else WORDING["abroad_none"]).format(
                   economy=economy, figures=figures))
    rates = names(WORDING["japan_rate"].format(value=rate.value, period=rate.period) for rate in evidence.japan)
    record(audit, "PAT-01d", decided["PAT-01d"], about={},
           sources=[url for rate in evidence.japan for url in rate.sources], missing=WORDING["pat_01d_missing"],
           publisher=WORDING["pat_01d_publisher"], where=WORDING["pat_01d_where"],
           explanation=WORDING["pat_01d"].format(rates=rates, published=claims.lookup("PAT-01d")["published_value"]))


# --- PAT-02 ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Pat02Evidence:
    """The survey year asked for, every rate found for the groups of PAT-02a-b (any year, by part) and the
    enterprises' rate of that year (``None`` when none was found).

    Example
    -------
    >>> Pat02Evidence(2024, {"PAT-02a": (), "PAT-02b": ()}, None).enterprises is None
    True
    """

    latest_year: int
    groups: dict[str, tuple[PublishedRate, ...]]
    enterprises: PublishedRate | None


def _group_rate(row) -> PublishedRate:
    return PublishedRate(float(row["value"]), str(row["metric"]), str(int(row["survey_year"])),
                         tuple(row_sources(row)))


def pat_02_evidence(invention: pd.DataFrame, latest_year: int) -> Pat02Evidence:
    """The universities' and research institutes' rates found, and the enterprises' rate of ``latest_year``.

    Example
    -------
    >>> invention = pd.DataFrame({"survey_year": [2022, 2024], "patentee_group": ["universities", "enterprises"],
    ...                           "value": [3.9, 53.3], "metric": ["conversion rate", "industrialization rate"],
    ...                           "source_url": [None, None]})
    >>> evidence = pat_02_evidence(invention, 2024)
    >>> [rate.value for rate in evidence.groups["PAT-02a"]], evidence.enterprises.value
    ([3.9], 53.3)
    """
    groups = {part: tuple(_group_rate(row) for _, row in invention[invention["patentee_group"] == group].iterrows())
              for part, group in GROUP_PARTS.items()}
    enterprises = invention[(invention["survey_year"] == latest_year) & (invention["patentee_group"] == "enterprises")]
    return Pat02Evidence(latest_year, groups, _group_rate(enterprises.iloc[0]) if len(enterprises) else None)


def decide_pat_02(evidence: Pat02Evidence) -> dict[str, Decision]:
    """PAT-02c: the enterprises' rate compared with the article's 53% as a rounded figure (within
    :data:`ROUNDED_TOLERANCE`), not checkable without a rate for the year; PAT-02a-b, d-e: not checkable (no public
    source gives those rates).

    Example
    -------
    >>> enterprises = PublishedRate(53.6, "industrialization rate", "2024")
    >>> decide_pat_02(Pat02Evidence(2024, {"PAT-02a": (), "PAT-02b": ()}, enterprises))["PAT-02c"].verdict
    'contradicted'
    """
    enterprises = evidence.enterprises
    return {**{part: Decision("not_checkable") for part in evidence.groups},
            "PAT-02c": (Decision("not_checkable") if enterprises is None
                        else compare("PAT-02c", enterprises.value, tolerance=ROUNDED_TOLERANCE)),
            "PAT-02d": Decision("not_checkable"), "PAT-02e": Decision("not_checkable")}


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
    about = {"latest_year": CLAIM_SURVEY_YEAR}
    evidence = pat_02_evidence(invention, latest_year)
    decided = decide_pat_02(evidence)
    for part, group in GROUP_PARTS.items():
        found = evidence.groups[part]
        figures = names(WORDING["group_rate"].format(value=rate.value, survey_year=rate.period, metric=rate.metric)
                        for rate in found)
        record(audit, part, decided[part], about=about,
               missing=WORDING["group_missing"].format(latest_year=latest_year, group=group),
               explanation=(WORDING["group_found"] if found else WORDING["group_none"]).format(group=group,
                                                                                               figures=figures))
    enterprises = evidence.enterprises
    if decided["PAT-02c"].verdict == "not_checkable":
        record(audit, "PAT-02c", decided["PAT-02c"], about=about,
               missing=WORDING["pat_02c_missing"].format(latest_year=latest_year))
    else:  # claims.evaluate compares again and grades the sources stating the rate
        record(audit, "PAT-02c", decided["PAT-02c"], about=about, sources=list(enterprises.sources),
               explanation=WORDING["pat_02c"].format(value=enterprises.value, latest_year=latest_year))
    record(audit, "PAT-02d", decided["PAT-02d"], about={}, missing=WORDING["pat_02d_missing"],
           publisher=WORDING["pat_02d_publisher"], where=WORDING["pat_02d_where"])
    record(audit, "PAT-02e", decided["PAT-02e"], about={}, missing=WORDING["pat_02e_missing"])
