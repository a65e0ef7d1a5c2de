"""The evidence and the decisions of the ``sei_growth`` notebook's claims (SEI-01 to SEI-03), for
:mod:`innovlib.findings.sei_growth`, which words and records them (the two would pass 500 lines as one module).

The claims (Time Weekly, TW-2025-11) are about Shenzhen among the four first-tier cities. SEI-02 states a
five-year average growth rate without its window or price basis, so :func:`growth_windows` decides, for every
window and basis of a growth search, what SEI-02a and SEI-02b would get if the article meant that window;
:func:`decide_sei_02` combines that rule over the windows the article may mean (:func:`article_windows`), and the
``sei_growth_sweep`` notebook draws it over a whole grid. Both call the same function, so the sweep can never
disagree with the verdict.

For each claim, ``<claim>_evidence(...)`` reads the published figures into a frozen record of values (rates, years,
names, URLs; no sentence) and ``decide_<claim>(evidence)`` gives each part's :class:`~innovlib.findings.Decision`,
before :mod:`innovlib.claims` grades the sources.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"city": "Shenzhen", "year": [2019, 2024], "indicator": "sei_value_added",
...                   "value": [100.0, 100 * 1.072 ** 5], "price_basis": "nominal"})
>>> _, windows = growth_windows(t, ["Shenzhen"], 2019, 2024, [5], price_bases=("nominal",))
>>> windows[["start_year", "end_year", "rate", "sei_02a"]].round(2).values.tolist()
[[2019, 2024, 7.2, 'reproduced']]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from innovlib import claims, growth
from innovlib.analyses.sei_growth import growth_search, indicator_table, needed_missing_rates, share_table
from innovlib.findings import Decision, compare
from innovlib.rankings import rank

CLAIM_CITY = "Shenzhen"  # the city every SEI claim is about
FIRST_TIER = ["Beijing", "Shanghai", "Guangzhou", "Shenzhen"]  # the four cities the claims compare
RATE_TOLERANCE = 0.05  # the rate is published to one decimal
SEARCH_SPANS = [3, 4, 5, 6]  # window lengths searched for the unstated window of SEI-02
RECENT_SPANS = (4, 5)  # "the past five years": four or five yearly changes
METHOD_ORDER = list(growth.GROWTH_METHODS)


def published_rate() -> float:
    """SEI-02a's published average growth rate (percent a year), from the claim catalogue.

    Example
    -------
    >>> published_rate()
    7.2
    """
    return claims.parse_published(claims.lookup("SEI-02a")["published_value"])


WINDOW_KEYS = ["start_year", "end_year", "price_basis"]  # one window and basis of a growth search
WINDOW_COLUMNS = [*WINDOW_KEYS[:2], "span", WINDOW_KEYS[2], "rate", "method", "missing_years", "sei_02a",
                  "shared_estimates", "fastest_in", "sei_02b"]


def _window_verdicts(estimates: pd.DataFrame, cities: list[str], target: float, tolerance: float) -> pd.DataFrame:
    """SEI-02a and SEI-02b for every window and basis of a search at once (assumption rows excluded), sorted by
    window and basis: counts per window and one ranking of every shared estimate, no table per window.

    Every city, Shenzhen among them, has rows in every window and basis (:func:`growth_search` gives each a row
    per method, with a note when the method does not apply).
    """
    if estimates.empty:
        return pd.DataFrame(columns=WINDOW_COLUMNS).astype({"rate": float})
    index = pd.MultiIndex.from_frame(estimates[WINDOW_KEYS].drop_duplicates().sort_values(WINDOW_KEYS))

    def per_window(rows: pd.DataFrame) -> pd.Series:
        """How many of ``rows`` each window and basis has."""
        return rows.groupby(WINDOW_KEYS).size().reindex(index, fill_value=0)

    own = estimates[estimates["city"] == CLAIM_CITY]
    applicable = own[~own["note"].astype(str).str.startswith("not applicable")]
    complete = applicable[applicable["complete"].astype(bool)]
    close = complete[(complete["rate"] - target).abs() <= tolerance + 1e-12]
    n_applicable, n_complete = per_window(applicable), per_window(complete)
    sei_02a = np.select([per_window(close) > 0, (n_applicable > 0) & (n_complete == n_applicable)],
                        ["reproduced", "contradicted"], "not_checkable")
    # Shenzhen's headline estimate: its complete estimate first in METHOD_ORDER.
    headline = (complete.sort_values("method", key=lambda m: m.map(METHOD_ORDER.index), kind="stable")
                .drop_duplicates(WINDOW_KEYS).set_index(WINDOW_KEYS).reindex(index))
    missing = (applicable.groupby(WINDOW_KEYS)["missing_years"]
               .agg(lambda texts: ", ".join(sorted({y for m in texts.dropna() for y in str(m).split(", ") if y})))
               .reindex(index, fill_value=""))
    # SEI-02b: per window, basis and method on which every city has a complete rate, whether Shenzhen is fastest.
    finished = estimates[estimates["complete"].astype(bool)]
    shared = finished.pivot_table(index=[*WINDOW_KEYS, "method"], columns="city", values="rate")
    shared = shared.reindex(columns=cities).dropna() if len(cities) > 1 else shared.iloc[:0]
    ranks = rank(shared.to_numpy(), ties="min", axis=1) if len(shared) else np.empty((0, len(cities)))
    fastest = shared.index.to_frame(index=False).assign(fastest=ranks[:, cities.index(CLAIM_CITY)] == 1)
    n_shared = per_window(fastest)
    n_fastest = fastest.groupby(WINDOW_KEYS)["fastest"].sum().reindex(index, fill_value=0)
    sei_02b = np.select([(n_shared == 0) | ((n_fastest > 0) & (n_fastest < n_shared)), n_fastest == n_shared],
                        ["not_checkable", "reproduced"], "contradicted")
    windows = index.to_frame(index=False)
    return windows.assign(span=windows["end_year"] - windows["start_year"], rate=headline["rate"].to_numpy(float),
                          method=[m if isinstance(m, str) else None for m in headline["method"]],  # None as before
                          missing_years=missing.to_numpy(), sei_02a=sei_02a, shared_estimates=n_shared.to_numpy(),
                          fastest_in=n_fastest.to_numpy(), sei_02b=sei_02b)[WINDOW_COLUMNS]


def growth_windows(table: pd.DataFrame, cities: list[str], first_year: int | None = None,
                   last_year: int | None = None, spans=SEARCH_SPANS, *,
                   price_bases: tuple[str, ...] = growth.PRICE_BASES, confidence: float = 0.95,
                   assume_unstated_rates_real: bool = True) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Growth of every city over every window and basis, and the verdict SEI-02a and SEI-02b would get if the
    article meant that window: the one rule behind the SEI-02 verdicts and the sweep.

    Windows of the given ``spans`` (years between base and end) lie in [``first_year``, ``last_year``], by default
    the table's first and last year. Shenzhen, whom SEI-02 is about, is searched even when ``cities`` omits it.

    Per window and basis: SEI-02a is ``reproduced`` when a complete estimate of Shenzhen's growth (CAGR of levels,
    log-linear trend, chain of published rates, each where its series is on that basis) comes within
    :data:`RATE_TOLERANCE` of the published rate, ``contradicted`` when every such estimate is complete and none
    does, and ``not_checkable`` otherwise (a year is missing, or no method applies). SEI-02b is ``reproduced`` when
    Shenzhen is fastest (ties share first place) by every method on which every city has a complete estimate,
    ``contradicted`` when by none, and ``not_checkable`` when by some, or when no method gives every city a rate.

    Returns
    -------
    (pandas.DataFrame, pandas.DataFrame)
        The search (:func:`innovlib.analyses.sei_growth.growth_search`, with labelled assumption rows) and one
        row per window and basis: ``start_year``, ``end_year``, ``span``, ``price_basis``, Shenzhen's ``rate`` by
        the first complete ``method`` (CAGR, chain, trend), its ``missing_years``, ``sei_02a``,
        ``shared_estimates``, ``fastest_in`` and ``sei_02b``.

    Example
    -------
    >>> t = pd.DataFrame({"city": ["Shenzhen", "Shenzhen", "Beijing", "Beijing"], "year": [2019, 2024] * 2,
    ...                   "indicator": "sei_value_added", "value": [100.0, 150.0, 100.0, 120.0],
    ...                   "price_basis": "nominal"})
    >>> _, w = growth_windows(t, ["Beijing", "Shenzhen"], 2019, 2024, [5], price_bases=("nominal",))
    >>> w[["sei_02a", "sei_02b", "fastest_in"]].values.tolist()   # no 2020-2023 levels: no trend, so no 02a verdict
    [['not_checkable', 'reproduced', 1]]
    """
    years = table["year"].dropna().astype(int)
    first_year = int(years.min()) if first_year is None else first_year
    last_year = int(years.max()) if last_year is None else last_year
    cities = list(dict.fromkeys([*cities, CLAIM_CITY]))
    search = growth_search(table, cities, first_year, last_year, spans, price_bases=price_bases,
                           confidence=confidence, assume_unstated_rates_real=assume_unstated_rates_real)
    target = published_rate()
    estimates = search[search["method"] != growth.SKIPPING_METHOD] if len(search) else search
    return search, _window_verdicts(estimates, cities, target, RATE_TOLERANCE)


