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

    Example
    -------
    >>> result = GrowthResult("chained_rates", "real", 2019, 2022, None, (2020, 2022), missing_years=(2021,))
    >>> result.complete, result.as_dict()["missing_years"], result.as_dict()["complete"]
    (False, '2021', False)
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


def check_price_basis(price_basis: str) -> None:
    """Refuse a requested price basis other than ``'real'`` or ``'nominal'``.

    Example
    -------
    >>> check_price_basis("real")
    >>> check_price_basis("not_stated")
    Traceback (most recent call last):
    ...
    ValueError: price_basis must be one of ('real', 'nominal'), got 'not_stated'
    """
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
    check_price_basis(price_basis)
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
    check_price_basis(price_basis)
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
    check_price_basis(price_basis)
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
    check_price_basis(price_basis)
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



# --- methods by name, and the labelled assumption of skipping a missing year --------------------------------

GROWTH_METHODS = ("cagr_levels", "chained_rates", "log_linear_trend")
SKIPPING_METHOD = "chained_rates_skipping_missing"


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
    check_price_basis(price_basis)
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
