"""Verdicts of the ``sei_growth`` notebook (SEI-01 … SEI-03), and the narrative of its growth windows and sweep.

The evidence and the decisions are in :mod:`innovlib.findings.sei_growth_evidence` (with the rule per window,
:func:`growth_windows`, that the ``sei_growth_sweep`` notebook draws over a grid); here each claim's function
(``sei_01`` decides SEI-01, ...) fills the sentences of :data:`WORDING` from the evidence and records the verdicts.

Example
-------
>>> import pandas as pd
>>> t = pd.DataFrame({"city": "Shenzhen", "year": [2019, 2024], "indicator": "sei_value_added",
...                   "value": [100.0, 100 * 1.072 ** 5], "price_basis": "nominal",
...                   "source_url": "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"})
>>> audit = claims.Audit(cities=["Shenzhen"], assume_unstated_rates_real=True)
>>> sei_02(audit, t, ["Shenzhen"], *growth_windows(t, ["Shenzhen"], 2019, 2024, [5]))
>>> audit.verdict_of("SEI-02a")
'reproduced'
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from innovlib import claims, growth
from innovlib.analyses.sei_growth import LABELS  # noqa: F401  the tables' labels, for the sweep notebook too
from innovlib.findings import Decision, record
from innovlib.findings.sei_growth_evidence import (  # the notebooks also reach the rule and the cities here
    CLAIM_CITY, FIRST_TIER, RATE_TOLERANCE, SEARCH_SPANS, Sei02Evidence, article_windows, decide_sei_01,
    decide_sei_02, decide_sei_03, growth_windows, missing_years, published_rate, sei_01_evidence, sei_02_evidence,
    sei_03_evidence)
from innovlib.text import names

# --- the claims: wording and recording --------------------------------------------------------------------------

#: Every sentence this module writes, filled from the evidence (str.format with named fields).
WORDING = {
    "largest": "largest",
    "not_largest": "not largest",
    "sei_01": ("Years with SEI value added for every city compared: {years}. {city} is largest in {largest} of "
               "them; the cities' SEI definitions differ (see the comparability section)."),
    "sei_01_none": "years with all {count} cities' SEI value added: none",
    "sei_01_missing": ("a year with full-year SEI value added for every city compared: no year in {first}-{last} "
                       "has one"),
    "sei_01_lacking": "; the sources found give no full-year figure at all for {cities}",
    "sei_01_pairs": "Years where two or more cities can be compared: {pairs}. ",
    "pair": "{year}: {ranking}",
    "pair_city": "{city} {value:,.0f}",
    "half_year": "{city} {value:,.1f} (first half of {year} only, not comparable with full years)",
    "sei_01_half": "Also: {half}. ",
    "definitions_differ": "The cities' SEI definitions differ (see the comparability section).",
    "none": "none",
    "estimate_label": "{start_year}→{end_year} {method} ({price_basis})",
    "estimate": "{label} {rate:.1f}%",
    "spread": "{low:.1f}% to {high:.1f}% a year in {count} complete window-method pairs",
    "no_complete_window": "no complete window",
    "skipped": "{start_year}→{end_year}: {rate:.2f}% if {years} is skipped",
    "needed": "{start_year}→{end_year} needs {years} at {rate:.1f}%",
    "sei_02a_context": ("Complete nominal estimates over the recent four- and five-year windows: {nominal}. Any "
                        "complete window of {shortest}-{longest} years: nominal {spread_nominal}, real {spread_real}. "
                        "Averages that reach {target:g}% only by skipping a missing year (assumptions, not matches): "
                        "{skipped}. Rates a missing year would need (assumptions): {needed}."),
    "sei_02a_matches": "Windows giving the published rate with every year published: {matches}. ",
    "match": "{start_year}→{end_year} ({price_basis}) {rate:.2f}%",
    "sei_02a_none_gives": ("Every recent four- and five-year window is complete on both price bases and none gives "
                           "{target:g}%. "),
    "sei_02a_missing_rate": ("{city}'s published SEI growth rate for {years}, without which the real-basis chains "
                             "over the recent windows cannot be completed"),
    "sei_02a_missing_window": "a recent window on the claim's price basis that every method can compute",
    "sei_02a_missing_tail": " (the article states neither window nor price basis{nominal})",
    "sei_02a_nominal_range": "; the complete recent nominal estimates give {low:.1f}% to {high:.1f}%",
    "sei_02a_no_hit": "No complete growth window gives {city}'s {target:g}% a year",
    "sei_02a_hits": "{count} complete growth window(s) give {city}'s {target:g}% a year ({windows})",
    "hit": "{start_year}→{end_year} {price_basis}",
    "basis_range": "{price_basis} {low:.1f}-{high:.1f}%",
    "basis_one": "{price_basis} {low:.1f}% (one window)",
    "sei_02a_lack": "; the real chain over the recent windows lacks the published rate for {years}",
    "sei_02a_finding": "{lead}: {ranges}{lack}.",
    "city_range": "{low:.1f}-{high:.1f}% ({count} complete estimates)",
    "window_key": "{start_year}-{end_year} {price_basis}",
    "fastest_of": "{fastest} of {shared}",
    "sei_02b": ("{city} is fastest in {fastest} of {shared} window-method estimates that every city compared can "
                "compute; the cities' SEI definitions differ."),
    "sei_02b_missing_series": "a complete SEI growth series of three to six years for {cities}",
    "sei_02b_missing_window": "a window and price basis on which every city compared has a complete estimate",
    "sei_02b_per_city": "Complete growth estimates per city, any window and basis: {per_city}.",
    "city_text": "{city}: {text}",
    "share_year": "{value:g}% ({year})",
    "sei_03a_recomputed": ("Recomputed from that year's SEI value added and GDP: {share:.2f}% (the value-added level "
                           "may be published rounded; see its note in the data). "),
    "sei_03a_no_pair": "No {year} SEI value added and GDP pair to recompute it from. ",
    "sei_03a_estimate": ("The dataset also keeps a conflicting pre-release estimate for {year} without an exact figure "
                         "(row sei_preliminary_estimate)."),
    "sei_03a": "The {year} share as published ({kind}); it continues the published series {series}. {recomputed}",
    "share_figure": "{city}'s {year} share",
    "other_share": "{city} {value:g}% ({year})",
    "other_half": "; {city} {value:g}% (first half of {year} only)",
    "other_unpublished": "; {city} {year}: no exact figure published",
    "sei_03b_context": ("Latest published full-year shares of the other cities: {shares}{half}{unpublished}. Shares of "
                        "different years and definitions cannot settle 'well above'."),
    "sei_03b": ("Percentage points by which {city}'s {year} share exceeds each other city's published share of the "
                "same year ('well above' is not quantified)."),
    "sei_03b_missing": "the {year} SEI share of GDP of {cities}",
    "sei_03b_no_others": "the other first-tier cities in this run",
    # the notebook's narrative of the growth windows
    "window_head": "**{start_year}→{end_year}, {price_basis} basis:** ",
    "window_empty": "no city has a complete estimate ({tried} tried; see the notes below).",
    "window_count": "{count} complete estimate(s) of {tried}",
    "window_none_for": "; none for {cities}",
    "window_line": "- {city}, {method}: {rate:.1f}% a year",
    "window_interval": " ({confidence:.0%} interval {low:.1f} to {high:.1f})",
    "window_assumed": "; basis assumed for {years}",
    "search": ("**{city}, {first}→{last}:** windows giving {target:g}% with every year published: {hits} of {count} "
               "window-basis pairs. Complete estimates: nominal {nominal}, real {real}. "),
    "search_range": "{low:.1f}% to {high:.1f}% a year",
    "search_lack": "Rate chains lack the rate of {years}. ",
    "search_unusable": ("{count} rate chain(s) cannot be computed because the rates' price basis is not stated "
                        "(assume_unstated_rates_real is off). "),
    "search_skipped": ("Averages that reach {target:g}% only by skipping a missing year (assumption, not a match): "
                       "{skipped}."),
    "search_skip": "{start_year}→{end_year} {rate:.2f}% (skips {missing_years})",
    "search_no_skip": "No average that skips a missing year reaches it either.",
    # the sweep notebook's summary of its grid
    "sweep": ("**{cells} window-basis cells, {first}→{last}** (Shenzhen's rate against the published {target:g}% ± "
              "{tolerance:g}):\n"
              "- SEI-02a would be {sei_02a} of {cells} window-basis cells; SEI-02b would be {sei_02b} (cells in which "
              "every city has a complete estimate: {shared}).\n"
              "- Complete rates: {rates}.\n"
              "- Windows whose complete estimate gives the published rate: {hits}.\n"
              "- Windows the article may mean (framed in the figure): {article}."),
    "sweep_count": "{verdict} in {n}",
    "sweep_rates": "{price_basis} {low:.1f}% to {high:.1f}% a year ({count} cells)",
    "sweep_no_rates": "{price_basis}: none",
    "sweep_hit": "{start_year}→{end_year} ({price_basis})",
    "sweep_article_window": "{start_year}→{end_year}: {cells}",
    "sweep_article_cell": "{price_basis} {rate} (SEI-02a {verdict})",
    "sweep_rate": "{rate:.1f}%",
    "sweep_no_estimate": "no complete estimate",
    "sweep_no_article": "none in this grid",
}


def _join(key: str, items, separator: str = "; ") -> str:
    """The template ``key`` filled from each item's fields (dicts or dataclasses), joined."""
    return separator.join(WORDING[key].format(**(item if isinstance(item, dict) else vars(item))) for item in items)


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
    evidence = sei_01_evidence(table, cities)
    decision = decide_sei_01(evidence)["SEI-01"]
    about, sources = {"cities": FIRST_TIER}, list(evidence.sources)
    if decision.stated:
        worded = {y: WORDING["largest" if v else "not_largest"] for y, v in decision.computed.items()}
        record(audit, "SEI-01", replace(decision, computed=worded), about=about, sources=sources,
               explanation=WORDING["sei_01"].format(years=", ".join(map(str, evidence.largest)),
                                                    city=CLAIM_CITY, largest=sum(evidence.largest.values())))
        return
    pairs = _join("pair", ({"year": y, "ranking": " > ".join(WORDING["pair_city"].format(city=c, value=v)
                                                              for c, v in row.items())}
                           for y, row in evidence.comparable.items()))
    half = _join("half_year", evidence.half_year)
    record(
        audit, "SEI-01", replace(decision, computed=WORDING["sei_01_none"].format(count=len(cities))), about=about,
        sources=sources, missing=(WORDING["sei_01_missing"].format(first=evidence.data_years[0], last=evidence.data_years[1])
                 + (WORDING["sei_01_lacking"].format(cities=", ".join(evidence.lacking)) if evidence.lacking else "")),
        explanation=(WORDING["sei_01_pairs"].format(pairs=pairs or WORDING["none"])
                     + (WORDING["sei_01_half"].format(half=half) if half else "") + WORDING["definitions_differ"]))


