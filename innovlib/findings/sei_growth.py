"""Verdicts of the ``sei_growth`` notebook (SEI-01 … SEI-03), and the per-window rule its sweep shows.

The claims (Time Weekly, TW-2025-11) are about Shenzhen among the four first-tier cities. SEI-02 states a
five-year average growth rate without its window or price basis, so :func:`growth_windows` decides, for every
window and basis of a growth search, what SEI-02a and SEI-02b would get if the article meant that window;
:func:`sei_02` combines that rule over the windows the article may mean (:func:`article_windows`), and the
``sei_growth_sweep`` notebook draws it over a whole grid. Both call the same function, so the sweep can never
disagree with the verdict.

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

import pandas as pd

from innovlib import claims, growth
from innovlib.analyses.sei_growth import growth_search, indicator_table, needed_missing_rates, share_table
from innovlib.rankings import rank
from innovlib.text import names

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


def _window_verdicts(group: pd.DataFrame, target: float, tolerance: float) -> dict:
    """SEI-02a and SEI-02b for one window and basis, from every city's estimates (assumption rows excluded)."""
    own = group[group["city"] == CLAIM_CITY]
    applicable = own[~own["note"].astype(str).str.startswith("not applicable")]
    complete = applicable[applicable["complete"].astype(bool)]
    close = complete[(complete["rate"] - target).abs() <= tolerance + 1e-12]
    sei_02a = ("reproduced" if len(close) else "contradicted" if len(applicable) and len(complete) == len(applicable)
               else "not_checkable")
    headline = complete.sort_values("method", key=lambda m: m.map(METHOD_ORDER.index))
    cities = list(dict.fromkeys(group["city"]))
    finished = group[group["complete"].astype(bool)]
    shared = (finished.pivot_table(index="method", columns="city", values="rate").reindex(columns=cities).dropna()
              if len(finished) and CLAIM_CITY in cities and len(cities) > 1 else pd.DataFrame())
    fastest = [bool(rank(row, ties="min")[CLAIM_CITY] == 1) for _, row in shared.iterrows()]
    sei_02b = ("not_checkable" if not fastest or 0 < sum(fastest) < len(fastest)
               else "reproduced" if all(fastest) else "contradicted")
    return {"rate": float(headline["rate"].iloc[0]) if len(headline) else None,
            "method": headline["method"].iloc[0] if len(headline) else None,
            "missing_years": ", ".join(sorted({y for m in applicable["missing_years"].dropna()
                                               for y in str(m).split(", ") if y})),
            "sei_02a": sei_02a, "shared_estimates": len(fastest), "fastest_in": sum(fastest), "sei_02b": sei_02b}


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
    keys = ["start_year", "end_year", "price_basis"]
    estimates = search[search["method"] != growth.SKIPPING_METHOD] if len(search) else search
    rows = [{**dict(zip(keys, key)), "span": key[1] - key[0], **_window_verdicts(group, target, RATE_TOLERANCE)}
            for key, group in estimates.groupby(keys, sort=True)]
    columns = [*keys[:2], "span", keys[2], "rate", "method", "missing_years", "sei_02a", "shared_estimates",
               "fastest_in", "sei_02b"]
    return search, pd.DataFrame(rows, columns=columns).astype({"rate": float})


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


def _missing(text) -> list[int]:
    return sorted({int(y) for m in pd.Series(text).dropna() for y in str(m).split(", ") if y})


# --- the claims -------------------------------------------------------------------------------------------------

