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
