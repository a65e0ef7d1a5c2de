"""One view per notebook: parameter values -> key figure, key table and findings (:class:`~innovlib.explore.base.
View`), made of the calls the notebook makes, in its order, with an in-memory audit and no saved table.

The two composite notebooks (``composite_index``, ``gii_clusters``) have theirs in :mod:`innovlib.explore.whatif`,
with the weights, normalisation and aggregation what-if. :data:`VIEWS` maps every notebook name to its view.

Example
-------
>>> v = VIEWS["regional_shares"]({"yrd_edition": "2025"})
>>> sorted(v.findings["part"])[:2]
['GBA-01a', 'GBA-01b']
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from innovlib import analyses, claims, findings, plots
import innovlib.explore.whatif as whatif
from innovlib.explore.base import View, audit_view, figure_png, load_once
from innovlib.explore.scratch import scratch
from innovlib.parameters import absolute_path
from innovlib.paths import data_dir
from innovlib.rankings import margins_to_next


def city_industrial_innovation(values: dict) -> View:
    """The published composite scores of one edition, their margins and the GCI verdicts.

    Example
    -------
    >>> v = city_industrial_innovation({"edition": 2023})
    >>> "GCI-01a" in set(v.findings["part"]), v.table_title
    (True, 'Composite scores and ranks, edition 2023')
    """
    edition = values["edition"]
    audit = claims.Audit(edition=edition)
    scores = load_once("city_industrial_innovation", "scores")
    counts = load_once("city_industrial_innovation", "group_counts")
    composite = analyses.city_industrial_innovation.composite_scores(scores, edition)
    published_scores = margins_to_next(composite, "score", "city")
    figure = None
    if not published_scores.empty:
        margins = analyses.city_industrial_innovation.margin_labels(published_scores)
        figure = figure_png(lambda: plots.value_bars(
            published_scores.assign(text=margins), "city", "score", text="text",
            value_label="composite score (points)",
            title=f"Global City Industrial Innovation Index {edition}: published composite scores"))
    cii = findings.city_industrial_innovation
    cii.gci_01(audit, composite, published_scores, edition)
    cii.gci_02(audit, composite, edition)
    cii.gci_03(audit, composite, edition)
    cii.gci_04(audit, scores, composite, counts)
    cii.gci_10(audit, composite, counts)
    cii.gci_05(audit, composite, published_scores)
    cii.gci_06(audit, edition)
    cii.gci_07(audit)
    cii.gci_08(audit, edition)
    cii.gci_09(audit, edition)
    table = composite[["city", "continent", "score", "rank", "in_top_10", "note"]]
    return audit_view(audit, table, f"Composite scores and ranks, edition {edition}", figure)


def first_tier_gdp(values: dict) -> View:
    """Real GDP growth of the chosen cities against the national rate, and Shanghai's pioneer industries.

    Example
    -------
    >>> v = first_tier_gdp({"cities": ["Beijing", "Shanghai"], "period": "2025Q1-Q3", "pioneer_year": 2024})
    >>> sorted(set(v.findings["part"]))[:1]
    ['GDP-01a']
    """
    cities, period, pioneer_year = values["cities"], values["period"], values["pioneer_year"]
    audit = claims.Audit(cities=cities, period=period, pioneer_year=pioneer_year)
    gdp, pioneer = load_once("city_gdp_2025q1q3"), load_once("shanghai_pioneer_industries")
    comparison = analyses.first_tier_gdp.growth_vs_national(
        gdp, period, [*findings.first_tier_gdp.CLAIMED.values(), *cities])
    national = comparison["national"].iloc[0]
    figure = figure_png(lambda: plots.value_bars(
        comparison[comparison["city"].isin(cities)], "city", "real_growth", fmt="{:.1f}%", vertical=True,
        reference={f"China {national:.1f}%": national} if pd.notna(national) else None,
        missing_text="not found\n(documented gap)", value_label="real GDP growth, year on year (%)",
        title=f"Real GDP growth, {period} (constant prices)"))
    summary = analyses.first_tier_gdp.scale_over_gdp(pioneer, pioneer_year)
    findings.first_tier_gdp.gdp_01(audit, comparison, period)
    findings.first_tier_gdp.sh_01(audit, summary)
    return audit_view(audit, comparison.filter(regex="^(?!.*_urls?$)"), f"Growth against the national rate, {period}",
                      figure)


def patent_conversion(values: dict) -> View:
    """Industrialization rates of the chosen patentee groups and the PAT verdicts.

    Example
    -------
    >>> v = patent_conversion({"latest_year": 2024, "groups": ["all patentees", "universities"]})
    >>> v.table.columns.tolist()
    ['all patentees', 'universities']
    """
    latest_year, groups = values["latest_year"], values["groups"]
    audit = claims.Audit(latest_year=latest_year, groups=groups)
    rates = load_once("patent_industrialization", "rates")
    international = load_once("patent_industrialization", "international")
    invention = analyses.patent_conversion.invention_rates(rates)
    wide = analyses.patent_conversion.rates_by_group(invention)
    figure = figure_png(lambda: plots.paths(
        invention, "survey_year", "value", "patentee_group", highlight=groups, context_label="other groups",
        value_label="invention patents industrialised (%)", x_label="survey year",
        title="CNIPA China Patent Survey: industrialization rate by patentee"))
    findings.patent_conversion.pat_01(audit, invention, international)
    findings.patent_conversion.pat_02(audit, invention, latest_year)
    return audit_view(audit, wide[[g for g in groups if g in wide.columns]],
                      "Industrialization rate (%) by survey year and group", figure)


def regional_shares(values: dict) -> View:
    """The Yangtze River Delta shares one CASTED edition states, and the YRD and GBA verdicts.

    Example
    -------
    >>> regional_shares({"yrd_edition": "2024"}).table_title
    "Shares stated in CASTED's 2024 report"
    """
    yrd_edition = values["yrd_edition"]
    audit = claims.Audit(yrd_edition=yrd_edition)
    yrd = load_once("regional_shares", "yrd_shares")
    gba = load_once("regional_shares", "gba_finance")
    shown = analyses.regional_shares.edition_statements(yrd, yrd_edition)
    figure = figure_png(lambda: plots.share_bars(
        analyses.regional_shares.shares_by_comparator(shown), legend_title="as stated", text=shown["stated"],
        reference={"one third": 100 / 3},
        value_label="share of the national total (%), as stated: a threshold, not a measurement",
        title=f"Yangtze River Delta shares stated in CASTED's {yrd_edition} report"))
    findings.regional_shares.yrd_01(audit, yrd, yrd_edition)
    findings.regional_shares.gba_01(audit, gba)
    findings.regional_shares.gba_02(audit, gba)
    findings.regional_shares.gba_03(audit, gba)
    return audit_view(audit, shown, f"Shares stated in CASTED's {yrd_edition} report", figure)


def regional_st_innovation(values: dict) -> View:
    """Ranks and tiers of two editions compared, the tiers by edition, and the RSI verdicts.

    Example
    -------
    >>> v = regional_st_innovation({"edition": "2024", "previous_edition": "2023", "leading_tier": 1})
    >>> v.table_title
    'Ranks and tiers, 2024 against 2023'
    """
    edition, previous, tier = values["edition"], values["previous_edition"], values["leading_tier"]
    audit = claims.Audit(edition=edition, previous_edition=previous, leading_tier=tier)
    scores, indicators, releases = (load_once("regional_st_innovation", name)
                                    for name in ("scores", "indicators", "releases"))
    rsi = analyses.regional_st_innovation
    provinces = rsi.provinces(scores)
    top = rsi.editions_compared(provinces, edition, previous)
    tiers = rsi.tiers_by_edition(provinces)
    figure = figure_png(lambda: plots.value_grid(tiers, fmt=".0f", x_label="edition",
                                                 title="Tier by edition (blank = not published)"))
    shanghai = rsi.region_indicators(indicators, "Shanghai", edition)
    findings.regional_st_innovation.rsi_01(audit, provinces, edition, previous, releases)
    findings.regional_st_innovation.rsi_02(audit, provinces, edition, tier)
    findings.regional_st_innovation.rsi_03(audit, shanghai, edition)
    findings.regional_st_innovation.rsi_04(audit, rsi.first_places(provinces), provinces)
    return audit_view(audit, top.head(12), f"Ranks and tiers, {edition} against {previous}", figure)


@functools.lru_cache(maxsize=32)
def _search(folder: str, cities: tuple, args: tuple, options: tuple):
    """The SEI window search, the slow part of both SEI views, kept per arguments and data folder: moving the
    window or the price basis of ``sei_growth`` reuses it."""
    return findings.sei_growth.growth_windows(load_once("sei_first_tier_cities"), list(cities), *args,
                                              **dict(options))


def _growth_windows(cities, *args, **options):
    search, windows = _search(str(data_dir()), tuple(cities), args, tuple(sorted(options.items())))
    return search.copy(), windows.copy()


def sei_growth(values: dict) -> View:
    """The growth window of the chosen cities by method, Shenzhen's windows and the SEI verdicts.

    Example
    -------
    >>> v = sei_growth({"cities": ["Beijing", "Shenzhen"], "start_year": 2018, "end_year": 2023,
    ...                 "price_basis": "nominal", "confidence": 0.95, "assume_unstated_rates_real": True})
    >>> "SEI-01" in {p[:6] for p in v.findings["part"]}
    True
    """
    v = values
    audit = claims.Audit(cities=v["cities"], start_year=v["start_year"], end_year=v["end_year"],
                         price_basis=v["price_basis"], confidence=v["confidence"],
                         assume_unstated_rates_real=v["assume_unstated_rates_real"])
    sei = load_once("sei_first_tier_cities")
    analyses.sei_growth.check_window(v["start_year"], v["end_year"], sei["year"].dropna().unique())
    window = analyses.sei_growth.window_table(sei, v["cities"], v["start_year"], v["end_year"], v["price_basis"],
                                              confidence=v["confidence"],
                                              assume_unstated_rates_real=v["assume_unstated_rates_real"])
    lines = analyses.sei_growth.level_lines(sei, v["cities"])
    comparable = list(dict.fromkeys(lines.loc[lines["comparable"], "series"]))
    figure = figure_png(lambda: plots.paths(lines, "year", "value", "series", highlight=comparable,
                                            context_label="", x_label="year",
                                            value_label="SEI value added (100 million CNY)",
                                            title="SEI value added by city, current prices"))
    search, windows = _growth_windows(v["cities"], confidence=v["confidence"],
                                      assume_unstated_rates_real=v["assume_unstated_rates_real"])
    findings.sei_growth.sei_01(audit, sei, v["cities"])
    findings.sei_growth.sei_02(audit, sei, v["cities"], search, windows,
                               assume_unstated_rates_real=v["assume_unstated_rates_real"])
    findings.sei_growth.sei_03(audit, sei, v["cities"])
    return audit_view(audit, window, f"Growth {v['start_year']}-{v['end_year']}, {v['price_basis']}", figure)


def sei_growth_sweep(values: dict) -> View:
    """Shenzhen's SEI growth for every window of the sweep, with the would-be verdicts (no claim is recorded).

    Example
    -------
    >>> v = sei_growth_sweep({"first_year": 2019, "last_year": 2024, "price_bases": ["nominal"],
    ...                       "assume_unstated_rates_real": True})
    >>> set(v.table["price_basis"])
    {'nominal'}
    """
    first, last = values["first_year"], values["last_year"]
    sei = load_once("sei_first_tier_cities")
    search, windows = _growth_windows(findings.sei_growth.FIRST_TIER, first, last, range(1, last - first + 1),
                                      price_bases=tuple(values["price_bases"]),
                                      assume_unstated_rates_real=values["assume_unstated_rates_real"])
    grid = findings.sei_growth.sweep_table(windows, int(sei["year"].max()))
    figure = figure_png(lambda: plots.grid_heatmap(
        grid, "start_year", "end_year", "rate", text="label", panel="price_basis", outline="article",
        value_label="Shenzhen's SEI growth (% a year)", row_label="base year", column_label="end year",
        title="Shenzhen's SEI average growth by window (R reproduced, C contradicted, N not checkable)"))
    return audit_view(claims.Audit(**values), grid, "Windows swept (would-be verdicts; none is recorded)", figure)


def unicorns(values: dict) -> View:
    """Unicorn counts by source for the chosen cities, the company list when one is named, and the UNI verdicts.

    Example
    -------
    >>> v = unicorns({"company_list": None, "cities": ["Beijing"], "country": "China", "top_n": 10})
    >>> set(v.table["place"]) == {"Beijing"} if "place" in v.table else True
    True
    """
    cities, country, top_n = values["cities"], values["country"], values["top_n"]
    audit = claims.Audit(company_list=values["company_list"], cities=cities, country=country, top_n=top_n)
    counts = analyses.unicorns.label_publishers(load_once("unicorn_counts", "unicorn_counts"))
    city_counts = analyses.unicorns.published_counts(counts, "city", cities)
    china_counts = analyses.unicorns.published_counts(counts, "country", ["China"])
    figure = figure_png(lambda: plots.path_panels(
        analyses.unicorns.count_panels(china_counts, city_counts, cities), "as_of_year", "companies", "source",
        ring="conflict", ring_label="conflicting report summaries", value_label="unicorns (count)",
        x_label="year the count refers to", title="Unicorn counts by source; ringed: conflicting summaries"))
    findings.unicorns.uni_01(audit, counts)
    findings.unicorns.uni_02(audit, counts)
    table, title = city_counts, "Published counts of the chosen cities by source"
    if values["company_list"] is not None:
        companies = analyses.unicorns.load_company_list(absolute_path(values["company_list"]))
        table = analyses.unicorns.count_companies(companies, "city", country=country).head(top_n)
        title = f"{country}: companies by city in the company list"
    return audit_view(audit, table, title, figure)


#: Every notebook's view, by notebook name.
VIEWS: dict[str, Callable[[dict], View]] = {
    "city_industrial_innovation": city_industrial_innovation, "composite_index": whatif.composite_index,
    "first_tier_gdp": first_tier_gdp, "gii_clusters": whatif.gii_clusters, "patent_conversion": patent_conversion,
    "regional_shares": regional_shares, "regional_st_innovation": regional_st_innovation,
    "sei_growth": sei_growth, "sei_growth_sweep": sei_growth_sweep, "unicorns": unicorns,
}


def compute_view(name: str, values: dict, **options) -> View:
    """Run a notebook's view on checked parameter values (``options``: the what-if menus of ``gii_clusters``),
    recording nothing (:func:`~innovlib.explore.scratch.
    scratch`), each figure closed once drawn.

    Example
    -------
    >>> compute_view("regional_shares", {"yrd_edition": "2023"}).table_title
    "Shares stated in CASTED's 2023 report"
    >>> compute_view("nowhere", {})
    Traceback (most recent call last):
    ...
    KeyError: "no explorer view for notebook 'nowhere'"
    """
    if name not in VIEWS:
        raise KeyError(f"no explorer view for notebook {name!r}")
    plots.set_theme()
    with scratch():
        return VIEWS[name](dict(values), **options)
