"""innovlib.growth on hand-computed cases, and the growth facts the committed SEI and GDP data support."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from innovlib import growth
from innovlib.data import load
from innovlib.growth import PriceBasisError


def table(values: dict[int, float], basis: str = "nominal") -> pd.DataFrame:
    return pd.DataFrame({"year": list(values), "value": list(values.values()), "price_basis": basis})


# --- hand-computed cases ---

def test_cagr_known_value():
    # 100 -> 200 over 5 years: 2 ** (1/5) - 1 = 14.8698...%
    result = growth.cagr(table({2018: 100.0, 2023: 200.0}), 2018, 2023, "nominal")
    assert result.rate == pytest.approx(14.869835, abs=1e-6)
    assert result.years_used == (2018, 2023) and result.complete


def test_cagr_uses_only_the_endpoints():
    levels = table({2019: 100.0, 2020: 50.0, 2021: 121.0})
    assert growth.cagr(levels, 2019, 2021, "nominal").rate == pytest.approx(10.0)


def test_chained_real_rate_average_is_geometric():
    # +8.8%, +3.1%, +6.9%: (1.088 * 1.031 * 1.069) ** (1/3) - 1 = 6.2401...% (arithmetic mean would be 6.2667%)
    rates = table({2020: 8.8, 2021: 3.1, 2022: 6.9}, "real")
    result = growth.chained_average(rates, 2019, 2022, "real")
    assert result.rate == pytest.approx((1.088 * 1.031 * 1.069) ** (1 / 3) * 100 - 100, abs=1e-9)
    assert result.rate == pytest.approx(6.2401, abs=1e-4)
    assert result.years_used == (2020, 2021, 2022)


def test_trend_recovers_a_known_slope_with_a_tight_interval():
    levels = table({y: 250.0 * 1.07 ** (y - 2015) for y in range(2015, 2022)})
    result = growth.log_linear_trend(levels, 2015, 2021, "nominal", confidence=0.9)
    assert result.rate == pytest.approx(7.0, abs=1e-9)
    assert result.ci_low == pytest.approx(7.0, abs=1e-6) and result.ci_high == pytest.approx(7.0, abs=1e-6)


def test_trend_interval_widens_with_noise_and_contains_the_slope():
    noise = [0.02, -0.01, 0.015, -0.02, 0.0, 0.01]
    levels = table({2018 + k: 100 * math.exp(0.05 * k + e) for k, e in enumerate(noise)})
    result = growth.log_linear_trend(levels, 2018, 2023, "nominal", confidence=0.95)
    assert result.ci_low < result.rate < result.ci_high
    assert result.ci_low < 5.127 < result.ci_high  # exp(0.05) - 1
    assert result.ci_high - result.ci_low > 1.0


def test_share_of_gdp():
    assert growth.share_of_gdp(10272.72, 27670.24, "nominal", "nominal") == pytest.approx(37.1255, abs=1e-4)


def test_implied_missing_rate_reproduces_the_target():
    implied = growth.implied_missing_rate(7.2, [8.8, 3.1, 6.9, 8.8], 5)
    chain = (1.088 * 1.031 * (1 + implied / 100) * 1.069 * 1.088) ** 0.2 - 1
    assert chain * 100 == pytest.approx(7.2, abs=1e-9)
    assert implied == pytest.approx(8.512, abs=1e-3)


# --- price basis: mixing is an error ---

def test_mixing_nominal_and_real_is_an_error():
    rates = pd.DataFrame({"year": [2020, 2021], "value": [5.0, 6.0], "price_basis": ["real", "nominal"]})
    with pytest.raises(PriceBasisError, match="2021 \\(nominal\\)"):
        growth.chained_average(rates, 2019, 2021, "real")


def test_cagr_of_current_price_levels_is_not_real_growth():
    with pytest.raises(PriceBasisError, match="cagr"):
        growth.cagr(table({2019: 1.0, 2021: 2.0}), 2019, 2021, "real")


def test_share_needs_current_prices():
    with pytest.raises(PriceBasisError, match="current-price"):
        growth.share_of_gdp(1.0, 2.0, "nominal", "real")


def test_unstated_basis_needs_a_labelled_assumption():
    rates = table({2020: 5.0, 2021: 6.0}, "not_stated")
    with pytest.raises(PriceBasisError, match="not_stated"):
        growth.chained_average(rates, 2019, 2021, "real")
    assumed = growth.assume_price_basis(rates, "real")
    result = growth.chained_average(assumed, 2019, 2021, "real")
    assert result.assumed_years == (2020, 2021)
    # a published nominal rate is never relabelled
    mixed = growth.assume_price_basis(table({2020: 5.0}, "nominal"), "real")
    assert mixed["price_basis"].tolist() == ["nominal"]


def test_bad_basis_argument():
    with pytest.raises(ValueError, match="price_basis must be one of"):
        growth.cagr(table({2019: 1.0, 2021: 2.0}), 2019, 2021, "current")


# --- missing years: reported, never a quietly shorter window ---

def test_missing_year_in_a_chain_is_reported():
    rates = table({2020: 8.8, 2022: 6.9, 2023: 8.8}, "real")
    result = growth.chained_average(rates, 2019, 2023, "real")
    assert result.rate is None and not result.complete
    assert result.missing_years == (2021,)
    assert result.years_used == (2020, 2022, 2023)


def test_missing_endpoint_and_empty_value_count_as_missing():
    levels = pd.DataFrame({"year": [2019, 2024], "value": [100.0, None], "price_basis": ["nominal", "nominal"]})
    result = growth.cagr(levels, 2019, 2024, "nominal")
    assert result.rate is None and result.missing_years == (2024,)


def test_trend_with_a_gap_is_not_fitted():
    levels = table({2018: 1.0, 2019: 1.1, 2021: 1.3})
    result = growth.log_linear_trend(levels, 2018, 2021, "nominal")
    assert result.rate is None and result.missing_years == (2020,)


def test_duplicate_years_are_rejected():
    with pytest.raises(ValueError, match="appear twice"):
        growth.cagr(table({2019: 1.0}).pipe(lambda t: pd.concat([t, t])), 2019, 2020, "nominal")


# --- what the committed data supports (the notebooks' verdicts rest on these) ---

@pytest.fixture(scope="module")
def sei():
    return load("sei_first_tier_cities")


def test_shenzhen_nominal_growth_never_gives_7_2(sei):
    levels = growth.series(sei, "Shenzhen", "sei_value_added")
    found = growth.window_search(levels, None, 2018, 2024, {"cagr_levels": "nominal", "log_linear_trend": "nominal"})
    complete = found[found["complete"]]
    assert len(complete) > 0
    assert complete["rate"].min() > 8.5  # every complete nominal window is far above 7.2%
    assert growth.cagr(levels, 2018, 2023, "nominal").rate == pytest.approx(9.645, abs=1e-3)
    # 2024 comes from the development-and-reform report (1.56 trillion yuan): (15600 / 10155.51) ** (1/5) - 1
    assert growth.cagr(levels, 2019, 2024, "nominal").rate == pytest.approx(8.964, abs=1e-3)


def test_shenzhen_real_chains_all_miss_2021(sei):
    rates = growth.assume_price_basis(growth.series(sei, "Shenzhen", "sei_growth_yoy"), "real")
    found = growth.window_search(None, rates, 2017, 2024, {"chained_rates": "real"}, min_span=5, max_span=5)
    assert not found["complete"].any()
    assert all("2021" in missing for missing in found["missing_years"])
    # the five published rates that exist (2018-2020, 2022-2023), chained from the data, give the article's 7.2%
    # (SEI-02) only by skipping 2021; by hand: (1.085 * 1.088 * 1.031 * 1.069 * 1.088) ** (1/5) - 1 = 7.1975%
    skipped = growth.chained_average_skipping_missing(rates, 2017, 2023, "real")
    assert skipped.missing_years == (2021,)
    assert skipped.rate == pytest.approx(7.1975, abs=1e-4) and round(skipped.rate, 1) == 7.2


def test_shenzhen_share_2024_and_other_cities(sei):
    shares = sei[sei["indicator"] == "sei_share_of_gdp"].set_index(["city", "year"])["value"]
    assert shares[("Shenzhen", 2024)] == 42.3
    assert shares[("Shanghai", 2022)] == 23.8 and shares[("Beijing", 2017)] == 16.2
    # no Beijing or Guangzhou SEI value added after 2017: the ranking claim cannot be checked
    va = sei[(sei["indicator"] == "sei_value_added") & sei["value"].notna()]
    assert not ((va["city"].isin(["Beijing", "Guangzhou"])) & (va["year"] >= 2018)).any()
    assert va.set_index(["city", "year"])["value"][("Shenzhen", 2022)] > va.set_index(["city", "year"])["value"][("Shanghai", 2022)]


def test_q1q3_2025_growth_beats_the_national_rate():
    gdp = load("city_gdp_2025q1q3")
    real = gdp[(gdp["period"] == "2025Q1-Q3") & (gdp["indicator"] == "gdp_real_growth")].set_index("region")["value"]
    assert real["China"] == 5.2
    assert real[["Beijing", "Shanghai", "Shenzhen"]].tolist() == [5.6, 5.5, 5.5]
    assert real["Guangzhou"] == 4.1  # below the national rate; Guangzhou is not part of the claim


def test_shanghai_pioneer_industries_about_one_third_of_gdp():
    pioneer = load("shanghai_pioneer_industries").set_index(["year", "indicator"])["value"]
    assert pioneer[(2024, "pioneer_industries_scale")] == 18000
    assert pioneer[(2024, "pioneer_industries_scale")] / pioneer[(2024, "gdp_exact")] == pytest.approx(0.3338, abs=1e-4)


def test_shenzhen_published_shares_agree_with_levels(sei):
    rows = sei[sei["city"] == "Shenzhen"].set_index(["year", "indicator"])["value"]
    for year in (2021, 2022):
        computed = growth.share_of_gdp(rows[(year, "sei_value_added")], rows[(year, "gdp")], "nominal", "nominal")
        assert computed == pytest.approx(rows[(year, "sei_share_of_gdp")], abs=0.05)


# --- the SEI notebook's tables and window search ---

def sei_rows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["city", "year", "indicator", "value", "price_basis"])


SHENZHEN_RATES = {2018: 8.5, 2019: 8.8, 2020: 3.1, 2022: 6.9, 2023: 8.8}  # published; 2021 not found


def test_indicator_table_keeps_city_order_and_drops_empty_values():
    t = sei_rows([("Shenzhen", 2022, "sei_value_added", 13324.02, "nominal"),
                  ("Shanghai", 2022, "sei_value_added", 10641.19, "nominal"),
                  ("Beijing", 2022, "sei_value_added", None, "nominal")])
    out = growth.indicator_table(t, "sei_value_added", ["Shenzhen", "Beijing", "Shanghai"])
    assert out.columns.tolist() == ["Shenzhen", "Beijing", "Shanghai"]
    assert out.loc[2022, "Shenzhen"] == 13324.02 and pd.isna(out.loc[2022, "Beijing"])


def test_share_table_computes_a_share_where_none_is_published():
    # Shenzhen 2020: SEI value added 10272.72 and GDP 27670.24 (100 million CNY), no published share -> 37.13%
    t = sei_rows([("Shenzhen", 2020, "sei_value_added", 10272.72, "nominal"),
                  ("Shenzhen", 2020, "gdp", 27670.24, "nominal"),
                  ("Shenzhen", 2019, "sei_share_of_gdp", 37.7, "nominal")])
    out = growth.share_table(t, ["Shenzhen"]).set_index("year")
    assert out.loc[2020, "share_computed"] == pytest.approx(37.1255, abs=1e-4)
    assert pd.isna(out.loc[2020, "share_published"]) and out.loc[2019, "share_published"] == 37.7
    assert pd.isna(out.loc[2019, "share_computed"])


def test_skipping_missing_years_is_labelled_an_assumption():
    rates = table(SHENZHEN_RATES, "real")
    result = growth.chained_average_skipping_missing(rates, 2017, 2023, "real")
    # by hand: (1.085 * 1.088 * 1.031 * 1.069 * 1.088) ** (1/5) - 1 = 7.1975%: 7.2 only by leaving out 2021
    assert result.rate == pytest.approx(7.1975, abs=1e-4)
    assert not result.complete and result.missing_years == (2021,)
    assert "ASSUMPTION" in result.notes[0] and "2021" in result.notes[0]


def test_growth_estimates_explain_what_cannot_be_computed():
    t = sei_rows([("A", 2019, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 121.0, "nominal"),
                  ("A", 2020, "sei_growth_yoy", 10.0, "not_stated"), ("A", 2021, "sei_growth_yoy", 10.0, "not_stated")])
    nominal = {r["method"]: r for r in growth.growth_estimates(t, "A", 2019, 2021, "nominal")}
    assert nominal["cagr_levels"]["rate"] == pytest.approx(10.0)
    assert nominal["chained_rates"]["note"].startswith("not applicable")  # rates assumed real, not nominal
    assert nominal["log_linear_trend"]["note"] == "missing year(s): 2020"  # a trend needs every level
    short = {r["method"]: r for r in growth.growth_estimates(t, "A", 2020, 2021, "real")}
    assert "three years" in short["log_linear_trend"]["note"]
    real = {r["method"]: r for r in growth.growth_estimates(t, "A", 2019, 2021, "real")}
    assert real["chained_rates"]["rate"] == pytest.approx(10.0) and real["chained_rates"]["assumed_years"] == "2020, 2021"
    assert real["cagr_levels"]["note"].startswith("not applicable")  # levels are at current prices
    unassumed = growth.growth_estimates(t, "A", 2019, 2021, "real", assume_unstated_rates_real=False)
    assert "not stated" in unassumed[1]["note"]


def test_a_window_that_skips_a_year_is_never_a_match():
    t = sei_rows([("Shenzhen", y, "sei_growth_yoy", v, "not_stated") for y, v in SHENZHEN_RATES.items()])
    found = growth.growth_search(t, ["Shenzhen"], 2017, 2023, [6], price_bases=("real",))
    found["match"] = growth.match_labels(found, 7.2, 0.05)
    labels = dict(zip(found["method"], found["match"]))
    # no levels at all: the level methods are incomplete (every year missing), not a match
    assert labels == {"chained_rates": "incomplete", "cagr_levels": "incomplete",
                      "log_linear_trend": "incomplete", "chained_rates_skipping_missing": "assumption only"}
    assert not (found["match"] == "match").any()


def test_match_labels_count_only_complete_windows():
    rows = pd.DataFrame({"method": ["cagr_levels", "chained_rates", "chained_rates"],
                         "rate": [7.23, None, 7.2], "complete": [True, False, True], "note": ["", "missing year(s): 2021", ""]})
    assert growth.match_labels(rows, 7.2, 0.05).tolist() == ["match", "incomplete", "match"]


def test_needed_missing_rates_agree_with_implied_missing_rate():
    t = sei_rows([("Shenzhen", y, "sei_growth_yoy", v, "not_stated") for y, v in SHENZHEN_RATES.items()])
    found = growth.growth_search(t, ["Shenzhen"], 2018, 2023, [5], price_bases=("real",))
    needed = growth.needed_missing_rates(t, "Shenzhen", found, 7.2)
    assert needed[["start_year", "end_year", "missing_year"]].values.tolist() == [[2018, 2023, 2021]]
    assert needed["rate_needed"].iloc[0] == pytest.approx(8.512, abs=1e-3)  # as in test_implied_missing_rate...


# --- the tables the SEI and GDP notebooks show ---

def test_check_window_names_the_parameter_and_the_years_held():
    with pytest.raises(ValueError, match=r"^start_year = 2015: the dataset has figures for 2016-2024 only\.$"):
        growth.check_window(2015, 2020, range(2016, 2025))
    with pytest.raises(ValueError, match=r"end_year \(2018\) must be after start_year \(2018\)"):
        growth.check_window(2018, 2018, range(2016, 2025))


def test_window_table_and_ranks_share_first_place_on_ties():
    t = sei_rows([("A", 2019, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 121.0, "nominal"),
                  ("B", 2019, "sei_value_added", 100.0, "nominal"), ("B", 2021, "sei_value_added", 121.0, "nominal"),
                  ("C", 2019, "sei_value_added", 100.0, "nominal"), ("C", 2021, "sei_value_added", 144.0, "nominal")])
    window = growth.window_table(t, ["A", "B", "C"], 2019, 2021, "nominal")
    assert list(window.columns) == growth.WINDOW_COLUMNS
    ranked = growth.rank_by_method(window)
    # CAGR: C (20%) first, A and B (10%) tied second; the trend lacks 2020 and the chain has no rates: unranked
    assert ranked[["city", "rank"]].values.tolist() == [["C", 1], ["A", 2], ["B", 2]]
    assert ranked["rate"].round(6).tolist() == [20.0, 10.0, 10.0]


def test_a_series_with_no_year_on_the_basis_is_not_applicable_rather_than_incomplete():
    # Shenzhen publishes no 2021 rate: over 2020->2021 the chain (real by assumption) has no year at all
    t = sei_rows([("A", 2020, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 110.0, "nominal"),
                  ("A", 2020, "sei_growth_yoy", 5.0, "not_stated")])
    found = {r["method"]: r for r in growth.growth_estimates(t, "A", 2020, 2021, "nominal", skip_missing=True)}
    assert found["chained_rates"]["note"] == "not applicable: this series is not all on a nominal basis (bases found: real)"
    assert growth.SKIPPING_METHOD not in found and found["cagr_levels"]["rate"] == pytest.approx(10.0)


def test_comparability_lists_each_series_with_its_years(sei):
    table = growth.comparability_table(sei, ["Shenzhen"]).set_index(["indicator", "price_basis"])
    assert table.loc[("sei_growth_yoy", "not_stated"), "years"] == "2018, 2019, 2020, 2022, 2023, 2024"
    assert table.loc[("new_industries_value_added", "nominal"), "years"] == "2016, 2017"


def test_level_lines_mark_the_older_series_as_not_comparable(sei):
    lines = growth.level_lines(sei, ["Beijing", "Shenzhen"])
    assert sorted(set(lines.loc[~lines["comparable"], "series"])) == ["Shenzhen (old)"]
    assert sorted(set(lines["series"])) == ["Beijing", "Beijing, first half-year only", "Shenzhen", "Shenzhen (old)"]


def test_share_figure_rows_prefer_the_published_share_and_name_gaps(sei):
    shares = growth.share_figure_table(sei, ["Shenzhen", "Guangzhou"])
    # 2020: no published share; 10272.72 / 27670.24 = 37.13% is computed
    assert shares.loc["Shenzhen 2020", "computed: SEI value added / GDP"] == pytest.approx(37.1255, abs=1e-4)
    assert shares.loc["Shenzhen 2024", "published"] == 42.3
    assert pd.isna(shares.loc["Shenzhen 2024", "computed: SEI value added / GDP"])  # published: not drawn twice
    assert shares.loc["Guangzhou 2023", "label"].startswith("no exact figure: ")
    assert shares.index[0].startswith("Shenzhen") and shares.index[-1] == "Guangzhou 2023"


def test_method_bars_keep_intervals_only_for_the_trend():
    levels = sei_rows([("A", 2019 + k, "sei_value_added", 100 * 1.05 ** k, "nominal") for k in range(5)])
    search = growth.growth_search(levels, ["A"], 2019, 2023, [4], price_bases=("nominal",))
    bars, estimates, errors = growth.method_bars(search, "A", [4])
    assert estimates == ["CAGR of levels, nominal", "log-linear trend, nominal"]
    assert errors == [None, ("log-linear trend, nominal low", "log-linear trend, nominal high")]
    assert bars.loc[0, "CAGR of levels, nominal"] == pytest.approx(5.0)


def test_growth_vs_national_on_the_committed_q1q3_figures():
    comparison = growth.growth_vs_national(load("city_gdp_2025q1q3"), "2025Q1-Q3", ["Beijing", "Shanghai", "Guangzhou"])
    assert comparison["difference_pp"].round(1).tolist() == [0.4, 0.3, -1.1]  # 5.6, 5.5, 4.1 against 5.2
    assert comparison["beats_national"].tolist() == [True, True, False]
