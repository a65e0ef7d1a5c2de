"""Verdicts of the ``first_tier_gdp`` notebook: GDP-01 (three cities beat China's growth) and SH-01 (Shanghai's
three pioneer industries: 1.8 trillion yuan, one third of GDP).

Each claim goes evidence (``<claim>_evidence``: values only) → decision (``decide_<claim>``) → words (``WORDING``)
→ audit (:mod:`innovlib.findings`).

Example
-------
>>> CLAIMED["GDP-01c"]
'Shenzhen'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from innovlib import claims
from innovlib.findings import Decision, compare, record
from innovlib.text import names

CLAIMED = {"GDP-01a": "Beijing", "GDP-01b": "Shanghai", "GDP-01c": "Shenzhen"}  # the city of each part
CLAIM_PERIOD = "2025Q1-Q3"
CLAIM_PIONEER_YEAR = 2024

WORDING = {
    "gdp_01_missing_rate": "{city}'s or China's real GDP growth for {period}",
    "gdp_01_missing_real": "a constant-price growth rate for {city} (the published rate is {price_basis})",
    "gdp_01_compared": ("{city} grew {real_growth:.1f}% in {period} at constant prices, China {national:.1f}% "
                        "(difference {difference_pp:+.1f} points)."),
    "gdp_01_city_figure": "{city}'s rate",
    "gdp_01_national_figure": "China's rate",
    "sh_01a": ("The published total scale of the three pioneer industries in {year} is {trillion:.2f} trillion yuan "
               "(a statement of the mayor, in reports of it)."),
    "sh_01b_missing": ("the value added of the three pioneer industries in {year} (only their output 'scale' is "
                       "published)"),
    "sh_01b_ratio": "Their scale is {ratio:.1f}% of GDP",
    "sh_01b_no_ratio": "No GDP figure to compare with",
    "sh_01b_unlike": (", but scale is output or revenue while GDP is value added, so the ratio is not a share of GDP "
                      "and cannot confirm 'one third of GDP'."),
    "sh_01b_finding": ("'One third of GDP' divides the pioneer industries' output scale ({trillion:.1f} trillion yuan "
                       "in {year}) by GDP, a sum of value added{ratio_text}: output is not a part of GDP, and their "
                       "value added is not published."),
    "sh_01b_finding_ratio": " ({ratio:.1f}%)",
    "sh_01b_scale": "the industries' output scale (gross output or revenue)",
    "sh_01b_gdp": "GDP (a sum of value added)",
    "sh_01b_publisher": "Shanghai Municipal Statistics Bureau",
    "sh_01b_where": "the value added of each pioneer industry, which Shanghai's statistical bulletin does not yet publish",
    "national_rate": "China's published rate is {national:.1f}%",
    "no_national_rate": "China's rate for {period} is not in the data, so nothing can be compared",
    "cities_without_rate": ("{head}. Cities without a published real growth rate for {period}: {cities} "
                            "(documented gaps, not estimated)."),
    "pioneer_scale": "In {year} the published scale is {trillion:.2f} trillion yuan; ",
    "pioneer_ratio": "divided by GDP ({gdp_trillion:.2f} trillion) that is {ratio:.1f}%.",
    "pioneer_no_gdp": "Shanghai's exact GDP for {year} is not in the data, so no ratio is computed.",
}


@dataclass(frozen=True)
class CityGrowth:
    """One claimed city's published real growth beside China's, with the sources of each rate."""

    city: str
    real_growth: float | None
    national: float | None
    price_basis: str | None
    difference_pp: float | None
    beats_national: bool | None
    sources: tuple[str, ...]
    national_sources: tuple[str, ...]

    @property
    def has_rates(self) -> bool:
        return self.real_growth is not None and self.national is not None

    @property
    def real_basis(self) -> bool:
        return self.price_basis == "real"


@dataclass(frozen=True)
class Gdp01Evidence:
    """GDP-01: each claimed city's growth against China's over ``period`` (keyed by part id)."""

    period: str
    cities: dict[str, CityGrowth]


def _number(value) -> float | None:
    return None if pd.isna(value) else float(value)


def gdp_01_evidence(comparison: pd.DataFrame, period: str) -> Gdp01Evidence:
    """The values GDP-01 rests on, from :func:`innovlib.analyses.first_tier_gdp.growth_vs_national`.

    Example
    -------
    >>> c = pd.DataFrame({"city": list(CLAIMED.values()), "real_growth": [5.5, None, 5.0], "national": 5.2,
    ...                   "price_basis": ["real", None, "not_stated"], "difference_pp": [0.3, None, -0.2],
    ...                   "beats_national": [True, None, None], "source_url": "u", "national_source_url": "n"})
    >>> e = gdp_01_evidence(c, "2025Q1-Q3")
    >>> e.cities["GDP-01a"].difference_pp, e.cities["GDP-01b"].has_rates, e.cities["GDP-01c"].real_basis
    (0.3, False, False)
    """
    by_city = comparison.set_index("city")
    cities = {}
    for part, city in CLAIMED.items():
        row = by_city.loc[city]
        beats = row["beats_national"]
        cities[part] = CityGrowth(
            city=city, real_growth=_number(row["real_growth"]), national=_number(row["national"]),
            price_basis=None if pd.isna(row["price_basis"]) else str(row["price_basis"]),
            difference_pp=_number(row["difference_pp"]), beats_national=None if pd.isna(beats) else bool(beats),
            sources=tuple(claims.row_sources(row)),
            national_sources=tuple(claims.row_sources({"source_url": row["national_source_url"],
                                                       "other_source_urls": row.get("national_other_source_urls")})))
    return Gdp01Evidence(period=period, cities=cities)


def decide_gdp_01(evidence: Gdp01Evidence) -> dict[str, Decision]:
    """Each city is compared only with both rates published and at constant prices.

    Example
    -------
    >>> growth = CityGrowth("Beijing", 5.6, 5.2, "real", 0.4, True, ("u",), ("n",))
    >>> decide_gdp_01(Gdp01Evidence("2025Q1-Q3", {"GDP-01a": growth}))["GDP-01a"].verdict
    'confirmed_by_source'
    """
    return {part: (compare(part, bool(city.beats_national)) if city.has_rates and city.real_basis
                   else Decision("not_checkable"))
            for part, city in evidence.cities.items()}


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
    evidence = gdp_01_evidence(comparison, period)
    for part, decision in decide_gdp_01(evidence).items():
        city = evidence.cities[part]
        fields = {"city": city.city, "period": period, "price_basis": city.price_basis,
                  "real_growth": city.real_growth, "national": city.national, "difference_pp": city.difference_pp}
        if decision.verdict != "not_checkable":
            record(audit, part, decision, about={"period": CLAIM_PERIOD},
                   explanation=WORDING["gdp_01_compared"].format(**fields),
                   sources={WORDING["gdp_01_city_figure"].format(**fields): list(city.sources),
                            WORDING["gdp_01_national_figure"]: list(city.national_sources)})
        else:
            missing = "gdp_01_missing_real" if city.has_rates else "gdp_01_missing_rate"
            record(audit, part, decision, about={"period": CLAIM_PERIOD}, missing=WORDING[missing].format(**fields))


@dataclass(frozen=True)
class Sh01Evidence:
    """SH-01: the published scale of the three pioneer industries and its ratio to GDP (output over value added)."""

    year: int
    trillion: float
    ratio_pct: float | None
    sources: tuple[str, ...]


def sh_01_evidence(summary: pd.DataFrame) -> Sh01Evidence:
    """The values SH-01 rests on, from :func:`innovlib.analyses.first_tier_gdp.scale_over_gdp`.

    Example
    -------
    >>> sh_01_evidence(pd.DataFrame([{"year": 2024, "pioneer_scale_100m_CNY": 18000.0, "gdp_100m_CNY": 53926.71,
    ...                               "scale_over_gdp_pct": 33.378, "source_url": "u"}]))
    Sh01Evidence(year=2024, trillion=1.8, ratio_pct=33.378, sources=('u',))
    """
    row = summary.iloc[0]
    return Sh01Evidence(year=int(row["year"]), trillion=float(row["pioneer_scale_100m_CNY"]) / 10000,
                        ratio_pct=_number(row["scale_over_gdp_pct"]), sources=tuple(claims.row_sources(row)))


def decide_sh_01(evidence: Sh01Evidence) -> dict[str, Decision]:
    """SH-01a compares the published scale with 1.8 trillion (to 0.05); SH-01b stays open whatever the ratio, since
    an output scale is not a part of GDP (value added): the ratio is recorded, rounded to one decimal.

    Example
    -------
    >>> d = decide_sh_01(Sh01Evidence(2024, 1.8, 33.378, ("u",)))
    >>> d["SH-01a"].verdict, d["SH-01b"].verdict, d["SH-01b"].computed
    ('confirmed_by_source', 'not_checkable', 33.4)
    """
    ratio = None if evidence.ratio_pct is None else round(evidence.ratio_pct, 1)
    return {"SH-01a": compare("SH-01a", evidence.trillion, tolerance=0.05),
            "SH-01b": Decision("not_checkable", computed=ratio)}


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
    evidence = sh_01_evidence(summary)
    decisions = decide_sh_01(evidence)
    about = {"pioneer_year": CLAIM_PIONEER_YEAR}
    fields = {"year": evidence.year, "trillion": evidence.trillion, "ratio": evidence.ratio_pct}
    has_ratio = evidence.ratio_pct is not None
    record(audit, "SH-01a", decisions["SH-01a"], about=about,
           explanation=WORDING["sh_01a"].format(**fields), sources=list(evidence.sources))
    ratio_text = WORDING["sh_01b_finding_ratio"].format(**fields) if has_ratio else ""
    record(audit, "SH-01b", decisions["SH-01b"], about=about,
           missing=WORDING["sh_01b_missing"].format(**fields),
           explanation=(WORDING["sh_01b_ratio" if has_ratio else "sh_01b_no_ratio"].format(**fields)
                        + WORDING["sh_01b_unlike"]),
           unlike=(WORDING["sh_01b_scale"], WORDING["sh_01b_gdp"]),
           publisher=WORDING["sh_01b_publisher"], where=WORDING["sh_01b_where"],
           finding=WORDING["sh_01b_finding"].format(ratio_text=ratio_text, **fields))


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
    head = (WORDING["national_rate"] if pd.notna(national) else WORDING["no_national_rate"]).format(
        national=national, period=period)
    return WORDING["cities_without_rate"].format(head=head, period=period, cities=names(missing) or "none")


def describe_pioneer(summary: pd.DataFrame) -> str:
    """Markdown: the published scale in trillion yuan and, with the year's exact GDP, the ratio to it.

    Example
    -------
    >>> describe_pioneer(pd.DataFrame([{"year": 2024, "pioneer_scale_100m_CNY": 18000.0, "gdp_100m_CNY": None,
    ...                                 "scale_over_gdp_pct": None}]))[:54]
    'In 2024 the published scale is 1.80 trillion yuan; Sha'
    """
    row = summary.iloc[0]
    ratio = row["scale_over_gdp_pct"]
    fields = {"year": row["year"], "trillion": row["pioneer_scale_100m_CNY"] / 10000, "ratio": ratio,
              "gdp_trillion": row["gdp_100m_CNY"] / 10000 if pd.notna(row["gdp_100m_CNY"]) else None}
    return (WORDING["pioneer_scale"].format(**fields)
            + WORDING["pioneer_ratio" if pd.notna(ratio) else "pioneer_no_gdp"].format(**fields))