def article_windows(windows: pd.DataFrame, last_year: int) -> pd.Series:
    """Whether each window is one "the past five years" of an article published the year after ``last_year`` (the
    dataset's last year) may mean: four or five yearly changes ending in ``last_year`` or the year before.

    Example
    -------
    >>> w = pd.DataFrame({"start_year": [2019, 2018, 2020], "end_year": [2024, 2023, 2023]})
    >>> article_windows(w.assign(span=w["end_year"] - w["start_year"]), 2024).tolist()
    [True, True, False]
    """
    return windows["span"].isin(RECENT_SPANS) & windows["end_year"].isin([last_year - 1, last_year])


def combine_windows(verdicts) -> str:
    """SEI-02a over the windows the article may mean: reproduced if one gives the rate, contradicted only if every
    one is complete and none does, otherwise not checkable.

    Example
    -------
    >>> combine_windows(["contradicted", "not_checkable"]), combine_windows(["contradicted", "reproduced"])
    ('not_checkable', 'reproduced')
    """
    verdicts = list(verdicts)
    if "reproduced" in verdicts:
        return "reproduced"
    return "contradicted" if verdicts and set(verdicts) == {"contradicted"} else "not_checkable"


def _sources(table: pd.DataFrame, cities, indicators) -> list[str]:
    rows = table[table["city"].isin(cities) & table["indicator"].isin(indicators) & table["value"].notna()]
    return sorted({url for _, row in rows.iterrows() for url in claims.row_sources(row)})


