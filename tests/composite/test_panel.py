"""Panel data in the composite engine (innovlib.composite.panel): COINr's purse, global normalisation and
impute_panel, checked on hand-computed cases, scipy and the per-year build."""

import numpy as np
import pandas as pd
import pytest
from scipy import interpolate, stats

from innovlib.composite import Build, CompositeData, Framework, Step, StepError, run_build
from innovlib.composite.panel import PanelData, build_panel, impute_panel

FRAMEWORK = Framework(pd.DataFrame({"code": ["x", "y", "I"], "level": [1, 1, 2], "parent": ["I", "I", None],
                                    "direction": [1, -1, 1]}))
# two units x two indicators x three years
LONG = pd.DataFrame({"unit": ["A", "B"] * 3, "year": [2020, 2020, 2021, 2021, 2022, 2022],
                     "x": [1.0, 5.0, 2.0, 7.0, 3.0, 9.0], "y": [10.0, 0.0, 20.0, 40.0, 30.0, 50.0],
                     "region": ["n", "s"] * 3})
BUILD = Build([Step("normalise"), Step("aggregate")])


def panel(table=LONG):
    return PanelData.from_table(table, FRAMEWORK, unit="unit", time="year")


def one_indicator_panel(values: dict) -> PanelData:
    """{year: value of x for unit A} -> a one-unit panel."""
    return PanelData({t: CompositeData(pd.DataFrame({"x": [v]}, index=["A"])) for t, v in values.items()})


def test_from_table_splits_by_time_and_keeps_metadata():
    p = panel()
    assert p.times == [2020, 2021, 2022]
    assert p[2021].values.loc["B"].tolist() == [7.0, 40.0]
    assert p[2022].meta["region"].tolist() == ["n", "s"]


def test_global_minmax_uses_min_and_max_over_all_years():
    # x: min 1, max 9 over the years -> (x - 1) / 8 * 100; y (direction -1): (50 - y) / 50 * 100
    result = build_panel(FRAMEWORK, panel(), BUILD, global_normalise=True)
    normalised = pd.concat({t: r.dataset("normalise") for t, r in result.by_time.items()})
    assert normalised["x"].tolist() == [0.0, 50.0, 12.5, 75.0, 25.0, 100.0]
    assert normalised["y"].tolist() == [80.0, 100.0, 60.0, 20.0, 40.0, 0.0]
    scores = result.scores()
    assert scores["I"].tolist() == [40.0, 75.0, 36.25, 47.5, 32.5, 50.0]
    assert scores["Rank"].tolist() == [2, 1, 2, 1, 2, 1]
    assert scores.index.tolist() == [(t, u) for t in (2020, 2021, 2022) for u in "AB"]


def test_global_zscore_matches_scipy_on_the_stacked_years():
    result = build_panel(FRAMEWORK, panel(), BUILD.with_args("normalise", method="zscore"), global_normalise=True)
    x = pd.concat({t: r.dataset("normalise") for t, r in result.by_time.items()})["x"].to_numpy()
    np.testing.assert_allclose(x, stats.zscore([1.0, 5.0, 2.0, 7.0, 3.0, 9.0], ddof=1))


def test_per_time_build_equals_building_each_year_alone():
    build = Build([Step("treat"), Step("normalise", {"method": "rank"}), Step("aggregate", {"method": "geometric"})])
    result = build_panel(FRAMEWORK, panel(), build)
    for year, rows in LONG.groupby("year"):
        alone = run_build(FRAMEWORK, CompositeData.from_table(rows.drop(columns="year"), FRAMEWORK, "unit"), build)
        pd.testing.assert_frame_equal(result.by_time[year].results(), alone.results())
    # two units per year: per-year min-max gives 0 and 100 whatever the year's values
    per_year = build_panel(FRAMEWORK, panel(), BUILD).scores()
    assert per_year["x"].tolist() == [0.0, 100.0] * 3


def test_linear_imputation_of_a_middle_year_weighs_by_time():
    # 2019 -> 1, 2022 -> 7: slope 2 per year, so 2021 -> 5 (not the mid-point 4)
    p = one_indicator_panel({2019: 1.0, 2021: np.nan, 2022: 7.0})
    imputed, report = impute_panel(p, "linear")
    assert imputed.to_table()["x"].tolist() == [1.0, 5.0, 7.0]
    assert report["n_imputed"] == 1
    assert report["imputed"]["x"].tolist() == [False, True, False]


def test_constant_and_latest_differ_at_the_start_of_a_series():
    p = one_indicator_panel({2020: np.nan, 2021: 3.0, 2022: np.nan})
    assert impute_panel(p, "constant")[0].to_table()["x"].tolist() == [3.0, 3.0, 3.0]
    assert impute_panel(p, "latest")[0].to_table()["x"].tolist()[1:] == [3.0, 3.0]
    assert np.isnan(impute_panel(p, "latest")[0][2020].array[0, 0])


