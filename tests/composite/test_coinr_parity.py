"""Rebuild COINr's ASEM example with innovlib.composite and compare every step with COINr 1.1.14's output.

COINr's example and outputs are vendored under tests/fixtures/coinr_asem (MIT, see its README), so these tests
run on a clean clone.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innovlib.composite import Build, CompositeData, Framework, Step, run_build

PEER = Path(__file__).resolve().parents[1] / "fixtures" / "coinr_asem"
STEP_FILES = ["Denominated", "Imputed", "Screened", "Treated", "Normalised", "Aggregated"]


def asem_build() -> Build:
    """COINr's build_example_coin() recipe, step for step."""
    return Build([
        Step("denominate"),
        Step("impute", {"method": "group_mean", "group": "EurAsia_group"}),
        Step("screen", {"min_availability": 0.9, "by": "na"}),
        Step("treat", {"winmax": 5, "skew_threshold": 2, "kurtosis_threshold": 3.5, "transform": "log_ct"}),
        Step("normalise", {"method": "minmax", "lower": 0, "upper": 100}),
        Step("aggregate", {"method": "arithmetic"}),
    ])


@pytest.fixture(scope="module")
def asem():
    framework = Framework.from_coinr_meta(pd.read_csv(PEER / "ASEM_iMeta.csv"))
    data = CompositeData.from_table(pd.read_csv(PEER / "ASEM_iData.csv"), framework, "uCode")
    return framework, data, run_build(framework, data, asem_build())


@pytest.mark.parametrize("position,name", list(enumerate(STEP_FILES)))
def test_every_intermediate_dataset_matches_coinr(asem, position, name):
    _, _, result = asem
    mine = result.datasets[position].values
    ref = pd.read_csv(PEER / f"ASEM_dset_{name}.csv").set_index("uCode")
    assert sorted(mine.index) == sorted(ref.index)
    ref = ref.loc[mine.index, mine.columns].astype(float)
    assert np.array_equal(np.isnan(mine.to_numpy()), np.isnan(ref.to_numpy())), f"{name}: missing cells differ"
    np.testing.assert_allclose(mine.to_numpy(), ref.to_numpy(), rtol=1e-9, atol=1e-6, equal_nan=True)


def test_treated_indicators_match_coinr(asem):
    _, _, result = asem
    treated = result.reports[3]["table"]
    # Indicators COINr changed between Screened and Treated.
    before = pd.read_csv(PEER / "ASEM_dset_Screened.csv").set_index("uCode")
    after = pd.read_csv(PEER / "ASEM_dset_Treated.csv").set_index("uCode")
    changed = [c for c in treated.index if not np.allclose(before[c], after[c], equal_nan=True)]
    assert sorted(treated.index[treated["treated"]]) == sorted(changed)
    assert len(changed) == 15


def test_results_scores_and_ranks_match_coinr(asem):
    framework, _, result = asem
    mine = result.results(decimals=2)
    ref = pd.read_csv(PEER / "ASEM_results.csv").set_index("uCode")
    assert mine.index.tolist() == ref.index.tolist()
    assert mine["Rank"].astype(int).tolist() == ref["Rank"].tolist()
    codes = [c for c in ref.columns if c != "Rank"]
    np.testing.assert_allclose(mine[codes].to_numpy(float), ref[codes].to_numpy(float), rtol=0, atol=1e-6)
    assert ref.index[0] == "CHE" and mine.loc["CHE", "Index"] == pytest.approx(68.38, abs=1e-9)


def test_screening_by_zeros_counts_available_values_only_as_coinr():
    """COINr's get_data_avail: Non_Zero = 1 - zeros / (indicators - missing). On ASEM's Denominated data with
    unit_screen = "byzeros" and nonzero_thresh = 0.9 COINr keeps all 51 units (lowest share 44/47 = 0.936);
    counting zeros over all 49 indicators would drop 7."""
    framework = Framework.from_coinr_meta(pd.read_csv(PEER / "ASEM_iMeta.csv"))
    table = pd.read_csv(PEER / "ASEM_dset_Denominated.csv")
    data = CompositeData.from_table(table, framework, "uCode")
    result = run_build(framework, data, Build([Step("screen", {"by": "zeros", "min_nonzero": 0.9})]))
    assert len(result.final.units) == 51 and result.reports[0]["removed"] == []
    assert result.reports[0]["summary"]["nonzero"].min() == pytest.approx(44 / 47)