def sei_01(audit: claims.Audit, table: pd.DataFrame, cities: list[str]) -> None:
    """SEI-01: Shenzhen's SEI value added is the largest of the cities compared, in every year they all publish.

    Example
    -------
    >>> t = pd.DataFrame({"city": ["Shenzhen", "Beijing"] * 2, "year": [2020, 2020, 2021, 2021],
    ...                   "indicator": "sei_value_added", "value": [9.0, 5.0, 10.0, 6.0],
    ...                   "source_url": "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"})
    >>> audit = claims.Audit(cities=["Beijing", "Shenzhen"])
    >>> sei_01(audit, t, ["Beijing", "Shenzhen"])   # a two-city run does not test the claim
    >>> audit.recorded, audit.not_tested[0].part_id
    ([], 'SEI-01')
    """
    data_years = sorted(int(y) for y in table["year"].dropna().unique())
    levels = indicator_table(table, "sei_value_added", cities)
    years_with_all = [int(y) for y, row in levels.iterrows() if row.notna().all()]
    pairs = {int(y): row.dropna().sort_values(ascending=False) for y, row in levels.iterrows()
             if row.notna().sum() >= 2}
    pair_text = "; ".join(f"{y}: " + " > ".join(f"{c} {v:,.0f}" for c, v in row.items()) for y, row in pairs.items())
    half = table[(table["indicator"] == "sei_value_added_h1") & table["city"].isin(cities) & table["value"].notna()]
    half_text = "; ".join(f"{r.city} {r.value:,.1f} (first half of {r.year} only, not comparable with full years)"
                          for r in half.itertuples())
    about, sources = {"cities": FIRST_TIER}, _sources(table, cities, ["sei_value_added"])
    if years_with_all:
        first_in = {y: levels.loc[y].idxmax() == CLAIM_CITY for y in years_with_all}
        verdict = ("reproduced" if all(first_in.values()) and len(years_with_all) >= 2
                   else "contradicted" if not all(first_in.values()) else "not_checkable")
        audit.record("SEI-01", verdict, about=about, basis="recomputed", sources=sources,
                     computed={y: ("largest" if v else "not largest") for y, v in first_in.items()},
                     explanation=(f"Years with SEI value added for every city compared: "
                                  f"{', '.join(map(str, years_with_all))}. {CLAIM_CITY} is largest in "
                                  f"{sum(first_in.values())} of them; the cities' SEI definitions differ (see the "
                                  "comparability section)."))
        return
    lacking = [c for c in cities if c != CLAIM_CITY and levels.get(c, pd.Series(dtype=float)).isna().all()]
    audit.not_checkable(
        "SEI-01", about=about, sources=sources, computed=f"years with all {len(cities)} cities' SEI value added: none",
        missing=("a year with full-year SEI value added for every city compared: no year in "
                 f"{data_years[0]}-{data_years[-1]} has one"
                 + (f"; the sources found give no full-year figure at all for {', '.join(lacking)}"
                    if lacking else "")),
        explanation=("Years where two or more cities can be compared: " + (pair_text or "none") + ". "
                     + (f"Also: {half_text}. " if half_text else "")
                     + "The cities' SEI definitions differ (see the comparability section)."))


