"""findings.sei_growth on small hand-made tables: the rule per window, the SEI verdicts and their key numbers."""

from __future__ import annotations

import math
import string

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from innovlib import claims
from innovlib.analyses import sei_growth as analysis
from innovlib.data import load
from innovlib.findings import Decision, sei_growth, sei_growth_evidence
from innovlib.findings.sei_growth_evidence import Sei01Evidence, Sei02Evidence, Sei03Evidence, WindowRate

OFFICIAL = "http://www.sz.gov.cn/en_szgov/business/key/content/post_8254667.html"  # graded official in data/
SECONDARY = "http://www.lyredcross.com/xy/gd/938480.html"  # graded secondary in data/


def rows(records: list[tuple], url: str = OFFICIAL) -> pd.DataFrame:
    """(city, year, indicator, value, price_basis) records as a dataset-like table."""
    table = pd.DataFrame(records, columns=["city", "year", "indicator", "value", "price_basis"])
    return table.assign(source_url=url, source_kind="report", note=None, definition="")


def levels(city: str, values: dict[int, float]) -> list[tuple]:
    return [(city, year, "sei_value_added", value, "nominal") for year, value in values.items()]


def rates(city: str, values: dict[int, float]) -> list[tuple]:
    return [(city, year, "sei_growth_yoy", value, "not_stated") for year, value in values.items()]


def one_window(table, start, end, basis, cities=("Shenzhen",), **kwargs) -> dict:
    _, windows = sei_growth.growth_windows(table, list(cities), start, end, [end - start], price_bases=(basis,),
                                           **kwargs)
    return windows.set_index(["start_year", "end_year", "price_basis"]).loc[(start, end, basis)].to_dict()


# --- the rule per window ---------------------------------------------------------------------------------------

def test_a_window_whose_every_estimate_gives_7_2_is_reproduced():
    # levels growing exactly 7.2% a year: CAGR and trend both 7.2; published rates of 7.2 chain to 7.2
    table = rows(levels("Shenzhen", {2019 + k: 100 * 1.072 ** k for k in range(6)})
                 + rates("Shenzhen", {2020 + k: 7.2 for k in range(5)}))
    nominal = one_window(table, 2019, 2024, "nominal")
    real = one_window(table, 2019, 2024, "real")
    assert nominal["rate"] == pytest.approx(7.2) and nominal["method"] == "cagr_levels"
    assert nominal["sei_02a"] == "reproduced" and real["sei_02a"] == "reproduced"


def test_complete_windows_far_from_7_2_contradict_and_a_missing_year_leaves_it_open():
    # 9% a year in levels; rates 9% but 2021 unpublished
    table = rows(levels("Shenzhen", {2019 + k: 100 * 1.09 ** k for k in range(6)})
                 + rates("Shenzhen", {2020: 9.0, 2022: 9.0, 2023: 9.0, 2024: 9.0}))
    assert one_window(table, 2019, 2024, "nominal")["sei_02a"] == "contradicted"
    real = one_window(table, 2019, 2024, "real")
    assert real["sei_02a"] == "not_checkable" and real["missing_years"] == "2021" and math.isnan(real["rate"])
    assert one_window(table, 2021, 2024, "real")["sei_02a"] == "contradicted"  # 2022-2024 all published: 9%


def test_a_rate_whose_basis_is_unstated_counts_only_under_the_assumption():
    table = rows(rates("Shenzhen", {2020: 7.2, 2021: 7.2}))
    assert one_window(table, 2019, 2021, "real")["sei_02a"] == "reproduced"
    unassumed = one_window(table, 2019, 2021, "real", assume_unstated_rates_real=False)
    assert unassumed["sei_02a"] == "not_checkable" and math.isnan(unassumed["rate"])


def test_a_window_without_any_published_rate_is_not_applicable_on_the_other_basis():
    # only 2021's rate is unpublished: the nominal 2020->2021 window still has its CAGR, and the rate chain (real by
    # assumption) does not count against it as a missing year
    table = rows(levels("Shenzhen", {2020: 100.0, 2021: 110.0}) + rates("Shenzhen", {2020: 5.0}))
    nominal = one_window(table, 2020, 2021, "nominal")
    assert nominal["rate"] == pytest.approx(10.0) and nominal["sei_02a"] == "contradicted"


def test_trend_rate_agrees_with_scipy_linregress():
    values = {2018: 100.0, 2019: 104.0, 2020: 111.0, 2021: 113.0, 2022: 125.0}
    search, _ = sei_growth.growth_windows(rows(levels("Shenzhen", values)), ["Shenzhen"], 2018, 2022, [4],
                                          price_bases=("nominal",))
    trend = search.set_index("method").loc["log_linear_trend", "rate"]
    slope = stats.linregress(list(values), np.log(list(values.values()))).slope
    assert trend == pytest.approx((math.exp(slope) - 1) * 100, abs=1e-9)


