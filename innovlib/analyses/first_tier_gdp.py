"""The first_tier_gdp notebook's tables: first-tier cities' published real GDP growth against China's, and
Shanghai's three pioneer industries against its GDP.

Only published figures are compared: a rate counts only on a real (constant-price) basis, and an industry's scale
(output or revenue) is set beside GDP without being called a share of it. The verdicts are decided in
:mod:`innovlib.findings.first_tier_gdp`.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"region": ["China", "A"], "period": "P", "indicator": "gdp_real_growth",
...                   "value": [5.2, 5.5], "price_basis": "real", "source_url": "u"})
>>> growth_vs_national(t, "P", ["A"])["beats_national"].tolist()
[True]
"""

from __future__ import annotations

import pandas as pd

from innovlib.data import row_sources


def growth_vs_national(table: pd.DataFrame, period: str, cities: list[str]) -> pd.DataFrame:
    """Each city's published real GDP growth over ``period`` against China's, one row per city (given order).

    A city is compared only when its rate is published on a real (constant-price) basis, as the national rate is:
    ``beats_national`` is empty otherwise, and for every city when China's rate is not in the table. Columns:
    ``city``, ``real_growth``, ``price_basis``, ``national``, ``difference_pp``, ``beats_national``, ``source_url``,
    ``other_source_urls``, ``national_source_url`` and ``national_other_source_urls`` (every URL the rows record).

    Example
    -------
    >>> t = pd.DataFrame({"region": ["China", "A", "B"], "period": "P", "indicator": "gdp_real_growth",
    ...                   "value": [5.2, 5.5, 6.0], "price_basis": ["real", "real", "not_stated"], "source_url": "u"})
    >>> growth_vs_national(t, "P", ["A", "B", "C"])[["difference_pp", "beats_national"]].round(1).values.tolist()
    [[0.3, True], [0.8, None], [nan, None]]
    """
    real = table[(table["period"] == period) & (table["indicator"] == "gdp_real_growth")].set_index("region")
    has_national = "China" in real.index
    national = float(real.loc["China", "value"]) if has_national else None
    out = pd.DataFrame({"city": list(dict.fromkeys(cities))})
    out["real_growth"] = out["city"].map(real["value"]).astype(float)
    out["price_basis"] = out["city"].map(real["price_basis"])
    out["national"] = national
    out["difference_pp"] = out["real_growth"] - national if has_national else float("nan")
    out["beats_national"] = pd.Series([bool(rate > national) if has_national and basis == "real" and pd.notna(rate)
                                       else None for rate, basis in zip(out["real_growth"], out["price_basis"])],
                                      dtype=object)
    # every URL each rate's row records (claims.row_sources), the first as source_url, the others ' | '-separated
    urls = {region: row_sources(row) for region, row in real.iterrows()}
    out["source_url"] = out["city"].map(lambda c: urls.get(c, [None])[0])
    out["other_source_urls"] = out["city"].map(lambda c: " | ".join(urls.get(c, [])[1:]) or None)
    out["national_source_url"] = urls["China"][0] if has_national else None
    out["national_other_source_urls"] = (" | ".join(urls["China"][1:]) or None) if has_national else None
    return out


def scale_over_gdp(table: pd.DataFrame, year: int) -> pd.DataFrame:
    """A published industry scale (output or revenue) against the exact GDP of the same year: one row with
    ``scale_over_gdp_pct`` (empty without that GDP). Scale is not value added: the ratio is not a share of GDP.

    Example
    -------
    >>> t = pd.DataFrame({"year": [2024, 2024], "indicator": ["pioneer_industries_scale", "gdp_exact"],
    ...                   "value": [18000.0, 54000.0], "measure": ["output", None], "source_url": ["u", "v"]})
    >>> round(float(scale_over_gdp(t, 2024)["scale_over_gdp_pct"].iloc[0]), 2)
    33.33
    """
    scale = table[table["indicator"] == "pioneer_industries_scale"].set_index("year")
    exact = table[table["indicator"] == "gdp_exact"].set_index("year")["value"]
    if year not in scale.index:
        raise ValueError(f"pioneer_year = {year}: no published industry scale for that year "
                         f"(years with one: {', '.join(map(str, sorted(scale.index)))})")
    value = float(scale.loc[year, "value"])
    gdp = float(exact[year]) if year in exact.index else None
    return pd.DataFrame([{"year": year, "pioneer_scale_100m_CNY": value, "gdp_100m_CNY": gdp,
                          "scale_over_gdp_pct": value / gdp * 100 if gdp else None,
                          "measure": scale.loc[year, "measure"], "source_url": scale.loc[year, "source_url"],
                          # every URL the scale's row records, ' | '-separated as in the data
                          "other_source_urls": " | ".join(row_sources(scale.loc[year])[1:]) or None}])

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {"gdp": "GDP", "gdp_real_growth": "real GDP growth", "sei_value_added_growth": "SEI value added growth",
          "manufacturing_sei_output_growth": "manufacturing SEI output growth", "real_growth": "real GDP growth (%)",
          "national": "national real GDP growth (%)", "difference_pp": "difference (percentage points)",
          "beats_national": "above the national rate",
          "pioneer_scale_100m_CNY": "pioneer industries scale (100 million CNY)",
          "gdp_100m_CNY": "GDP (100 million CNY)", "scale_over_gdp_pct": "scale / GDP (%)"}