def sei_02(audit: claims.Audit, table: pd.DataFrame, cities: list[str], search: pd.DataFrame,
           windows: pd.DataFrame, *, assume_unstated_rates_real: bool = True) -> None:
    """SEI-02a (Shenzhen grew 7.2% a year over the past five years) and SEI-02b (the fastest of the four), from
    :func:`growth_windows` over the dataset's years (see there for the rule per window).

    SEI-02a combines the windows of :func:`article_windows` on both bases (:func:`combine_windows`); SEI-02b
    every window in which every city compared has a complete estimate. Both read Shenzhen's unstated-basis rates
    as real, so they are tested only with ``assume_unstated_rates_real``.

    Example
    -------
    >>> t = pd.DataFrame({"city": "Shenzhen", "year": [2019, 2024], "indicator": "sei_value_added",
    ...                   "value": [100.0, 100 * 1.072 ** 5], "price_basis": "nominal",
    ...                   "source_url": "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"})
    >>> search, windows = growth_windows(t, ["Shenzhen"], 2019, 2024, [5])
    >>> audit = claims.Audit(cities=["Shenzhen"], assume_unstated_rates_real=True)
    >>> sei_02(audit, t, ["Shenzhen"], search, windows)
    >>> audit.verdict_of("SEI-02a")
    'reproduced'
    """
    target, last_year = published_rate(), int(windows["end_year"].max())
    own = search[search["city"] == CLAIM_CITY]
    recent = windows[article_windows(windows, last_year)]
    found = {f"{r.start_year}→{r.end_year} {r.method.replace('_', ' ')} ({r.price_basis})": round(r.rate, 2)
             for r in own.itertuples() if r.complete and r.span in RECENT_SPANS
             and r.end_year in (last_year - 1, last_year)}
    complete = own[own["complete"].astype(bool)]
    spread = {basis: complete.loc[complete["price_basis"] == basis, "rate"] for basis in growth.PRICE_BASES}
    spread_text = {b: "no complete window" if not len(r) else f"{r.min():.1f}% to {r.max():.1f}% a year in "
                      f"{len(r)} complete window-method pairs" for b, r in spread.items()}
    skipped = own[(own["method"] == growth.SKIPPING_METHOD) & ((own["rate"] - target).abs() <= RATE_TOLERANCE)]
    skipped_text = "; ".join(f"{r.start_year}→{r.end_year}: {r.rate:.2f}% if {r.missing_years} is skipped"
                             for r in skipped.itertuples()) or "none"
    needed = needed_missing_rates(table, CLAIM_CITY, search, target,
                                  assume_unstated_rates_real=assume_unstated_rates_real)
    needed = needed[needed["end_year"].isin([last_year - 1, last_year])
                    & (needed["end_year"] - needed["start_year"]).isin(RECENT_SPANS)]
    needed_text = "; ".join(f"{r.start_year}→{r.end_year} needs {r.missing_year} at {r.rate_needed:.1f}%"
                            for r in needed.itertuples()) or "none"
    nominal = [v for k, v in found.items() if "(nominal)" in k]
    context = ("Complete nominal estimates over the recent four- and five-year windows: "
               + (", ".join(f"{k} {v:.1f}%" for k, v in found.items() if "(nominal)" in k) or "none")
               + f". Any complete window of {SEARCH_SPANS[0]}-{SEARCH_SPANS[-1]} years: nominal "
               f"{spread_text['nominal']}, real {spread_text['real']}. Averages that reach {target:g}% only by "
               f"skipping a missing year (assumptions, not matches): {skipped_text}. Rates a missing year would need "
               f"(assumptions): {needed_text}.")
    verdict = combine_windows(recent["sei_02a"])
    about_a, sources_a = {"assume_unstated_rates_real": True}, _sources(table, [CLAIM_CITY], ["sei_growth_yoy",
                                                                                                 "sei_value_added"])
    matches = recent[recent["sei_02a"] == "reproduced"]
    if verdict == "not_checkable":
        missing = _missing(recent.loc[recent["price_basis"] == "real", "missing_years"])
        audit.not_checkable(
            "SEI-02a", about=about_a, sources=sources_a, computed=found or None, explanation=context,
            finding=_sei_02a_finding(complete, target, spread, missing),
            missing=(f"{CLAIM_CITY}'s published SEI growth rate for {', '.join(map(str, missing))}, without which the "
                     "real-basis chains over the recent windows cannot be completed" if missing
                     else "a recent window on the claim's price basis that every method can compute")
                    + " (the article states neither window nor price basis"
                    + (f"; the complete recent nominal estimates give {min(nominal):.1f}% to {max(nominal):.1f}%"
                       if nominal else "") + ")")
    else:
        audit.record("SEI-02a", verdict, about=about_a, basis="recomputed", sources=sources_a,
                     computed=target if verdict == "reproduced" else found,
                     explanation=(("Windows giving the published rate with every year published: "
                                   + "; ".join(f"{r.start_year}→{r.end_year} ({r.price_basis}) {r.rate:.2f}%"
                                               for r in matches.itertuples()) + ". ")
                                  if verdict == "reproduced" else
                                  ("Every recent four- and five-year window is complete on both price bases and none "
                                   f"gives {target:g}%. ")) + context)
    _sei_02b(audit, table, cities, search, windows)


