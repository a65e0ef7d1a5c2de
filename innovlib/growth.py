"""Growth arithmetic with an explicit price basis: CAGR, chained rates, log-linear trends, shares of GDP.

Every function takes a *series table*: a DataFrame with columns ``year``, ``value`` and ``price_basis``
(``'real'`` = comparable/constant prices, ``'nominal'`` = current prices, ``'not_stated'``), one row per year,
as returned by :func:`series`. Each function also takes the ``price_basis`` the caller wants; a row in the
window whose basis differs raises :class:`PriceBasisError`, so nominal and real figures are never mixed.
A ``not_stated`` basis is only usable after :func:`assume_price_basis`, which labels the assumption.

A window with a missing year never shrinks quietly: the result carries ``missing_years`` and ``rate`` is
``None``; the caller then says the claim is not checkable, or states an explicit assumption (for example with
:func:`implied_missing_rate`) and labels the result as a bound.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from innovlib.errors import InnovlibError

PRICE_BASES = ("real", "nominal")
SERIES_COLUMNS = ["year", "value", "price_basis"]


class PriceBasisError(InnovlibError, ValueError):
    """Raised when figures of different price bases (or an unstated basis) would be combined."""


@dataclass(frozen=True)
class GrowthResult:
    """Average annual growth over a window, with what was used and what was missing.

    ``rate``, ``ci_low`` and ``ci_high`` are percent per year; ``rate`` is None when a needed year is missing.
    ``assumed_years`` lists years whose price basis was assumed, not published.
    """

    method: str
    price_basis: str
    start_year: int
    end_year: int
    rate: float | None
    years_used: tuple[int, ...]
    missing_years: tuple[int, ...] = ()
    assumed_years: tuple[int, ...] = ()
    ci_low: float | None = None
    ci_high: float | None = None
    confidence: float | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """True when every year the window needs is present."""
        return not self.missing_years

    def as_dict(self) -> dict:
        """Plain dict for tables (tuples joined as text)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for key in ("years_used", "missing_years", "assumed_years", "notes"):
            out[key] = ", ".join(str(v) for v in out[key])
        out["complete"] = self.complete
        return out


def _check_basis_argument(price_basis: str) -> None:
    if price_basis not in PRICE_BASES:
        raise ValueError(f"price_basis must be one of {PRICE_BASES}, got {price_basis!r}")


def _check_table(table: pd.DataFrame, what: str) -> pd.DataFrame:
    missing = [c for c in SERIES_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"{what}: series table lacks column(s) {missing}; expected {SERIES_COLUMNS}")
    years = table["year"].astype(int)
    if years.duplicated().any():
        raise ValueError(f"{what}: year(s) {sorted(set(years[years.duplicated()]))} appear twice; expected one row per year")
    out = table.copy()
    out["year"] = years
    if "basis_assumed" not in out.columns:
        out["basis_assumed"] = False
    return out.set_index("year").sort_index()


def _window(table: pd.DataFrame, years: list[int], price_basis: str, what: str):
    """Values, years present, years missing and years with an assumed basis, after the price-basis check."""
    present = table.loc[[y for y in years if y in table.index]]
    present = present[present["value"].notna()]
    wrong = present[present["price_basis"] != price_basis]
    if len(wrong):
        listed = ", ".join(f"{y} ({b})" for y, b in wrong["price_basis"].items())
        raise PriceBasisError(
            f"{what}: requested price_basis={price_basis!r} but year(s) {listed} have another basis; "
            "nominal and real figures cannot be mixed (use assume_price_basis for an unstated basis, labelled)"
        )
    missing = tuple(y for y in years if y not in present.index)
    assumed = tuple(int(y) for y in present.index[present["basis_assumed"].astype(bool)])
    return present["value"].astype(float), missing, assumed


def series(table: pd.DataFrame, city: str, indicator: str, city_column: str = "city") -> pd.DataFrame:
    """Extract one city's indicator as a series table (year, value, price_basis).

    Example
    -------
    >>> t = pd.DataFrame({"city": ["A", "A"], "year": [2020, 2021], "indicator": ["x", "x"],
    ...                   "value": [1.0, 2.0], "price_basis": ["nominal", "nominal"]})
    >>> series(t, "A", "x")["value"].tolist()
    [1.0, 2.0]
    """
    rows = table[(table[city_column] == city) & (table["indicator"] == indicator)]
    return rows[SERIES_COLUMNS].sort_values("year").reset_index(drop=True)