def two_cities(beijing_end: float) -> pd.DataFrame:
    return rows(levels("Shenzhen", {2019: 100.0, 2024: 150.0}) + levels("Beijing", {2019: 100.0, 2024: beijing_end}))


@pytest.mark.parametrize("beijing_end, verdict, fastest",
                         [(120.0, "reproduced", 1), (150.0, "reproduced", 1), (180.0, "contradicted", 0)])
def test_fastest_city_by_cagr_ties_share_first_place(beijing_end, verdict, fastest):
    window = one_window(two_cities(beijing_end), 2019, 2024, "nominal", cities=["Beijing", "Shenzhen"])
    assert (window["sei_02b"], window["fastest_in"], window["shared_estimates"]) == (verdict, fastest, 1)


def test_fastest_by_one_method_and_not_another_is_not_checkable():
    # Shenzhen flat then +60% in the last year: CAGR (1.6 ** 0.2 - 1 = 9.86%) beats Beijing's steady 8%, but the
    # trend (slope 2.5 * ln 1.6 / 17.5: 6.94%) does not
    table = rows(levels("Shenzhen", {2019: 100.0, 2020: 100.0, 2021: 100.0, 2022: 100.0, 2023: 100.0, 2024: 160.0})
                 + levels("Beijing", {2019 + k: 100 * 1.08 ** k for k in range(6)}))
    search, windows = sei_growth.growth_windows(table, ["Beijing", "Shenzhen"], 2019, 2024, [5],
                                                price_bases=("nominal",))
    own = search[(search["city"] == "Shenzhen")].set_index("method")["rate"]
    assert own["cagr_levels"] == pytest.approx(9.856, abs=1e-3)
    assert own["log_linear_trend"] == pytest.approx((math.exp(2.5 * math.log(1.6) / 17.5) - 1) * 100, abs=1e-9)
    assert windows[["shared_estimates", "fastest_in", "sei_02b"]].values.tolist() == [[2, 1, "not_checkable"]]


def test_the_windows_the_article_may_mean():
    _, windows = sei_growth.growth_windows(rows(levels("Shenzhen", {2016: 1.0, 2024: 2.0})), ["Shenzhen"],
                                           2016, 2024, range(1, 9))
    chosen = windows[sei_growth.article_windows(windows, 2024)]
    assert sorted(set(zip(chosen["start_year"], chosen["end_year"]))) == [(2018, 2023), (2019, 2023), (2019, 2024),
                                                                          (2020, 2024)]
    assert set(chosen["end_year"] - chosen["start_year"]) == set(sei_growth_evidence.RECENT_SPANS)


# --- the claims ------------------------------------------------------------------------------------------------

def first_tier_audit(**extra) -> claims.Audit:
    return claims.Audit(cities=sei_growth.FIRST_TIER, assume_unstated_rates_real=True, **extra)


def test_sei_02_is_contradicted_only_when_every_recent_window_is_complete():
    years = range(2016, 2025)
    table = rows(levels("Shenzhen", {y: 100 * 1.09 ** (y - 2016) for y in years})
                 + rates("Shenzhen", {y: 9.0 for y in years}))
    audit = first_tier_audit()
    sei_growth.sei_02(audit, table, sei_growth.FIRST_TIER, *sei_growth.growth_windows(table, sei_growth.FIRST_TIER))
    assert audit.verdict_of("SEI-02a") == "contradicted"
    assert audit.verdict_of("SEI-02b") == "not_checkable"  # the other cities publish nothing
    assert audit.recorded[0].computed["2019→2024 cagr levels (nominal)"] == pytest.approx(9.0)