def _sei_02a_finding(complete: pd.DataFrame, target: float, spread: dict, missing: list[int]) -> str:
    """One sentence on SEI-02a: whether any complete window gives the published rate, and the range found per basis.

    Example
    -------
    >>> rows = pd.DataFrame({"rate": [8.7, 12.2, 6.8], "price_basis": ["nominal", "nominal", "real"]})
    >>> _sei_02a_finding(rows, 7.2, {b: rows.loc[rows["price_basis"] == b, "rate"] for b in ("nominal", "real")}, [2021])
    "No complete growth window gives Shenzhen's 7.2% a year: nominal 8.7-12.2%, real 6.8% (one window); the real chain over the recent windows lacks the published rate for 2021."
    """
    hits = complete[((complete["rate"] - target).abs() <= RATE_TOLERANCE)
                    & (complete.get("method", "") != growth.SKIPPING_METHOD)]
    ranges = ", ".join(f"{basis} " + (f"{r.min():.1f}-{r.max():.1f}%" if len(r) > 1 else f"{r.iloc[0]:.1f}% (one window)")
                       for basis, r in spread.items() if len(r))
    lead = (f"No complete growth window gives {CLAIM_CITY}'s {target:g}% a year" if hits.empty else
            f"{len(hits)} complete growth window(s) give {CLAIM_CITY}'s {target:g}% a year (" + "; ".join(
                f"{r.start_year}→{r.end_year} {r.price_basis}" for r in hits.itertuples()) + ")")
    lack = (f"; the real chain over the recent windows lacks the published rate for {', '.join(map(str, missing))}"
            if missing else "")
    return f"{lead}: {ranges or 'no complete window'}{lack}."


def _sei_02b(audit: claims.Audit, table: pd.DataFrame, cities: list[str], search: pd.DataFrame,
             windows: pd.DataFrame) -> None:
    about, sources = ({"cities": FIRST_TIER, "assume_unstated_rates_real": True},
                      _sources(table, cities, ["sei_growth_yoy", "sei_value_added"]))
    done = search[search["complete"].astype(bool) & (search["method"] != growth.SKIPPING_METHOD)]
    per_city = {c: (f"{done.loc[done['city'] == c, 'rate'].min():.1f}-{done.loc[done['city'] == c, 'rate'].max():.1f}"
                    f"% ({(done['city'] == c).sum()} complete estimates)" if (done["city"] == c).any()
                    else "no complete window") for c in cities}
    compared = windows[windows["shared_estimates"] > 0]
    if CLAIM_CITY in cities and len(cities) > 1 and len(compared):
        fastest, shared = int(compared["fastest_in"].sum()), int(compared["shared_estimates"].sum())
        audit.record("SEI-02b", "reproduced" if fastest == shared else "contradicted" if not fastest
                     else "not_checkable", about=about, basis="recomputed", sources=sources,
                     computed={f"{r.start_year}-{r.end_year} {r.price_basis}": f"{r.fastest_in} of {r.shared_estimates}"
                               for r in compared.itertuples()},
                     explanation=(f"{CLAIM_CITY} is fastest in {fastest} of {shared} window-method estimates that "
                                  "every city compared can compute; the cities' SEI definitions differ."))
        return
    without = [c for c in cities if per_city[c] == "no complete window"]
    audit.not_checkable(
        "SEI-02b", about=about, sources=sources, computed=per_city,
        missing=(f"a complete SEI growth series of three to six years for {', '.join(without)}" if without
                 else "a window and price basis on which every city compared has a complete estimate"),
        explanation="Complete growth estimates per city, any window and basis: "
                    + "; ".join(f"{c}: {t}" for c, t in per_city.items()) + ".")