def assume_price_basis(table: pd.DataFrame, price_basis: str, years: list[int] | None = None) -> pd.DataFrame:
    """Label rows whose basis is 'not_stated' as ``price_basis``, marking them ``basis_assumed``.

    Only unstated rows change; a published nominal figure is never relabelled real (or the reverse).

    Example
    -------
    >>> t = pd.DataFrame({"year": [2022, 2023], "value": [6.9, 8.8], "price_basis": ["not_stated", "real"]})
    >>> assume_price_basis(t, "real")[["price_basis", "basis_assumed"]].values.tolist()
    [['real', True], ['real', False]]
    """
    _check_basis_argument(price_basis)
    out = table.copy()
    chosen = out["year"].isin(years) if years is not None else pd.Series(True, index=out.index)
    unstated = (out["price_basis"] == "not_stated") & chosen
    previous = out["basis_assumed"] if "basis_assumed" in out.columns else pd.Series(False, index=out.index)
    out["basis_assumed"] = previous.astype(bool) | unstated
    out.loc[unstated, "price_basis"] = price_basis
    return out


def cagr(levels: pd.DataFrame, start_year: int, end_year: int, price_basis: str) -> GrowthResult:
    """Compound annual growth rate (percent) from the levels of ``start_year`` and ``end_year``.

    A level's price basis must equal ``price_basis``: a CAGR of current-price levels is nominal growth.
    A missing endpoint gives ``rate=None`` and lists the year.

    Example
    -------
    >>> t = pd.DataFrame({"year": [2019, 2021], "value": [100.0, 121.0], "price_basis": ["nominal", "nominal"]})
    >>> round(cagr(t, 2019, 2021, "nominal").rate, 6)
    10.0
    """
    _check_basis_argument(price_basis)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    table = _check_table(levels, "cagr")
    values, missing, assumed = _window(table, [start_year, end_year], price_basis, "cagr")
    rate = None
    if not missing:
        first, last = values[start_year], values[end_year]
        if first <= 0 or last <= 0:
            raise ValueError(f"cagr: levels must be positive, got {first} ({start_year}) and {last} ({end_year})")
        rate = float(((last / first) ** (1 / (end_year - start_year)) - 1) * 100)
    return GrowthResult("cagr_levels", price_basis, start_year, end_year, rate,
                        tuple(int(y) for y in values.index), missing, assumed)


def chained_average(rates: pd.DataFrame, start_year: int, end_year: int, price_basis: str) -> GrowthResult:
    """Geometric average of published year-on-year rates (percent) over ``start_year`` -> ``end_year``.

    The window's growth is the chain of the rates of years ``start_year + 1`` .. ``end_year``; every one is
    needed. A missing year gives ``rate=None`` and lists it (the window is not shortened).

    Example
    -------
    >>> t = pd.DataFrame({"year": [2020, 2021], "value": [10.0, -10.0], "price_basis": ["real", "real"]})
    >>> round(chained_average(t, 2019, 2021, "real").rate, 4)   # 1.1 * 0.9 = 0.99
    -0.5013
    """
    _check_basis_argument(price_basis)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    table = _check_table(rates, "chained_average")
    years = list(range(start_year + 1, end_year + 1))
    values, missing, assumed = _window(table, years, price_basis, "chained_average")
    rate = None
    if not missing:
        factor = float(np.prod(1 + values.to_numpy() / 100))
        rate = float((factor ** (1 / len(years)) - 1) * 100)
    return GrowthResult("chained_rates", price_basis, start_year, end_year, rate,
                        tuple(int(y) for y in values.index), missing, assumed)