def missing_years(text) -> list[int]:
    """The years named in ``missing_years`` texts ('2021, 2022'), each once, in order.

    Example
    -------
    >>> missing_years(["2021", "2021, 2019", None, ""])
    [2019, 2021]
    """
    return sorted({int(y) for m in pd.Series(text).dropna() for y in str(m).split(", ") if y})


# --- the claims' evidence and decisions -------------------------------------------------------------------------

@dataclass(frozen=True)
class Sei01Evidence:
    """SEI value added of the cities compared: per year in which every city has one, whether Shenzhen's is the
    largest; the years two or more cities share (values, largest first); first-half figures; the cities without
    any full-year figure; the dataset's first and last year and the sources.

    Example
    -------
    >>> Sei01Evidence({2023: True}, {2023: {"Shenzhen": 9.0, "Beijing": 5.0}}, (), (), (2016, 2024), ()).largest
    {2023: True}
    """

    largest: dict[int, bool]
    comparable: dict[int, dict[str, float]]
    half_year: tuple[dict, ...]
    lacking: tuple[str, ...]
    data_years: tuple[int, int]
    sources: tuple[str, ...]


def sei_01_evidence(table: pd.DataFrame, cities: list[str]) -> Sei01Evidence:
    """The SEI value added the cities compared publish, by year.

    Example
    -------
    >>> t = pd.DataFrame({"city": ["Shenzhen", "Beijing", "Shenzhen"], "year": [2020, 2020, 2021],
    ...                   "indicator": "sei_value_added", "value": [9.0, 5.0, 10.0], "source_url": None})
    >>> evidence = sei_01_evidence(t, ["Beijing", "Shenzhen"])
    >>> evidence.largest, evidence.comparable
    ({2020: True}, {2020: {'Shenzhen': 9.0, 'Beijing': 5.0}})
    """
    levels = indicator_table(table, "sei_value_added", cities)
    years = sorted(int(y) for y in table["year"].dropna().unique())
    half = table[(table["indicator"] == "sei_value_added_h1") & table["city"].isin(cities) & table["value"].notna()]
    return Sei01Evidence(
        {int(y): bool(row.idxmax() == CLAIM_CITY) for y, row in levels.iterrows() if row.notna().all()},
        {int(y): row.dropna().sort_values(ascending=False).to_dict() for y, row in levels.iterrows()
         if row.notna().sum() >= 2},
        tuple({"city": r.city, "value": r.value, "year": r.year} for r in half.itertuples()),
        tuple(c for c in cities if c != CLAIM_CITY and levels.get(c, pd.Series(dtype=float)).isna().all()),
        (years[0], years[-1]), tuple(_sources(table, cities, ["sei_value_added"])))