def sei_03(audit: claims.Audit, table: pd.DataFrame, cities: list[str]) -> None:
    """SEI-03a (SEI are 42.3% of Shenzhen's GDP) from the latest published share, and SEI-03b (well above each
    other first-tier city) from the other cities' published shares of the same year.

    Example
    -------
    >>> url = "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"
    >>> t = pd.DataFrame({"city": ["Shenzhen", "Beijing"], "year": 2024, "indicator": "sei_share_of_gdp",
    ...                   "value": [42.3, 20.0], "source_url": url, "source_kind": "report"})
    >>> audit = claims.Audit(cities=FIRST_TIER)
    >>> sei_03(audit, t, FIRST_TIER)
    >>> audit.verdict_of("SEI-03a"), audit.verdict_of("SEI-03b")
    ('confirmed_by_source', 'not_checkable')
    """
    own = table[(table["city"] == CLAIM_CITY) & (table["indicator"] == "sei_share_of_gdp") & table["value"].notna()]
    own = own.sort_values("year")
    latest = own.iloc[-1]
    latest_year = int(latest["year"])
    series_text = ", ".join(f"{r.value:g}% ({r.year})" for r in own.itertuples())
    shares = share_table(table, list(dict.fromkeys([*cities, CLAIM_CITY])))
    recomputed = shares[(shares["city"] == CLAIM_CITY) & (shares["year"] == latest_year)]["share_computed"].dropna()
    recompute_text = (f"Recomputed from that year's SEI value added and GDP: {recomputed.iloc[0]:.2f}% (the "
                      "value-added level may be published rounded; see its note in the data). " if len(recomputed)
                      else f"No {latest_year} SEI value added and GDP pair to recompute it from. ")
    estimate = table[(table["city"] == CLAIM_CITY) & (table["indicator"] == "sei_preliminary_estimate")
                     & (table["year"] == latest_year)]
    audit.check("SEI-03a", computed=float(latest["value"]), basis="source", tolerance=0.05,
                sources=claims.row_sources(latest), about={},
                explanation=(f"The {latest_year} share as published ({latest['source_kind']}); it continues the "
                             f"published series {series_text}. {recompute_text}"
                             + (f"The dataset also keeps a conflicting pre-release estimate for {latest_year} without "
                                "an exact figure (row sei_preliminary_estimate)." if len(estimate) else "")))
    others = [c for c in cities if c != CLAIM_CITY]
    other_shares = shares[shares["city"].isin(others)].dropna(subset=["share_published"])
    same_year = other_shares[other_shares["year"] == latest_year].set_index("city")["share_published"]
    latest_other = other_shares.sort_values("year").groupby("city").tail(1)
    other_text = ", ".join(f"{r.city} {r.share_published:g}% ({r.year})" for r in latest_other.itertuples()) or "none"
    unpublished = table[table["city"].isin(others) & table["indicator"].eq("sei_share_of_gdp") & table["value"].isna()]
    half = table[table["city"].isin(others) & (table["indicator"] == "sei_share_of_gdp_h1") & table["value"].notna()]
    context = (f"Latest published full-year shares of the other cities: {other_text}"
               + "".join(f"; {r.city} {r.value:g}% (first half of {r.year} only)" for r in half.itertuples())
               + "".join(f"; {r.city} {r.year}: no exact figure published" for r in unpublished.itertuples()) + ".")
    published = table[(table["indicator"] == "sei_share_of_gdp") & table["value"].notna()]

    def shares_evidence(compared: pd.DataFrame) -> dict[str, list[str]]:
        """{figure: urls}: Shenzhen's share and each compared city's share, each with the URLs its row records."""
        rows = published.merge(compared[["city", "year"]].drop_duplicates(), on=["city", "year"])
        return {f"{CLAIM_CITY}'s {latest_year} share": claims.row_sources(latest),
                **{f"{r['city']}'s {r['year']} share": claims.row_sources(r) for _, r in rows.iterrows()}}

    about = {"cities": FIRST_TIER}
    if others and CLAIM_CITY in cities and set(same_year.index) == set(others):
        margins = {c: round(float(latest["value"]) - v, 1) for c, v in same_year.items()}
        audit.record("SEI-03b", "confirmed_by_source" if min(margins.values()) > 0 else "contradicted",
                     about=about, basis="source", sources=shares_evidence(other_shares[other_shares["year"] == latest_year]),
                     computed=margins,
                     explanation=(f"Percentage points by which {CLAIM_CITY}'s {latest_year} share exceeds each other "
                                  "city's published share of the same year ('well above' is not quantified)."))
        return
    lacking = [c for c in others if c not in same_year.index]
    audit.not_checkable(
        "SEI-03b", about=about, sources=shares_evidence(latest_other), computed=other_text,
        missing=(f"the {latest_year} SEI share of GDP of {', '.join(lacking)}" if lacking
                 else "the other first-tier cities in this run"),
        explanation=context + " Shares of different years and definitions cannot settle 'well above'.")


