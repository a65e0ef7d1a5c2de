"""The SEI notebook's tables and searches: strategic-emerging-industry (SEI) value added, growth and shares of GDP
of the first-tier cities, from the ``sei_first_tier_cities`` dataset (one row per city, year and indicator).

Built on the growth arithmetic of :mod:`innovlib.growth` (every rate with an explicit price basis); the verdicts
these tables feed are decided in :mod:`innovlib.findings.sei_growth`. Every function is pure: tables in, a table
out.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"city": "A", "year": [2019, 2021], "indicator": "sei_value_added",
...                   "value": [100.0, 121.0], "price_basis": "nominal"})
>>> window_table(t, ["A"], 2019, 2021, "nominal")[["method", "rate"]].round(6).values.tolist()[0]
['cagr_levels', 10.0]
"""

from __future__ import annotations

import pandas as pd

from innovlib.growth import (PRICE_BASES, SKIPPING_METHOD, PriceBasisError, assume_price_basis, cagr,
                             chained_average, chained_average_skipping_missing, check_price_basis,
                             implied_missing_rate, log_linear_trend, series, share_of_gdp)
from innovlib.rankings import rank


# --- tables and searches -------------------------------------------------------------------------------------

def indicator_table(table: pd.DataFrame, indicator: str, cities: list[str]) -> pd.DataFrame:
    """One indicator's published values as a year x city table (cities in the given order, empty values dropped).

    Example
    -------
    >>> t = pd.DataFrame({"city": ["A", "B", "A"], "year": [2020, 2020, 2021], "indicator": ["x", "x", "x"],
    ...                   "value": [1.0, 2.0, None]})
    >>> indicator_table(t, "x", ["B", "A"]).values.tolist()
    [[2.0, 1.0]]
    """
    rows = table[(table["indicator"] == indicator) & table["city"].isin(cities) & table["value"].notna()]
    return rows.pivot(index="year", columns="city", values="value").reindex(columns=list(cities))


def share_table(table: pd.DataFrame, cities: list[str], level: str = "sei_value_added",
                share: str = "sei_share_of_gdp", gdp: str = "gdp") -> pd.DataFrame:
    """Published and computed shares of GDP per city and year.

    One row per (city, year) with a published share or with both a level and GDP: columns ``city``, ``year``,
    ``sei_value_added``, ``gdp``, ``share_published`` and ``share_computed`` (level / GDP, both at current prices,
    by :func:`share_of_gdp`; empty when either is missing).

    Example
    -------
    >>> t = pd.DataFrame({"city": ["A"] * 3, "year": [2020] * 3, "indicator": ["sei_value_added", "gdp",
    ...                   "sei_share_of_gdp"], "value": [25.0, 100.0, 25.1]})
    >>> share_table(t, ["A"])[["share_published", "share_computed"]].values.tolist()
    [[25.1, 25.0]]
    """
    levels, shares, gdps = (indicator_table(table, name, cities) for name in (level, share, gdp))
    rows = []
    for city in cities:
        for year in sorted(set(levels.index) | set(shares.index)):
            published = shares[city].get(year) if city in shares else None
            value = levels[city].get(year) if city in levels else None
            city_gdp = gdps[city].get(year) if city in gdps else None
            computed = None
            if pd.notna(value) and pd.notna(city_gdp):
                computed = share_of_gdp(value, city_gdp, "nominal", "nominal")
            if pd.notna(published) or computed is not None:
                rows.append({"city": city, "year": int(year), "sei_value_added": value, "gdp": city_gdp,
                             "share_published": published, "share_computed": computed})
    columns = ["city", "year", "sei_value_added", "gdp", "share_published", "share_computed"]
    return pd.DataFrame(rows, columns=columns).astype({"share_published": float, "share_computed": float})


