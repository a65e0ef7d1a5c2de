"""Verdicts of the notebook ``regional_shares``: YRD-01 (YRD shares), GBA-01 to GBA-03 (Greater Bay Area finance).

A CASTED threshold confirms a share only when it says what the article says ("nearly 50%" for "nearly half"); a
threshold in other words ("over 30%" for "about one third") is consistent with the article without stating it, so
the part is not checkable. GBA figures of different cities and dates are shown side by side, never added up.

Each claim is checked in three steps: ``<claim>_evidence`` gathers the published figures (a frozen record of values),
``decide_<claim>`` gives each part's verdict from them (before :mod:`innovlib.claims` applies its grading rules to
the sources), and the sentences come from the templates of :data:`WORDING`; ``<claim>(audit, ...)`` runs the three
and records the verdicts.

Example
-------
>>> import pandas as pd
>>> from innovlib.claims import Audit
>>> gba = pd.DataFrame({"item": ["IP securitisation products issued (cumulative)"] * 2, "value": [105.0, 4.0],
...                     "city": ["Shenzhen", "Guangzhou"], "unit": ["products"] * 2, "as_of": ["2024-06", "2023-06"]})
>>> audit = Audit()
>>> gba_03(audit, gba)
>>> [v.verdict for v in audit.recorded]
['not_checkable', 'not_checkable']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib.analyses.regional_shares import HUNDRED_MILLIONS_PER_BN, edition_statements
from innovlib.claims import Audit, row_sources
from innovlib.findings import Decision, compare, record
from innovlib.text import names

#: The YRD-01 parts: the indicator of CASTED's reports that measures each, and the article's wording of its share.
YRD_PARTS = {
    "YRD-01a": ("R&D internal expenditure", "about"),
    "YRD-01b": ("R&D personnel", "about"),
    "YRD-01c": ("invention patents held", "about"),
    "YRD-01d": ("high-tech product exports", "about"),
    "YRD-01e": ("firms with R&D activity", "nearly"),
    "YRD-01f": ("technology international revenue", "nearly"),
}
#: Published tables that would settle a YRD-01 part by recomputation but could not be read here (leads, not data).
YRD_SETTLED_BY = {
    "YRD-01a": ("the provinces' R&D expenditure in NBS/MOST/MOF's Statistical Communiqué on National Expenditures on "
                "Science and Technology (its 2024 edition has a table by region; CASTED's report may use an earlier "
                "data year)"),
}
#: The report edition the YRD-01 claims are about.
CLAIM_EDITION = "2025"
#: The Guangzhou mother funds of GBA-01a, in the article's order.
GUANGZHOU_FUNDS = ["industrial investment mother fund", "innovation (venture) investment mother fund",
                   "angel mother fund"]
#: The S&T innovation mother fund's figures of GBA-01b-d, and the ``gba_finance`` items that measure (part of) each.
STI_FUND = "S&T innovation mother fund"
STI_FUND_FIGURES = {"GBA-01b": ("number of sub-funds", ["sub-funds invested"]),
                    "GBA-01c": ("paid-in capital of the sub-funds", ["paid into sub-funds by the fund",
                                                                      "social capital paid into sub-funds"]),
                    "GBA-01d": ("number of Guangzhou projects invested", ["Guangzhou projects invested"])}
#: Units as a reader writes them after a number.
UNIT_WORDS = {"100 million CNY": "x 100 million yuan"}

#: Every sentence this module writes, filled from the evidence (str.format with named fields).
WORDING = {
    "yrd_stated": "{indicator}: {stated}",
    "yrd_related": "The report states {said}.",
    "yrd_absent_missing": "any share for {indicator} in CASTED's {edition} report",
    "yrd_confirms": ("CASTED's {edition} report puts the YRD's share of {indicator} at '{stated}', the article's "
                     "wording."),
    "yrd_threshold_missing": "the YRD's exact share of {indicator} (CASTED states only a threshold)",
    "yrd_settled_by": "; it could be recomputed from {settled_by}",
    "yrd_threshold": ("The {edition} report says '{stated}', consistent with the article's {published}% but not "
                      "stating it."),
    "fund_size": "{fund} {size:g} bn yuan",
    "fund_size_sources": "the {fund}'s size",
    "gba_01a_found": "Published fund sizes: {found}.",
    "gba_01a_missing": "a published size for the {gaps}",
    "gba_01a_partly_found": "Found: {found}.",
    "figure": "{item} {over}{value:g} {unit} ({as_of})",
    "over": "over ",
    "sti_missing": "the {fund}'s {figure} at mid-2025",
    "sti_found": "The latest figures found, of earlier dates: {figures}.",
    "sti_none": "No figure of the fund's {figure} was found.",
    "gba_02": ("HKIC's reported leverage is more than {value:g} to 1 ({unit}, {as_of}), which {satisfies} "
               "'over {published}'."),
    "gba_02_finding": ("Hong Kong Investment Corporation reports that each dollar it invests draws more than "
                       "{value:g} from others ({as_of}), which {satisfies} the 'over {published}' the article quotes."),
    "satisfies": "satisfies",
    "does_not_satisfy": "does not satisfy",
    "ip_missing": "a combined Guangzhou and Shenzhen {what} as of July 2025",
    "ip_figures": "Latest figures found, per city and of different dates (not added up): {figures}.",
}


@dataclass(frozen=True)
class Figure:
    """A figure as a source publishes it: what it measures, its value and unit, its date and the URLs stating it;
    ``lower_bound`` when the source states it as 'over' the value.

    Example
    -------
    >>> Figure("sub-funds invested", 24.0, "funds", "2023-05-31", city="Guangzhou").lower_bound
    False
    """

    item: str
    value: float
    unit: str
    as_of: str
    sources: tuple[str, ...] = ()
    city: str = ""
    lower_bound: bool = False


def _figure(row, item: str, city: str) -> Figure:
    """A row of ``gba_finance`` as a :class:`Figure`; a note quoting 'over ...' makes it a lower bound."""
    note = row.get("note")
    return Figure(item, float(row["value"]), str(row["unit"]), str(row["as_of"]), tuple(row_sources(row)), city,
                  isinstance(note, str) and note.startswith("'over"))


def _figure_text(figure: Figure, item: str) -> str:
    return WORDING["figure"].format(item=item, over=WORDING["over"] if figure.lower_bound else "", value=figure.value,
                                    unit=UNIT_WORDS.get(figure.unit, figure.unit), as_of=figure.as_of)


# --- YRD-01 ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ShareStatement:
    """A share CASTED's report states: its comparator ('over', 'nearly', ...), the share, its words and sources.

    Example
    -------
    >>> ShareStatement("R&D personnel", "over", 30.0, "over 30%").stated
    'over 30%'
    """

    indicator: str
    comparator: str
    share: float
    stated: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Yrd01Evidence:
    """Per YRD-01 part: the statement of the report ``edition`` on its indicator (``None`` when the report states
    none) and the report's statements on indicators of the same kind (expenditure, personnel, ...).

    Example
    -------
    >>> Yrd01Evidence("2025", {"YRD-01a": None}, {"YRD-01a": ()}).statements["YRD-01a"] is None
    True
    """

    edition: str
    statements: dict[str, ShareStatement | None]
    related: dict[str, tuple[ShareStatement, ...]]


def yrd_01_evidence(yrd: pd.DataFrame, edition: str) -> Yrd01Evidence:
    """What CASTED's report ``edition`` states for each YRD-01 indicator, and on indicators like it.

    Example
    -------
    >>> from innovlib.data import load
    >>> evidence = yrd_01_evidence(load("regional_shares", resource="yrd_shares"), "2025")
    >>> evidence.statements["YRD-01f"].stated, evidence.statements["YRD-01e"]
    ('nearly 50%', None)
    """
    statements = edition_statements(yrd, edition)
    as_statement = {indicator: ShareStatement(indicator, row["comparator"], float(row["share"]), row["stated"],
                                              tuple(row_sources(row)))
                    for indicator, row in statements.iterrows()}
    # what the report says about the same kind of quantity: indicators sharing the last word
    return Yrd01Evidence(edition, {part: as_statement.get(indicator) for part, (indicator, _) in YRD_PARTS.items()},
                         {part: tuple(s for i, s in as_statement.items() if indicator.split()[-1] in i)
                          for part, (indicator, _) in YRD_PARTS.items()})


def decide_yrd_01(evidence: Yrd01Evidence) -> dict[str, Decision]:
    """Per part: the share compared with the article's figure when the report states it in the article's words; not
    checkable when the report states a threshold in other words (found: its words), or nothing.

    Example
    -------
    >>> nearly = ShareStatement("technology international revenue", "nearly", 50.0, "nearly 50%")
    >>> over = ShareStatement("R&D personnel", "over", 30.0, "over 30%")
    >>> decided = decide_yrd_01(Yrd01Evidence("2025", {"YRD-01f": nearly, "YRD-01b": over, "YRD-01e": None}, {}))
    >>> [(part, d.verdict, d.computed) for part, d in decided.items()]  # doctest: +NORMALIZE_WHITESPACE
    [('YRD-01f', 'confirmed_by_source', 50.0), ('YRD-01b', 'not_checkable', 'over 30%'),
     ('YRD-01e', 'not_checkable', None)]
    """
    def decision(part: str, statement: ShareStatement | None) -> Decision:
        if statement is None:
            return Decision("not_checkable")
        if statement.comparator != YRD_PARTS[part][1]:  # a threshold in other words than the article's
            return Decision("not_checkable", computed=statement.stated)
        return compare(part, statement.share)

    return {part: decision(part, statement) for part, statement in evidence.statements.items()}


def yrd_01(audit: Audit, yrd: pd.DataFrame, edition: str) -> None:
    """YRD-01a-f: the YRD's shares of national totals in CASTED's report ``edition`` (the claims are about 2025).

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded (its parameters include ``yrd_edition``).
    yrd : pandas.DataFrame
        Resource ``yrd_shares`` of ``regional_shares``: report_edition, indicator, comparator, share, source_url.
    edition : str
        The report edition shown.

    Example
    -------
    >>> import pandas as pd
    >>> from innovlib.claims import Audit
    >>> yrd = pd.DataFrame({"report_edition": ["2025"], "indicator": ["R&D personnel"], "comparator": ["over"],
    ...                     "share": [30.0], "source_url": ["http://www.goomeyun.net/cj/cjyw/2025-09-22/1782502.html"]})
    >>> audit = Audit(yrd_edition="2025")
    >>> yrd_01(audit, yrd, "2025")
    >>> print(audit.recorded[1].explanation)
    Missing: the YRD's exact share of R&D personnel (CASTED states only a threshold).
    The 2025 report says 'over 30%', consistent with the article's 33.3% but not stating it.
    >>> print(audit.recorded[0].explanation)
    Missing: any share for R&D internal expenditure in CASTED's 2025 report.
    """
    about = {"yrd_edition": CLAIM_EDITION}
    evidence = yrd_01_evidence(yrd, edition)
    decided = decide_yrd_01(evidence)
    for part, (indicator, _) in YRD_PARTS.items():
        statement, decision = evidence.statements[part], decided[part]
        if statement is None:
            said = names(WORDING["yrd_stated"].format(**vars(s)) for s in evidence.related[part])
            record(audit, part, decision, about=about,
                   missing=WORDING["yrd_absent_missing"].format(indicator=indicator, edition=edition),
                   explanation=WORDING["yrd_related"].format(said=said) if said else "")
        elif decision.verdict == "not_checkable":  # a threshold in other words than the article's
            settled_by = (WORDING["yrd_settled_by"].format(settled_by=YRD_SETTLED_BY[part])
                          if part in YRD_SETTLED_BY else "")
            record(audit, part, decision, about=about, sources=list(statement.sources),
                   missing=WORDING["yrd_threshold_missing"].format(indicator=indicator) + settled_by,
                   explanation=WORDING["yrd_threshold"].format(edition=edition, stated=statement.stated,
                                                               published=claims.lookup(part)["published_value"]))
        else:  # claims.evaluate compares again and grades the sources stating the share
            record(audit, part, decision, about=about, sources=list(statement.sources),
                   explanation=WORDING["yrd_confirms"].format(edition=edition, indicator=indicator,
                                                              stated=statement.stated))


# --- GBA-01 to GBA-03 -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Gba01Evidence:
    """The three Guangzhou mother funds' sizes in bn yuan (``None`` where no size is published) with each size's
    sources, and per part of GBA-01b-d the S&T innovation mother fund's figures found, earliest first.

    Example
    -------
    >>> Gba01Evidence({"angel mother fund": None}, {"angel mother fund": ()}, {}).sizes
    {'angel mother fund': None}
    """

    sizes: dict[str, float | None]
    size_sources: dict[str, tuple[str, ...]]
    fund_figures: dict[str, tuple[Figure, ...]]


def gba_01_evidence(gba: pd.DataFrame) -> Gba01Evidence:
    """The mother funds' sizes (converted to bn yuan) and the S&T innovation mother fund's figures.

    Example
    -------
    >>> from innovlib.data import load
    >>> evidence = gba_01_evidence(load("regional_shares", resource="gba_finance"))
    >>> list(evidence.sizes.values()), [f.value for f in evidence.fund_figures["GBA-01b"]]
    ([150.0, 50.0, None], [24.0, 25.0])
    """
    funds = gba.set_index(["city", "item"]).loc[[("Guangzhou", f"{fund}, size") for fund in GUANGZHOU_FUNDS]]
    sizes = {fund: float(value) / HUNDRED_MILLIONS_PER_BN if pd.notna(value) else None
             for fund, value in zip(GUANGZHOU_FUNDS, funds["value"])}
    size_sources = {fund: tuple(row_sources(row)) for fund, (_, row) in zip(GUANGZHOU_FUNDS, funds.iterrows())}
    fund_rows = gba[(gba["city"] == "Guangzhou") & gba["item"].str.startswith(f"{STI_FUND}, ")]
    figures = {}
    for part, (_, items) in STI_FUND_FIGURES.items():
        rows = fund_rows[fund_rows["item"].isin([f"{STI_FUND}, {item}" for item in items])].sort_values("as_of")
        figures[part] = tuple(_figure(row, row["item"].removeprefix(f"{STI_FUND}, "), row["city"])
                              for _, row in rows.iterrows())
    return Gba01Evidence(sizes, size_sources, figures)


def decide_gba_01(evidence: Gba01Evidence) -> dict[str, Decision]:
    """GBA-01a: not checkable while a fund's size is unpublished, else the sizes compared with the article's
    150/50/10 bn yuan (found: the sizes); GBA-01b-d: not checkable (no figure of mid-2025 is published).

    Example
    -------
    >>> sizes = {"industrial": 150.0, "innovation": 50.0, "angel": 10.0}
    >>> {part: d.verdict for part, d in decide_gba_01(Gba01Evidence(sizes, {}, {"GBA-01b": ()})).items()}
    {'GBA-01a': 'confirmed_by_source', 'GBA-01b': 'not_checkable'}
    """
    sizes = list(evidence.sizes.values())
    return {"GBA-01a": Decision("not_checkable", computed=sizes) if None in sizes else compare("GBA-01a", sizes),
            **{part: Decision("not_checkable") for part in evidence.fund_figures}}


def gba_01(audit: Audit, gba: pd.DataFrame) -> None:
    """GBA-01a-d: the sizes of Guangzhou's mother funds, and its S&T innovation mother fund at mid-2025.

    Parameters
    ----------
    audit : innovlib.claims.Audit
        Where the verdicts are recorded.
    gba : pandas.DataFrame
        Resource ``gba_finance`` of ``regional_shares``: item, city, value, unit, as_of, source_url, note.

    Example
    -------
    >>> import pandas as pd
    >>> from innovlib.claims import Audit
    >>> url = "http://www.xfqyw.cn/caijing/2023/0219/52573.html"
    >>> items = [f"{fund}, size" for fund in GUANGZHOU_FUNDS] + ["S&T innovation mother fund, sub-funds invested"]
    >>> gba = pd.DataFrame({"city": ["Guangzhou"] * 4, "value": [1500.0, 500.0, None, 24.0], "item": items,
    ...                     "as_of": ["2023-02-18"] * 3 + ["2023-05-31"], "unit": ["100 million CNY"] * 3 + ["funds"],
    ...                     "source_url": [url] * 4})
    >>> audit = Audit()
    >>> gba_01(audit, gba)
    >>> audit.recorded[0].computed
    [150.0, 50.0, None]
    >>> print(audit.recorded[1].explanation)
    Missing: the S&T innovation mother fund's number of sub-funds at mid-2025.
    The latest figures found, of earlier dates: sub-funds invested 24 funds (2023-05-31).
    >>> print(audit.recorded[0].explanation)
    Missing: a published size for the angel mother fund.
    Found: industrial investment mother fund 150 bn yuan and innovation (venture) investment mother fund 50 bn yuan.
    """
    evidence = gba_01_evidence(gba)
    decided = decide_gba_01(evidence)
    found = names(WORDING["fund_size"].format(fund=fund, size=size) for fund, size in evidence.sizes.items()
                  if size is not None)
    per_fund = {WORDING["fund_size_sources"].format(fund=fund): list(urls)
                for fund, urls in evidence.size_sources.items()}
    if decided["GBA-01a"].verdict == "not_checkable":
        gaps = names(fund for fund, size in evidence.sizes.items() if size is None)
        record(audit, "GBA-01a", decided["GBA-01a"], about={}, sources=per_fund,
               missing=WORDING["gba_01a_missing"].format(gaps=gaps),
               explanation=WORDING["gba_01a_partly_found"].format(found=found))
    else:  # claims.evaluate compares again and grades each size's sources
        record(audit, "GBA-01a", decided["GBA-01a"], about={}, sources=per_fund,
               explanation=WORDING["gba_01a_found"].format(found=found))
    for part, (figure, _) in STI_FUND_FIGURES.items():
        figures = evidence.fund_figures[part]
        record(audit, part, decided[part], about={}, missing=WORDING["sti_missing"].format(fund=STI_FUND, figure=figure),
               sources=[url for f in figures for url in f.sources],
               explanation=(WORDING["sti_found"] if figures else WORDING["sti_none"]).format(
                   figure=figure, figures="; ".join(_figure_text(f, f.item) for f in figures)))


def gba_02_evidence(gba: pd.DataFrame) -> Figure:
    """The market capital the Hong Kong Investment Corporation reports drawing in per dollar it invests.

    Example
    -------
    >>> from innovlib.data import load
    >>> leverage = gba_02_evidence(load("regional_shares", resource="gba_finance"))
    >>> leverage.value, leverage.as_of
    (6.0, '2024 annual report')
    """
    item = "HKIC market capital mobilised per dollar invested"
    return _figure(gba.set_index(["city", "item"]).loc[("Hong Kong", item)], item, "Hong Kong")


def decide_gba_02(leverage: Figure) -> dict[str, Decision]:
    """GBA-02: HKIC's leverage compared with the article's 'over 5' (the catalogue's comparison is ``greater than``).

    Example
    -------
    >>> decide_gba_02(Figure("leverage", 5.0, "HKD per HKD invested", "2024"))["GBA-02"].verdict
    'contradicted'
    """
    return {"GBA-02": compare("GBA-02", leverage.value)}


def gba_02(audit: Audit, gba: pd.DataFrame) -> None:
    """GBA-02: the market capital the Hong Kong Investment Corporation (HKIC) draws in per unit it invests.

    Example
    -------
    >>> from innovlib.claims import Audit
    >>> from innovlib.data import load
    >>> audit = Audit()
    >>> gba_02(audit, load("regional_shares", resource="gba_finance"))
    >>> print(audit.recorded[0].explanation)
    HKIC's reported leverage is more than 6 to 1 (HKD per HKD invested, 2024 annual report), which satisfies 'over 5'.
    """
    leverage = gba_02_evidence(gba)
    decision = decide_gba_02(leverage)["GBA-02"]
    fields = {**vars(leverage), "published": claims.lookup("GBA-02")["published_value"],
              "satisfies": WORDING["satisfies" if decision.verdict == "confirmed_by_source" else "does_not_satisfy"]}
    # claims.evaluate compares again and grades the sources stating the leverage
    record(audit, "GBA-02", decision, about={}, sources=list(leverage.sources),
           explanation=WORDING["gba_02"].format(**fields), finding=WORDING["gba_02_finding"].format(**fields))


def gba_03_evidence(gba: pd.DataFrame) -> tuple[Figure, ...]:
    """Every IP securitisation figure found, per city and date (the products issued and the amounts).

    Example
    -------
    >>> from innovlib.data import load
    >>> [(f.city, f.value) for f in gba_03_evidence(load("regional_shares", resource="gba_finance"))][:2]
    [('Shenzhen', 105.0), ('Shenzhen', 228.29)]
    """
    ip = gba[gba["item"].str.startswith("IP securitisation")]
    return tuple(_figure(row, row["item"], row["city"]) for _, row in ip.iterrows())


def decide_gba_03(figures: tuple[Figure, ...]) -> dict[str, Decision]:
    """GBA-03a-b: not checkable, whatever was found: the figures are of single cities and different dates, and a
    combined figure as of July 2025 is published nowhere (adding them up would not be the claim's figure).

    Example
    -------
    >>> {part: d.verdict for part, d in decide_gba_03(()).items()}
    {'GBA-03a': 'not_checkable', 'GBA-03b': 'not_checkable'}
    """
    return {"GBA-03a": Decision("not_checkable"), "GBA-03b": Decision("not_checkable")}


def gba_03(audit: Audit, gba: pd.DataFrame) -> None:
    """GBA-03a-b: the IP securitisation products Guangzhou and Shenzhen issued together by July 2025.

    Example
    -------
    >>> import pandas as pd
    >>> from innovlib.claims import Audit
    >>> gba = pd.DataFrame({"item": ["IP securitisation products issued (cumulative)"], "city": ["Shenzhen"],
    ...                     "value": [105.0], "unit": ["products"], "as_of": ["2024-06"]})
    >>> audit = Audit()
    >>> gba_03(audit, gba)
    >>> print(audit.recorded[1].explanation)
    Missing: a combined Guangzhou and Shenzhen value as of July 2025.
    Latest figures found, per city and of different dates (not added up): Shenzhen 105 products (2024-06).
    """
    figures = gba_03_evidence(gba)
    decided = decide_gba_03(figures)  # both parts stay open whatever was found
    listed = "; ".join(_figure_text(figure, figure.city) for figure in figures)
    for part, what in [("GBA-03a", "number of products"), ("GBA-03b", "value")]:
        record(audit, part, decided[part], about={}, missing=WORDING["ip_missing"].format(what=what),
               explanation=WORDING["ip_figures"].format(figures=listed))
