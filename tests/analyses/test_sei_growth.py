"""innovlib.analyses.sei_growth: the SEI notebook's tables and window search, on small tables and on the committed
``sei_first_tier_cities`` data."""

from __future__ import annotations

import pandas as pd
import pytest

from innovlib.analyses import sei_growth as analysis
from innovlib.data import load
from innovlib.growth import SKIPPING_METHOD


@pytest.fixture(scope="module")
def sei():
    return load("sei_first_tier_cities")


def sei_rows(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["city", "year", "indicator", "value", "price_basis"])


SHENZHEN_RATES = {2018: 8.5, 2019: 8.8, 2020: 3.1, 2022: 6.9, 2023: 8.8}  # published; 2021 not found


def test_indicator_table_keeps_city_order_and_drops_empty_values():
    t = sei_rows([("Shenzhen", 2022, "sei_value_added", 13324.02, "nominal"),
                  ("Shanghai", 2022, "sei_value_added", 10641.19, "nominal"),
                  ("Beijing", 2022, "sei_value_added", None, "nominal")])
    out = analysis.indicator_table(t, "sei_value_added", ["Shenzhen", "Beijing", "Shanghai"])
    assert out.columns.tolist() == ["Shenzhen", "Beijing", "Shanghai"]
    assert out.loc[2022, "Shenzhen"] == 13324.02 and pd.isna(out.loc[2022, "Beijing"])


def test_share_table_computes_a_share_where_none_is_published():
    # Shenzhen 2020: SEI value added 10272.72 and GDP 27670.24 (100 million CNY), no published share -> 37.13%
    t = sei_rows([("Shenzhen", 2020, "sei_value_added", 10272.72, "nominal"),
                  ("Shenzhen", 2020, "gdp", 27670.24, "nominal"),
                  ("Shenzhen", 2019, "sei_share_of_gdp", 37.7, "nominal")])
    out = analysis.share_table(t, ["Shenzhen"]).set_index("year")
    assert out.loc[2020, "share_computed"] == pytest.approx(37.1255, abs=1e-4)
    assert pd.isna(out.loc[2020, "share_published"]) and out.loc[2019, "share_published"] == 37.7
    assert pd.isna(out.loc[2019, "share_computed"])


def test_growth_estimates_explain_what_cannot_be_computed():
    t = sei_rows([("A", 2019, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 121.0, "nominal"),
                  ("A", 2020, "sei_growth_yoy", 10.0, "not_stated"), ("A", 2021, "sei_growth_yoy", 10.0, "not_stated")])
    nominal = {r["method"]: r for r in analysis.growth_estimates(t, "A", 2019, 2021, "nominal")}
    assert nominal["cagr_levels"]["rate"] == pytest.approx(10.0)
    assert nominal["chained_rates"]["note"].startswith("not applicable")  # rates assumed real, not nominal
    assert nominal["log_linear_trend"]["note"] == "missing year(s): 2020"  # a trend needs every level
    short = {r["method"]: r for r in analysis.growth_estimates(t, "A", 2020, 2021, "real")}
    assert "three years" in short["log_linear_trend"]["note"]
    real = {r["method"]: r for r in analysis.growth_estimates(t, "A", 2019, 2021, "real")}
    assert real["chained_rates"]["rate"] == pytest.approx(10.0) and real["chained_rates"]["assumed_years"] == "2020, 2021"
    assert real["cagr_levels"]["note"].startswith("not applicable")  # levels are at current prices
    unassumed = analysis.growth_estimates(t, "A", 2019, 2021, "real", assume_unstated_rates_real=False)
    assert "not stated" in unassumed[1]["note"]


def test_a_window_that_skips_a_year_is_never_a_match():
    t = sei_rows([("Shenzhen", y, "sei_growth_yoy", v, "not_stated") for y, v in SHENZHEN_RATES.items()])
    found = analysis.growth_search(t, ["Shenzhen"], 2017, 2023, [6], price_bases=("real",))
    found["match"] = analysis.match_labels(found, 7.2, 0.05)
    labels = dict(zip(found["method"], found["match"]))
    # no levels at all: the level methods are incomplete (every year missing), not a match
    assert labels == {"chained_rates": "incomplete", "cagr_levels": "incomplete",
                      "log_linear_trend": "incomplete", "chained_rates_skipping_missing": "assumption only"}
    assert not (found["match"] == "match").any()


def test_match_labels_count_only_complete_windows():
    rows = pd.DataFrame({"method": ["cagr_levels", "chained_rates", "chained_rates"],
                         "rate": [7.23, None, 7.2], "complete": [True, False, True], "note": ["", "missing year(s): 2021", ""]})
    assert analysis.match_labels(rows, 7.2, 0.05).tolist() == ["match", "incomplete", "match"]


def test_needed_missing_rates_agree_with_implied_missing_rate():
    t = sei_rows([("Shenzhen", y, "sei_growth_yoy", v, "not_stated") for y, v in SHENZHEN_RATES.items()])
    found = analysis.growth_search(t, ["Shenzhen"], 2018, 2023, [5], price_bases=("real",))
    needed = analysis.needed_missing_rates(t, "Shenzhen", found, 7.2)
    assert needed[["start_year", "end_year", "missing_year"]].values.tolist() == [[2018, 2023, 2021]]
    assert needed["rate_needed"].iloc[0] == pytest.approx(8.512, abs=1e-3)  # as in test_implied_missing_rate...