def growth_estimates(table: pd.DataFrame, city: str, start_year: int, end_year: int, price_basis: str, *,
                     confidence: float = 0.95, assume_unstated_rates_real: bool = True,
                     skip_missing: bool = False, level: str = "sei_value_added",
                     rate: str = "sei_growth_yoy") -> list[dict]:
    """A city's average growth over one window on one price basis, by every method, as table rows.

    Methods: CAGR of the endpoint levels, chain of the published year-on-year rates, and the log-linear trend of
    the levels (with a ``confidence`` interval). Rates whose basis the source does not state count as real only
    when ``assume_unstated_rates_real`` (the years are listed in ``assumed_years``). A method that cannot apply
    (a series on another price basis, or a window too short for a trend) gives a row with no rate and a ``note``
    saying why; a window with a missing year gives no rate and lists the year. With ``skip_missing``, an
    incomplete chain also gets a row of :func:`chained_average_skipping_missing`, labelled as an assumption.

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2019, 2021, 2020, 2021], "price_basis": "nominal",
    ...                   "indicator": ["sei_value_added"] * 2 + ["sei_growth_yoy"] * 2,
    ...                   "value": [100.0, 121.0, 10.0, 10.0]})
    >>> [(r["method"], None if r["rate"] is None else round(r["rate"], 6)) for r in
    ...  growth_estimates(t, "A", 2019, 2021, "nominal")]
    [('cagr_levels', 10.0), ('chained_rates', 10.0), ('log_linear_trend', None)]
    """
    check_price_basis(price_basis)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    levels, rates = _city_series(table, city, level, rate, assume_unstated_rates_real)
    return _window_estimates(levels, rates, city, start_year, end_year, price_basis, confidence=confidence,
                             skip_missing=skip_missing, level_bases=_published_bases(levels),
                             rate_bases=_published_bases(rates))


def _city_series(table: pd.DataFrame, city: str, level: str, rate: str,
                 assume_unstated_rates_real: bool) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A city's level and rate series tables, the rates' unstated basis assumed real when asked (labelled)."""
    rates = series(table, city, rate)
    return series(table, city, level), assume_price_basis(rates, "real") if assume_unstated_rates_real else rates


def _published_bases(data: pd.DataFrame) -> list[str]:
    """The price bases of a series' published (non-empty) values, sorted."""
    return sorted(set(data.loc[data["value"].notna(), "price_basis"]))


def _window_estimates(levels: pd.DataFrame, rates: pd.DataFrame, city: str, start_year: int, end_year: int,
                      price_basis: str, *, confidence: float, skip_missing: bool, level_bases: list[str],
                      rate_bases: list[str]) -> list[dict]:
    """:func:`growth_estimates` from a city's series tables and their :func:`_published_bases`."""
    plans = [("cagr_levels", cagr, levels, level_bases, {}),
             ("chained_rates", chained_average, rates, rate_bases, {}),
             ("log_linear_trend", log_linear_trend, levels, level_bases, {"confidence": confidence})]
    if skip_missing:
        plans.append((SKIPPING_METHOD, chained_average_skipping_missing, rates, rate_bases, {}))
    out = []
    for method, function, data, published, kwargs in plans:
        base = {"city": city, "method": method, "price_basis": price_basis, "start_year": start_year,
                "end_year": end_year, "rate": None, "complete": False}
        if method == "log_linear_trend" and end_year - start_year < 2:
            out.append({**base, "note": "not applicable: a trend needs at least three years"})
            continue
        # Checked on the whole series: a window with no published year would otherwise look merely incomplete.
        if published and price_basis not in published:
            if method != SKIPPING_METHOD:
                out.append({**base, "note": f"not applicable: this series is not all on a {price_basis} basis "
                                            f"(bases found: {', '.join(b.replace('_', ' ') for b in published)})"})
            continue
        try:
            result = function(data, start_year, end_year, price_basis, **kwargs).as_dict()
        except PriceBasisError:
            if method == SKIPPING_METHOD:
                continue  # the chain's own row already says why it does not apply
            bases = sorted(set(data["price_basis"].dropna())) if len(data) else []
            found = ", ".join(b.replace("_", " ") for b in bases) or "none published"
            out.append({**base, "note": f"not applicable: this series is not all on a {price_basis} basis "
                                        f"(bases found: {found})"})
            continue
        if method == SKIPPING_METHOD:
            if result["complete"] or result["rate"] is None:
                continue  # nothing skipped (the chain itself is complete), or nothing to average
            result["note"] = result["notes"]
        else:
            result["note"] = "" if result["complete"] else "missing year(s): " + result["missing_years"]
        out.append({**base, **result, "city": city})
    return out