# --- narrative built from computed values ---------------------------------------------------------------------

def describe_window(window: pd.DataFrame, start_year: int, end_year: int, price_basis: str,
                    confidence: float) -> str:
    """Markdown: the complete estimates of one window and basis, each city and method in a line.

    Example
    -------
    >>> w = pd.DataFrame({"city": ["A"], "method": ["cagr_levels"], "rate": [5.0], "ci_low": [None],
    ...                   "ci_high": [None], "assumed_years": [""]})
    >>> describe_window(w, 2018, 2023, "nominal", 0.95).splitlines()[-1]
    '- A, cagr levels: 5.0% a year'
    """
    complete = window.dropna(subset=["rate"])
    lines = [f"- {r.city}, {r.method.replace('_', ' ')}: {r.rate:.1f}% a year"
             + (f" ({confidence:.0%} interval {r.ci_low:.1f} to {r.ci_high:.1f})" if pd.notna(r.ci_low) else "")
             + (f"; basis assumed for {r.assumed_years}" if isinstance(r.assumed_years, str) and r.assumed_years
                else "") for r in complete.itertuples()]
    unranked = [c for c in dict.fromkeys(window["city"]) if c not in set(complete["city"])]
    head = f"**{start_year}→{end_year}, {price_basis} basis:** "
    if not len(complete):
        return head + f"no city has a complete estimate ({len(window)} tried; see the notes below)."
    return (head + f"{len(complete)} complete estimate(s) of {len(window)}"
            + (f"; none for {names(unranked)}" if unranked else "") + ":\n\n" + "\n".join(lines))


def describe_search(search: pd.DataFrame, windows: pd.DataFrame) -> str:
    """Markdown: what Shenzhen's window search found against the published rate, and what it lacks.

    Example
    -------
    >>> t = pd.DataFrame({"city": "Shenzhen", "year": [2019, 2024], "indicator": "sei_value_added",
    ...                   "value": [100.0, 150.0], "price_basis": "nominal"})
    >>> describe_search(*growth_windows(t, ["Shenzhen"], 2019, 2024, [5]))[:44]
    '**Shenzhen, 2019→2024:** windows giving 7.2%'
    """
    target = published_rate()
    own = search[(search["city"] == CLAIM_CITY)]
    skipped = own[(own["method"] == growth.SKIPPING_METHOD) & ((own["rate"] - target).abs() <= RATE_TOLERANCE)]
    missing = _missing(windows.loc[windows["price_basis"] == "real", "missing_years"])
    unusable = int(((own["method"] == "chained_rates") & (own["price_basis"] == "real")  # nominal chains never apply
                    & own["note"].astype(str).str.startswith("not applicable")).sum())
    by_basis = {b: windows.loc[windows["price_basis"] == b, "rate"].dropna() for b in growth.PRICE_BASES}
    spans = {b: f"{r.min():.1f}% to {r.max():.1f}% a year" if len(r) else "none" for b, r in by_basis.items()}
    return (f"**{CLAIM_CITY}, {int(windows['start_year'].min())}→{int(windows['end_year'].max())}:** windows giving "
            f"{target:g}% with every year published: {int((windows['sei_02a'] == 'reproduced').sum())} of "
            f"{len(windows)} window-basis pairs. Complete estimates: nominal {spans['nominal']}, real "
            f"{spans['real']}. "
            + (f"Rate chains lack the rate of {', '.join(map(str, missing))}. " if missing else "")
            + (f"{unusable} rate chain(s) cannot be computed because the rates' price basis is not stated "
               "(assume_unstated_rates_real is off). " if unusable else "")
            + (f"Averages that reach {target:g}% only by skipping a missing year (assumption, not a match): "
               + "; ".join(f"{r.start_year}→{r.end_year} {r.rate:.2f}% (skips {r.missing_years})"
                           for r in skipped.itertuples()) + "."
               if len(skipped) else "No average that skips a missing year reaches it either."))


