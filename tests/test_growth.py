"""innovlib.growth on hand-computed cases, and the growth facts the committed SEI data support (the SEI and GDP
notebooks' own tables are tested in tests/analyses/)."""

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


def test_shenzhen_published_shares_agree_with_levels(sei):
    rows = sei[sei["city"] == "Shenzhen"].set_index(["year", "indicator"])["value"]
    for year in (2021, 2022):
        computed = growth.share_of_gdp(rows[(year, "sei_value_added")], rows[(year, "gdp")], "nominal", "nominal")
        assert computed == pytest.approx(rows[(year, "sei_share_of_gdp")], abs=0.05)


# --- averaging only the published rates: a labelled assumption ---

SHENZHEN_RATES = {2018: 8.5, 2019: 8.8, 2020: 3.1, 2022: 6.9, 2023: 8.8}  # published; 2021 not found


def test_skipping_missing_years_is_labelled_an_assumption():
    rates = table(SHENZHEN_RATES, "real")
    result = growth.chained_average_skipping_missing(rates, 2017, 2023, "real")
    # by hand: (1.085 * 1.088 * 1.031 * 1.069 * 1.088) ** (1/5) - 1 = 7.1975%: 7.2 only by leaving out 2021
    assert result.rate == pytest.approx(7.1975, abs=1e-4)
    assert not result.complete and result.missing_years == (2021,)
    assert "ASSUMPTION" in result.notes[0] and "2021" in result.notes[0]