def growth_search(table: pd.DataFrame, cities: list[str], first_year: int, last_year: int, spans: list[int], *,
                  price_bases: tuple[str, ...] = PRICE_BASES, confidence: float = 0.95,
                  assume_unstated_rates_real: bool = True, skip_missing: bool = True) -> pd.DataFrame:
    """:func:`growth_estimates` for every city, window of the given spans inside [first_year, last_year] and basis.

    Returns one row per (city, window, basis, method) with ``span``; incomplete windows have no rate and list
    their missing years; with ``skip_missing`` the labelled-assumption rows of incomplete chains are included.

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2019, 2020, 2021], "indicator": "sei_value_added",
    ...                   "value": [100.0, 110.0, 121.0], "price_basis": "nominal"})
    >>> out = growth_search(t, ["A"], 2019, 2021, [2], price_bases=("nominal",))
    >>> out.loc[out["complete"], ["method", "rate"]].round(6).values.tolist()
    [['cagr_levels', 10.0], ['log_linear_trend', 10.0]]
    """
    rows = []
    for city in cities:
        # A city's series are selected once, not once per window and basis: selecting rows is most of the cost.
        levels, rates = _city_series(table, city, "sei_value_added", "sei_growth_yoy", assume_unstated_rates_real)
        level_bases, rate_bases = _published_bases(levels), _published_bases(rates)
        for span in spans:
            for start in range(first_year, last_year - span + 1):
                for basis in price_bases:
                    check_price_basis(basis)  # the checks growth_estimates makes, in its order
                    if span <= 0:
                        raise ValueError(f"end_year ({start + span}) must be after start_year ({start})")
                    rows += _window_estimates(levels, rates, city, start, start + span, basis,
                                              confidence=confidence, skip_missing=skip_missing,
                                              level_bases=level_bases, rate_bases=rate_bases)
    out = pd.DataFrame(rows)
    if out.empty:
        return pd.DataFrame(columns=["city", "method", "price_basis", "start_year", "end_year", "span", "rate",
                                     "complete", "note"])
    out["span"] = out["end_year"] - out["start_year"]
    out["rate"] = out["rate"].astype(float)
    return out


def match_labels(search: pd.DataFrame, target: float, tolerance: float) -> pd.Series:
    """How each row of a growth search relates to a published rate: a match only counts for a complete window.

    ``"match"`` (complete, within ``tolerance``), ``"no match"`` (complete, outside), ``"assumption only"``
    (an average that skips missing years comes within tolerance: an assumption, never a match),
    ``"incomplete"`` (a needed year is missing) or ``"not applicable"`` (the method does not apply).

    Example
    -------
    >>> s = pd.DataFrame({"method": ["cagr_levels", "cagr_levels", "chained_rates_skipping_missing"],
    ...                   "rate": [7.24, 9.0, 7.2], "complete": [True, True, False], "note": ["", "", "x"]})
    >>> match_labels(s, 7.2, 0.05).tolist()
    ['match', 'no match', 'assumption only']
    """
    def label(row) -> str:
        if str(row.get("note", "")).startswith("not applicable"):
            return "not applicable"
        rate = row["rate"]
        close = rate is not None and not pd.isna(rate) and abs(float(rate) - target) <= tolerance + 1e-12
        if row["method"] == SKIPPING_METHOD:
            return "assumption only" if close else "assumption, no match"
        if bool(row["complete"]):
            return "match" if close else "no match"
        return "incomplete"

    return search.apply(label, axis=1) if len(search) else pd.Series(dtype=object)


