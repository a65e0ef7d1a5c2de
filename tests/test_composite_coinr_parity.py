"""Rebuild COINr's ASEM example with innovlib.composite and compare every step with COINr 1.1.14's output.

COINr's example and outputs are vendored under tests/fixtures/coinr_asem (MIT, see its README), so these tests
run on a clean clone.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from innovlib.composite import Build, CompositeData, Framework, Step, run_build

PEER = Path(__file__).resolve().parent / "fixtures" / "coinr_asem"
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
