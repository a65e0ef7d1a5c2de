"""Verdicts of the notebook ``regional_shares``: YRD-01 (YRD shares), GBA-01 to GBA-03 (Greater Bay Area finance).

A CASTED threshold confirms a share only when it says what the article says ("nearly 50%" for "nearly half"); a
threshold in other words ("over 30%" for "about one third") is consistent with the article without stating it, so
the part is not checkable. GBA figures of different cities and dates are shown side by side, never added up.

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

import pandas as pd

from innovlib.claims import Audit, lookup, row_sources
from innovlib.analyses.regional_shares import HUNDRED_MILLIONS_PER_BN, edition_statements
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
#: The Guangzhou mother funds of GBA-01a, in the article's order.
GUANGZHOU_FUNDS = ["industrial investment mother fund", "innovation (venture) investment mother fund",
                   "angel mother fund"]
#: The S&T innovation mother fund's figures of GBA-01b-d, and the ``gba_finance`` items that measure (part of) each.
STI_FUND = "S&T innovation mother fund"
STI_FUND_FIGURES = {"GBA-01b": ("number of sub-funds", ["sub-funds invested"]),
                    "GBA-01c": ("paid-in capital of the sub-funds", ["paid into sub-funds by the fund",
                                                                      "social capital paid into sub-funds"]),
                    "GBA-01d": ("number of Guangzhou projects invested", ["Guangzhou projects invested"])}


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
    about = {"yrd_edition": "2025"}
    statements = edition_statements(yrd, edition)
    for part, (indicator, wording) in YRD_PARTS.items():
        if indicator not in statements.index:
            # Name what the report does say about the same kind of quantity (expenditure, personnel, ...).
            related = [i for i in statements.index if indicator.split()[-1] in i]
            said = names(f"{i}: {statements.loc[i, 'stated']}" for i in related)
            audit.not_checkable(part, about=about, missing=f"any share for {indicator} in CASTED's {edition} report",
                                explanation=f"The report states {said}." if related else "")
            continue
        row = statements.loc[indicator]
        if row["comparator"] == wording:
            audit.check(part, computed=float(row["share"]), about=about, basis="source", sources=row_sources(row),
                        explanation=f"CASTED's {edition} report puts the YRD's share of {indicator} at "
                                    f"'{row['stated']}', the article's wording.")
        else:
            audit.not_checkable(part, about=about, computed=row["stated"], sources=row_sources(row),
                                missing=(f"the YRD's exact share of {indicator} (CASTED states only a threshold)"
                                         + (f"; it could be recomputed from {YRD_SETTLED_BY[part]}"
                                            if part in YRD_SETTLED_BY else "")),
                                explanation=f"The {edition} report says '{row['stated']}', consistent with the "
                                            f"article's {lookup(part)['published_value']}% but not stating it.")


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
    by_item = gba.set_index(["city", "item"])
    funds = by_item.loc[[("Guangzhou", f"{fund}, size") for fund in GUANGZHOU_FUNDS]]
    sizes = [value / HUNDRED_MILLIONS_PER_BN if pd.notna(value) else None for value in funds["value"]]
    found = names(f"{fund} {size:g} bn yuan" for fund, size in zip(GUANGZHOU_FUNDS, sizes) if size is not None)
    per_fund = {f"the {fund}'s size": row_sources(row) for fund, (_, row) in zip(GUANGZHOU_FUNDS, funds.iterrows())}
    if None not in sizes:
        audit.check("GBA-01a", computed=sizes, about={}, basis="source", sources=per_fund,
                    explanation=f"Published fund sizes: {found}.")
    else:
        gaps = names(fund for fund, size in zip(GUANGZHOU_FUNDS, sizes) if size is None)
        audit.not_checkable("GBA-01a", about={}, computed=sizes, sources=per_fund,
                            missing=f"a published size for the {gaps}", explanation=f"Found: {found}.")
    fund_rows = gba[(gba["city"] == "Guangzhou") & gba["item"].str.startswith(f"{STI_FUND}, ")]
    for part, (figure, items) in STI_FUND_FIGURES.items():
        rows = fund_rows[fund_rows["item"].isin([f"{STI_FUND}, {item}" for item in items])].sort_values("as_of")
        latest = "; ".join(f"{r.item.removeprefix(STI_FUND + ', ')} {_over(getattr(r, 'note', None))}{r.value:g} "
                           f"{_unit(r.unit)} ({r.as_of})" for r in rows.itertuples())
        audit.not_checkable(part, about={}, missing=f"the {STI_FUND}'s {figure} at mid-2025",
                            sources=[url for _, row in rows.iterrows() for url in row_sources(row)],
                            explanation=(f"The latest figures found, of earlier dates: {latest}." if len(rows)
                                         else f"No figure of the fund's {figure} was found."))


def _over(note) -> str:
    """'over ' when the source states the figure as a lower bound (its note starts with the quoted 'over ...')."""
    return "over " if isinstance(note, str) and note.startswith("'over") else ""


def _unit(unit: str) -> str:
    """A unit as a reader writes it after a number ('100 million CNY' -> 'x 100 million yuan')."""
    return "x 100 million yuan" if unit == "100 million CNY" else unit


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
    leverage = gba.set_index(["city", "item"]).loc[("Hong Kong", "HKIC market capital mobilised per dollar invested")]
    published = lookup("GBA-02")["published_value"]
    satisfies = "satisfies" if leverage["value"] > float(published) else "does not satisfy"
    audit.check("GBA-02", computed=float(leverage["value"]), about={}, basis="source", sources=row_sources(leverage),
                explanation=(f"HKIC's reported leverage is more than {leverage['value']:g} to 1 ({leverage['unit']}, "
                             f"{leverage['as_of']}), which {satisfies} 'over {published}'."),
                finding=(f"Hong Kong Investment Corporation reports that each dollar it invests draws more than "
                         f"{leverage['value']:g} from others ({leverage['as_of']}), which {satisfies} the 'over "
                         f"{published}' the article quotes."))


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
    ip = gba[gba["item"].str.startswith("IP securitisation")]
    latest = "; ".join(f"{r.city} {r.value:g} {_unit(r.unit)} ({r.as_of})" for r in ip.itertuples())
    for part, what in [("GBA-03a", "number of products"), ("GBA-03b", "value")]:
        audit.not_checkable(part, about={}, missing=f"a combined Guangzhou and Shenzhen {what} as of July 2025",
                            explanation=("Latest figures found, per city and of different dates (not added up): "
                                         f"{latest}."))