def test_sei_02_on_the_committed_data_lacks_shenzhens_2021_rate():
    sei = load("sei_first_tier_cities")
    search, windows = sei_growth.growth_windows(sei, sei_growth.FIRST_TIER)
    audit = first_tier_audit()
    sei_growth.sei_02(audit, sei, sei_growth.FIRST_TIER, search, windows)
    part = {v.part_id: v for v in audit.recorded}["SEI-02a"]
    assert (part.verdict, part.reason) == ("not_checkable", "no_public_data")
    # (15600 / 10155.51) ** (1/5) - 1: the 2019->2024 nominal CAGR
    assert part.computed["2019→2024 cagr levels (nominal)"] == pytest.approx(8.96, abs=0.005)
    evidence = sei_growth_evidence.sei_02_evidence(sei, sei_growth.FIRST_TIER, search, windows)
    assert evidence.lacking == (2021,)  # Shenzhen's 2021 growth rate is not published: the real chains break
    cagr = next(r for r in evidence.recent if (r.start_year, r.end_year, r.method) == (2019, 2024, "cagr_levels"))
    assert cagr.rate == round(((15600 / 10155.51) ** 0.2 - 1) * 100, 2)
    assert evidence.hits == () and evidence.fastest == {}  # no complete window gives 7.2%; no city shares one
    assert set(evidence.per_city) == set(sei_growth.FIRST_TIER) and evidence.per_city["Guangzhou"] is None
    recent = windows[sei_growth.article_windows(windows, 2024)]
    assert set(recent.loc[recent["price_basis"] == "nominal", "sei_02a"]) == {"contradicted"}
    assert set(recent.loc[recent["price_basis"] == "real", "sei_02a"]) == {"not_checkable"}