def test_max_time_stops_latest_imputation():
    p = one_indicator_panel({2020: 4.0, 2021: np.nan, 2022: np.nan})
    one_back = impute_panel(p, "latest", max_time=1)[0].to_table()["x"].tolist()
    assert one_back[:2] == [4.0, 4.0] and np.isnan(one_back[2])  # 2022 looks back to 2021 only (missing there)
    assert impute_panel(p, "latest", max_time=2)[0].to_table()["x"].tolist() == [4.0, 4.0, 4.0]


def test_latest_imputation_skips_a_year_the_unit_is_absent():
    table = LONG[~((LONG["unit"] == "B") & (LONG["year"] == 2021))].copy()
    table.loc[(table["unit"] == "B") & (table["year"] == 2022), "x"] = np.nan
    imputed = impute_panel(panel(table), "latest")[0]
    assert list(imputed[2021].units) == ["A"]
    assert imputed[2022].values.loc["B", "x"] == 5.0  # from 2020


def test_linear_needs_two_observations_and_linear_constant_falls_back():
    p = one_indicator_panel({2020: np.nan, 2021: 2.0})
    with pytest.raises(StepError, match="unit 'A', indicator 'x'"):
        impute_panel(p, "linear")
    assert impute_panel(p, "linear-constant")[0].to_table()["x"].tolist() == [2.0, 2.0]


@pytest.mark.parametrize("table, message", [
    (LONG.drop(columns="year"), "time column 'year' not found"),
    (LONG.assign(year=LONG["year"].astype(str)), "column 'year': time must be numeric"),
    (pd.concat([LONG, LONG.iloc[[0]]]), r"duplicated \(unit, time\) pairs \[\('A', 2020\)\]"),
    (LONG.drop(columns="y"), r"indicator columns \['y'\] of the framework are missing"),
    (LONG[LONG["year"] == 2020], "needs at least two time points"),
])
def test_bad_tables_give_one_line_errors(table, message):
    with pytest.raises(StepError, match=message) as error:
        panel(table)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("arguments, message", [
    ({"imp_type": "mean"}, "argument 'imp_type': 'mean' unknown"),
    ({"imp_type": "linear", "max_time": 1}, "argument 'max_time': only used by imp_type 'latest'"),
    ({"max_time": 0}, "argument 'max_time': expected an integer >= 1"),
])
def test_bad_imputation_arguments(arguments, message):
    with pytest.raises(StepError, match=message):
        impute_panel(panel(), **arguments)


def test_global_normalisation_refuses_a_reference_unit():
    build = BUILD.with_args("normalise", method="dist_to_ref", reference_unit="A")
    with pytest.raises(StepError, match="argument 'method': 'dist_to_ref' cannot be used with global_normalise"):
        build_panel(FRAMEWORK, panel(), build, global_normalise=True)


def test_global_minmax_with_a_unit_absent_in_a_year():
    # without B in 2022, x ranges over 1, 5, 2, 7, 3: (x - 1) / 6 * 100
    table = LONG[~((LONG["unit"] == "B") & (LONG["year"] == 2022))]
    result = build_panel(FRAMEWORK, panel(table), BUILD, global_normalise=True)
    assert list(result.by_time[2022].final.units) == ["A"]
    x = pd.concat({t: r.dataset("normalise") for t, r in result.by_time.items()})["x"].to_numpy()
    np.testing.assert_allclose(x, [0.0, 400 / 6, 100 / 6, 100.0, 200 / 6])


def test_linear_imputation_matches_scipy_interp1d_with_end_values_held():
    years = [2015, 2016, 2018, 2019, 2020, 2023]
    values = [np.nan, 2.0, np.nan, np.nan, 11.0, np.nan]
    imputed = impute_panel(one_indicator_panel(dict(zip(years, values))), "linear")[0].to_table()["x"].to_numpy()
    seen = ~np.isnan(values)
    oracle = interpolate.interp1d(np.array(years)[seen], np.array(values)[seen], bounds_error=False,
                                  fill_value=(2.0, 11.0))(years)
    np.testing.assert_allclose(imputed, oracle)
    assert imputed[2] == 6.5  # 2018: two of the four years from 2016 (2) to 2020 (11): 2 + 9 * 2 / 4


def test_a_time_point_built_alone_can_be_replayed_but_not_one_normalised_globally():
    """A per-time build's time point carries its input data, so it is analysed as a build of its own; a time point
    normalised with the others has no data of its own to replay (COINr: a purse normalised globally cannot be
    regenerated coin by coin)."""
    from innovlib.composite import remove_elements

    per_time = build_panel(FRAMEWORK, panel(), BUILD).by_time[2021]
    assert per_time.data.values.equals(panel()[2021].values)
    alone = run_build(FRAMEWORK, panel()[2021], BUILD)
    pd.testing.assert_frame_equal(remove_elements(per_time, level=1).scores, remove_elements(alone, level=1).scores)
    globally = build_panel(FRAMEWORK, panel(), BUILD, global_normalise=True).by_time[2021]
    with pytest.raises(StepError, match="^remove_elements: result has no input data to replay"):
        remove_elements(globally, level=1)