def decide_sei_01(evidence: Sei01Evidence) -> dict[str, Decision]:
    """SEI-01: reproduced when Shenzhen is largest in every year (two or more) all cities publish, contradicted when
    not in one of them, not checkable with one such year or none; a year all publish makes the verdict one recomputed
    here (``stated``), found: whether Shenzhen is largest, per year.

    Example
    -------
    >>> decide_sei_01(Sei01Evidence({2022: True, 2023: False}, {}, (), (), (2016, 2024), ()))["SEI-01"].verdict
    'contradicted'
    """
    first = list(evidence.largest.values())
    verdict = ("reproduced" if first and all(first) and len(first) >= 2
               else "contradicted" if first and not all(first) else "not_checkable")
    return {"SEI-01": Decision(verdict, computed=dict(evidence.largest), stated=bool(first), basis="recomputed")}


@dataclass(frozen=True)
class WindowRate:
    """A growth rate of one window (``years``: the missing year(s) it skips or needs; ``method``: how computed).

    Example
    -------
    >>> WindowRate(2019, 2024, "nominal", 8.96, "cagr_levels").span
    5
    """

    start_year: int
    end_year: int
    price_basis: str = ""
    rate: float | None = None
    method: str = ""
    years: str = ""

    @property
    def span(self) -> int:
        """Yearly changes in the window."""
        return self.end_year - self.start_year


@dataclass(frozen=True)
class Sei02Evidence:
    """Shenzhen's growth over the windows the article may mean and over every window searched, and every city's.

    SEI-02a: the would-be verdict of each recent window (:func:`growth_windows`), its complete recent estimates
    (``recent``, rates to two decimals), those giving the published rate (``matches``), the complete rates of any
    window per basis (``spread``), those giving it (``hits``), the averages reaching it only by skipping a year
    (``skipped``), the rates a missing year would need (``needed``), the years the real chains lack (``lacking``).
    SEI-02b: per city the (lowest, highest, count) of its complete estimates, and per window and basis in which
    every city has one, in how many Shenzhen is fastest of how many (``fastest``).

    Example
    -------
    >>> e = Sei02Evidence(7.2, ("contradicted",), (), (), {"nominal": (9.0,)}, (), (), (), (), (), {}, {}, ())
    >>> e.recent_verdicts
    ('contradicted',)
    """

    target: float
    recent_verdicts: tuple[str, ...]
    recent: tuple[WindowRate, ...]
    matches: tuple[WindowRate, ...]
    spread: dict[str, tuple[float, ...]]
    hits: tuple[WindowRate, ...]
    skipped: tuple[WindowRate, ...]
    needed: tuple[WindowRate, ...]
    lacking: tuple[int, ...]
    sources_a: tuple[str, ...]
    per_city: dict[str, tuple[float, float, int] | None]
    fastest: dict[WindowRate, tuple[int, int]]
    sources_b: tuple[str, ...]

    @property
    def fastest_total(self) -> tuple[int, int]:
        """In how many of the estimates all cities share Shenzhen is fastest, and how many they share."""
        return (sum(fastest for fastest, _ in self.fastest.values()),
                sum(shared for _, shared in self.fastest.values()))