def needed_missing_rates(table: pd.DataFrame, city: str, search: pd.DataFrame, target: float, *,
                         assume_unstated_rates_real: bool = True, rate: str = "sei_growth_yoy") -> pd.DataFrame:
    """For each incomplete rate chain of a search that lacks exactly one year: the rate that year would need.

    ASSUMPTION, not data: the rate the missing year must have for the window's chained average to equal
    ``target`` (:func:`implied_missing_rate`). Columns ``start_year``, ``end_year``, ``missing_year``,
    ``price_basis`` and ``rate_needed``.

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2020, 2022], "indicator": "sei_growth_yoy", "value": [10.0, 10.0],
    ...                   "price_basis": "real"})
    >>> s = growth_search(t, ["A"], 2019, 2022, [3], price_bases=("real",))
    >>> needed = needed_missing_rates(t, "A", s, 10.0)
    >>> needed["missing_year"].tolist(), needed["rate_needed"].round(6).tolist()
    ([2021], [10.0])
    """
    columns = ["start_year", "end_year", "missing_year", "price_basis", "rate_needed"]
    if search.empty:
        return pd.DataFrame(columns=columns)
    chains = search[(search["city"] == city) & (search["method"] == "chained_rates")
                    & search["note"].astype(str).str.startswith("missing year")]
    rates = series(table, city, rate)
    if assume_unstated_rates_real:
        rates = assume_price_basis(rates, "real")
    by_year = rates.dropna(subset=["value"]).set_index("year")
    rows = []
    for row in chains.itertuples():
        missing = [int(y) for y in str(row.missing_years).split(", ") if y]
        if len(missing) != 1:
            continue
        years = range(row.start_year + 1, row.end_year + 1)
        known = [float(by_year.loc[y, "value"]) for y in years if y != missing[0]]
        rows.append({"start_year": row.start_year, "end_year": row.end_year, "missing_year": missing[0],
                     "price_basis": row.price_basis,
                     "rate_needed": implied_missing_rate(target, known, len(years))})
    return pd.DataFrame(rows, columns=columns)


# --- tables the SEI notebooks show --------------------------------------------------------------------------

#: The growth methods' names as a reader reads them (figures and tables).
METHOD_LABELS = {"cagr_levels": "CAGR of levels", "log_linear_trend": "log-linear trend",
                 "chained_rates": "chained published rates",
                 SKIPPING_METHOD: "ASSUMPTION: published rates only, skipping missing years"}
WINDOW_COLUMNS = ["city", "method", "price_basis", "start_year", "end_year", "rate", "ci_low", "ci_high",
                  "assumed_years", "note"]


def check_window(start_year: int, end_year: int, years) -> None:
    """Refuse a growth window outside the years a table holds, or one that does not move forward (one line).

    Example
    -------
    >>> check_window(2018, 2023, range(2016, 2025))
    >>> check_window(2023, 2018, range(2016, 2025))
    Traceback (most recent call last):
    ...
    ValueError: end_year (2018) must be after start_year (2023): a growth window needs a base year and a later year.
    """
    years = sorted(int(y) for y in years)
    for name, year in (("start_year", start_year), ("end_year", end_year)):
        if year not in years:
            raise ValueError(f"{name} = {year}: the dataset has figures for {years[0]}-{years[-1]} only.")
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year}): a growth window needs a "
                         "base year and a later year.")


def window_table(table: pd.DataFrame, cities: list[str], start_year: int, end_year: int, price_basis: str, *,
                 confidence: float = 0.95, assume_unstated_rates_real: bool = True) -> pd.DataFrame:
    """Every city's :func:`growth_estimates` for one window and basis, one row per (city, method).

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2019, 2021], "indicator": "sei_value_added",
    ...                   "value": [100.0, 121.0], "price_basis": "nominal"})
    >>> window_table(t, ["A"], 2019, 2021, "nominal")[["method", "rate"]].round(6).values.tolist()[0]
    ['cagr_levels', 10.0]
    """
    rows = [row for city in cities
            for row in growth_estimates(table, city, start_year, end_year, price_basis, confidence=confidence,
                                        assume_unstated_rates_real=assume_unstated_rates_real)]
    return pd.DataFrame(rows).reindex(columns=WINDOW_COLUMNS).astype({"rate": float, "ci_low": float,
                                                                     "ci_high": float})