def _sei_02a_finding(evidence: Sei02Evidence) -> str:
    """One sentence on SEI-02a: whether any complete window gives the published rate, and the range found per basis.

    Example
    -------
    >>> e = Sei02Evidence(7.2, (), (), (), {"nominal": (8.7, 12.2), "real": (6.8,)}, (), (), (), (2021,), (), {},
    ...                   {}, ())
    >>> print(_sei_02a_finding(e))  # doctest: +NORMALIZE_WHITESPACE
    No complete growth window gives Shenzhen's 7.2% a year: nominal 8.7-12.2%, real 6.8% (one window); the real
    chain over the recent windows lacks the published rate for 2021.
    """
    fields = {"city": CLAIM_CITY, "target": evidence.target}
    lead = (WORDING["sei_02a_hits"].format(count=len(evidence.hits), windows=_join("hit", evidence.hits), **fields)
            if evidence.hits else WORDING["sei_02a_no_hit"].format(**fields))
    ranges = ", ".join(WORDING["basis_range" if len(r) > 1 else "basis_one"].format(price_basis=b, low=min(r),
                                                                                    high=max(r))
                       for b, r in evidence.spread.items() if len(r))
    lack = (WORDING["sei_02a_lack"].format(years=", ".join(map(str, evidence.lacking))) if evidence.lacking else "")
    return WORDING["sei_02a_finding"].format(lead=lead, ranges=ranges or WORDING["no_complete_window"], lack=lack)


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
    evidence = sei_02_evidence(table, cities, search, windows, assume_unstated_rates_real=assume_unstated_rates_real)
    decided, target = decide_sei_02(evidence), evidence.target
    label = {r: WORDING["estimate_label"].format(**{**vars(r), "method": r.method.replace("_", " ")})
             for r in evidence.recent}
    rate = decided["SEI-02a"]
    if isinstance(rate.computed, dict):  # what the recent windows give, recorded by their labels
        rate = replace(rate, computed={label[r]: value for r, value in rate.computed.items()})
    nominal = [r for r in evidence.recent if r.price_basis == "nominal"]
    spread = {b: WORDING["spread"].format(low=min(r), high=max(r), count=len(r)) if r
              else WORDING["no_complete_window"] for b, r in evidence.spread.items()}
    context = WORDING["sei_02a_context"].format(
        nominal=", ".join(WORDING["estimate"].format(label=label[r], rate=r.rate) for r in nominal) or WORDING["none"],
        shortest=SEARCH_SPANS[0], longest=SEARCH_SPANS[-1], spread_nominal=spread["nominal"],
        spread_real=spread["real"], target=target, skipped=_join("skipped", evidence.skipped) or WORDING["none"],
        needed=_join("needed", evidence.needed) or WORDING["none"])
    about_a = {"assume_unstated_rates_real": True}
    if rate.verdict == "not_checkable":
        missing = (WORDING["sei_02a_missing_rate"].format(city=CLAIM_CITY, years=", ".join(map(str, evidence.lacking)))
                   if evidence.lacking else WORDING["sei_02a_missing_window"])
        rates = [r.rate for r in nominal]
        tail = WORDING["sei_02a_nominal_range"].format(low=min(rates), high=max(rates)) if rates else ""
        record(audit, "SEI-02a", rate, about=about_a, sources=list(evidence.sources_a), explanation=context,
               finding=_sei_02a_finding(evidence),
               missing=missing + WORDING["sei_02a_missing_tail"].format(nominal=tail))
    else:
        record(audit, "SEI-02a", rate, about=about_a, sources=list(evidence.sources_a),
               explanation=(WORDING["sei_02a_matches"].format(matches=_join("match", evidence.matches))
                            if rate.verdict == "reproduced" else WORDING["sei_02a_none_gives"].format(target=target))
               + context)
    _record_sei_02b(audit, evidence, decided["SEI-02b"], cities)