def sei_02_evidence(table: pd.DataFrame, cities: list[str], search: pd.DataFrame, windows: pd.DataFrame, *,
                    assume_unstated_rates_real: bool = True) -> Sei02Evidence:
    """What the growth search and its windows (:func:`growth_windows`) give for SEI-02a and SEI-02b.

    Example
    -------
    >>> t = pd.DataFrame({"city": "Shenzhen", "year": [2019, 2024], "indicator": "sei_value_added",
    ...                   "value": [100.0, 150.0], "price_basis": "nominal", "source_url": None})
    >>> evidence = sei_02_evidence(t, ["Shenzhen"], *growth_windows(t, ["Shenzhen"], 2019, 2024, [5]))
    >>> [(r.method, r.rate) for r in evidence.recent], evidence.recent_verdicts
    ([('cagr_levels', 8.45)], ('not_checkable', 'not_checkable'))
    """
    target, last_year = published_rate(), int(windows["end_year"].max())
    own = search[search["city"] == CLAIM_CITY]
    recent = windows[article_windows(windows, last_year)]
    complete = own[own["complete"].astype(bool)]
    close = (own["rate"] - target).abs() <= RATE_TOLERANCE
    needed = needed_missing_rates(table, CLAIM_CITY, search, target,
                                  assume_unstated_rates_real=assume_unstated_rates_real)
    needed = needed[needed["end_year"].isin([last_year - 1, last_year])
                    & (needed["end_year"] - needed["start_year"]).isin(RECENT_SPANS)]
    done = search[search["complete"].astype(bool) & (search["method"] != growth.SKIPPING_METHOD)]
    rates = {c: done.loc[done["city"] == c, "rate"] for c in cities}
    compared = windows[windows["shared_estimates"] > 0] if CLAIM_CITY in cities and len(cities) > 1 else windows[:0]
    return Sei02Evidence(
        target=target, recent_verdicts=tuple(recent["sei_02a"]),
        recent=tuple(WindowRate(r.start_year, r.end_year, r.price_basis, round(r.rate, 2), r.method)
                     for r in own.itertuples() if r.complete and r.span in RECENT_SPANS
                     and r.end_year in (last_year - 1, last_year)),
        matches=tuple(WindowRate(r.start_year, r.end_year, r.price_basis, r.rate)
                      for r in recent[recent["sei_02a"] == "reproduced"].itertuples()),
        spread={b: tuple(complete.loc[complete["price_basis"] == b, "rate"]) for b in growth.PRICE_BASES},
        hits=tuple(WindowRate(r.start_year, r.end_year, r.price_basis, r.rate) for r in complete[
            ((complete["rate"] - target).abs() <= RATE_TOLERANCE)
            & (complete["method"] != growth.SKIPPING_METHOD)].itertuples()),
        skipped=tuple(WindowRate(r.start_year, r.end_year, r.price_basis, r.rate, years=r.missing_years)
                      for r in own[(own["method"] == growth.SKIPPING_METHOD) & close].itertuples()),
        needed=tuple(WindowRate(r.start_year, r.end_year, rate=r.rate_needed, years=str(r.missing_year))
                     for r in needed.itertuples()),
        lacking=tuple(missing_years(recent.loc[recent["price_basis"] == "real", "missing_years"])),
        sources_a=tuple(_sources(table, [CLAIM_CITY], ["sei_growth_yoy", "sei_value_added"])),
        per_city={c: (r.min(), r.max(), len(r)) if len(r) else None for c, r in rates.items()},
        fastest={WindowRate(r.start_year, r.end_year, r.price_basis): (int(r.fastest_in), int(r.shared_estimates))
                 for r in compared.itertuples()},
        sources_b=tuple(_sources(table, cities, ["sei_growth_yoy", "sei_value_added"])))