def test_coinr_meta_without_the_optional_columns_is_accepted():
    """COINr's new_coin() requires Level, iCode, Parent, Direction, Weight and Type; iName, Unit, Target (and the
    Denominator column used by Denominate) are optional."""
    meta = pd.read_csv(PEER / "ASEM_iMeta.csv")
    minimal = meta[["Level", "iCode", "Parent", "Direction", "Weight", "Type"]]
    full = Framework.from_coinr_meta(meta)
    fw = Framework.from_coinr_meta(minimal)
    assert fw.indicators == full.indicators and fw.table["weight"].tolist() == full.table["weight"].tolist()
    assert fw.table["name"].tolist() == fw.table["code"].tolist() and fw.denominators() == {}
    from innovlib.composite import FrameworkError
    with pytest.raises(FrameworkError, match=r"missing required column\(s\) \['Weight'\]"):
        Framework.from_coinr_meta(minimal.drop(columns="Weight"))


@pytest.mark.parametrize("method,expected", [
    ("rank", [26.0, 27.0, 27.0, 42.0, 43.0]),
    ("borda", [25.0, 26.0, 26.0, 41.0, 42.0]),
    ("percentile_rank", [50.0, 52.0, 52.0, 82.0, 84.0]),  # (rank - 1) / (51 - 1) * 100
])
def test_rank_normalisations_keep_coinrs_exact_ties(asem, method, expected):
    """COINr's n_rank / n_borda / n_prank rank with ties "min", so exact ties matter. In COINr's data TolMin (a
    negative indicator: the highest value ranks 1) is 5.1 for BGR and CZE but 5.1000000000000005 for GRC, and
    3.4000000000000004 for JPN against NOR's 3.4: GRC ranks 26th, BGR and CZE share 27th, JPN 42nd, NOR 43rd.
    A copy of the data written with 15 significant digits ties all five (BGR, CZE and NOR one rank off)."""
    framework, data, _ = asem
    result = run_build(framework, data, asem_build().with_args("normalise", method=method))
    raw = pd.read_csv(PEER / "ASEM_iData.csv").set_index("uCode")["TolMin"]
    assert raw["GRC"] > raw["BGR"] == raw["CZE"] and raw["JPN"] > raw["NOR"]
    assert result.dataset("normalise").loc[["GRC", "BGR", "CZE", "JPN", "NOR"], "TolMin"].tolist() == expected


def test_the_2018_time_point_of_coinrs_panel_example_reproduces_coinrs_results(asem):
    """COINr's panel example ASEM_iData_p (five years per unit; its 2018 rows are ASEM_iData) split by year and
    built year by year with the example's recipe: the 2018 time point gives COINr's published results."""
    from innovlib.composite import PanelData, build_panel

    framework, data, _ = asem
    panel = PanelData.from_table(pd.read_csv(PEER / "ASEM_iData_p.csv"), framework, unit="uCode", time="Time")
    assert panel.times == [2018, 2019, 2020, 2021, 2022]
    pd.testing.assert_frame_equal(panel[2018].values.loc[data.units], data.values)
    built = build_panel(framework, panel, asem_build())
    mine = built.by_time[2018].results(decimals=2)
    ref = pd.read_csv(PEER / "ASEM_results.csv").set_index("uCode")
    assert mine.index.tolist() == ref.index.tolist() and mine["Rank"].tolist() == ref["Rank"].tolist()
    codes = [c for c in ref.columns if c != "Rank"]
    np.testing.assert_allclose(mine[codes].to_numpy(float), ref[codes].to_numpy(float), rtol=0, atol=1e-6)
    assert built.by_time[2022].results().loc["CHE", "Index"] != mine.loc["CHE", "Index"]  # other years differ
