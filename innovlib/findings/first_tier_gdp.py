"""Verdicts of the ``first_tier_gdp`` notebook: GDP-01 (three cities beat China's growth) and SH-01 (Shanghai's
three pioneer industries: 1.8 trillion yuan, one third of GDP).

Example
-------
>>> CLAIMED["GDP-01c"]
'Shenzhen'
"""

from __future__ import annotations

import pandas as pd

from innovlib import claims
from innovlib.text import names

CLAIMED = {"GDP-01a": "Beijing", "GDP-01b": "Shanghai", "GDP-01c": "Shenzhen"}  # the city of each part
CLAIM_PERIOD = "2025Q1-Q3"
CLAIM_PIONEER_YEAR = 2024


def gdp_01(audit: claims.Audit, comparison: pd.DataFrame, period: str) -> None:
    """GDP-01a/b/c: each claimed city's real growth over ``period`` against China's, as sources publish them
    (:func:`innovlib.analyses.first_tier_gdp.growth_vs_national`); each rate needs its own evidence.

    Example
    -------
    >>> c = pd.DataFrame({"city": list(CLAIMED.values()), "real_growth": [5.5, None, 5.0], "national": 5.2,
    ...                   "price_basis": ["real", None, "not_stated"], "difference_pp": [0.3, None, -0.2],
    ...                   "beats_national": [True, None, None], "source_url": None, "national_source_url": None})
    >>> audit = claims.Audit(period="2024Q1-Q3")
    >>> gdp_01(audit, c, "2024Q1-Q3")   # another period: nothing recorded
    >>> [s.part_id for s in audit.not_tested]
    ['GDP-01a', 'GDP-01b', 'GDP-01c']
    """
    about = {"period": CLAIM_PERIOD}
    by_city = comparison.set_index("city")
    for part, city in CLAIMED.items():
        row = by_city.loc[city]
        if pd.isna(row["national"]) or pd.isna(row["real_growth"]):
            audit.not_checkable(part, about=about, missing=f"{city}'s or China's real GDP growth for {period}")
        elif row["price_basis"] != "real":
            audit.not_checkable(part, about=about, missing=f"a constant-price growth rate for {city} (the published "
                                                           f"rate is {row['price_basis']})")
        else:
            audit.check(part, computed=bool(row["beats_national"]), about=about, basis="source",
                        explanation=(f"{city} grew {row['real_growth']:.1f}% in {period} at constant prices, China "
                                     f"{row['national']:.1f}% (difference {row['difference_pp']:+.1f} points)."),
                        sources={f"{city}'s rate": claims.row_sources(row),
                                 "China's rate": claims.row_sources({"source_url": row["national_source_url"],
                                                                     "other_source_urls": row.get("national_other_source_urls")})})


def sh_01(audit: claims.Audit, summary: pd.DataFrame) -> None:
    """SH-01a (1.8 trillion yuan) from the published scale; SH-01b (one third of GDP) is not checkable: the scale is
    output, GDP value added (:func:`innovlib.analyses.first_tier_gdp.scale_over_gdp`).

    Example
    -------
    >>> s = pd.DataFrame([{"year": 2021, "pioneer_scale_100m_CNY": 14000.0, "gdp_100m_CNY": None,
    ...                    "scale_over_gdp_pct": None, "source_url": "u"}])
    >>> audit = claims.Audit(pioneer_year=2021)
    >>> sh_01(audit, s)
    >>> audit.recorded, len(audit.not_tested)
    ([], 2)
    """
    row = summary.iloc[0]
    year, trillion, ratio = int(row["year"]), row["pioneer_scale_100m_CNY"] / 10000, row["scale_over_gdp_pct"]
    about = {"pioneer_year": CLAIM_PIONEER_YEAR}
    audit.check("SH-01a", computed=trillion, about=about, basis="source", tolerance=0.05,
                explanation=f"The published total scale of the three pioneer industries in {year} is {trillion:.2f} "
                            "trillion yuan (a statement of the mayor, in reports of it).",
                sources=claims.row_sources(row))
    has_ratio = pd.notna(ratio)
    audit.not_checkable(
        "SH-01b", about=about, computed=round(float(ratio), 1) if has_ratio else None,
        missing=f"the value added of the three pioneer industries in {year} (only their output 'scale' is published)",
        explanation=((f"Their scale is {ratio:.1f}% of GDP" if has_ratio else "No GDP figure to compare with")
                     + ", but scale is output or revenue while GDP is value added, so the ratio is not a share of GDP "
                       "and cannot confirm 'one third of GDP'."),
        unlike=("the industries' output scale (gross output or revenue)", "GDP (a sum of value added)"),
        publisher="Shanghai Municipal Statistics Bureau",
        where="the value added of each pioneer industry, which Shanghai's statistical bulletin does not yet publish",
        finding=(f"'One third of GDP' divides the pioneer industries' output scale ({trillion:.1f} trillion yuan in "
                 f"{year}) by GDP, a sum of value added{f' ({ratio:.1f}%)' if has_ratio else ''}: output is not a "
                 "part of GDP, and their value added is not published."))


def describe_comparison(comparison: pd.DataFrame, period: str) -> str:
    """Markdown: the national rate and the cities without a published real rate (documented gaps).

    Example
    -------
    >>> print(describe_comparison(pd.DataFrame({"city": ["A", "B"], "real_growth": [5.0, None], "national": 5.2}), "P"))
    China's published rate is 5.2%. Cities without a published real growth rate for P: B (documented gaps,
    not estimated).
    """
    national = comparison["national"].iloc[0]
    missing = comparison.loc[comparison["real_growth"].isna(), "city"].tolist()
    head = (f"China's published rate is {national:.1f}%" if pd.notna(national)
            else f"China's rate for {period} is not in the data, so nothing can be compared")
    return (f"{head}. Cities without a published real growth rate for {period}: {names(missing) or 'none'} "
            "(documented gaps, not estimated).")


def describe_pioneer(summary: pd.DataFrame) -> str:
    """Markdown: the published scale in trillion yuan and, with the year's exact GDP, the ratio to it.

    Example
    -------
    >>> describe_pioneer(pd.DataFrame([{"year": 2024, "pioneer_scale_100m_CNY": 18000.0, "gdp_100m_CNY": None,
    ...                                 "scale_over_gdp_pct": None}]))[:54]
    'In 2024 the published scale is 1.80 trillion yuan; Sha'
    """
    row = summary.iloc[0]
    year, scale, gdp, ratio = (row["year"], row["pioneer_scale_100m_CNY"], row["gdp_100m_CNY"],
                               row["scale_over_gdp_pct"])
    return (f"In {year} the published scale is {scale / 10000:.2f} trillion yuan; "
            + (f"divided by GDP ({gdp / 10000:.2f} trillion) that is {ratio:.1f}%." if pd.notna(ratio)
               else f"Shanghai's exact GDP for {year} is not in the data, so no ratio is computed."))