def log_linear_trend(levels: pd.DataFrame, start_year: int, end_year: int, price_basis: str,
                     confidence: float = 0.95) -> GrowthResult:
    """Trend growth from OLS of log(level) on year (statsmodels), with a confidence interval.

    Implied rate = exp(slope) - 1, interval = exp(slope CI) - 1 (percent). Every year of the window is needed
    (at least three); a missing year gives ``rate=None``. With three to five points the interval is wide.

    Example
    -------
    >>> t = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "value": [100 * 1.05 ** k for k in range(4)],
    ...                   "price_basis": ["nominal"] * 4})
    >>> round(log_linear_trend(t, 2019, 2022, "nominal").rate, 6)
    5.0
    """
    _check_basis_argument(price_basis)
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if end_year - start_year < 2:
        raise ValueError(f"log_linear_trend needs at least three years, got {start_year}-{end_year}")
    try:
        import statsmodels.api as sm
    except ImportError as error:  # pragma: no cover - statsmodels is a declared dependency
        raise ImportError("log_linear_trend needs statsmodels (pip install statsmodels)") from error
    table = _check_table(levels, "log_linear_trend")
    years = list(range(start_year, end_year + 1))
    values, missing, assumed = _window(table, years, price_basis, "log_linear_trend")
    result = GrowthResult("log_linear_trend", price_basis, start_year, end_year, None,
                          tuple(int(y) for y in values.index), missing, assumed, confidence=confidence)
    if missing:
        return result
    x = sm.add_constant(np.asarray(values.index, dtype=float) - start_year)
    fit = sm.OLS(np.log(values.to_numpy()), x).fit()
    slope = fit.params[1]
    low, high = fit.conf_int(alpha=1 - confidence)[1]
    to_rate = lambda b: float((math.exp(b) - 1) * 100)  # noqa: E731 - slope of log level -> percent per year
    return GrowthResult("log_linear_trend", price_basis, start_year, end_year, to_rate(slope),
                        result.years_used, (), assumed, to_rate(low), to_rate(high), confidence)


def share_of_gdp(value: float, gdp: float, value_basis: str, gdp_basis: str) -> float:
    """Share (percent) of a value-added figure in GDP; both must be at current prices (nominal).

    Example
    -------
    >>> round(share_of_gdp(10272.72, 27670.24, "nominal", "nominal"), 2)
    37.13
    """
    if value_basis != "nominal" or gdp_basis != "nominal":
        raise PriceBasisError(
            f"share_of_gdp: a share of GDP divides current-price figures; got value basis {value_basis!r} "
            f"and GDP basis {gdp_basis!r}"
        )
    if not gdp > 0:
        raise ValueError(f"share_of_gdp: GDP must be positive, got {gdp}")
    return float(value / gdp * 100)


def implied_missing_rate(target_average: float, known_rates: list[float], n_years: int) -> float:
    """The single missing year's rate (percent) that makes the geometric average of ``n_years`` equal the target.

    Used to state what a claim would require of an unpublished year; the answer is an assumption, not data.

    Example
    -------
    >>> round(implied_missing_rate(10.0, [10.0, 10.0], 3), 6)
    10.0
    """
    if len(known_rates) != n_years - 1:
        raise ValueError(f"expected {n_years - 1} known rates for one missing year in {n_years}, got {len(known_rates)}")
    known = float(np.prod([1 + r / 100 for r in known_rates]))
    return float(((1 + target_average / 100) ** n_years / known - 1) * 100)


def window_search(levels: pd.DataFrame | None, rates: pd.DataFrame | None, first_year: int, last_year: int,
                  price_bases: dict[str, str], min_span: int = 3, max_span: int = 6,
                  confidence: float = 0.95) -> pd.DataFrame:
    """Every window in [first_year, last_year] with a span of min_span..max_span years, by every method.

    ``price_bases`` maps method ('cagr_levels', 'chained_rates', 'log_linear_trend') to the basis to request;
    a method left out is skipped. Returns one row per (method, window) with rate (None when incomplete),
    missing years and, for trends, the interval.

    Example
    -------
    >>> t = pd.DataFrame({"year": [2019, 2020, 2021, 2022], "value": [100 * 1.05 ** k for k in range(4)],
    ...                   "price_basis": ["nominal"] * 4})
    >>> out = window_search(t, None, 2019, 2022, {"cagr_levels": "nominal"}, min_span=3, max_span=3)
    >>> out[["start_year", "end_year"]].values.tolist(), round(float(out["rate"].iloc[0]), 6)
    ([[2019, 2022]], 5.0)
    """
    rows = []
    for start in range(first_year, last_year):
        for end in range(start + min_span, min(start + max_span, last_year) + 1):
            if "cagr_levels" in price_bases and levels is not None:
                rows.append(cagr(levels, start, end, price_bases["cagr_levels"]).as_dict())
            if "chained_rates" in price_bases and rates is not None:
                rows.append(chained_average(rates, start, end, price_bases["chained_rates"]).as_dict())
            if "log_linear_trend" in price_bases and levels is not None:
                rows.append(log_linear_trend(levels, start, end, price_bases["log_linear_trend"], confidence).as_dict())
    return pd.DataFrame(rows)