def decide_sei_02(evidence: Sei02Evidence) -> dict[str, Decision]:
    """SEI-02a: the recent windows' verdicts combined (:func:`combine_windows`), found: the published rate when
    reproduced, else the recent complete estimates (by window); SEI-02b: reproduced when Shenzhen is fastest
    in every estimate all cities share, contradicted when in none, not checkable when in some or when they share
    none, found: in how many of how many, per window and basis (per city, the estimates' range, when they share no
    window). Both are recomputed here (``stated``), except an
    open SEI-02a and an SEI-02b without a window all cities share, which stay open for want of data.

    Example
    -------
    >>> e = Sei02Evidence(7.2, ("contradicted", "reproduced"), (), (), {}, (), (), (), (), (), {},
    ...                   {WindowRate(2019, 2024, "nominal"): (1, 3)}, ())
    >>> decided = decide_sei_02(e)
    >>> decided["SEI-02a"].verdict, decided["SEI-02a"].computed, decided["SEI-02b"].verdict
    ('reproduced', 7.2, 'not_checkable')
    """
    fastest, shared = evidence.fastest_total
    rate = combine_windows(evidence.recent_verdicts)
    found = {window: window.rate for window in evidence.recent}
    fastest_verdict = ("not_checkable" if not shared or 0 < fastest < shared
                       else "reproduced" if fastest == shared else "contradicted")
    return {"SEI-02a": Decision(rate, computed=(evidence.target if rate == "reproduced" else found
                                          if rate == "contradicted" else found or None),
                                stated=rate != "not_checkable", basis="recomputed"),
            "SEI-02b": Decision(fastest_verdict, computed=dict(evidence.fastest or evidence.per_city),
                                stated=bool(evidence.fastest), basis="recomputed")}


@dataclass(frozen=True)
class Sei03Evidence:
    """Shenzhen's published SEI shares of GDP (``series``: year → share, the latest deciding SEI-03a), the share
    recomputed from that year's level and GDP, whether a conflicting pre-release estimate is kept; the other cities'
    published shares (``others``: (city, year) → share, earliest first), their first-half shares and the years
    listed without an exact figure; and each share's sources, by (city, year).

    Example
    -------
    >>> e = Sei03Evidence({2024: 42.3}, None, False, "report", ("Beijing",), {("Beijing", 2024): 20.0}, (), (), {})
    >>> e.latest_year, e.latest_share, e.margins
    (2024, 42.3, {'Beijing': 22.3})
    """

    series: dict[int, float]
    recomputed: float | None
    preliminary_estimate: bool
    source_kind: str
    other_cities: tuple[str, ...]
    others: dict[tuple[str, int], float]
    half_year: tuple[dict, ...]
    unpublished: tuple[dict, ...]
    sources: dict[tuple[str, int], tuple[str, ...]]

    @property
    def latest_others(self) -> list[tuple[str, int]]:
        """(city, year) of each other city's latest published share, earliest first."""
        latest = {city: (city, year) for city, year in self.others}  # others run earliest first: the last stays
        return sorted(latest.values(), key=lambda pair: pair[1])

    @property
    def latest_year(self) -> int:
        """The year of Shenzhen's latest published share."""
        return max(self.series)

    @property
    def latest_share(self) -> float:
        """Shenzhen's latest published share (percent of GDP)."""
        return self.series[self.latest_year]

    @property
    def margins(self) -> dict[str, float]:
        """Points by which Shenzhen's latest share exceeds each other city's of the same year (those published)."""
        return {c: round(self.latest_share - v, 1) for (c, y), v in self.others.items() if y == self.latest_year}