def _record_sei_02b(audit: claims.Audit, evidence: Sei02Evidence, decision: Decision, cities: list[str]) -> None:
    about = {"cities": FIRST_TIER, "assume_unstated_rates_real": True}
    if decision.stated:
        fastest, shared = evidence.fastest_total
        worded = {WORDING["window_key"].format(**vars(window)): WORDING["fastest_of"].format(
            fastest=fastest_in, shared=estimates) for window, (fastest_in, estimates) in decision.computed.items()}
        record(audit, "SEI-02b", replace(decision, computed=worded), about=about, sources=list(evidence.sources_b),
               explanation=WORDING["sei_02b"].format(city=CLAIM_CITY, fastest=fastest, shared=shared))
        return
    per_city = {c: WORDING["city_range"].format(low=r[0], high=r[1], count=r[2]) if r
                else WORDING["no_complete_window"] for c, r in decision.computed.items()}
    without = [c for c in cities if evidence.per_city[c] is None]
    record(
        audit, "SEI-02b", replace(decision, computed=per_city), about=about, sources=list(evidence.sources_b),
        missing=(WORDING["sei_02b_missing_series"].format(cities=", ".join(without)) if without
                 else WORDING["sei_02b_missing_window"]),
        explanation=WORDING["sei_02b_per_city"].format(
            per_city=_join("city_text", ({"city": c, "text": t} for c, t in per_city.items()))))


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
    evidence = sei_03_evidence(table, cities)
    decided, year = decide_sei_03(evidence, cities), evidence.latest_year
    recomputed = (WORDING["sei_03a_recomputed"].format(share=evidence.recomputed) if evidence.recomputed is not None
                  else WORDING["sei_03a_no_pair"].format(year=year))
    series = _join("share_year", ({"value": share, "year": y} for y, share in evidence.series.items()), ", ")
    estimate = WORDING["sei_03a_estimate"].format(year=year) if evidence.preliminary_estimate else ""
    # claims.evaluate compares again and grades the sources stating the share
    record(audit, "SEI-03a", decided["SEI-03a"], about={}, sources=list(evidence.sources[(CLAIM_CITY, year)]),
           explanation=(WORDING["sei_03a"].format(year=year, kind=evidence.source_kind, recomputed=recomputed,
                                                  series=series) + estimate))

    def per_figure(pairs) -> dict[str, list[str]]:
        """{figure: urls}: Shenzhen's share, then each compared city's in the data's order, each with its URLs."""
        compared = [pair for pair in evidence.sources if pair in set(pairs)]
        return {WORDING["share_figure"].format(city=c, year=y): list(evidence.sources[(c, y)])
                for c, y in [(CLAIM_CITY, year), *compared]}

    about = {"cities": FIRST_TIER}
    if decided["SEI-03b"].stated:
        record(audit, "SEI-03b", decided["SEI-03b"], about=about,
               sources=per_figure([(c, year) for c in evidence.margins]), explanation=WORDING["sei_03b"].format(city=CLAIM_CITY, year=year))
        return
    latest_other = evidence.latest_others
    shares = _join("other_share", ({"city": c, "year": y, "value": evidence.others[(c, y)]}
                                   for c, y in latest_other), ", ") or WORDING["none"]
    lacking = [c for c in evidence.other_cities if c not in evidence.margins]
    record(
        audit, "SEI-03b", replace(decided["SEI-03b"], computed=shares), about=about,
        sources=per_figure(latest_other),
        missing=(WORDING["sei_03b_missing"].format(year=year, cities=", ".join(lacking)) if lacking
                 else WORDING["sei_03b_no_others"]),
        explanation=WORDING["sei_03b_context"].format(shares=shares, half=_join("other_half", evidence.half_year, ""),
                                                      unpublished=_join("other_unpublished", evidence.unpublished, "")))


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
    lines = [WORDING["window_line"].format(city=r.city, method=r.method.replace("_", " "), rate=r.rate)
             + (WORDING["window_interval"].format(confidence=confidence, low=r.ci_low, high=r.ci_high)
                if pd.notna(r.ci_low) else "")
             + (WORDING["window_assumed"].format(years=r.assumed_years)
                if isinstance(r.assumed_years, str) and r.assumed_years else "") for r in complete.itertuples()]
    unranked = [c for c in dict.fromkeys(window["city"]) if c not in set(complete["city"])]
    head = WORDING["window_head"].format(start_year=start_year, end_year=end_year, price_basis=price_basis)
    if not len(complete):
        return head + WORDING["window_empty"].format(tried=len(window))
    return (head + WORDING["window_count"].format(count=len(complete), tried=len(window))
            + (WORDING["window_none_for"].format(cities=names(unranked)) if unranked else "") + ":\n\n"
            + "\n".join(lines))


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
    missing = missing_years(windows.loc[windows["price_basis"] == "real", "missing_years"])
    unusable = int(((own["method"] == "chained_rates") & (own["price_basis"] == "real")  # nominal chains never apply
                    & own["note"].astype(str).str.startswith("not applicable")).sum())
    by_basis = {b: windows.loc[windows["price_basis"] == b, "rate"].dropna() for b in growth.PRICE_BASES}
    spans = {b: WORDING["search_range"].format(low=r.min(), high=r.max()) if len(r) else WORDING["none"]
             for b, r in by_basis.items()}
    return (WORDING["search"].format(city=CLAIM_CITY, first=int(windows["start_year"].min()),
                                       last=int(windows["end_year"].max()), target=target,
                                       hits=int((windows["sei_02a"] == "reproduced").sum()), count=len(windows),
                                       nominal=spans["nominal"], real=spans["real"])
            + (WORDING["search_lack"].format(years=", ".join(map(str, missing))) if missing else "")
            + (WORDING["search_unusable"].format(count=unusable) if unusable else "")
            + (WORDING["search_skipped"].format(target=target, skipped="; ".join(
                WORDING["search_skip"].format(**r._asdict()) for r in skipped.itertuples()))
               if len(skipped) else WORDING["search_no_skip"]))