def rank_by_method(window: pd.DataFrame) -> pd.DataFrame:
    """Cities ranked by rate within each method, fastest first; rows without a rate are left out, ties share the
    best rank (:func:`innovlib.rankings.rank`).

    Example
    -------
    >>> w = pd.DataFrame({"city": ["A", "B", "C"], "method": "cagr_levels", "rate": [5.0, 7.0, 5.0],
    ...                   "ci_low": None, "ci_high": None})
    >>> rank_by_method(w)[["city", "rank"]].values.tolist()
    [['B', 1], ['A', 2], ['C', 2]]
    """
    complete = window.dropna(subset=["rate"]).sort_values(["method", "rate"], ascending=[True, False], kind="stable")
    complete = complete.assign(rank=pd.Series(dtype="Int64"))
    for _, group in complete.groupby("method"):
        complete.loc[group.index, "rank"] = rank(group["rate"].astype(float), ties="min")
    return complete[["method", "rank", "city", "rate", "ci_low", "ci_high"]].astype({"rank": "Int64"})


def comparability_table(table: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """Per city and published SEI series: its price basis, the years it covers and the source's definition.

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2021, 2020], "indicator": "sei_value_added", "value": [2.0, 1.0],
    ...                   "price_basis": "nominal", "definition": "seven industries"})
    >>> comparability_table(t, ["A"])[["indicator", "years"]].values.tolist()
    [['sei_value_added', '2020, 2021']]
    """
    rows = table[table["city"].isin(cities) & table["indicator"].str.startswith(("sei_", "new_industries_"))
                 & table["value"].notna()]
    return (rows.groupby(["city", "indicator", "price_basis"])
            .agg(years=("year", lambda y: ", ".join(str(v) for v in sorted(y))), definition=("definition", "first"))
            .reset_index())


LEVEL_SERIES = {"sei_value_added": "", "sei_value_added_h1": ", first half-year only",
                "new_industries_value_added": " (old)"}


def level_lines(table: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """The published SEI levels to draw as lines: one ``series`` per city and kind of figure, with whether it is
    comparable with full-year SEI value added (the older, broader "new industries" series is not).

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2017, 2018], "value": [5.0, 6.0],
    ...                   "indicator": ["new_industries_value_added", "sei_value_added"]})
    >>> level_lines(t, ["A"])[["series", "comparable"]].values.tolist()
    [['A (old)', False], ['A', True]]
    """
    rows = table[table["city"].isin(cities) & table["indicator"].isin(list(LEVEL_SERIES)) & table["value"].notna()]
    return rows.assign(series=rows["city"] + rows["indicator"].map(LEVEL_SERIES),
                       comparable=rows["indicator"] != "new_industries_value_added")


SHARE_FIGURE_COLUMNS = {"published": "published", "computed": "computed: SEI value added / GDP",
                        "first_half": "first half-year only"}


def share_figure_table(table: pd.DataFrame, cities: list[str]) -> pd.DataFrame:
    """One row per city and year to draw as a share of GDP: the published share, else one computed from SEI value
    added and GDP, the first-half-year share where only that is published, and a documented gap as an empty row.

    Rows are indexed by ``"<city>[ (Jan-Jun)] <year>"``, cities in the given order; the columns are those of
    :data:`SHARE_FIGURE_COLUMNS`' labels, then ``label``: the total share, or the gap's note.

    Example
    -------
    >>> t = pd.DataFrame({"city": "A", "year": [2020, 2020, 2021, 2022], "value": [25.0, 100.0, 30.0, None],
    ...                   "indicator": ["sei_value_added", "gdp", "sei_share_of_gdp_h1", "sei_share_of_gdp"],
    ...                   "note": [None, None, None, "GAP: not published"]})
    >>> share_figure_table(t, ["A"])["label"].to_dict()
    {'A 2020': '25.0%', 'A (Jan-Jun) 2021': '30.0%', 'A 2022': 'no exact figure: not published'}
    """
    shares = share_table(table, cities)
    chosen = table[table["city"].isin(cities)]
    gaps = chosen[(chosen["indicator"] == "sei_share_of_gdp") & chosen["value"].isna()]
    half = chosen[(chosen["indicator"] == "sei_share_of_gdp_h1") & chosen["value"].notna()]
    rows = pd.concat([shares.assign(published=shares["share_published"],
                                    computed=shares["share_computed"].where(shares["share_published"].isna())),
                      half.assign(first_half=half["value"], period=" (Jan-Jun)"), gaps])
    rows = rows.reindex(columns=rows.columns.union(["period", "note", *SHARE_FIGURE_COLUMNS], sort=False))
    rows["unit"] = rows["city"] + rows["period"].fillna("") + " " + rows["year"].astype(int).astype(str)
    rows = rows.sort_values(["city", "year"], key=lambda s: s.map(list(cities).index) if s.name == "city" else s)
    out = rows.set_index("unit")[list(SHARE_FIGURE_COLUMNS)].astype(float).rename(columns=SHARE_FIGURE_COLUMNS)
    total = out.sum(axis=1)
    out["label"] = [f"{v:.1f}%" if v > 0 else "no exact figure: " + str(n or "").removeprefix("GAP: ")
                    for v, n in zip(total, rows["note"].where(rows["note"].notna(), None))]
    return out


def method_bars(search: pd.DataFrame, city: str, spans: list[int]) -> tuple[pd.DataFrame, list[str], list]:
    """A city's estimates over windows of the given spans, one row per window and a column per method and basis,
    ready for :func:`innovlib.plots.value_bars`: (table, value columns, error columns per value column).

    A trend's interval sits in ``"<estimate> low"`` / ``"<estimate> high"``; labelled assumption rows (averages that
    skip a missing year) are named as such.

    Example
    -------
    >>> s = pd.DataFrame({"city": "A", "method": "cagr_levels", "price_basis": "nominal", "start_year": 2019,
    ...                   "end_year": 2023, "span": 4, "rate": [5.0], "ci_low": None, "ci_high": None})
    >>> bars, estimates, errors = method_bars(s, "A", [4])
    >>> bars["window"].tolist(), estimates, errors
    (['2019-2023'], ['CAGR of levels, nominal'], [None])
    """
    labels = METHOD_LABELS
    shown = search[(search["city"] == city) & search["span"].isin(spans) & search["rate"].notna()]
    shown = shown.assign(window=shown["start_year"].astype(str) + "-" + shown["end_year"].astype(str),
                         estimate=shown["method"].map(labels) + ", " + shown["price_basis"])
    wide = shown.pivot(index=["span", "start_year", "window"], columns="estimate",
                       values=["rate", "ci_low", "ci_high"]).astype(float)
    estimates = list(dict.fromkeys(shown.sort_values("method", key=lambda m: m.map(list(labels).index))["estimate"]))
    table = pd.concat([wide["rate"], wide["ci_low"].add_suffix(" low"), wide["ci_high"].add_suffix(" high")],
                      axis=1).reset_index()
    errors = [(f"{e} low", f"{e} high") if wide["ci_low"][e].notna().any() else None for e in estimates]
    return table, estimates, errors

#: Readable headers and cell values of this notebook's tables (:func:`innovlib.tables.show`).
LABELS = {**METHOD_LABELS, "sei_value_added": "SEI value added (100 million CNY)", "gdp": "GDP (100 million CNY)",
          "share_published": "share of GDP, published (%)", "share_computed": "share of GDP, computed (%)",
          "rate": "average growth (% a year)", "ci_low": "interval, low (%)", "ci_high": "interval, high (%)",
          "assumed_years": "years assumed real", "missing_years": "missing years", "sei_02a": "SEI-02a would be",
          "sei_02b": "SEI-02b would be", "shared_estimates": "estimates at the published rate",
          "fastest_in": "fastest in", "rate_needed": "rate needed (%)", "missing_year": "missing year",
          "article": "a window the article may mean", "sei_growth_yoy": "SEI growth, year on year",
          "start_year": "base year", "end_year": "end year", "span": "years",
          "new_industries_value_added": "new industries value added",
          "new_industries_growth_yoy": "new industries growth, year on year",
          "new_industries_share_of_gdp": "new industries share of GDP", "sei_share_of_gdp": "SEI share of GDP",
          "sei_growth_yoy_h1": "SEI growth, year on year (first half)",
          "sei_share_of_gdp_h1": "SEI share of GDP (first half)",
          "sei_value_added_h1": "SEI value added (first half)"}