def test_sei_01_reproduced_contradicted_and_not_checkable():
    both_years = [(c, y, "sei_value_added", v, "nominal") for y in (2022, 2023)
                  for c, v in zip(sei_growth.FIRST_TIER, (50.0, 60.0, 40.0, 70.0))]
    audit = first_tier_audit()
    sei_growth.sei_01(audit, rows(both_years), sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-01") == "reproduced"
    beijing_first = [(c, y, i, 80.0 if (c, y) == ("Beijing", 2023) else v, b) for c, y, i, v, b in both_years]
    audit = first_tier_audit()
    sei_growth.sei_01(audit, rows(beijing_first), sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-01") == "contradicted"
    audit = first_tier_audit()
    sei_growth.sei_01(audit, rows(levels("Shenzhen", {2022: 70.0}) + levels("Shanghai", {2022: 60.0})),
                      sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-01") == "not_checkable"
    evidence = sei_growth_evidence.sei_01_evidence(rows(levels("Shenzhen", {2022: 70.0}) + levels("Shanghai",
                                                                                                  {2022: 60.0})),
                                                   sei_growth.FIRST_TIER)
    assert evidence.largest == {} and evidence.comparable == {2022: {"Shenzhen": 70.0, "Shanghai": 60.0}}
    assert evidence.lacking == ("Beijing", "Guangzhou")


@pytest.mark.parametrize("largest, verdict, stated", [
    ({2022: True, 2023: True}, "reproduced", True),
    ({2022: True, 2023: False}, "contradicted", True),
    ({2023: True}, "not_checkable", True),  # one year cannot show 'every year', yet it is a year all publish
    ({}, "not_checkable", False),  # no year all publish: open for want of data
])
def test_decide_sei_01(largest, verdict, stated):
    evidence = Sei01Evidence(largest, {}, (), (), (2016, 2024), ())
    assert sei_growth_evidence.decide_sei_01(evidence) == {
        "SEI-01": Decision(verdict, computed=largest, stated=stated, basis="recomputed")}


def sei_02_evidence(recent_verdicts=(), fastest=None) -> Sei02Evidence:
    return Sei02Evidence(7.2, tuple(recent_verdicts), (), (), {}, (), (), (), (), (), {}, fastest or {}, ())


@pytest.mark.parametrize("recent, fastest, verdicts", [
    (["contradicted", "contradicted"], {(2019, 2024, "nominal"): (2, 2)}, ("contradicted", "reproduced")),
    (["contradicted", "not_checkable"], {(2019, 2024, "nominal"): (0, 2)}, ("not_checkable", "contradicted")),
    (["reproduced", "contradicted"], {(2019, 2024, "nominal"): (1, 2)}, ("reproduced", "not_checkable")),
    ([], {}, ("not_checkable", "not_checkable")),  # no window the article may mean; no estimate every city shares
])
def test_decide_sei_02(recent, fastest, verdicts):
    windows = {WindowRate(*key): pair for key, pair in fastest.items()}
    decided = sei_growth_evidence.decide_sei_02(sei_02_evidence(recent, windows))
    assert {part: d.verdict for part, d in decided.items()} == dict(zip(["SEI-02a", "SEI-02b"], verdicts))
    assert decided["SEI-02b"] == Decision(verdicts[1], computed=windows, stated=bool(windows), basis="recomputed")
    assert decided["SEI-02a"].stated == (verdicts[0] != "not_checkable")
    assert decided["SEI-02a"].basis == "recomputed"


def test_decide_sei_02_records_the_rate_or_the_recent_estimates():
    """Reproduced: the published 7.2% is found; otherwise the recent complete estimates by window (none: None)."""
    recent = (WindowRate(2019, 2024, "nominal", 8.96, "cagr_levels"), WindowRate(2020, 2024, "real", 6.1, "chain"))
    contradicted = Sei02Evidence(7.2, ("contradicted",) * 2, recent, (), {}, (), (), (), (), (), {}, {}, ())
    assert sei_growth_evidence.decide_sei_02(contradicted)["SEI-02a"] == Decision(
        "contradicted", computed={recent[0]: 8.96, recent[1]: 6.1}, stated=True, basis="recomputed")
    reproduced = sei_02_evidence(["reproduced"])
    assert sei_growth_evidence.decide_sei_02(reproduced)["SEI-02a"].computed == 7.2
    assert sei_growth_evidence.decide_sei_02(sei_02_evidence(["not_checkable"]))["SEI-02a"].computed is None
    per_city = Sei02Evidence(7.2, (), (), (), {}, (), (), (), (), (), {"Beijing": None, "Shenzhen": (6.0, 9.0, 4)},
                             {}, ())
    assert sei_growth_evidence.decide_sei_02(per_city)["SEI-02b"] == Decision(
        "not_checkable", computed={"Beijing": None, "Shenzhen": (6.0, 9.0, 4)}, basis="recomputed")


def test_sei_03_margins_over_the_other_cities():
    shares = [(c, 2024, "sei_share_of_gdp", v, "nominal") for c, v in zip(sei_growth.FIRST_TIER,
                                                                           (20.0, 30.0, 25.5, 42.3))]
    audit = first_tier_audit()
    sei_growth.sei_03(audit, rows(shares), sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-03a") == "confirmed_by_source"
    part = {v.part_id: v for v in audit.recorded}["SEI-03b"]
    assert part.verdict == "confirmed_by_source"
    assert part.computed == {"Beijing": 22.3, "Shanghai": 12.3, "Guangzhou": 16.8}


def test_sei_03_evidence_on_the_committed_data():
    evidence = sei_growth_evidence.sei_03_evidence(load("sei_first_tier_cities"), sei_growth.FIRST_TIER)
    assert (evidence.latest_year, evidence.latest_share) == (2024, 42.3)  # Shenzhen's published 2024 share
    assert evidence.recomputed == pytest.approx(15600 / 36801.87 * 100)  # SEI value added / GDP, 2024
    assert evidence.preliminary_estimate and evidence.margins == {}  # no other city publishes a 2024 share
    assert evidence.latest_others == [("Beijing", 2017), ("Shanghai", 2022)]
    assert evidence.unpublished == ({"city": "Guangzhou", "year": 2023},)


@pytest.mark.parametrize("shares, verdicts", [
    ({"Beijing": 20.0, "Shanghai": 30.0}, ("confirmed_by_source", "confirmed_by_source")),
    ({"Beijing": 20.0, "Shanghai": 45.0}, ("confirmed_by_source", "contradicted")),
    ({"Beijing": 20.0}, ("confirmed_by_source", "not_checkable")),  # Shanghai's share of 2024 is missing
])
def test_decide_sei_03(shares, verdicts):
    evidence = Sei03Evidence({2023: 41.9, 2024: 42.3}, None, False, "report", ("Beijing", "Shanghai"),
                             {(city, 2024): share for city, share in shares.items()}, (), (), {})
    decided = sei_growth_evidence.decide_sei_03(evidence, ["Beijing", "Shanghai", "Shenzhen"])
    margins = {city: round(42.3 - share, 1) for city, share in shares.items()}
    assert decided == {"SEI-03a": Decision("confirmed_by_source", computed=42.3, tolerance=0.05),
                       "SEI-03b": Decision(verdicts[1], computed=margins, stated=verdicts[1] != "not_checkable")}
    off = Sei03Evidence({2024: 42.4}, None, False, "report", (), {}, (), (), {})
    assert sei_growth_evidence.decide_sei_03(off, ["Shenzhen"])["SEI-03a"] == Decision(
        "contradicted", computed=42.4, tolerance=0.05)  # 42.4 is not 42.3


def test_sei_03b_each_citys_share_needs_its_own_evidence():
    """Shenzhen's share on an official page does not stand in for another city's share on a mirror (issue 17,
    class 3): the comparison rests on every share, each with its own sources."""
    shares = rows([(c, 2024, "sei_share_of_gdp", v, "nominal") for c, v in zip(sei_growth.FIRST_TIER,
                                                                              (20.0, 30.0, 25.5, 42.3))])
    shares.loc[shares["city"] == "Guangzhou", "source_url"] = SECONDARY
    audit = first_tier_audit()
    sei_growth.sei_03(audit, shares, sei_growth.FIRST_TIER)
    part = {v.part_id: v for v in audit.recorded}["SEI-03b"]
    guangzhou = sei_growth.WORDING["share_figure"].format(city="Guangzhou", year=2024)  # the figure the rule names
    assert (part.verdict, part.reason) == ("not_checkable", "weak_sources_agree")
    assert part.explanation.startswith(f"For {guangzhou}:")


def test_sei_03a_from_a_mirror_alone_is_not_checkable():
    audit = first_tier_audit()
    sei_growth.sei_03(audit, rows([("Shenzhen", 2024, "sei_share_of_gdp", 42.3, "nominal")], SECONDARY),
                      sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-03a") == "not_checkable"
    assert audit.verdict_of("SEI-03b") == "not_checkable"


def test_sweep_summary_counts_the_grid():
    table = rows(levels("Shenzhen", {2019 + k: 100 * 1.072 ** k for k in range(6)}))
    _, windows = sei_growth.growth_windows(table, sei_growth.FIRST_TIER, 2019, 2024, range(1, 6),
                                           price_bases=("nominal",))
    grid = sei_growth.sweep_table(windows, 2024)
    assert len(grid) == 15 and (grid["sei_02a"] == "reproduced").sum() == 15  # every window: 7.2% exactly
    assert set(grid["label"]) == {"R/N"}  # SEI-02b: no other city publishes
    assert grid.loc[grid["article"], ["start_year", "end_year"]].values.tolist() == [[2019, 2023], [2019, 2024],
                                                                                     [2020, 2024]]


def test_search_summary_blames_the_unstated_basis_only_when_the_assumption_is_off():
    table = rows(levels("Shenzhen", {2019 + k: 100 * 1.09 ** k for k in range(6)})
                 + rates("Shenzhen", {2020 + k: 9.0 for k in range(5)}))
    one_unusable = sei_growth.WORDING["search_unusable"].format(count=1)
    assumed = sei_growth.describe_search(*sei_growth.growth_windows(table, ["Shenzhen"], spans=[5]))
    assert one_unusable not in assumed  # the nominal chain never applies: rates are real by assumption
    unassumed = sei_growth.describe_search(*sei_growth.growth_windows(table, ["Shenzhen"], spans=[5],
                                                                      assume_unstated_rates_real=False))
    assert one_unusable in unassumed  # the real chain 2019->2024 needs the rates' basis


def test_every_template_is_filled_from_the_fields_it_is_given():
    """A template naming a field the code does not pass would fail only on the branch that uses it."""
    given = {*vars(WindowRate(2019, 2024)), "city", "cities", "years", "largest", "count", "first", "last", "pairs",
             "year", "ranking", "value", "half", "label", "low", "high", "shortest", "longest", "spread_nominal",
             "spread_real", "target", "skipped", "needed", "nominal", "matches", "lead", "ranges", "lack", "windows",
             "fastest", "shared", "per_city", "text", "share", "kind", "series", "recomputed", "shares",
             "unpublished", "tried", "confidence", "hits", "real", "missing_years", "cells", "tolerance", "sei_02a",
             "sei_02b", "rates", "article", "verdict", "n", "rate"}
    used = {name for template in sei_growth.WORDING.values() for _, name, _, _ in string.Formatter().parse(template)
            if name}
    assert used <= given


def test_wording(snapshot):
    """The sentences of every part and of the notebooks' narrative, on the project's data with the notebooks'
    default parameters."""
    sei = load("sei_first_tier_cities")
    cities = sei_growth.FIRST_TIER
    audit = claims.Audit(cities=cities, start_year=2018, end_year=2023, price_basis="nominal", confidence=0.95,
                         assume_unstated_rates_real=True)
    search, windows = sei_growth.growth_windows(sei, cities, confidence=0.95)
    sei_growth.sei_01(audit, sei, cities)
    sei_growth.sei_02(audit, sei, cities, search, windows)
    sei_growth.sei_03(audit, sei, cities)
    parts = {v.part_id: {key: getattr(v, key) for key in ("verdict", "reason", "finding", "explanation", "missing")}
             for v in audit.recorded}
    window = analysis.window_table(sei, cities, 2018, 2023, "nominal", confidence=0.95)
    _, grid_windows = sei_growth.growth_windows(sei, cities, 2016, 2024, range(1, 9))
    narrative = {"describe_window": sei_growth.describe_window(window, 2018, 2023, "nominal", 0.95),
                 "describe_search": sei_growth.describe_search(search, windows),
                 "describe_sweep": sei_growth.describe_sweep(sei_growth.sweep_table(grid_windows, 2024))}
    assert {**parts, **narrative} == snapshot