VERDICT_CODES = {"reproduced": "R", "contradicted": "C", "not_checkable": "N"}  # one letter per would-be verdict


def sweep_table(windows: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """The sweep's grid: per window and basis, Shenzhen's rate, the would-be verdicts of SEI-02a and SEI-02b, a
    short ``label`` of both (``SEI-02a/SEI-02b`` in :data:`VERDICT_CODES`) and whether the article may mean the
    window (``article``).

    Example
    -------
    >>> w = pd.DataFrame({"start_year": [2019], "end_year": [2024], "span": [5], "price_basis": ["nominal"],
    ...                   "rate": [9.0], "sei_02a": ["contradicted"], "sei_02b": ["not_checkable"]})
    >>> sweep_table(w, 2024)[["label", "article"]].values.tolist()
    [['C/N', True]]
    """
    return windows.assign(label=windows["sei_02a"].map(VERDICT_CODES) + "/" + windows["sei_02b"].map(VERDICT_CODES),
                          article=article_windows(windows, last_year))


def describe_sweep(grid: pd.DataFrame) -> str:
    """Markdown: how the would-be verdicts spread over the grid, which windows give the published rate, and what the
    windows the article may mean give (the verdict itself is recorded once, in ``sei_growth``).

    Example
    -------
    >>> g = pd.DataFrame({"start_year": [2019, 2018], "end_year": [2024, 2021], "price_basis": "nominal",
    ...                   "rate": [7.2, 9.0], "sei_02a": ["reproduced", "contradicted"],
    ...                   "sei_02b": "not_checkable", "article": [True, False]})
    >>> print(describe_sweep(g).splitlines()[1])  # doctest: +NORMALIZE_WHITESPACE
    - SEI-02a would be reproduced in 1, contradicted in 1 of 2 window-basis cells; SEI-02b would be not checkable
      in 2 (cells in which every city has a complete estimate: 0).
    """
    target = published_rate()
    counts = {part: ", ".join(f"{verdict.replace('_', ' ')} in {n}" for verdict, n in
                              grid[column].value_counts().sort_index(key=lambda v: v.map(list(VERDICT_CODES).index))
                              .items()) for part, column in (("SEI-02a", "sei_02a"), ("SEI-02b", "sei_02b"))}
    rates = {b: grid.loc[grid["price_basis"] == b, "rate"].dropna() for b in dict.fromkeys(grid["price_basis"])}
    hits = grid[grid["sei_02a"] == "reproduced"]
    shared = int((grid["shared_estimates"] > 0).sum()) if "shared_estimates" in grid else 0
    article = [f"{start}→{end}: " + "; ".join(
        f"{r.price_basis} " + (f"{r.rate:.1f}%" if pd.notna(r.rate) else "no complete estimate")
        + f" (SEI-02a {r.sei_02a.replace('_', ' ')})" for r in group.itertuples())
        for (start, end), group in grid[grid["article"]].groupby(["start_year", "end_year"])]
    return "\n".join([
        f"**{len(grid)} window-basis cells, {int(grid['start_year'].min())}→{int(grid['end_year'].max())}** "
        f"(Shenzhen's rate against the published {target:g}% ± {RATE_TOLERANCE:g}):",
        f"- SEI-02a would be {counts['SEI-02a']} of {len(grid)} window-basis cells; SEI-02b would be "
        f"{counts['SEI-02b']} (cells in which every city has a complete estimate: {shared}).",
        "- Complete rates: " + "; ".join(f"{b} {r.min():.1f}% to {r.max():.1f}% a year ({len(r)} cells)" if len(r)
                                         else f"{b}: none" for b, r in rates.items()) + ".",
        "- Windows whose complete estimate gives the published rate: "
        + (names(f"{r.start_year}→{r.end_year} ({r.price_basis})" for r in hits.itertuples()) or "none") + ".",
        "- Windows the article may mean (framed in the figure): " + (" | ".join(article) or "none in this grid") + ".",
    ])
