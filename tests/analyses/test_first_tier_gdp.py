"""innovlib.analyses.first_tier_gdp: published real growth against China's and a published industry scale against GDP,
on the committed ``city_gdp_2025q1q3`` and ``shanghai_pioneer_industries`` data."""

from __future__ import annotations

import pytest

from innovlib.analyses import first_tier_gdp as analysis
from innovlib.data import load


def test_growth_vs_national_on_the_committed_q1q3_figures():
    comparison = analysis.growth_vs_national(load("city_gdp_2025q1q3"), "2025Q1-Q3", ["Beijing", "Shanghai", "Guangzhou"])
    assert comparison["difference_pp"].round(1).tolist() == [0.4, 0.3, -1.1]  # 5.6, 5.5, 4.1 against 5.2
    assert comparison["beats_national"].tolist() == [True, True, False]


def test_a_year_without_a_published_scale_is_a_one_line_error():
    with pytest.raises(ValueError, match=r"pioneer_year = 2019: no published industry scale"):
        analysis.scale_over_gdp(load("shanghai_pioneer_industries"), 2019)


# --- what the committed data hold ---

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