def sei_03_evidence(table: pd.DataFrame, cities: list[str]) -> Sei03Evidence:
    """The published SEI shares of GDP of Shenzhen and of the other cities compared.

    Example
    -------
    >>> t = pd.DataFrame({"city": ["Shenzhen", "Shenzhen", "Beijing"], "year": [2023, 2024, 2024],
    ...                   "indicator": "sei_share_of_gdp", "value": [41.9, 42.3, 20.0], "source_url": None,
    ...                   "source_kind": "report"})
    >>> e = sei_03_evidence(t, FIRST_TIER)
    >>> e.series, e.others, e.margins
    ({2023: 41.9, 2024: 42.3}, {('Beijing', 2024): 20.0}, {'Beijing': 22.3})
    """
    published = table[(table["indicator"] == "sei_share_of_gdp") & table["value"].notna()]
    own = published[published["city"] == CLAIM_CITY].sort_values("year")
    latest = own.iloc[-1]
    shares = share_table(table, list(dict.fromkeys([*cities, CLAIM_CITY])))
    recomputed = shares[(shares["city"] == CLAIM_CITY) & (shares["year"] == latest["year"])]["share_computed"].dropna()
    others = [c for c in cities if c != CLAIM_CITY]
    other_shares = shares[shares["city"].isin(others)].dropna(subset=["share_published"]).sort_values("year",
                                                                                                      kind="stable")
    of_others = table[table["city"].isin(others)]
    half = of_others[(of_others["indicator"] == "sei_share_of_gdp_h1") & of_others["value"].notna()]
    unpublished = of_others[(of_others["indicator"] == "sei_share_of_gdp") & of_others["value"].isna()]
    return Sei03Evidence(
        {int(r.year): r.value for r in own.itertuples()}, float(recomputed.iloc[0]) if len(recomputed) else None,
        bool(((table["city"] == CLAIM_CITY) & (table["indicator"] == "sei_preliminary_estimate")
              & (table["year"] == latest["year"])).any()), str(latest["source_kind"]), tuple(others),
        {(r.city, int(r.year)): r.share_published for r in other_shares.itertuples()},
        tuple({"city": r.city, "value": r.value, "year": r.year} for r in half.itertuples()),
        tuple({"city": r.city, "year": r.year} for r in unpublished.itertuples()),
        {(row["city"], int(row["year"])): tuple(claims.row_sources(row)) for _, row in published.iterrows()})


def decide_sei_03(evidence: Sei03Evidence, cities: list[str]) -> dict[str, Decision]:
    """SEI-03a: Shenzhen's latest share compared with the article's 42.3% (to one decimal: tolerance 0.05);
    SEI-03b: with every other city's share of that year, confirmed when Shenzhen's exceeds each, contradicted when
    not, as the sources state the shares (``stated``, found: the margins); otherwise not checkable.

    Example
    -------
    >>> e = Sei03Evidence({2024: 42.3}, None, False, "report", ("Beijing",), {("Beijing", 2024): 20.0}, (), (), {})
    >>> {part: d.verdict for part, d in decide_sei_03(e, ["Beijing", "Shenzhen"]).items()}
    {'SEI-03a': 'confirmed_by_source', 'SEI-03b': 'confirmed_by_source'}
    """
    margins = evidence.margins
    complete = evidence.other_cities and CLAIM_CITY in cities and set(margins) == set(evidence.other_cities)
    exceeds = ("not_checkable" if not complete
               else "confirmed_by_source" if min(margins.values()) > 0 else "contradicted")
    return {"SEI-03a": compare("SEI-03a", evidence.latest_share, tolerance=0.05),
            "SEI-03b": Decision(exceeds, computed=margins, stated=exceeds != "not_checkable")}