# Decimals of the computed growth rates (percent) in the citable CSVs: the published rates have one decimal; a second
# keeps the rounding visible without the float's twelve digits.
RATE_DECIMALS = {"rate": 2, "ci_low": 2, "ci_high": 2}
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
    counts = {part: ", ".join(WORDING["sweep_count"].format(verdict=verdict.replace("_", " "), n=n) for verdict, n in
                              grid[column].value_counts().sort_index(key=lambda v: v.map(list(VERDICT_CODES).index))
                              .items()) for part, column in (("SEI-02a", "sei_02a"), ("SEI-02b", "sei_02b"))}
    rates = {b: grid.loc[grid["price_basis"] == b, "rate"].dropna() for b in dict.fromkeys(grid["price_basis"])}
    hits = grid[grid["sei_02a"] == "reproduced"]
    shared = int((grid["shared_estimates"] > 0).sum()) if "shared_estimates" in grid else 0
    article = [WORDING["sweep_article_window"].format(start_year=start, end_year=end, cells="; ".join(
        WORDING["sweep_article_cell"].format(
            price_basis=r.price_basis, verdict=r.sei_02a.replace("_", " "),
            rate=WORDING["sweep_rate"].format(rate=r.rate) if pd.notna(r.rate) else WORDING["sweep_no_estimate"])
        for r in group.itertuples()))
        for (start, end), group in grid[grid["article"]].groupby(["start_year", "end_year"])]
    return WORDING["sweep"].format(
        cells=len(grid), first=int(grid["start_year"].min()), last=int(grid["end_year"].max()), target=target,
        tolerance=RATE_TOLERANCE, sei_02a=counts["SEI-02a"], sei_02b=counts["SEI-02b"], shared=shared,
        rates="; ".join(WORDING["sweep_rates"].format(price_basis=b, low=r.min(), high=r.max(), count=len(r))
                        if len(r) else WORDING["sweep_no_rates"].format(price_basis=b) for b, r in rates.items()),
        hits=names(WORDING["sweep_hit"].format(**r._asdict()) for r in hits.itertuples()) or WORDING["none"],
        article=" | ".join(article) or WORDING["sweep_no_article"])
