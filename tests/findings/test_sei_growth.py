"""findings.sei_growth on small hand-made tables: the rule per window, the SEI verdicts and their key numbers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from innovlib import claims
from innovlib.data import load
from innovlib.findings import sei_growth

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
    explanation = audit.recorded[0].explanation
    assert "none gives 7.2%" in explanation and "2019→2024 cagr levels (nominal) 9.0%" in explanation


def test_sei_02_on_the_committed_data_lacks_shenzhens_2021_rate():
    sei = load("sei_first_tier_cities")
    search, windows = sei_growth.growth_windows(sei, sei_growth.FIRST_TIER)
    audit = first_tier_audit()
    sei_growth.sei_02(audit, sei, sei_growth.FIRST_TIER, search, windows)
    part = {v.part_id: v for v in audit.recorded}["SEI-02a"]
    assert part.verdict == "not_checkable" and "growth rate for 2021" in part.explanation
    # (15600 / 10155.51) ** (1/5) - 1: the 2019->2024 nominal CAGR
    assert part.computed["2019→2024 cagr levels (nominal)"] == pytest.approx(8.96, abs=0.005)
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
    part = audit.recorded[0]
    assert part.verdict == "not_checkable" and "2022: Shenzhen 70 > Shanghai 60" in part.explanation
    assert "no full-year figure at all for Beijing, Guangzhou" in part.explanation


def test_sei_03_margins_over_the_other_cities():
    shares = [(c, 2024, "sei_share_of_gdp", v, "nominal") for c, v in zip(sei_growth.FIRST_TIER,
                                                                           (20.0, 30.0, 25.5, 42.3))]
    audit = first_tier_audit()
    sei_growth.sei_03(audit, rows(shares), sei_growth.FIRST_TIER)
    assert audit.verdict_of("SEI-03a") == "confirmed_by_source"
    part = {v.part_id: v for v in audit.recorded}["SEI-03b"]
    assert part.verdict == "confirmed_by_source"
    assert part.computed == {"Beijing": 22.3, "Shanghai": 12.3, "Guangzhou": 16.8}


def test_sei_03b_each_citys_share_needs_its_own_evidence():
    """Shenzhen's share on an official page does not stand in for another city's share on a mirror (issue 17,
    class 3): the comparison rests on every share, each with its own sources."""
    shares = rows([(c, 2024, "sei_share_of_gdp", v, "nominal") for c, v in zip(sei_growth.FIRST_TIER,
                                                                              (20.0, 30.0, 25.5, 42.3))])
    shares.loc[shares["city"] == "Guangzhou", "source_url"] = SECONDARY
    audit = first_tier_audit()
    sei_growth.sei_03(audit, shares, sei_growth.FIRST_TIER)
    part = {v.part_id: v for v in audit.recorded}["SEI-03b"]
    assert part.verdict == "not_checkable" and part.explanation.startswith("For Guangzhou's 2024 share:")


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
    text = sei_growth.describe_sweep(grid)
    assert "reproduced in 15 of 15" in text and "2019→2024: nominal 7.2% (SEI-02a reproduced)" in text


def test_search_summary_blames_the_unstated_basis_only_when_the_assumption_is_off():
    table = rows(levels("Shenzhen", {2019 + k: 100 * 1.09 ** k for k in range(6)})
                 + rates("Shenzhen", {2020 + k: 9.0 for k in range(5)}))
    assumed = sei_growth.describe_search(*sei_growth.growth_windows(table, ["Shenzhen"], spans=[5]))
    assert "cannot be computed" not in assumed  # the nominal chain never applies: rates are real by assumption
    unassumed = sei_growth.describe_search(*sei_growth.growth_windows(table, ["Shenzhen"], spans=[5],
                                                                      assume_unstated_rates_real=False))
    assert "1 rate chain(s) cannot be computed because the rates' price basis is not stated" in unassumed