# --- tables and searches for the SEI notebook ---------------------------------------------------------------

GROWTH_METHODS = ("cagr_levels", "chained_rates", "log_linear_trend")
SKIPPING_METHOD = "chained_rates_skipping_missing"


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


def chained_average_skipping_missing(rates: pd.DataFrame, start_year: int, end_year: int,
                                     price_basis: str) -> GrowthResult:
    """ASSUMPTION, not data: the geometric average of only the published rates of a window, skipping missing years.

    This is what a reader gets by averaging whatever rates exist; it is *not* the window's growth when a year is
    missing. The result keeps ``missing_years`` (so ``complete`` is False) and a note naming the skipped years;
    ``rate`` is None when no rate of the window is published.

    Example
    -------
    >>> t = pd.DataFrame({"year": [2020, 2022], "value": [10.0, 10.0], "price_basis": ["real", "real"]})
    >>> r = chained_average_skipping_missing(t, 2019, 2022, "real")
    >>> round(r.rate, 6), r.missing_years, r.complete
    (10.0, (2021,), False)
    """
    _check_basis_argument(price_basis)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    table = _check_table(rates, "chained_average_skipping_missing")
    years = list(range(start_year + 1, end_year + 1))
    values, missing, assumed = _window(table, years, price_basis, "chained_average_skipping_missing")
    rate = None
    if len(values):
        rate = float((float(np.prod(1 + values.to_numpy() / 100)) ** (1 / len(values)) - 1) * 100)
    skipped = ", ".join(str(y) for y in missing)
    notes = (f"ASSUMPTION: averages only the published rates, skipping {skipped} (no published rate)",) if missing else ()
    return GrowthResult(SKIPPING_METHOD, price_basis, start_year, end_year, rate,
                        tuple(int(y) for y in values.index), missing, assumed, notes=notes)


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
    _check_basis_argument(price_basis)
    if end_year <= start_year:
        raise ValueError(f"end_year ({end_year}) must be after start_year ({start_year})")
    levels = series(table, city, level)
    rates = series(table, city, rate)
    if assume_unstated_rates_real:
        rates = assume_price_basis(rates, "real")
    plans = [("cagr_levels", cagr, levels, {}), ("chained_rates", chained_average, rates, {}),
             ("log_linear_trend", log_linear_trend, levels, {"confidence": confidence})]
    if skip_missing:
        plans.append((SKIPPING_METHOD, chained_average_skipping_missing, rates, {}))
    out = []
    for method, function, data, kwargs in plans:
        base = {"city": city, "method": method, "price_basis": price_basis, "start_year": start_year,
                "end_year": end_year, "rate": None, "complete": False}
        if method == "log_linear_trend" and end_year - start_year < 2:
            out.append({**base, "note": "not applicable: a trend needs at least three years"})
            continue
        bases = sorted(set(data.loc[data["value"].notna(), "price_basis"]))
        if bases and price_basis not in bases:  # a window with no published year would otherwise look merely incomplete
            if method != SKIPPING_METHOD:
                out.append({**base, "note": f"not applicable: this series is not all on a {price_basis} basis "
                                            f"(bases found: {', '.join(b.replace('_', ' ') for b in bases)})"})
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
        for span in spans:
            for start in range(first_year, last_year - span + 1):
                for basis in price_bases:
                    rows += growth_estimates(table, city, start, start + span, basis, confidence=confidence,
                                             assume_unstated_rates_real=assume_unstated_rates_real,
                                             skip_missing=skip_missing)
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
    from innovlib.rankings import rank

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
    labels = {"cagr_levels": "CAGR of levels", "log_linear_trend": "log-linear trend",
              "chained_rates": "chained published rates",
              SKIPPING_METHOD: "ASSUMPTION: published rates only, skipping missing years"}
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


# --- first-tier GDP growth and Shanghai's pioneer industries -----------------------------------------------------

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
    from innovlib.claims import row_sources

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
    from innovlib.claims import row_sources

    return pd.DataFrame([{"year": year, "pioneer_scale_100m_CNY": value, "gdp_100m_CNY": gdp,
                          "scale_over_gdp_pct": value / gdp * 100 if gdp else None,
                          "measure": scale.loc[year, "measure"], "source_url": scale.loc[year, "source_url"],
                          # every URL the scale's row records, ' | '-separated as in the data
                          "other_source_urls": " | ".join(row_sources(scale.loc[year])[1:]) or None}])