# --- the tables the SEI notebook shows ---

def test_check_window_names_the_parameter_and_the_years_held():
    with pytest.raises(ValueError, match=r"^start_year = 2015: the dataset has figures for 2016-2024 only\.$"):
        analysis.check_window(2015, 2020, range(2016, 2025))
    with pytest.raises(ValueError, match=r"end_year \(2018\) must be after start_year \(2018\)"):
        analysis.check_window(2018, 2018, range(2016, 2025))


def test_window_table_and_ranks_share_first_place_on_ties():
    t = sei_rows([("A", 2019, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 121.0, "nominal"),
                  ("B", 2019, "sei_value_added", 100.0, "nominal"), ("B", 2021, "sei_value_added", 121.0, "nominal"),
                  ("C", 2019, "sei_value_added", 100.0, "nominal"), ("C", 2021, "sei_value_added", 144.0, "nominal")])
    window = analysis.window_table(t, ["A", "B", "C"], 2019, 2021, "nominal")
    assert list(window.columns) == analysis.WINDOW_COLUMNS
    ranked = analysis.rank_by_method(window)
    # CAGR: C (20%) first, A and B (10%) tied second; the trend lacks 2020 and the chain has no rates: unranked
    assert ranked[["city", "rank"]].values.tolist() == [["C", 1], ["A", 2], ["B", 2]]
    assert ranked["rate"].round(6).tolist() == [20.0, 10.0, 10.0]


def test_a_series_with_no_year_on_the_basis_is_not_applicable_rather_than_incomplete():
    # Shenzhen publishes no 2021 rate: over 2020->2021 the chain (real by assumption) has no year at all
    t = sei_rows([("A", 2020, "sei_value_added", 100.0, "nominal"), ("A", 2021, "sei_value_added", 110.0, "nominal"),
                  ("A", 2020, "sei_growth_yoy", 5.0, "not_stated")])
    found = {r["method"]: r for r in analysis.growth_estimates(t, "A", 2020, 2021, "nominal", skip_missing=True)}
    assert found["chained_rates"]["note"] == "not applicable: this series is not all on a nominal basis (bases found: real)"
    assert SKIPPING_METHOD not in found and found["cagr_levels"]["rate"] == pytest.approx(10.0)


def test_comparability_lists_each_series_with_its_years(sei):
    table = analysis.comparability_table(sei, ["Shenzhen"]).set_index(["indicator", "price_basis"])
    assert table.loc[("sei_growth_yoy", "not_stated"), "years"] == "2018, 2019, 2020, 2022, 2023, 2024"
    assert table.loc[("new_industries_value_added", "nominal"), "years"] == "2016, 2017"


def test_level_lines_mark_the_older_series_as_not_comparable(sei):
    lines = analysis.level_lines(sei, ["Beijing", "Shenzhen"])
    assert sorted(set(lines.loc[~lines["comparable"], "series"])) == ["Shenzhen (old)"]
    assert sorted(set(lines["series"])) == ["Beijing", "Beijing, first half-year only", "Shenzhen", "Shenzhen (old)"]


def test_share_figure_rows_prefer_the_published_share_and_name_gaps(sei):
    shares = analysis.share_figure_table(sei, ["Shenzhen", "Guangzhou"])
    # 2020: no published share; 10272.72 / 27670.24 = 37.13% is computed
    assert shares.loc["Shenzhen 2020", "computed: SEI value added / GDP"] == pytest.approx(37.1255, abs=1e-4)
    assert shares.loc["Shenzhen 2024", "published"] == 42.3
    assert pd.isna(shares.loc["Shenzhen 2024", "computed: SEI value added / GDP"])  # published: not drawn twice
    assert shares.loc["Guangzhou 2023", "label"].startswith("no exact figure: ")
    assert shares.index[0].startswith("Shenzhen") and shares.index[-1] == "Guangzhou 2023"


def test_method_bars_keep_intervals_only_for_the_trend():
    levels = sei_rows([("A", 2019 + k, "sei_value_added", 100 * 1.05 ** k, "nominal") for k in range(5)])
    search = analysis.growth_search(levels, ["A"], 2019, 2023, [4], price_bases=("nominal",))
    bars, estimates, errors = analysis.method_bars(search, "A", [4])
    assert estimates == ["CAGR of levels, nominal", "log-linear trend, nominal"]
    assert errors == [None, ("log-linear trend, nominal low", "log-linear trend, nominal high")]
    assert bars.loc[0, "CAGR of levels, nominal"] == pytest.approx(5.0)


# --- what the committed data hold ---

def test_shenzhen_share_2024_and_other_cities(sei):
    shares = sei[sei["indicator"] == "sei_share_of_gdp"].set_index(["city", "year"])["value"]
    assert shares[("Shenzhen", 2024)] == 42.3
    assert shares[("Shanghai", 2022)] == 23.8 and shares[("Beijing", 2017)] == 16.2
    # no Beijing or Guangzhou SEI value added after 2017: the ranking claim cannot be checked
    va = sei[(sei["indicator"] == "sei_value_added") & sei["value"].notna()]
    assert not ((va["city"].isin(["Beijing", "Guangzhou"])) & (va["year"] >= 2018)).any()
    assert va.set_index(["city", "year"])["value"][("Shenzhen", 2022)] > va.set_index(["city", "year"])["value"][("Shanghai", 2022)]
